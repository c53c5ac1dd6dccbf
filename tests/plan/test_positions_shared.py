"""Positions are most of what a read plan holds: equal paths, positions and keys of two documents
are one object each (a 1,000-plan program held 90 MB of them), and every position stays exact."""
from __future__ import annotations

from mentorkit.plan.yamlsource import parse

TEXT = "id: a\ntitle: A plan\ngoals:\n  - id: g1\n    text: Learn\n  - id: g2\n    text: Teach\n"


def test_two_alike_documents_share_their_paths_positions_and_keys():
    first_data, first = parse(TEXT)
    second_data, second = parse(TEXT.replace("A plan", "Another plan"))
    assert second.values == first.values and second.keys == first.keys
    assert second.values[("goals", 1, "text")] == (7, 11) and second.keys[("goals", 1, "text")] == (7, 5)
    shared_paths = {id(path) for path in first.values} & {id(path) for path in second.values}
    assert len(shared_paths) == len(first.values)
    assert all(second.values[path] is first.values[path] for path in first.values)
    assert [id(k) for k in second_data] == [id(k) for k in first_data]


def test_a_document_of_other_lines_keeps_its_own_positions():
    _, first = parse(TEXT)
    _, moved = parse("\n\n" + TEXT)
    assert moved.values[("goals", 1, "text")] == (9, 11) and first.values[("goals", 1, "text")] == (7, 11)
