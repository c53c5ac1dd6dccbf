"""A Python process that has imported mentorkit and MkDocs once, and forks a copy of itself for every
command a test runs: `python -m mentorkit ...` in a real process of its own (own working folder,
environment, standard streams, exit status, signals), without paying Python's start and the imports
(~0.4 s, more for `build`) each time. The copy runs the module exactly as `python -m` does.

Started by `running.py` (one per test process): `python prestarted.py SOCKET`. It prints `ready`
once its imports are done, then serves one command at a time:
  request  8-byte length + JSON {module, args, cwd, env}, with stdin, stdout, stderr as passed fds
  answer   the child's pid (4 bytes), then its exit status as subprocess reports it (4 bytes, signed)
"""
import json
import os
import runpy
import socket
import struct
import sys

# What the commands import, loaded before the fork so no child pays for it. A module missing here
# only costs time, never correctness: the child imports whatever it needs as `python -m` would.
PRELOAD = [
    "mentorkit", "mentorkit.cli", "mentorkit.site.plugin", "mentorkit.site.build", "mentorkit.workbook.render",
    "mentorkit.workbook.batch", "mentorkit.ics.events", "mentorkit.report.render", "mentorkit.roster.writing",
    "mkdocs.__main__", "mkdocs.commands.build", "mkdocs.contrib.search", "mkdocs.themes.mkdocs",
    "weasyprint", "icalendar", "markdown", "jinja2", "pydantic", "holidays",
]


def preload() -> None:
    for name in PRELOAD:
        try:
            __import__(name)
        except ImportError:
            pass


def receive(conn: socket.socket) -> tuple[dict, list[int]]:
    header, fds, _flags, _addr = socket.recv_fds(conn, 8, 3)
    while len(header) < 8:
        header += conn.recv(8 - len(header))
    size, = struct.unpack("!Q", header)
    data = b""
    while len(data) < size:
        data += conn.recv(size - len(data))
    return json.loads(data), fds


def serve(path: str):
    """Accept commands until the test process that started us is gone; return (in the child) the
    request it is to run."""
    parent = os.getppid()
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path)
    listener.listen(4)
    listener.settimeout(1.0)
    print("ready", flush=True)
    while os.getppid() == parent:
        try:
            conn, _ = listener.accept()
        except TimeoutError:
            continue
        conn.settimeout(None)
        request, fds = receive(conn)
        pid = os.fork()
        if pid == 0:
            listener.close()
            conn.close()
            return request, fds
        for fd in fds:
            os.close(fd)
        conn.sendall(struct.pack("!i", pid))
        _, status = os.waitpid(pid, 0)
        conn.sendall(struct.pack("!i", os.waitstatus_to_exitcode(status)))
        conn.close()
    sys.exit(0)


def become(request: dict, fds: list[int]) -> None:
    """Turn this fresh fork into `python -m MODULE ARGS` run in `cwd` with `env`."""
    for target, fd in zip((0, 1, 2), fds):
        os.dup2(fd, target)
        os.close(fd)
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    if hasattr(os, "tzset"):
        import time
        time.tzset()
    sys.path[0] = request["cwd"]  # as `python -m` puts the working folder first
    sys.argv = [sys.argv[0], *request["args"]]
    runpy._run_module_as_main(request["module"], alter_argv=True)


def exit_status(error: SystemExit) -> int:
    """The status Python exits with for an uncaught SystemExit (printing a message one carries)."""
    if error.code is None:
        return 0
    if isinstance(error.code, int):
        return error.code & 0xFF
    print(error.code, file=sys.stderr)
    return 1


def finish(status: int) -> None:
    """End the child as Python ends (non-daemon threads joined, atexit handlers run, streams flushed),
    without tearing down every imported module one by one (~0.2 s in a process this size)."""
    import atexit
    import threading
    threading._shutdown()
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            status = status or 120  # as Python does when it cannot flush standard output
    os._exit(status)


if __name__ == "__main__":
    sys.path[0] = os.getcwd()  # not tests/: the commands must not import test modules
    preload()
    request, fds = serve(sys.argv[1])
    try:
        become(request, fds)
        status = 0
    except SystemExit as error:
        status = exit_status(error)
    except KeyboardInterrupt:  # Python ends as killed by SIGINT
        sys.excepthook(*sys.exc_info())
        sys.stderr.flush()
        import signal
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGINT)
        status = 130
    except BaseException:
        sys.excepthook(*sys.exc_info())
        status = 1
    finish(status)
