"""Many workbooks at once: from a content-hash cache when nothing they show has changed, else
rendered, in worker processes when there are enough to be worth it.

`WorkbookBatch` is what a site build uses: give it the plans and a folder, it writes
`<plan-id>.pdf` for each and says what it did (`BatchReport`). A roster takes the workbooks from
`workbooks()` and names and writes the files itself.

The cache key of a workbook is a hash of everything it shows: the plan's data and file, the
print theme's files (contents, not times), the branding (the logo's contents and the colour),
the paper, form fields or not, mentorkit's code (`code_stamp`: its version and the contents of
its source files, since a fix does not always move the version) and the version of the
`holidays` library (whose data moves meetings).
Not the day: the cover's "made on" date is the day the PDF was made, which a cached PDF still
tells truly (with the day in the key, the first build of every day rendered every workbook
again). Files a render reads besides the theme (images in the plan) are recorded with the hash
of their contents; a changed image is a miss too.
"""
from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import json
import os
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator, Optional

from .. import __version__
from ..locale import DEFAULT as DEFAULT_LANGUAGE
from ..diagnostics import Diagnostic, MentorkitError
from ..output import write_bytes_atomic, write_text_atomic
from ..plan.model import Plan
from ..themes import Branding, Theme
from .render import WorkbookRenderer

_HOLIDAYS_VERSION = importlib.metadata.version("holidays")  # new holiday data can move a meeting


def source_stamp(package: Path, version: str) -> str:
    """A hash of `version` and of every Python source file and compiled catalog (`.mo`: a corrected
    translation prints again) under `package` (names and contents): regular files only, none whose
    name starts with a dot (an editor's lock file `.#render.py`, a link to nowhere)."""
    digest = hashlib.sha256(version.encode() + b"\0")
    for path in sorted([*package.rglob("*.py"), *package.rglob("*.mo")]):
        relative = path.relative_to(package)
        if any(part.startswith(".") for part in relative.parts) or not path.is_file():
            continue
        try:
            data = path.read_bytes()
        except OSError:
            continue  # gone or unreadable since it was listed: not code that runs
        digest.update(relative.as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(data).digest())
    return digest.hexdigest()


@functools.lru_cache(maxsize=None)
def code_stamp() -> str:
    """mentorkit's version and code as one hash, read once per process (~60 files, a few ms): a
    workbook cached by other code is made again, whether or not the version moved with it."""
    return source_stamp(Path(__file__).resolve().parent.parent, __version__)

PARALLEL_FROM = 4  # below this, starting worker processes costs more than it saves
CACHE_KEEP_SECONDS = 30 * 24 * 3600  # an entry no build has used for a month is dropped


class WorkbookBatchError(MentorkitError):
    """A workbook of the batch could not be made; located at the plan (or theme file) at fault."""


def _cannot_render(source: Path, exc: Exception) -> WorkbookBatchError:
    return WorkbookBatchError.at(source, f"could not make the workbook: {exc}")


@dataclass
class Rendered:
    """One workbook made now: its PDF, the files it read and the process that rendered it."""
    plan: Plan
    pdf: bytes
    served: list[str] = field(default_factory=list)
    pid: int = 0


@dataclass
class Made:
    """One workbook of a batch: from the cache, or rendered now (by process `pid`)."""
    plan: Plan
    key: str
    pdf: bytes
    cached: bool
    pid: int


@dataclass
class BatchReport:
    """What a batch did: plan ids rendered now and taken from the cache, and by which processes."""
    rendered: list[str] = field(default_factory=list)
    cached: list[str] = field(default_factory=list)
    pids: set[int] = field(default_factory=set)
    seconds: float = 0.0

    @property
    def in_workers(self) -> bool:
        return bool(self.pids) and os.getpid() not in self.pids


