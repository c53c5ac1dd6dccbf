"""Where the repo's folders are, and how tests run the `mentorkit` command (and MkDocs' own)."""
from __future__ import annotations

import contextlib
import fcntl
import hashlib
import importlib
import json
import logging
import os
import re
import shutil
import subprocess
import sys
import time
import traceback
from pathlib import Path

from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"
PLANS = ROOT / "plans"


def run_mentorkit(*args: str, cwd: Path | None = None, timeout: float = 120, fresh: bool = False,
                  env: dict[str, str | None] | None = None) -> subprocess.CompletedProcess:
    """`mentorkit ARGS` run in the folder `cwd`, its exit status and output as
    `subprocess.run(..., capture_output=True, text=True)` gives them (returncode, stdout, stderr).

    The command runs in this process through click's CliRunner, as MkDocs and RenderCV test theirs:
    the real command line (parsing, usage errors, exit codes, both streams) without a Python start.
    `env` sets (a value) or unsets (None) environment variables for the call. `fresh=True` runs
    `python -m mentorkit ARGS` in a real process instead, for what only a process shows: signals,
    the interpreter's own exit status, start-up and an installation. A command taking longer than
    `timeout` seconds fails with subprocess.TimeoutExpired: a process is stopped then, an
    in-process command once it has ended (pytest-timeout stops one that hangs)."""
    return run_module("mentorkit", *args, cwd=cwd, timeout=timeout, fresh=fresh, env=env)


# The click command behind `python -m MODULE`, for the modules tests run.
COMMANDS = {"mentorkit": ("mentorkit.cli", "main"), "mkdocs": ("mkdocs.__main__", "cli")}


def run_module(module: str, *args: str, cwd: Path | None = None, timeout: float = 120, fresh: bool = False,
               env: dict[str, str | None] | None = None) -> subprocess.CompletedProcess:
    """`python -m MODULE ARGS` (mentorkit or mkdocs), in this process or (`fresh=True`) a real one;
    see run_mentorkit."""
    command = [sys.executable, "-m", module, *args]
    if fresh:
        return run_process(command, cwd=cwd, timeout=timeout, env=env)
    cwd = Path(cwd or os.getcwd())
    if not cwd.is_dir():  # as subprocess.run says it
        raise FileNotFoundError(2, "No such file or directory", str(cwd))
    name, attribute = COMMANDS[module]
    cli = getattr(importlib.import_module(name), attribute)
    before, mkdocs_log = os.getcwd(), logging.getLogger("mkdocs")
    mkdocs_log_settings = mkdocs_log.level, mkdocs_log.propagate
    os.chdir(cwd)
    started = time.monotonic()
    try:
        result = CliRunner().invoke(cli, list(args), prog_name=f"python -m {module}", env=env)
    finally:
        os.chdir(before)
        if module == "mkdocs":
            _forget_mkdocs_cli_state()
            mkdocs_log.setLevel(mkdocs_log_settings[0])
            mkdocs_log.propagate = mkdocs_log_settings[1]
    stderr, returncode = result.stderr, result.exit_code
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        # what Python prints, and exits with, for an exception nobody caught
        stderr += "".join(traceback.format_exception(*result.exc_info))
        returncode = 1
    if time.monotonic() - started > timeout:  # too slow fails as in a process, if only once it has ended
        raise subprocess.TimeoutExpired(command, timeout, result.stdout, stderr)
    return subprocess.CompletedProcess(command, returncode, _newlines(result.stdout), _newlines(stderr))


def run_process(command: list[str], *, cwd: Path | None = None, timeout: float = 120,
                env: dict[str, str | None] | None = None) -> subprocess.CompletedProcess:
    """`command` in a process of its own, its output captured as text."""
    if env is not None:
        env = {k: v for k, v in {**os.environ, **env}.items() if v is not None}
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=timeout, env=env)


def interruptible() -> None:
    """`preexec_fn` for a child a test stops with Ctrl-C (SIGINT): a shell starts a background job
    with SIGINT ignored, and Python keeps an ignored SIGINT, so a suite run in the background (`&`,
    nohup, some CI runners) would see the child shrug off Ctrl-C. The child gets the default back."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _forget_mkdocs_cli_state() -> None:
    """What MkDocs' command line leaves behind in a process (it expects to be the only command the
    process runs): a filter on its build logger that drops every message it has already printed, so
    a second `mkdocs build` in this process would not repeat a warning, and the terminal handler of
    its `State`, which it removes only when that object is garbage collected."""
    from mkdocs import utils

    build_log = logging.getLogger("mkdocs.commands.build")
    for duplicates in [f for f in build_log.filters if isinstance(f, utils.DuplicateFilter)]:
        build_log.removeFilter(duplicates)
    logger = logging.getLogger("mkdocs")
    for handler in [h for h in logger.handlers if h.name == "MkDocsStreamHandler"]:
        logger.removeHandler(handler)


def _newlines(text: str) -> str:
    """Universal newlines, as subprocess.run(text=True) reads a process's output."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


