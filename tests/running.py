"""Where the repo's folders are, and how tests run the real `mentorkit` command."""
from __future__ import annotations

import atexit
import contextlib
import fcntl
import hashlib
import json
import locale
import os
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"
PLANS = ROOT / "plans"


def run_mentorkit(*args: str, cwd: Path | None = None, timeout: float = 120,
                  fresh: bool = False) -> subprocess.CompletedProcess:
    """Run mentorkit as a user would, in a real process (`python -m mentorkit ARGS`)."""
    return run_module("mentorkit", *args, cwd=cwd, timeout=timeout, fresh=fresh)


def run_module(module: str, *args: str, cwd: Path | None = None, timeout: float = 120,
               fresh: bool = False) -> subprocess.CompletedProcess:
    """`python -m MODULE ARGS` in a process of its own, its output captured as text, as
    `subprocess.run(..., capture_output=True, text=True)` gives it.

    The process is forked from a Python that has already imported mentorkit and MkDocs
    (prestarted.py): a real process with its own folder, environment, streams and exit status, less
    the ~0.4 s every fresh Python spends starting and importing. `fresh=True` (or
    MENTORKIT_TESTS_FRESH_PROCESSES=1 for the whole run) starts a new interpreter instead, for what
    only a new interpreter shows (start-up, imports, a broken installation)."""
    command = [sys.executable, "-m", module, *args]
    if fresh or os.environ.get("MENTORKIT_TESTS_FRESH_PROCESSES") or not _PRESTARTED.usable():
        return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=timeout)
    return _PRESTARTED.run(command, module, list(args), Path(cwd or os.getcwd()), timeout)


