"""How fast a roster is made: the figures issue 11 asks for, measured side by side in one run.

    python bench/roster_bench.py [--pairs 500] [--program engineering-onboarding] [--profile]

A roster of `--pairs` pairs following a program of the example (plans/) is made with
`mentorkit.roster` (the code `mentorkit roster` runs), with a fresh cache each time:

- per workbook: mentorkit's renderer (reused, as each worker process keeps one) against one
  `weasyprint` command-line process per file on the same HTML and stylesheets (wall seconds);
- the whole roster with --jobs 2 against --jobs 1 (wall seconds);
- a re-run after changing one row against the full run (wall seconds);
- the workbook against the plain-text floor: the workbook's own text laid out by WeasyPrint as
  plain paragraphs on the same number of pages (CPU seconds in this process).

`--profile` prints where the CPU time of rendering one workbook goes (cProfile, by own time).
On a shared machine run it when nothing else runs: --jobs 2 needs two free cores.
"""
from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from mentorkit.plan.loading import Library  # noqa: E402
from mentorkit.roster.pairs import read_roster  # noqa: E402
from mentorkit.roster.writing import write_roster
from mentorkit.workbook.batch import WorkbookBatch  # noqa: E402
from mentorkit.themes import Theme  # noqa: E402
from mentorkit.workbook.render import PAPERS, PDF_VARIANT, STYLESHEET, WorkbookRenderer, builtin_theme_dir  # noqa: E402
from workbook_bench import plain_text_html  # noqa: E402  (the plain-text floor, one definition)

GOALS = {"per workbook vs weasyprint CLI": 0.5, "jobs 1 / jobs 2": 1.8, "re-run after one row": 0.02,
         "workbook vs plain text": 2.0}


def write_roster_file(path: Path, program: str, pairs: int, changed: int | None = None) -> None:
    rows = ["program,mentor,mentee,start,mentor_email,time,timezone"]
    for i in range(pairs):
        mentee = f"Mentee {i}" + (" (changed)" if i == changed else "")
        rows.append(f"{program},Mentor {i},{mentee},2027-{1 + i % 12:02d}-{1 + i % 28:02d},m{i}@example.org,"
                    "14:00,Europe/Berlin")
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")


def run(roster_file: Path, out: Path, cache: Path, jobs: int, paper: str) -> tuple[float, object]:
    roster = read_roster(roster_file, Library([ROOT / "plans"]))
    assert roster.ok, [d.format() for d in roster.diagnostics]
    batch = WorkbookBatch(Theme(), paper, ROOT, cache_dir=cache, processes=jobs)
    started = time.perf_counter()
    report = write_roster(roster, out, batch)
    return time.perf_counter() - started, report


def weasyprint_cli_seconds(html: str, folder: Path, paper: str, count: int) -> float:
    """Wall seconds of one `weasyprint` process per file, on the workbook's HTML and CSS."""
    page = folder / "page.css"
    page.write_text(f"@page {{ size: {PAPERS[paper]}; }}", encoding="utf-8")
    source = folder / "workbook.html"
    source.write_text(html, encoding="utf-8")
    command = [str(Path(sys.executable).parent / "weasyprint"), "--pdf-variant", PDF_VARIANT,
               "-s", str(builtin_theme_dir() / STYLESHEET), "-s", str(page), str(source)]
    started = time.perf_counter()
    for i in range(count):
        subprocess.run(command + [str(folder / f"cli-{i}.pdf")], check=True, capture_output=True)
    return (time.perf_counter() - started) / count


def cpu(function, repeat: int = 3) -> float:
    best = None
    for _ in range(repeat):
        started = time.process_time()
        function()
        spent = time.process_time() - started
        best = spent if best is None else min(best, spent)
    return best


