"""`./run`, the one entry point on a fresh machine: it must say what it is doing while it installs."""
from __future__ import annotations

import os
import shutil
import stat
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

FAKE_PIP = """\
#!/bin/sh
# Stands in for .venv/bin/python: prints what pip prints while it installs.
case "$*" in
  *"--upgrade pip"*) exit 0 ;;
esac
echo "Obtaining file://$PWD"
echo "Collecting weasyprint>=60 (from mentorkit==0)"
echo "  Downloading weasyprint-70.0-py3-none-any.whl (300 kB)"
echo "Collecting pydantic>=2"
echo "Building wheels for collected packages: mentorkit"
echo "Installing collected packages: pydantic, weasyprint, mentorkit"
echo "Successfully installed mentorkit-0 pydantic-2 weasyprint-70"
"""


def _executable(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)


def test_run_says_what_it_installs_as_it_goes(tmp_path):
    """`./run test` was silent for 80 s while pip installed."""
    shutil.copy(ROOT / "run", tmp_path / "run")
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    _executable(tmp_path / ".venv" / "bin" / "python", FAKE_PIP)
    _executable(tmp_path / ".venv" / "bin" / "mentorkit", "#!/bin/sh\necho \"mentorkit $*\"\n")
    _executable(tmp_path / "fakebin" / "dpkg-query", "#!/bin/sh\nprintf 'install ok installed'\n")
    env = {**os.environ, "PATH": f"{tmp_path / 'fakebin'}:{os.environ['PATH']}"}
    result = subprocess.run(["./run", "build"], cwd=tmp_path, capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    assert lines[0].startswith("run: installing mentorkit and its test tools into .venv")
    assert "run:   getting weasyprint>=60" in lines and "run:   getting pydantic>=2" in lines
    assert lines[-1] == "run:   done"
    assert result.stdout == "mentorkit build\n"
    again = subprocess.run(["./run", "build"], cwd=tmp_path, capture_output=True, text=True, env=env, timeout=60)
    assert again.stderr == "" and again.stdout == "mentorkit build\n"  # nothing to install: nothing said


def test_run_shows_the_end_of_pips_output_when_it_fails(tmp_path):
    shutil.copy(ROOT / "run", tmp_path / "run")
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    failing = FAKE_PIP.replace('echo "Installing collected', 'echo "ERROR: No matching distribution found for weasyprint>=60"; '
                                                           'echo "detail line"; exit 1\necho "Installing collected')
    _executable(tmp_path / ".venv" / "bin" / "python", failing)
    _executable(tmp_path / "fakebin" / "dpkg-query", "#!/bin/sh\nprintf 'install ok installed'\n")
    env = {**os.environ, "PATH": f"{tmp_path / 'fakebin'}:{os.environ['PATH']}"}
    result = subprocess.run(["./run", "build"], cwd=tmp_path, capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 1
    assert "run: pip could not install mentorkit" in result.stderr and "detail line" in result.stderr
    assert not (tmp_path / ".venv" / ".mentorkit-installed").exists()  # the next run tries again
