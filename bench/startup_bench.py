"""Start-up and validation figures of issue 27, whole processes measured side by side.

    python bench/startup_bench.py [--quick]

- `mentorkit validate` of 1,000 plans against PyYAML's C loader parsing the same files (goal ≤ 2×);
- the first HTTP 200 from `mentorkit serve` and from `mkdocs serve` with the plugin, against plain
  `mkdocs serve` of the same folder without the plugin (goal ≤ 2×, the worse of the two counts);
- a no-op `mentorkit build` of the example against its cold build (empty cache, no site; goal ≤ 5%).

Every figure runs its two processes in turn (A B A B …) and compares medians, so load from the rest
of the machine hits both alike. Each figure is a function `figure_<name>(quick) -> dict` that
bench/all.py prints with the others.
"""
from __future__ import annotations

import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator, Sequence

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
MENTORKIT = [PYTHON, "-m", "mentorkit"]


# ------------------------------------------------------------------------------ helpers

def figure(name: str, goal: str, value: float, limit: float, *, percent: bool = False, detail: str = "") -> dict:
    """One figure as bench/all.py prints it: `value` against `limit` (lower is better)."""
    shown = f"{value:.1%}" if percent else f"{value:.2f}×"
    return {"name": name, "goal": goal, "value": value, "shown": shown, "met": value <= limit, "detail": detail}


def wall(command: Sequence[str], cwd: Path, *, expect: int | None = 0) -> float:
    """Wall seconds of one whole process (its output checked, not shown)."""
    started = time.perf_counter()
    done = subprocess.run(list(command), cwd=cwd, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if expect is not None and done.returncode != expect:
        raise RuntimeError(f"{' '.join(command)} exited {done.returncode}:\n{done.stdout[-1500:]}{done.stderr[-1500:]}")
    return seconds


def side_by_side(a: Callable[[], float], b: Callable[[], float], rounds: int) -> tuple[float, float]:
    """Medians of A and B, run in turn A B A B … (one warm-up of each first, not counted)."""
    a(), b()
    times_a, times_b = [], []
    for _ in range(rounds):
        times_a.append(a())
        times_b.append(b())
    return statistics.median(times_a), statistics.median(times_b)


@contextmanager
def example_copy(name: str) -> Iterator[Path]:
    """The example program (mkdocs.yml, plans/, schema/) in a temporary folder."""
    with tempfile.TemporaryDirectory(prefix=f"bench-{name}-") as tmp:
        project = Path(tmp)
        shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
        shutil.copytree(ROOT / "plans", project / "plans")
        if (ROOT / "schema").is_dir():
            shutil.copytree(ROOT / "schema", project / "schema")
        yield project


def make_plans(folder: Path, count: int) -> None:
    """`count` valid plans: the example's own plans, then variations of the starters and the example pair."""
    folder.mkdir(parents=True, exist_ok=True)
    for plan in sorted((ROOT / "plans").glob("*.yaml")):  # the programs the pair plans follow
        shutil.copy(plan, folder / plan.name)
    sources = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "templates").glob("*.yaml"))]
    sources.append((ROOT / "plans" / "dana-and-sam.yaml").read_text(encoding="utf-8"))
    for i in range(count - len(list(folder.glob("*.yaml")))):
        text = re.sub(r"(?m)^id:.*$", f"id: plan-{i:05d}", sources[i % len(sources)], count=1)
        text = re.sub(r"(?m)^title:\s*(.+)$", lambda m: f"title: {m.group(1).strip()} #{i}", text, count=1)
        (folder / f"plan-{i:05d}.yaml").write_text(text, encoding="utf-8")


# ------------------------------------------------------------------------------ validate

YAML_ONLY = """\
import sys
from pathlib import Path
import yaml
for path in sorted(Path(sys.argv[1]).rglob("*.yaml")):
    yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
"""


def figure_validate(quick: bool) -> dict:
    count, rounds = 1000, (3 if quick else 7)
    with tempfile.TemporaryDirectory(prefix="bench-validate-") as tmp:
        project = Path(tmp)
        make_plans(project / "plans", count)
        mentorkit, pyyaml = side_by_side(lambda: wall(MENTORKIT + ["validate", "plans"], project),
                                         lambda: wall([PYTHON, "-c", YAML_ONLY, "plans"], project), rounds)
    return figure("validate 1,000 plans / PyYAML C loader", "≤ 2×", mentorkit / pyyaml, 2.0,
                  detail=f"{mentorkit:.2f} s / {pyyaml:.2f} s, whole processes, medians of {rounds}")