class WorkbookBatch:
    """Writes the workbooks of many plans with one theme and paper; keep one per build.

    `cache_dir`: a folder for the content-hash cache (None: no cache). `processes`: how many
    worker processes may render at once (default: one per CPU); they start with "spawn" (safe
    beside the threads of `mkdocs serve`), which re-imports the calling script: a script that
    asks for processes > 1 needs the usual `if __name__ == "__main__":` guard. If the workers
    cannot run at all, the workbooks are rendered in this process instead.
    """

    def __init__(self, theme: Theme, paper: str, project_root: Optional[Path] = None, *,
                 cache_dir: Optional[Path] = None, processes: Optional[int] = None,
                 branding: Optional[Branding] = None, fillable: bool = False, language: str = DEFAULT_LANGUAGE):
        self.theme, self.paper, self.branding, self.fillable = theme, paper, branding or Branding(), fillable
        self.language = language  # the program's: a plan without its own `language` speaks it
        self.project_root = Path(project_root).resolve() if project_root is not None else None
        self.cache_dir = Path(cache_dir) if cache_dir is not None else None
        self.processes = processes if processes is not None else (os.cpu_count() or 1)
        self._renderer: Optional[WorkbookRenderer] = None
        self._theme_stamp: Optional[str] = None

    @property
    def renderer(self) -> WorkbookRenderer:
        """The renderer of this process, made when a workbook first needs rendering (it loads
        WeasyPrint, the theme's CSS and fonts; a broken theme raises WorkbookError here)."""
        if self._renderer is None:
            self._renderer = WorkbookRenderer(theme_dir=self.theme.print_override, paper=self.paper,
                                              project_root=self.project_root, branding=self.branding,
                                              language=self.language)
        return self._renderer

    def worker_arguments(self) -> tuple:
        """What `render_in_worker` needs besides the plan (plain values: they travel to other processes)."""
        theme_dir = str(self.theme.print_override) if self.theme.print_override else None
        logo = str(self.branding.logo) if self.branding.logo else None
        return (theme_dir, self.paper, str(self.project_root) if self.project_root else None, self.fillable, logo,
                self.branding.colour, self.language)

    def key(self, plan: Plan) -> str:
        """The content hash of the workbook of `plan` (see the module's docstring)."""
        if self._theme_stamp is None:  # once per batch: the theme's files and the logo are read once
            self._theme_stamp = self.theme.print_stamp() + "\0" + self.branding.stamp()
        parts = [code_stamp(), _HOLIDAYS_VERSION, self.paper, self._theme_stamp, str(self.project_root or ""),
                 self.source_key(plan),
                 plan.model_dump_json()]
        if self.fillable:
            parts.append("fillable")  # form fields: other bytes (without it, keys are as before)
        if self.language != DEFAULT_LANGUAGE:  # a plan's own language is in its JSON above
            parts.append(f"language={self.language}")
        if plan.extra:  # a roster row's other columns, on the cover
            parts.append(json.dumps(list(plan.extra), ensure_ascii=False))
        return hashlib.sha256("\0".join(parts).encode()).hexdigest()

    @staticmethod
    def source_key(plan: Plan) -> str:
        """What the cache key holds of where the plan is: its folder, where its relative links
        resolve (not its file: renaming a roster, or a plan with an id, renders nothing again)."""
        return str(Path(plan.source).resolve().parent) if plan.source else ""

    def in_cache(self, plan: Plan) -> bool:
        """Whether the workbook of `plan` would come from the cache now."""
        return self._cached(self.key(plan)) is not None

    def write(self, plans: list[Plan], folder: Path,
              progress: Optional[Callable[[int, int], None]] = None) -> BatchReport:
        """Write `<plan-id>.pdf` of every plan into `folder`. A failure raises a MentorkitError
        (WorkbookError, WorkbookBatchError) naming the file at fault."""
        started = time.monotonic()
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        report = BatchReport()
        for made in self.workbooks(plans):
            write_bytes_atomic(folder / f"{made.plan.id}.pdf", made.pdf)
            if made.cached:
                report.cached.append(made.plan.id)
            else:
                report.rendered.append(made.plan.id)
                report.pids.add(made.pid)
            if progress:
                progress(len(report.cached) + len(report.rendered), len(plans))
        report.seconds = time.monotonic() - started
        return report

    def workbooks(self, plans: list[Plan], render: Optional[Callable[[list[Plan]], Iterator[Rendered]]] = None
                  ) -> Iterator["Made"]:
        """The workbook of every plan, without writing it anywhere (a roster names its files itself):
        those in the cache first, then the others as they are rendered, by `render` (default: worker
        processes, else this one; a roster passes a cluster's)."""
        todo, keys = [], {}
        for plan in plans:
            keys[plan.id] = key = self.key(plan)
            cached = self._cached(key)
            if cached is None:
                todo.append(plan)
            else:
                yield Made(plan, key, cached, True, os.getpid())
        for done in (render or self._render)(todo):
            self._store(keys[done.plan.id], done)
            yield Made(done.plan, keys[done.plan.id], done.pdf, False, done.pid)
        self._prune()

    # ------------------------------------------------------------------ the cache

    def _cached(self, key: str) -> Optional[bytes]:
        if self.cache_dir is None:
            return None
        pdf, record = self.cache_dir / f"{key}.pdf", self.cache_dir / f"{key}.json"
        try:
            depends = json.loads(record.read_text(encoding="utf-8"))["depends"]
            if any(_file_hash(Path(path)) != digest for path, digest in depends.items()):
                return None
            data = pdf.read_bytes()
            os.utime(record)  # used: keep it
            return data
        except (OSError, ValueError, KeyError, TypeError):
            return None  # no entry, or a damaged one: render again

    def _prune(self) -> None:
        """Drop the entries no build has used for a while (their pdf and record)."""
        if self.cache_dir is None or not self.cache_dir.is_dir():
            return
        oldest = time.time() - CACHE_KEEP_SECONDS
        for record in self.cache_dir.glob("*.json"):
            try:
                if record.stat().st_mtime < oldest:
                    record.with_suffix(".pdf").unlink(missing_ok=True)
                    record.unlink(missing_ok=True)
            except OSError:
                pass

    def _store(self, key: str, done: Rendered) -> None:
        if self.cache_dir is None:
            return
        theme_roots = [d.resolve() for d in self.theme.print_dirs]
        depends = {path: _file_hash(Path(path)) for path in sorted(set(done.served))
                   if not any(root in Path(path).parents for root in theme_roots)}  # the stamp has those
        try:
            write_bytes_atomic(self.cache_dir / f"{key}.pdf", done.pdf)
            write_text_atomic(self.cache_dir / f"{key}.json", json.dumps({"plan": done.plan.id, "depends": depends}))
        except MentorkitError:
            pass  # a cache that cannot be written only costs time

    # ------------------------------------------------------------------ rendering

    def _render(self, plans: list[Plan]) -> Iterator[Rendered]:
        parallel = plans if self.processes > 1 and len(plans) >= PARALLEL_FROM else []
        done: set[str] = set()
        if parallel:
            try:
                for rendered in self._render_in_workers(parallel):
                    done.add(rendered.plan.id)
                    yield rendered
            except BrokenProcessPool:
                pass  # no usable workers (a script without a main guard...): carry on in this process
        for plan in (p for p in plans if p.id not in done):
            try:
                pdf = self.renderer.render(plan, fillable=self.fillable)
            except MentorkitError:
                raise
            except Exception as exc:  # reported against the plan, never as a traceback
                raise _cannot_render(plan.source or Path(str(plan.id)), exc) from None
            yield Rendered(plan, pdf, [str(p) for p in getattr(self.renderer, "last_served", [])], os.getpid())

    def _render_in_workers(self, plans: list[Plan]) -> Iterator[Rendered]:
        import multiprocessing

        arguments = self.worker_arguments()
        with ProcessPoolExecutor(max_workers=min(self.processes, len(plans)),
                                 mp_context=multiprocessing.get_context("spawn")) as pool:
            try:
                futures = {pool.submit(render_in_worker, plan, *arguments): plan for plan in plans}
                for future in as_completed(futures):
                    yield rendered_from(futures[future], future.result())
            except BaseException:  # an error, an interrupt, a consumer that stopped: drop the queued work
                pool.shutdown(wait=False, cancel_futures=True)
                raise


