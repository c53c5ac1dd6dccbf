"""A folder's plans are read once however they are checked: the program a pair plan follows is
found among the plans already read, not by reading the plans folder again (1,000 plans were
parsed twice by `mentorkit validate` when one pair needed its program)."""
from __future__ import annotations

from collections import Counter

from mentorkit.plan import loading
from mentorkit.project import Project
from running import tiny_plan


def test_validate_of_the_plans_folder_parses_each_file_once(tmp_path, monkeypatch):
    plans = tmp_path / "plans"
    (plans / "pairs").mkdir(parents=True)
    (plans / "onboarding.yaml").write_text(tiny_plan("onboarding"), encoding="utf-8")
    for n in range(3):
        (plans / "pairs" / f"pair-{n}.yaml").write_text(
            f"mentorkit: 1\nid: pair-{n}\nprogram: onboarding\npair:\n  mentor: {{name: M {n}}}\n"
            f"  mentee: {{name: E {n}}}\n", encoding="utf-8")
    (plans / "notes.yaml").write_text("not: a plan\n", encoding="utf-8")  # left alone, and read once too
    parsed: Counter = Counter()
    real_parse = loading.parse

    def counting_parse(text: str):
        parsed[text] += 1
        return real_parse(text)

    monkeypatch.setattr(loading, "parse", counting_parse)  # the real parser, counted
    monkeypatch.chdir(tmp_path)
    program = Project.open().check([plans])  # as `mentorkit validate plans`: the plans folder is the library
    assert program.ok and program.checked == 4 and len(program.plans) == 4, program.diagnostics
    assert len(parsed) == 5 and set(parsed.values()) == {1}, parsed
