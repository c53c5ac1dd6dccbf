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
# Stands in for .venv/bin/python: prints what pip prints while it installs, and notes how it was called.
case "$*" in
  *"--upgrade pip"*) exit 0 ;;
esac
echo "$*" >> "$(dirname "$0")/../calls"
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
    shutil.copy(ROOT / "requirements.lock", tmp_path / "requirements.lock")
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
    # exactly the locked versions, then mentorkit with no dependency of its own choosing
    calls = (tmp_path / ".venv" / "calls").read_text(encoding="utf-8").splitlines()
    assert calls[0].endswith("-r requirements.lock") and "--no-deps" in calls[1].split()
    again = subprocess.run(["./run", "build"], cwd=tmp_path, capture_output=True, text=True, env=env, timeout=60)
    assert again.stderr == "" and again.stdout == "mentorkit build\n"  # nothing to install: nothing said


def test_run_shows_the_end_of_pips_output_when_it_fails(tmp_path):
    shutil.copy(ROOT / "run", tmp_path / "run")
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    shutil.copy(ROOT / "requirements.lock", tmp_path / "requirements.lock")
    failing = FAKE_PIP.replace('echo "Installing collected', 'echo "ERROR: No matching distribution found for weasyprint>=60"; '
                                                           'echo "detail line"; exit 1\necho "Installing collected')
    _executable(tmp_path / ".venv" / "bin" / "python", failing)
    _executable(tmp_path / "fakebin" / "dpkg-query", "#!/bin/sh\nprintf 'install ok installed'\n")
    env = {**os.environ, "PATH": f"{tmp_path / 'fakebin'}:{os.environ['PATH']}"}
    result = subprocess.run(["./run", "build"], cwd=tmp_path, capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 1
    assert "run: pip could not install mentorkit" in result.stderr and "detail line" in result.stderr
    assert not (tmp_path / ".venv" / ".mentorkit-installed").exists()  # the next run tries again


def _declared() -> tuple[list, dict[str, list]]:
    import tomllib
    from packaging.requirements import Requirement

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = {name: [Requirement(r) for r in reqs] for name, reqs in project["optional-dependencies"].items()}
    return [Requirement(r) for r in project["dependencies"]], extras


def _locked() -> dict[str, str]:
    from packaging.utils import canonicalize_name

    pins = {}
    for line in (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith((" ", "#")):
            name, _, version = line.partition("==")
            pins[canonicalize_name(name)] = version.split(";")[0].strip()
    return pins


def test_the_lock_pins_every_requirement_within_its_range():
    """`./run` installs requirements.lock alone: a dependency added to pyproject.toml without
    `./run lock` would be missing on a fresh machine, or locked outside its range."""
    from packaging.utils import canonicalize_name

    pins = _locked()
    required, extras = _declared()
    for requirement in [*required, *extras["test"], *extras["cluster"]]:
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{requirement} is not in requirements.lock: run ./run lock"
        assert requirement.specifier.contains(pins[name], prereleases=True), \
            f"requirements.lock has {name}=={pins[name]}, outside {requirement}: run ./run lock"


def test_every_package_mentorkit_imports_is_declared():
    """A module imported by mentorkit but installed only as another package's dependency goes
    missing (or changes) when that package stops needing it."""
    import ast
    import sys
    from importlib.metadata import packages_distributions

    from packaging.utils import canonicalize_name

    required, extras = _declared()
    declared = {canonicalize_name(r.name) for r in [*required, *extras["cluster"]]}
    providers = packages_distributions()
    undeclared = set()
    for source in (ROOT / "mentorkit").rglob("*.py"):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top in sys.stdlib_module_names or top == "mentorkit":
                    continue
                if not {canonicalize_name(d) for d in providers.get(top, [top])} & declared:
                    undeclared.add(f"{top} ({source.relative_to(ROOT)})")
    assert not undeclared, f"imported but not in pyproject.toml's dependencies: {sorted(undeclared)}"