def line(name: str, ratio: float, detail: str, lower_is_better: bool = True) -> None:
    goal = GOALS[name]
    met = ratio <= goal if lower_is_better else ratio >= goal
    print(f"  {name:<32} {ratio:6.3f}  (goal {'<=' if lower_is_better else '>='} {goal}: "
          f"{'met' if met else 'not met'})   {detail}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=500)
    parser.add_argument("--program", default="engineering-onboarding")
    parser.add_argument("--paper", default="a4", choices=sorted(PAPERS))
    parser.add_argument("--cli-files", type=int, default=5, help="weasyprint processes to time")
    parser.add_argument("--profile", action="store_true", help="profile one workbook's render")
    args = parser.parse_args()

    from weasyprint import HTML, CSS

    work = Path(tempfile.mkdtemp(prefix="roster-bench-"))
    try:
        roster_file = work / "roster.csv"
        write_roster_file(roster_file, args.program, args.pairs)
        plan = read_roster(roster_file, Library([ROOT / "plans"])).pairs[0].plan
        renderer = WorkbookRenderer(paper=args.paper, project_root=ROOT)
        html = renderer.html(plan)
        pdf = renderer.render(plan)  # warm-up
        floor_html = plain_text_html(pdf)
        page = CSS(string=f"@page {{ size: {PAPERS[args.paper]}; margin: 15mm }}")
        floor_pdf = HTML(string=floor_html).write_pdf(stylesheets=[page])
        from mentorkit.roster.writing import page_count

        print(f"program {args.program}: workbook of {page_count(pdf)} pages ({args.paper}); plain-text floor "
              f"{page_count(floor_pdf)} pages; {args.pairs} pairs; {os.cpu_count()} cores")

        warm_wall = min(_wall(lambda: renderer.render(plan)) for _ in range(3))
        cli_wall = weasyprint_cli_seconds(html, work, args.paper, args.cli_files)
        workbook_cpu = cpu(lambda: renderer.render(plan))
        floor_cpu = cpu(lambda: HTML(string=floor_html).write_pdf(stylesheets=[page]))
        tagged_floor_cpu = cpu(lambda: HTML(string=floor_html).write_pdf(stylesheets=[page], pdf_variant=PDF_VARIANT))

        one, full = run(roster_file, work / "one", work / "cache-1", 1, args.paper)
        two, _ = run(roster_file, work / "two", work / "cache-2", 2, args.paper)
        write_roster_file(roster_file, args.program, args.pairs, changed=args.pairs // 2)
        rerun, again = run(roster_file, work / "one", work / "cache-1", 1, args.paper)
        assert len(again.rendered) == 1, again.rendered

        print("\nmeasured:")
        print(f"  one workbook, reused renderer  {warm_wall:6.2f} s wall, {workbook_cpu:.2f} s CPU")
        print(f"  one weasyprint CLI process     {cli_wall:6.2f} s wall (same HTML and CSS)")
        print(f"  plain-text floor               {floor_cpu:6.2f} s CPU ({tagged_floor_cpu:.2f} s as a tagged {PDF_VARIANT}"
              f" PDF, as the workbook is)")
        print(f"  roster, --jobs 1               {one:6.1f} s wall ({one / args.pairs:.2f} s per pair)")
        print(f"  roster, --jobs 2               {two:6.1f} s wall ({two / args.pairs:.2f} s per pair)")
        print(f"  re-run after one row changed   {rerun:6.2f} s wall")
        print("\nagainst the goals of issue 11:")
        line("per workbook vs weasyprint CLI", warm_wall / cli_wall, f"{warm_wall:.2f} s / {cli_wall:.2f} s")
        line("jobs 1 / jobs 2", one / two, f"{one:.1f} s / {two:.1f} s", lower_is_better=False)
        line("re-run after one row", rerun / one, f"{rerun:.2f} s / {one:.1f} s")
        line("workbook vs plain text", workbook_cpu / floor_cpu, f"{workbook_cpu:.2f} s / {floor_cpu:.2f} s CPU"
             f" (against the tagged floor: {workbook_cpu / tagged_floor_cpu:.2f})")
        if args.profile:
            profiler = cProfile.Profile()
            profiler.enable()
            renderer.render(plan)
            profiler.disable()
            print("\nwhere one workbook's CPU time goes (own time, top 25):")
            pstats.Stats(profiler, stream=sys.stdout).sort_stats("tottime").print_stats(25)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def figure_roster_rerun(quick: bool) -> dict:
    """Issue 27: `mentorkit roster` of a 40-pair roster again after one row changed, against its cold
    run (empty cache, no output), whole processes (start-up, reading, one render) in the example."""
    import statistics

    from startup_bench import MENTORKIT, example_copy, figure, wall

    pairs, colds, reruns = 40, (1 if quick else 2), (3 if quick else 5)
    cold_times, rerun_times = [], []
    with example_copy("roster") as project:
        roster_file, command = project / "roster.csv", MENTORKIT + ["roster", "roster.csv", "-o", "out"]
        for round_ in range(colds):
            write_roster_file(roster_file, "engineering-onboarding", pairs)
            shutil.rmtree(project / "out", ignore_errors=True)
            shutil.rmtree(project / ".cache", ignore_errors=True)
            cold_times.append(wall(command, project))
            for i in range(reruns):  # a different row each time: one workbook to render, the rest cached
                write_roster_file(roster_file, "engineering-onboarding", pairs, changed=(7 * i + round_) % pairs)
                rerun_times.append(wall(command, project))
    cold, rerun = statistics.median(cold_times), statistics.median(rerun_times)
    return figure("roster re-run after one row / cold run, 40 pairs", "≤ 2%", rerun / cold, 0.02, percent=True,
                  detail=f"{rerun:.2f} s / {cold:.1f} s, whole processes, medians of {len(rerun_times)} and "
                         f"{len(cold_times)}")


def _wall(function) -> float:
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


if __name__ == "__main__":
    main()