# ------------------------------------------------------------------------------ serve

def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def first_page(command: Sequence[str], cwd: Path, path: str = "/mentoring/") -> float:
    """Seconds from starting a server (told its address with -a) to its first HTTP 200."""
    port = _free_port()
    started = time.perf_counter()
    server = subprocess.Popen(list(command) + ["-a", f"127.0.0.1:{port}"], cwd=cwd,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=120) as reply:
                    reply.read()
                    if reply.status == 200:
                        return time.perf_counter() - started
            except OSError:
                if server.poll() is not None:
                    raise RuntimeError(f"{' '.join(command)} stopped:\n{server.stderr.read()[-2000:]}")
                time.sleep(0.01)
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def _without_plugin(config: str) -> str:
    """mkdocs.yml with the mentorkit plugin's entry (and its indented settings) taken out."""
    lines, out, skipping = config.splitlines(), [], False
    for line in lines:
        if re.match(r"^\s*- mentorkit\b", line):
            skipping, indent = True, len(line) - len(line.lstrip())
            continue
        if skipping and line.strip() and len(line) - len(line.lstrip()) <= indent:
            skipping = False
        if not skipping:
            out.append(line)
    return "\n".join(out) + "\n"


def figure_serve(quick: bool) -> dict:
    rounds = 3 if quick else 7
    with example_copy("serve") as project:
        (project / "plain.yml").write_text(_without_plugin((project / "mkdocs.yml").read_text(encoding="utf-8")),
                                           encoding="utf-8")

        def cold(command: list[str]) -> Callable[[], float]:
            def run() -> float:
                shutil.rmtree(project / ".cache", ignore_errors=True)  # workbooks from scratch, as the issue's
                return first_page(command, project)
            return run

        plain_serve = cold([PYTHON, "-m", "mkdocs", "serve", "-f", "plain.yml"])
        ours, plain = side_by_side(cold(MENTORKIT + ["serve"]), plain_serve, rounds)
        plugin, plain_again = side_by_side(cold([PYTHON, "-m", "mkdocs", "serve"]), plain_serve, rounds)
    worse = max(ours / plain, plugin / plain_again)
    return figure("first page of serve / plain mkdocs serve", "≤ 2×", worse, 2.0,
                  detail=f"mentorkit serve {ours:.2f} s / {plain:.2f} s = {ours / plain:.2f}×; mkdocs serve with "
                         f"the plugin {plugin:.2f} s / {plain_again:.2f} s = {plugin / plain_again:.2f}×; "
                         f"medians of {rounds}")


# ------------------------------------------------------------------------------ no-op build

def figure_noop_build(quick: bool) -> dict:
    rounds = 1 if quick else 3
    with example_copy("build") as project:
        build = MENTORKIT + ["build", "-q"]

        def cold() -> float:
            shutil.rmtree(project / ".cache", ignore_errors=True)
            shutil.rmtree(project / "site", ignore_errors=True)
            return wall(build, project)

        cold_times, noop_times = [], []
        for _ in range(rounds):
            cold_times.append(cold())
            noop_times.extend(wall(build, project) for _ in range(3))  # nothing changed since
        first, again = statistics.median(cold_times), statistics.median(noop_times)
    return figure("no-op build / cold build of the example", "≤ 5%", again / first, 0.05, percent=True,
                  detail=f"{again:.2f} s / {first:.2f} s, whole processes, medians of {len(noop_times)} and "
                         f"{len(cold_times)}")


FIGURES = [figure_validate, figure_serve, figure_noop_build]


if __name__ == "__main__":
    quick = "--quick" in sys.argv[1:]
    for function in FIGURES:
        result = function(quick)
        print(f"{result['name']:<45} {result['shown']:>8}  goal {result['goal']:<5} "
              f"{'met' if result['met'] else 'NOT met'}   {result['detail']}", flush=True)
