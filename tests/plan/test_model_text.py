"""A name or title is one line: the model's test for a line break is the one str.splitlines uses."""
from __future__ import annotations

from mentorkit.plan.model import _LINE_BREAK


def test_a_line_break_is_what_splitlines_breaks_at():
    every = "".join(map(chr, range(0x110000)))  # every character once
    breaks = {line[-1] for line in every.splitlines(keepends=True)} - {every[-1]}
    assert breaks == set(_LINE_BREAK.findall(every))
