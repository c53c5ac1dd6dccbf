"""Every figure of issue 27 against its goal, in one run.

    python bench/all.py --quick     # a few minutes
    python bench/all.py             # the full sizes (1,000 plans, more rounds)
    python bench/all.py --only validate,serve

Each figure is a function `figure_<name>(quick: bool) -> dict` in a bench file, returning `name`,
`goal` (e.g. "≤ 2×"), `value` (float), `shown` (e.g. "1.84×"), `met` (bool) and `detail`. A
figure whose module or function is not there (yet) prints "not measured"; one that fails prints
why, and the others still run. The exit status is 0 when every figure measured meets its goal.
"""
from __future__ import annotations

import argparse
import importlib
import sys
import time
import traceback
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path[:0] = [str(BENCH), str(BENCH.parent)]

FIGURES = [  # (module in bench/, function), in the order of the table
    ("startup_bench", "figure_validate"),
    ("startup_bench", "figure_serve"),
    ("startup_bench", "figure_noop_build"),
    ("site_bench", "figure_search_index"),
    ("site_bench", "figure_peak_memory"),
    ("workbook_bench", "figure_boxes"),
    ("workbook_bench", "figure_pages"),
    ("roster_bench", "figure_roster_rerun"),
]


def said(result: dict) -> str:
    """One figure in a line: name, value, goal, met or not, detail (bench scripts' --figures too)."""
    return (f"{result['name']}: {result['shown']} (goal {result['goal']}, "
            f"{'met' if result['met'] else 'NOT met'}); {result['detail']}")


def find(module: str, function: str):
    try:
        loaded = importlib.import_module(module)
    except ModuleNotFoundError as error:
        if error.name != module:
            raise
        return None
    return getattr(loaded, function, None)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller rounds, a few minutes in all")
    parser.add_argument("--only", help="comma-separated parts of figure function names to run")
    args = parser.parse_args()
    wanted = [w.strip() for w in args.only.split(",")] if args.only else None
    rows, failed = [], False
    for module, function in FIGURES:
        if wanted and not any(w in function for w in wanted):
            continue
        label = f"{module}.{function}"
        started = time.perf_counter()
        try:
            measure = find(module, function)
            if measure is None:
                rows.append((label, "—", "not measured", "", f"no {function} in bench/{module}.py yet"))
                continue
            result = measure(args.quick)
        except Exception as error:  # one broken figure must not hide the others
            traceback.print_exc(file=sys.stderr)
            rows.append((label, "—", "failed", "", f"{type(error).__name__}: {error}"[:200]))
            failed = True
            continue
        seconds = time.perf_counter() - started
        failed |= not result["met"]
        rows.append((result["name"], result["goal"], result["shown"], "met" if result["met"] else "NOT met",
                     f"{result['detail']} [{seconds:.0f} s]"))
        print(f"  {result['name']}: {result['shown']} (goal {result['goal']})", file=sys.stderr, flush=True)
    width = max((len(r[0]) for r in rows), default=10)
    print(f"\n{'figure':<{width}}  {'goal':<6} {'now':>12}  {'':<7}  detail")
    for name, goal, shown, met, detail in rows:
        print(f"{name:<{width}}  {goal:<6} {shown:>12}  {met:<7}  {detail}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