def rendered_from(plan: Plan, outcome: tuple) -> Rendered:
    """What `render_in_worker` sent back, as a Rendered; its error raised as WorkbookBatchError."""
    status, result, served, pid = outcome
    if status == "error":
        raise WorkbookBatchError([_diagnostic_from_dict(result)])
    return Rendered(plan, result, served, pid)


def _file_hash(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""


# ---------------------------------------------------------------------- in a worker process

_worker_renderers: dict[tuple, WorkbookRenderer] = {}


def render_in_worker(plan: Plan, theme_dir: Optional[str], paper: str, project_root: Optional[str],
                     fillable: bool = False, logo: Optional[str] = None, colour: Optional[str] = None,
                     language: str = DEFAULT_LANGUAGE):
    """One workbook in a worker process (of this machine or of a cluster): ('ok', pdf, files read,
    pid) or ('error', diagnostic as a dict, [], pid). Errors travel as data: exception objects do
    not always pickle."""
    key = (theme_dir, paper, project_root, logo, colour, language)
    try:
        renderer = _worker_renderers.get(key)
        if renderer is None:  # one renderer per process, so fonts and CSS load once per worker
            renderer = _worker_renderers[key] = WorkbookRenderer(
                theme_dir=theme_dir, paper=paper, project_root=project_root,
                branding=Branding(Path(logo) if logo else None, colour), language=language)
        pdf = renderer.render(plan, fillable=fillable)  # the checked plan: a pair plan's program is in it
        return "ok", pdf, [str(p) for p in getattr(renderer, "last_served", [])], os.getpid()
    except MentorkitError as exc:
        return "error", exc.first.as_dict(), [], os.getpid()
    except Exception as exc:  # reported against the plan, never as a traceback
        return "error", _cannot_render(plan.source or Path(str(plan.id)), exc).first.as_dict(), [], os.getpid()


def _diagnostic_from_dict(data: dict) -> Diagnostic:
    return Diagnostic(data["file"], data["line"], data["column"], data["severity"], data["message"],
                      tuple(data.get("path", ())))