# The garbage collector's youngest generation is collected every 700 new objects by default. A workbook
# render or an MkDocs build makes millions of short-lived objects and few cycles, so a test process spent
# about a sixth of its CPU scanning them (workbook renders are a third of the suite's CPU). The test
# processes (conftest.py) and the background build of the example site collect every 20,000 instead:
# what a test checks does not change, only how often garbage is looked for. (Below the 50,000 that
# plan/loading.fewer_collections sets, so test_programs still sees that it sets it.) The commands tests
# start as processes of their own keep Python's defaults, as a user's do.
SUITE_GC_THRESHOLDS = (20_000, 20, 50)


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
                      renderer=None, member: str | None = None) -> tuple[bytes, list[str]]:
    """The PDF WeasyPrint makes of one plan file and the URLs it refused, rendered once per run.
    Keyed by the plan's path and content, paper, fillable and the circle member whose copy it is
    (within a run nothing else changes)."""
    done = _rendered_workbook_folder(folder, plan_path, paper=paper, fillable=fillable, renderer=renderer,
                                     member=member)
    return (done / "workbook.pdf").read_bytes(), json.loads((done / "refused.json").read_text(encoding="utf-8"))


def workbook_page_use(folder: Path, plan_path: Path, *, paper: str = "a4", fillable: bool = False,
                      renderer=None, member: str | None = None) -> list:
    """`laid_out.page_use` of the workbook `rendered_workbook` renders (the same arguments), read off
    the very layout its PDF was drawn from: a test of how the pages are used and the tests of the
    PDF share one render a run (laying out a full workbook takes 2-3 CPU seconds)."""
    from mentorkit.workbook.laid_out import PageUse

    done = _rendered_workbook_folder(folder, plan_path, paper=paper, fillable=fillable, renderer=renderer,
                                     member=member)
    return [PageUse(**page) for page in json.loads((done / "page-use.json").read_text(encoding="utf-8"))]


def _rendered_workbook_folder(folder: Path, plan_path: Path, *, paper: str, fillable: bool, renderer,
                              member: str | None) -> Path:
    """The run's folder of one rendered workbook (rendered_workbook): its PDF, the URLs it refused
    and the page use of its layout."""
    plan_path = Path(plan_path).resolve()
    digest = hashlib.sha256(f"{plan_path}\0{paper}\0{fillable}\0{member or ''}\0".encode()
                            + plan_path.read_bytes()).hexdigest()

    def make(into: Path) -> None:
        from mentorkit.plan.loading import load_plan
        from mentorkit.workbook.render import WorkbookRenderer

        use = renderer or WorkbookRenderer(paper=paper)
        with _page_use_measured(use) as pages:
            (into / "workbook.pdf").write_bytes(use.render(load_plan(plan_path), fillable=fillable, member=member))
        (into / "refused.json").write_text(json.dumps(list(use.last_refused)), encoding="utf-8")
        (into / "page-use.json").write_text(json.dumps(pages), encoding="utf-8")

    workbooks = folder / "workbooks"
    workbooks.mkdir(exist_ok=True)
    return made_once(workbooks, digest[:32], make)


@contextlib.contextmanager
def _page_use_measured(renderer):
    """While `renderer` renders one workbook: `laid_out.page_use` of the document it lays out (what
    `lay_out_plan` returns), measured once laid out, before it is drawn, into the list given (as dicts)."""
    import dataclasses

    from mentorkit.workbook import laid_out

    measured: list = []
    lay_out = renderer.lay_out

    def measuring(*args, **kwargs):
        document = lay_out(*args, **kwargs)
        measured.append([dataclasses.asdict(page) for page in laid_out.page_use(document)])
        return document

    renderer.lay_out = measuring
    pages: list = []
    try:
        yield pages
    finally:
        del renderer.lay_out
    assert len(measured) == 1, f"the render laid out {len(measured)} documents through WorkbookRenderer.lay_out, not one"
    pages.extend(measured[0])


@contextlib.contextmanager
def workbooks_in_this_process():
    """Builds in this block render their workbooks in this process. A build with 4 or more to make
    starts worker processes (batch.PARALLEL_FROM), each of which first loads WeasyPrint: a second and
    a half of CPU each, for one-page workbooks (quick_theme) that take 30 ms. For builds whose point
    is what the workbooks show; the worker processes themselves are tested in test_site_build,
    test_batch and tests/roster."""
    from mentorkit.workbook import batch

    before = batch.PARALLEL_FROM
    batch.PARALLEL_FROM = sys.maxsize
    try:
        yield
    finally:
        batch.PARALLEL_FROM = before


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


