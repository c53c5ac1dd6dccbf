"""A pair plan's values replace the program's with their own positions: what the program wrote under
a replaced goal or mapping key is forgotten, not left to point into the program's file."""
from __future__ import annotations

from pathlib import Path

from mentorkit.plan.following import follow
from mentorkit.plan.yamlsource import parse

ROOT = Path(__file__).resolve().parents[2]
PROGRAM = ROOT / "plans" / "engineering-onboarding.yaml"
PAIR = """\
mentorkit: 1
program: engineering-onboarding
pair: {mentor: {name: A}, mentee: {name: B}}
goals:
  - id: first-release
    title: Ship it
  - id: my-own
    title: Mine
logistics:
  responsibilities: both
  channels: [chat]
"""


def resolves(data, path) -> bool:
    node = data
    for part in path:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return False
    return True


def test_every_position_of_the_combined_plan_is_of_a_value_it_holds_and_in_the_file_that_wrote_it():
    program, program_positions = parse(PROGRAM.read_text(encoding="utf-8"))
    own, own_positions = parse(PAIR)
    data, positions = follow(program, program_positions, PROGRAM, own, own_positions)
    assert data["goals"][0] == {"id": "first-release", "title": "Ship it"}
    stale = [p for p in [*positions.values, *positions.keys] if p and not resolves(data, p)]
    assert stale == []
    # the pair's own values, at the pair's lines; the program's goal after it, at the program's
    assert positions.values[("goals", 0, "title")] == (6, 12) and positions.file_of(("goals", 0)) is None
    assert positions.values[("logistics", "responsibilities")] == (10, 21)
    assert positions.file_of(("logistics", "responsibilities")) is None
    assert positions.file_of(("logistics", "location")) == PROGRAM
    assert positions.file_of(("goals", 1)) == PROGRAM and positions.values[("goals", 1, "title")][0] == 79
    assert positions.values[("goals", 4, "title")] == (8, 12) and positions.file_of(("goals", 4)) is None
