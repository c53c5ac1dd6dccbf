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
import ipaddress
import logging
import re
import socket
import threading
from pathlib import Path
from typing import Callable, Iterable, Optional

from ..diagnostics import Diagnostic, MentorkitError, errors, plural
from ..plan.model import Plan
from ..project import Project

log = logging.getLogger("mkdocs.plugins.mentorkit")

WORKBOOK_WAIT_SECONDS = 300  # a request waits this long at most for its workbook
# A preview's workbooks start once it has answered a request (its first page), or this long after
# the pages are built: rendering in a thread beside the server slowed the first page by a third.
FIRST_PAGE_WAIT_SECONDS = 2.0
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
        self._go = threading.Event()  # set: make the workbooks now
        self._lock = threading.Lock()
        self._wanted: set[str] = set()  # asked for by a request: made next
        self._thread = threading.Thread(target=self._run, name="mentorkit-workbooks", daemon=True)

    def start(self, *, after_a_page: bool = False) -> "WorkbookWriter":
        """Start making them; `after_a_page`: once `page_served` says a page was answered (or a
        workbook is asked for), at the latest FIRST_PAGE_WAIT_SECONDS from now."""
        if not after_a_page:
            self._go.set()
        self._thread.start()
        return self

    def page_served(self) -> None:
        self._go.set()

    def _run(self) -> None:
        rendered = cached = 0
        self._go.wait(FIRST_PAGE_WAIT_SECONDS)
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
            self._go.set()
            event.wait(timeout)

    def stop(self) -> None:
        """Stop after the workbook being made (the next build cleans the folder it writes to)."""
        self._stop.set()
        self._go.set()
        if self._thread.is_alive():
            self._thread.join()


LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")


def served_names(host: str) -> frozenset[str]:
    """The host names a preview bound to `host` answers for: that host and this machine's names
    (with localhost). A Host header that is an address (`127.0.0.1:8000`, `[::1]`) needs no name."""
    names = {host.strip("[]").lower(), *LOOPBACK_NAMES}
    try:
        names |= {socket.gethostname().lower(), socket.getfqdn().lower()}
    except OSError:
        pass
    return frozenset(names)


def _host_name(header: str) -> str:
    """'Example.org:8000' -> 'example.org'; '[::1]:8000' -> '::1'."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1:].split("]", 1)[0]
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


def _is_address(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
        return True
    except ValueError:
        return False


def answer_only_for(app: Callable, names: frozenset[str]) -> Callable:
    """A WSGI app that refuses (403) a request whose Host is a name it does not serve.

    A preview shows pair plans in full: a web page the designer visits could otherwise reach it
    through a name of its own that resolves to this machine (DNS rebinding) and read every pair's
    notes. An address needs no DNS, so it cannot be rebound, and is answered."""

    def serve(environ, start_response):
        name = _host_name(environ.get("HTTP_HOST") or environ.get("SERVER_NAME", ""))
        if name in names or _is_address(name):
            return app(environ, start_response)
        body = (f"mentorkit serve answers only for {', '.join(sorted(names))} or an address; "
                "open the preview at the address it printed").encode()
        start_response("403 Forbidden", [("Content-Type", "text/plain; charset=utf-8"),
                                         ("Content-Length", str(len(body)))])
        return [body]

    return serve


def wait_for_workbooks(app: Callable, mount_path: str, writer: Callable[[], Optional[WorkbookWriter]]) -> Callable:
    """A WSGI app that, for `<mount>workbooks/<id>.pdf`, first waits until the current writer has
    made that workbook, then hands the request to `app`; once a request is answered, the writer
    may start (`WorkbookWriter.page_served`)."""
    prefix = mount_path.rstrip("/") + "/workbooks/"

    def serve(environ, start_response):
        path = environ.get("PATH_INFO", "")
        current = writer()
        if current is not None and path.startswith(prefix) and path.endswith(".pdf"):
            current.wait(path[len(prefix):-len(".pdf")])
        answer = app(environ, start_response)
        if current is not None:
            current.page_served()
        return answer

    return serve
