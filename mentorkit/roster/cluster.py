"""Rendering a roster's workbooks on a Dask distributed cluster (`--cluster tcp://HOST:8786`).

Only the rendering moves: each checked plan travels to a worker (pickled, as to the local worker
processes), the worker renders it with the renderer it keeps (one per worker process, as
`render_in_worker` does for local workers) and sends the PDF back. Everything else stays here:
the cache, the file names, the atomic writes, the index. Workers need mentorkit (with the same
version, for the same bytes) and, for a project's own print theme or images, the project at the
same path (a shared folder). The optional extra `mentorkit[cluster]` installs `distributed`.
"""
from __future__ import annotations

import re
from contextlib import contextmanager
from typing import Any, Callable, Iterator
from urllib.parse import urlsplit

from ..diagnostics import MentorkitError
from ..plan.model import Plan
from ..workbook.batch import Rendered, WorkbookBatch, render_in_worker, rendered_from

CONNECT_SECONDS = 20


class ClusterError(MentorkitError):
    """The cluster cannot be used (not installed, not reachable)."""


SCHEMES = ("tcp", "tls")
_EXAMPLE = "give the scheduler's address as dask scheduler prints it, e.g. tcp://scheduler:8786"


def check_address(address: str) -> str:
    """The scheduler address, checked before anything connects: SCHEME://HOST:PORT with a scheme
    Dask speaks here. Raises ClusterError (a located message, never a traceback) otherwise."""
    def refuse(why: str) -> ClusterError:
        return ClusterError.at("--cluster", f"{why}; {_EXAMPLE}")

    text = address.strip()
    if not text:
        raise refuse("the address is empty")
    if not re.match(r"^[a-z][a-z0-9+.-]*://", text, re.I):
        raise refuse(f"'{text}' has no scheme (tcp:// or tls://)")
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError as exc:
        raise refuse(f"'{text}' is not an address ({exc})") from None
    if parts.scheme.lower() not in SCHEMES:
        raise refuse(f"'{parts.scheme}://' is not a scheme mentorkit connects with (tcp:// or tls://)")
    if not parts.hostname:
        raise refuse(f"'{text}' names no host")
    if port is None:
        raise refuse(f"'{text}' has no port (the scheduler's is 8786 unless it was started with another)")
    if parts.path not in ("", "/") or parts.query or parts.fragment or parts.username or parts.password:
        raise refuse(f"'{text}' holds more than a host and a port")
    return text


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
    security = None
    if isinstance(address, str):
        address = check_address(address)
        if address.lower().startswith("tls://"):
            security = distributed.Security()  # certificates from Dask's configuration (distributed.comm.tls)
    try:
        client = distributed.Client(address, timeout=CONNECT_SECONDS, security=security)
    except (OSError, TimeoutError) as exc:
        raise ClusterError.at("--cluster", f"cannot reach the Dask scheduler at {address}: {exc}") from None
    except (TypeError, ValueError) as exc:  # tls:// without certificates, an address Dask refuses
        hint = (" (tls:// needs certificates in Dask's configuration: distributed.comm.tls.ca-file, "
                "client.cert and client.key)" if security is not None else "")
        raise ClusterError.at("--cluster", f"cannot connect to {address}: {exc}{hint}") from None
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
