"""What a preview (`mkdocs serve`, `mentorkit serve`) needs beyond a build.

- A broken plan must not stop the preview: MkDocs' server waits for a good build before it
  answers any request, so the plugin keeps the last good pages and `problems_banner` shows the
  diagnostics at the top of every page (live reload clears them once the plans are fixed).
- Workbooks take seconds each: `WorkbookWriter` makes them after the pages, in a thread, one
  by one from the cache or rendered; `wait_for_workbooks` lets a request for a workbook not made
  yet wait for it instead of finding nothing.
"""
from __future__ import annotations

import html
import logging
import re
import threading
from pathlib import Path
from typing import Callable, Iterable, Optional

from ..diagnostics import Diagnostic, MentorkitError, errors, plural
from ..plan.model import Plan
from ..project import Project

log = logging.getLogger("mkdocs.plugins.mentorkit")

WORKBOOK_WAIT_SECONDS = 300  # a request waits this long at most for its workbook
_BODY = re.compile(r"<body\b[^>]*>", re.IGNORECASE)


def problems_banner(diagnostics: Iterable[Diagnostic]) -> str:
    """The diagnostics as an HTML block (every value escaped) for the top of each page."""
    diagnostics = sorted(diagnostics)
    count = len(errors(diagnostics)) or len(diagnostics)
    what = plural(count, "error" if errors(diagnostics) else "problem")
    items = "".join(
        f'<li><code>{html.escape(f"{d.file}:{d.line}:{d.column}")}</code> {html.escape(d.severity)}: '
        f"{html.escape(d.message)}</li>" for d in diagnostics)
    return ('<div class="mentorkit-problems" role="alert" style="border:3px solid #b00020;background:#fff;'
            'color:#000;padding:.75em 1em;margin:.5em;font:1rem/1.4 sans-serif;position:relative;z-index:1000">'
            f"<p><strong>{what} in the plans</strong>: this preview shows the last version that worked. "
            f"It reloads when the plans are fixed.</p><ul>{items}</ul></div>")


def with_banner(page_html: str, banner: str) -> str:
    """The page with `banner` as the first thing in its body."""
    match = _BODY.search(page_html)
    at = match.end() if match else 0
    return page_html[:at] + banner + page_html[at:]


class WorkbookWriter:
    """Writes the workbooks of `plans` into `folder` in a thread, one at a time, so each one can
    be served as soon as it is made; `stop` before the next build cleans the folder."""

    def __init__(self, project: Project, plans: list[Plan], folder: Path):
        self.batch = project.workbooks(processes=1)  # WeasyPrint loads only when workbooks are wanted
        self.plans, self.folder = plans, Path(folder)
        self.made: dict[str, threading.Event] = {plan.id: threading.Event() for plan in plans}
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._wanted: set[str] = set()  # asked for by a request: made next
        self._thread = threading.Thread(target=self._run, name="mentorkit-workbooks", daemon=True)

    def start(self) -> "WorkbookWriter":
        self._thread.start()
        return self

    def _run(self) -> None:
        rendered = cached = 0
        # From the cache first (a moment each), then rendered; a workbook someone asks for
        # (`wait`) goes before the others.
        todo = sorted(self.plans, key=lambda plan: not self.batch.in_cache(plan))
        try:
            for number in range(1, len(todo) + 1):
                if self._stop.is_set():
                    return
                with self._lock:
                    plan = next((p for p in todo if p.id in self._wanted), todo[0])
                    todo.remove(plan)
                report = self.batch.write([plan], self.folder)
                rendered, cached = rendered + len(report.rendered), cached + len(report.cached)
                self.made[plan.id].set()
                log.info(f"mentorkit: workbooks made {number} of {len(self.plans)}")
        except MentorkitError as exc:
            for diagnostic in exc.diagnostics:
                log.error(diagnostic.format())
        finally:
            for event in self.made.values():
                event.set()  # nobody waits for a workbook that will not come
        log.info(f"mentorkit: {plural(rendered, 'workbook')} rendered, {cached} from the cache")

    def wait(self, plan_id: str, timeout: float = WORKBOOK_WAIT_SECONDS) -> None:
        event = self.made.get(plan_id)
        if event is not None:
            with self._lock:
                self._wanted.add(plan_id)
            event.wait(timeout)

    def stop(self) -> None:
        """Stop after the workbook being made (the next build cleans the folder it writes to)."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()


def wait_for_workbooks(app: Callable, mount_path: str, writer: Callable[[], Optional[WorkbookWriter]]) -> Callable:
    """A WSGI app that, for `<mount>workbooks/<id>.pdf`, first waits until the current writer has
    made that workbook, then hands the request to `app`."""
    prefix = mount_path.rstrip("/") + "/workbooks/"

    def serve(environ, start_response):
        path = environ.get("PATH_INFO", "")
        current = writer()
        if current is not None and path.startswith(prefix) and path.endswith(".pdf"):
            current.wait(path[len(prefix):-len(".pdf")])
        return app(environ, start_response)

    return serve
