"""A synthetic program of pairs whose every figure is known by construction: the report's tests
check against it (tests/report), the report's browser test draws it (tests/site) and
bench/report_bench.py times it."""
from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

AS_OF = dt.date(2027, 3, 1)
FIRST = dt.date(2027, 1, 4)  # a Monday: weekly meetings never fall on a weekend
MEETINGS = 6
PROGRAM = textwrap.dedent("""\
    mentorkit: 1
    id: cohort
    title: Cohort program
    schedule: {cadence: weekly, meetings: 6, length: 30}
    goals:
      - {id: g, title: Grow, framework: real, realistic: a, engaging: b, actionable: c, linked: d, due: meeting 2}
    metrics:
      - {id: m, title: Things done, type: task, baseline: 0, target: 10}
    roadmap:
      - {topic: One, goals: [g]}
      - {topic: Two}
      - {topic: Three}
      - {topic: Four}
      - {topic: Five}
      - {topic: Six}
    milestones:
      - {title: Halfway, due: meeting 4, goal: g}
    measures:
      - id: retention
        title: People still with us after a year
        unit: "%"
        baseline: 80
        target: 90
        measurements: [{date: 2027-02-01, value: 82}, {date: 2027-02-20, value: 85}, {date: 2027-04-01, value: 99}]
    """)


class Pair:
    """One synthetic pair and everything the report should count of it, worked out by hand."""

    def __init__(self, i: int, shift: int = 0):
        self.i = i
        self.name = f"Mentee{i:02d} Zyx"
        # i % 10 == 9 starts after AS_OF; `shift` (weeks) moves every date, so AS_OF + shift weeks is the report's day
        self.start = FIRST + dt.timedelta(days=7 * (i % 10 + shift))
        self.started = self.start <= AS_OF
        self.dates = [self.start + dt.timedelta(days=7 * k) for k in range(MEETINGS)]
        self.planned = sum(1 for d in self.dates if d <= AS_OF) if self.started else 0
        self.started = self.started and not shift  # with a shift, only the dates are used
        self.logged = min(i % 5, self.planned)
        self.ratings = {n: (self.i + n) % 10 + 1 for n in range(1, self.logged + 1)}
        last = self.dates[self.logged - 1] if self.logged else self.start
        self.silent = self.started and self.planned > self.logged and AS_OF > last + dt.timedelta(days=14)
        self.met = self.start + dt.timedelta(days=10) if i % 4 == 0 else None
        self.value = i % 12
        self.achieved = self.start + dt.timedelta(days=21) if i % 3 == 0 else None

    def yaml(self) -> str:
        log = "".join(f"  - {{meeting: {n}, date: {self.dates[n - 1]}, rating: {r}, "
                      f"action: 'secret action {self.i}-{n}', notes: 'private note {self.i}'}}\n"
                      for n, r in self.ratings.items())
        met = f", met: {self.met}" if self.met else ""
        achieved = f", achieved: {self.achieved}" if self.achieved else ""
        return (f"mentorkit: 1\nprogram: cohort\npair:\n  mentor: {{name: Mentor{self.i:02d} Qwv}}\n"
                f"  mentee: {{name: {self.name}}}\nschedule: {{start: {self.start}}}\n"
                f"goals:\n  - {{id: g, title: Grow in my own words {self.i}, framework: real, realistic: a, "
                f"engaging: b, actionable: c, linked: d, due: meeting 2{met}}}\n"
                f"metrics:\n  - {{id: m, title: Things done, type: task, baseline: 0, target: 10, "
                f"measurements: [{{date: {self.start}, value: {self.value}}}]}}\n"
                f"milestones:\n  - {{title: Halfway, due: meeting 4, goal: g{achieved}}}\n"
                + (f"log:\n{log}" if log else "log: []\n"))


def make_program(folder: Path, count: int, *, shift: int = 0) -> list[Pair]:
    plans = folder / "plans"
    plans.mkdir()
    (plans / "cohort.yaml").write_text(PROGRAM, encoding="utf-8")
    pairs = [Pair(i, shift) for i in range(count)]
    for pair in pairs:
        (plans / f"pair-{pair.i:02d}.yaml").write_text(pair.yaml(), encoding="utf-8")
    return pairs
