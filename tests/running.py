"""Where the repo's folders are, and how tests run the real `mentorkit` command."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"
PLANS = ROOT / "plans"


def run_mentorkit(*args: str, cwd: Path | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    """Run mentorkit as a user would, in a real process."""
    return subprocess.run([sys.executable, "-m", "mentorkit", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=timeout)
