"""Rendering a roster's workbooks on a Dask distributed cluster (`--cluster tcp://HOST:8786`).

Only the rendering moves: each checked plan travels to a worker (pickled, as to the local worker
processes), the worker renders it with the renderer it keeps (one per worker process, as
`render_in_worker` does for local workers) and sends the PDF back. Everything else stays here:
the cache, the file names, the atomic writes, the index. Workers need mentorkit (with the same
version, for the same bytes) and, for a project's own print theme or images, the project at the
same path (a shared folder). The optional extra `mentorkit[cluster]` installs `distributed`.
"""
from __future__ import annotations

from contextlib import contextmanager
from typing import Any, Callable, Iterator

from ..diagnostics import MentorkitError
from ..plan.model import Plan
from ..workbook.batch import Rendered, WorkbookBatch, render_in_worker, rendered_from

CONNECT_SECONDS = 20


class ClusterError(MentorkitError):
    """The cluster cannot be used (not installed, not reachable)."""


@contextmanager
def cluster_renderer(address: Any, batch: WorkbookBatch) -> Iterator[Callable[[list[Plan]], Iterator[Rendered]]]:
    """Connected to the cluster at `address` (a scheduler address, or a `distributed` Cluster
    object, as tests pass a LocalCluster), a `render` for `WorkbookBatch.workbooks` that renders
    there. It connects at once, so that a cluster out of reach is said before any file is touched."""
    try:
        import distributed
    except ImportError:
        raise ClusterError.at("--cluster", "rendering on a cluster needs Dask distributed: "
                                           "pip install 'mentorkit[cluster]'") from None
    try:
        client = distributed.Client(address, timeout=CONNECT_SECONDS)
    except (OSError, TimeoutError) as exc:
        raise ClusterError.at("--cluster", f"cannot reach the Dask scheduler at {address}: {exc}") from None
    arguments = batch.worker_arguments()

    def render(plans: list[Plan]) -> Iterator[Rendered]:
        futures = {client.submit(render_in_worker, plan, *arguments, pure=False): plan for plan in plans}
        try:
            for future in distributed.as_completed(futures):
                yield rendered_from(futures[future], future.result())
        except BaseException:  # an error or an interrupt: the cluster drops the rest of the work
            client.cancel(list(futures), force=True)
            raise

    try:
        yield render
    finally:
        client.close()
