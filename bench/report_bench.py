"""Report benchmark: the program report of N pairs against the validation of those N plans.

    python bench/report_bench.py           # 1,000 pairs
    python bench/report_bench.py -n 200    # a quicker run

The issue's budget: `mentorkit report` takes no more than `mentorkit validate` of the same plans
plus 20%. Both run as real commands on the same folder (the report validates first, then adds
up and writes); each is timed a few times and the best run counts. Output goes to bench/out/.
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "report"))

from report_helpers import AS_OF, make_program  # noqa: E402  (the synthetic pairs the tests check)


def best_of(runs: int, command: list[str], cwd: Path) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, cwd=cwd, check=True, capture_output=True)
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--pairs", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    folder = ROOT / "bench" / "out" / "report"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    make_program(folder, args.pairs)
    mentorkit = [sys.executable, "-m", "mentorkit"]
    validate = best_of(args.runs, [*mentorkit, "validate", "plans"], folder)
    report = best_of(args.runs, [*mentorkit, "report", "plans", "-o", "out", "--as-of", AS_OF.isoformat()], folder)
    ratio = report / validate
    print(f"{args.pairs} pairs: validate {validate:.2f} s, report {report:.2f} s, "
          f"report/validate {ratio:.2f} (budget 1.20) {'OK' if ratio <= 1.2 else 'OVER'}")


if __name__ == "__main__":
    main()