def sections_theme(folder: Path, *sections: str) -> Path:
    """A user theme (in `folder`, returned) whose workbook is the built-in workbook.html with only the
    `sections` named kept (`sections_theme(folder, "cover", "before-we-start")`; "meeting" is every
    meeting's pages): the real templates, fields, CSS, fonts and head (the plan id and digest
    `mentorkit import` reads), without laying out the other pages. For tests of what a few sections
    show, fill or how they are laid out, or of a command, where the rest of the workbook is not the
    point: a few pages instead of 20-40."""
    from mentorkit.workbook.render import builtin_theme_dir

    include = r'\{% include "sections/([a-z-]+)\.html" %\}'
    template = (builtin_theme_dir() / "workbook.html").read_text(encoding="utf-8")
    unknown = set(sections) - set(re.findall(include, template))
    assert not unknown, f"no such section in workbook.html: {sorted(unknown)}"
    kept = re.sub(include, lambda m: m.group(0) if m.group(1) in sections else "", template)
    (folder / "print").mkdir(parents=True, exist_ok=True)
    (folder / "print" / "workbook.html").write_text(kept, encoding="utf-8")
    return folder


# --- program folders -----------------------------------------------------------------------------------

STARTERS_CONFIG = """\
site_name: Starters
docs_dir: docs
theme: {name: mkdocs, highlightjs: false}
plugins:
  - search
  - mentorkit:
      plans: plans
      workbooks: false
"""


def copy_program(folder: Path, program: str = "example", **settings: str) -> Path:
    """A program folder ready to build, in `folder` (made if need be), and `folder` returned:
    - "example": the repo's example program, its mkdocs.yml and plans/ (guide pages and plans);
    - "starters": the six starters of templates/ as the plans of a plain program (docs/index.md).
    `settings` are the mentorkit plugin's settings in mkdocs.yml to change or add, as YAML text:
    `copy_program(folder, pairs="full", theme="quick")`. The `program_folder` fixture
    (conftest.py) gives one in the test's temporary folder."""
    folder.mkdir(parents=True, exist_ok=True)
    if program == "example":
        config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
        shutil.copytree(PLANS, folder / "plans")
    elif program == "starters":
        config = STARTERS_CONFIG
        (folder / "docs").mkdir()
        (folder / "docs" / "index.md").write_text("# Starters\n", encoding="utf-8")
        # the English starters: templates/de/, fr/, es/ hold the same starters in other languages
        shutil.copytree(TEMPLATES, folder / "plans", ignore=shutil.ignore_patterns("de", "fr", "es"))
    else:
        raise ValueError(f"no program {program!r}: 'example' or 'starters'")
    for key, value in settings.items():
        line = re.compile(rf"^      {re.escape(key)}: .*$", re.MULTILINE)
        setting = f"      {key}: {value}"
        config = line.sub(setting, config) if line.search(config) else \
            config.replace("  - mentorkit:\n", f"  - mentorkit:\n{setting}\n", 1)
        assert f"\n{setting}\n" in config, (key, value)
    (folder / "mkdocs.yml").write_text(config, encoding="utf-8")
    return folder


EXAMPLE_SITE = "example-site"  # its name in the run's shared folder
# The day the golden sites' report counts to (`report_as_of`): their pages do not change with the day
# the suite runs (the example pair starts on 11 Jan 2027; counted to today, the report would change then).
REPORT_DAY = "2026-11-30"


EXAMPLE_PUBLISHED = "example-published"  # its name in the run's shared folder


def build_example_as_published(project: Path) -> None:
    """The repo's example program as it ships (pair plans not published: `pairs: hidden`), built
    by `mentorkit build --no-workbooks` with its report counted to `REPORT_DAY`: the site the
    intranet gets, without PDFs. Made once per run: the golden site files and the browser's search
    read it (test_site_privacy.py reads the PDFs of such a site)."""
    copy_program(project, "example", report_as_of=REPORT_DAY)
    assert "\n      pairs: hidden\n" in (project / "mkdocs.yml").read_text(encoding="utf-8")
    result = run_mentorkit("build", "--no-workbooks", cwd=project, timeout=300)
    assert result.returncode == 0, result.stderr


def build_example_for_the_pairs(project: Path) -> None:
    """The repo's example program, built with workbooks by `mentorkit build`, as the pairs
    themselves would preview it (`pairs: full`): every plan has its pages. The default (pair
    plans not published) is proven in test_site_privacy.py and the golden files.
    Its workbooks are one page each (running.quick_theme, a print override), made in this process
    (workbooks_in_this_process): these tests read the site; the example's real workbooks are
    rendered and read by test_golden and tests/workbook."""
    copy_program(project, "example", pairs="full", theme="quick", report_as_of=REPORT_DAY)
    quick_theme(project / "quick")
    with workbooks_in_this_process():
        result = run_mentorkit("build", cwd=project)
    assert result.returncode == 0, result.stderr