class _Prestarted:
    """The prestarted.py process of this test process, started on first use."""

    # Read once, when Python starts: a command run with other values needs a fresh interpreter.
    STARTUP_ENV = ("PYTHON", "LC_", "LANG", "LANGUAGE")

    def __init__(self):
        self.process: subprocess.Popen | None = None
        self.socket_path: Path | None = None
        self.env: dict[str, str] = {}

    def _startup_env(self) -> dict[str, str]:
        return {k: v for k, v in os.environ.items() if k.startswith(self.STARTUP_ENV)}

    def usable(self) -> bool:
        if self.process is not None and self.process.poll() is None:
            return self._startup_env() == self.env
        if not hasattr(socket, "send_fds") or not hasattr(os, "fork"):
            return False
        self.env = self._startup_env()
        folder = Path(tempfile.mkdtemp(prefix="mentorkit-prestarted-"))
        self.socket_path = folder / "socket"
        self.process = subprocess.Popen([sys.executable, str(Path(__file__).with_name("prestarted.py")),
                                         str(self.socket_path)], cwd=ROOT, stdin=subprocess.DEVNULL,
                                        stdout=subprocess.PIPE, text=True)
        if self.process.stdout.readline().strip() != "ready":
            raise RuntimeError("tests/prestarted.py did not start; run it by hand to see why")
        atexit.register(self.close)
        return True

    def close(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        if self.socket_path is not None:
            shutil.rmtree(self.socket_path.parent, ignore_errors=True)

    def run(self, command: list[str], module: str, args: list[str], cwd: Path,
            timeout: float) -> subprocess.CompletedProcess:
        if not cwd.is_dir():  # as subprocess.run says it
            raise FileNotFoundError(2, "No such file or directory", str(cwd))
        request = json.dumps({"module": module, "args": args, "cwd": str(cwd.resolve()),
                              "env": dict(os.environ)}).encode()
        with open(os.devnull, "rb") as stdin, tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, \
                socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
            conn.connect(str(self.socket_path))
            socket.send_fds(conn, [struct.pack("!Q", len(request))], [stdin.fileno(), out.fileno(), err.fileno()])
            conn.sendall(request)
            pid, = struct.unpack("!i", _receive(conn, 4))
            conn.settimeout(timeout)
            try:
                returncode, = struct.unpack("!i", _receive(conn, 4))
            except TimeoutError:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
                conn.settimeout(None)
                _receive(conn, 4)
                raise subprocess.TimeoutExpired(command, timeout, _text(out), _text(err)) from None
            return subprocess.CompletedProcess(command, returncode, _text(out), _text(err))


def _receive(conn: socket.socket, size: int) -> bytes:
    data = b""
    while len(data) < size:
        chunk = conn.recv(size - len(data))
        if not chunk:
            raise RuntimeError("tests/prestarted.py stopped answering")
        data += chunk
    return data


def _text(file) -> str:
    """What subprocess.run(text=True) makes of the bytes: the locale's encoding, universal newlines."""
    file.seek(0)
    data = file.read().decode(locale.getpreferredencoding(False))
    return data.replace("\r\n", "\n").replace("\r", "\n")


_PRESTARTED = _Prestarted()


# --- work shared by every test process of one run ----------------------------------------------------
# pytest-xdist starts one process per core, each with its own session fixtures. Slow results that do
# not depend on the test (a rendered workbook, a built example site) are made once per run instead:
# in a folder all workers of the run share, under a lock, written whole before anyone reads them.

def shared_folder(tmp_path_factory) -> Path:
    """A folder the test processes of this run share (xdist workers' temporary folders are siblings
    under the run's folder, which pytest removes with old runs)."""
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent
    folder = base / "shared"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@contextlib.contextmanager
def locked(path: Path):
    """Hold an exclusive lock on `path` (a lock file): the other workers wait, then find the result."""
    with open(path, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def made_once(folder: Path, name: str, make) -> Path:
    """`folder/name`, made by `make(path)` in the first process that asks; the others wait for it.
    `make` writes into a fresh folder that is renamed into place only when it returned."""
    done = folder / name
    with locked(folder / f"{name}.lock"):
        if not done.exists():
            partial = folder / f"{name}.partial"
            shutil.rmtree(partial, ignore_errors=True)
            partial.mkdir()
            make(partial)
            partial.rename(done)
    return done


def rendered_workbook(folder: Path, plan_path: Path, *, paper: str = "a4", fillable: bool = False,
                      renderer=None) -> tuple[bytes, list[str]]:
    """The PDF WeasyPrint makes of one plan file and the URLs it refused, rendered once per run.
    Keyed by the plan's path and content, paper and fillable (within a run nothing else changes)."""
    plan_path = Path(plan_path).resolve()
    digest = hashlib.sha256(f"{plan_path}\0{paper}\0{fillable}\0".encode() + plan_path.read_bytes()).hexdigest()

    def make(into: Path) -> None:
        from mentorkit.plan.loading import load_plan
        from mentorkit.workbook.render import WorkbookRenderer

        use = renderer or WorkbookRenderer(paper=paper)
        (into / "workbook.pdf").write_bytes(use.render(load_plan(plan_path), fillable=fillable))
        (into / "refused.json").write_text(json.dumps(list(use.last_refused)), encoding="utf-8")

    workbooks = folder / "workbooks"
    workbooks.mkdir(exist_ok=True)
    done = made_once(workbooks, digest[:32], make)
    return (done / "workbook.pdf").read_bytes(), json.loads((done / "refused.json").read_text(encoding="utf-8"))



def tiny_plan(plan_id: str, title: str = "A short plan", *, meetings: int = 2) -> str:
    """A valid plan with a few meetings and nothing else: a real workbook (about 20 pages) in a second,
    for tests whose point is not what a shipped plan holds (caches, worker processes, privacy)."""
    return (f"mentorkit: 1\nid: {plan_id}\ntitle: {title}\n"
            f"schedule: {{start: 2027-05-03, cadence: weekly, meetings: {meetings}}}\n")


def pdf_pages_text(pdf: bytes) -> list[str]:
    """The text of each page of a PDF, read by poppler's pdftotext (in reading order)."""
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True).stdout
    return text.decode("utf-8").split("\f")[:-1]


def page_colours(pdf: Path, page: int, gray: bool = False) -> set[tuple[int, ...]]:
    """The colours of one page of a PDF as poppler (a second reader) draws it, at a low resolution."""
    data = subprocess.run(["pdftoppm", "-r", "30", "-f", str(page), "-l", str(page), *(["-gray"] if gray else []),
                           str(pdf)], capture_output=True, check=True).stdout
    kind, _size, _depth, pixels = data.split(b"\n", 3)
    step = 1 if kind == b"P5" else 3
    return {tuple(pixels[i:i + step]) for i in range(0, len(pixels) - step + 1, step)}


QUICK_WORKBOOK = ("<!doctype html><html><head><meta charset=\"utf-8\"><title>{{ view.title }}</title></head>"
                  "<body><h1>{{ view.title }}</h1>{% for p in view.people %}<p>{{ p.label }}: {{ p.name }}</p>"
                  "{% endfor %}<p>First meeting: {{ view.start }}</p>{{ view.summary|md if view.summary }}"
                  "{% for m in view.meetings %}<h2>{{ m.heading }}</h2>{% for a in m.agenda %}<p>{{ a.title }}</p>"
                  "{% endfor %}{% endfor %}</body></html>\n")


def quick_theme(folder: Path) -> Path:
    """A user theme (a real override, as a program may have one) whose workbook is one page of the
    plan's title, people, first meeting, summary and meetings' agendas: for tests of caches, worker processes and batches, where what the
    workbook looks like is not the point. It renders in ~30 ms instead of ~1 s."""
    (folder / "print").mkdir(parents=True, exist_ok=True)
    (folder / "print" / "workbook.html").write_text(QUICK_WORKBOOK, encoding="utf-8")
    return folder


def cover_theme(folder: Path) -> Path:
    """A user theme whose workbook is the built-in theme's real cover alone (one page, its CSS and
    fonts): for tests of what the cover shows (names, dates, a roster's extra columns) that need no
    other page. It renders in ~0.1 s instead of ~1 s."""
    (folder / "print").mkdir(parents=True, exist_ok=True)
    (folder / "print" / "workbook.html").write_text('{% include "cover-alone.html" %}\n', encoding="utf-8")
    return folder


EXAMPLE_SITE = "example-site"  # its name in the run's shared folder


def build_example_for_the_pairs(project: Path) -> None:
    """The repo's example program (mkdocs.yml + plans/), built with workbooks by `mentorkit build`,
    as the pairs themselves would preview it (`pairs: full`): every plan has its pages. The
    default (pair plans not published) is proven in test_site_privacy.py and the golden files.
    Its workbooks are one page each (running.quick_theme, a print override): these tests read the
    site; the example's real workbooks are rendered and read by test_golden and tests/workbook."""
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "      pairs: hidden\n" in config
    config = config.replace("      pairs: hidden\n", "      pairs: full\n      theme: quick\n")
    quick_theme(project / "quick")
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    shutil.copytree(PLANS, project / "plans")
    result = run_mentorkit("build", cwd=project)
    assert result.returncode == 0, result.stderr
