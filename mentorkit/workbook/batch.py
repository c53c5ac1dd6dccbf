"""Many workbooks at once: in worker processes when there are enough to be worth it."""
from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Iterator, Optional

from ..plan.loading import display_path, load_plan
from ..plan.model import Plan
from .render import WorkbookError, WorkbookRenderer


def _cannot_render(source: Path, exc: Exception) -> str:
    return f"{display_path(source)}:1:1: error: could not make the workbook: {exc}"


PARALLEL_FROM = 4  # below this, starting worker processes costs more than it saves

_worker_renderers: dict[tuple, WorkbookRenderer] = {}


def _render_in_worker(source: str, theme_dir: Optional[str], paper: str, project_root: Optional[str]):
    """One workbook in a worker process: ('ok', pdf bytes) or ('error', located message).
    Errors travel as text: exception objects with their own arguments do not always pickle."""
    key = (theme_dir, paper, project_root)
    try:
        renderer = _worker_renderers.get(key)
        if renderer is None:  # one renderer per process, so fonts and CSS load once per worker
            renderer = _worker_renderers[key] = WorkbookRenderer(theme_dir=theme_dir, paper=paper,
                                                                 project_root=project_root)
        return "ok", renderer.render(load_plan(source))
    except WorkbookError as exc:
        return "error", exc.located()
    except Exception as exc:  # reported against the plan, never as a traceback
        return "error", _cannot_render(Path(source), exc)


def render_workbooks(plans: list[Plan], renderer: WorkbookRenderer, *,
                     processes: int = 1) -> Iterator[tuple[Plan, bytes]]:
    """Render many workbooks; with processes > 1, in that many worker processes once there
    are enough plans to be worth it.

    Yields (plan, pdf) as each is done, in no fixed order. A failure raises WorkbookError
    or WorkbookBatchError naming the file at fault. Workers are started with "spawn" (safe
    beside the threads of `mkdocs serve`), which re-imports the calling script: a script
    that asks for processes > 1 needs the usual `if __name__ == "__main__":` guard. If the
    workers cannot run at all, the remaining workbooks are rendered here instead.
    """
    parallel = [p for p in plans if p.source is not None] if processes > 1 and len(plans) >= PARALLEL_FROM else []
    done: set[str] = set()
    if parallel:
        try:
            for plan, data in _render_in_workers(parallel, renderer, processes):
                done.add(plan.id)
                yield plan, data
        except BrokenProcessPool:
            pass  # no usable workers (a script without a main guard...): carry on in this process
    for plan in (p for p in plans if p.id not in done):
        try:
            data = renderer.render(plan)
        except WorkbookError:
            raise
        except Exception as exc:  # reported against the plan, never as a traceback
            raise WorkbookBatchError(_cannot_render(plan.source or Path(str(plan.id)), exc)) from None
        yield plan, data


def _render_in_workers(plans: list[Plan], renderer: WorkbookRenderer, processes: int):
    import multiprocessing

    theme_dir = str(renderer.theme_dir) if renderer.theme_dir else None
    root = str(renderer.project_root) if renderer.project_root else None
    with ProcessPoolExecutor(max_workers=min(processes, len(plans)),
                             mp_context=multiprocessing.get_context("spawn")) as pool:
        futures = {pool.submit(_render_in_worker, str(plan.source), theme_dir, renderer.paper, root): plan
                   for plan in plans}
        for future in as_completed(futures):
            status, result = future.result()
            if status == "error":
                for other in futures:
                    other.cancel()
                raise WorkbookBatchError(result)
            yield futures[future], result


class WorkbookBatchError(Exception):
    """A workbook rendered in a worker process failed; the message is already located."""
