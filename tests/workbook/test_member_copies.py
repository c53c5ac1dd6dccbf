"""A circle member's own copy of the circle's workbook (`mentorkit workbook --member NAME`,
`--each-member`): their own 'before we start' page and self-assessment, the circle's agreement,
goals and meetings; fillable, it imports into the circle's plan, keyed to the member."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pikepdf
import pytest
from click.testing import CliRunner

from mentorkit.cli import main
from mentorkit.plan.loading import load_plan
from mentorkit.record import import_workbook
from running import PLANS, pdf_pages_text, sections_theme
from record.filling import fill_with_pikepdf

CIRCLE = PLANS / "platform-leads-circle.yaml"
PRIYA = "Priya Natarajan"


@pytest.fixture(scope="module")
def copy(renders):
    return renders.workbook(CIRCLE, fillable=True, member=PRIYA)


def _field_names(data: bytes) -> list[str]:
    """Every form field's full name, as often as the form has it."""
    import io

    names = []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        def walk(field, prefix=""):
            name = prefix + str(field.get("/T", ""))
            kids = [kid for kid in field.get("/Kids", []) if "/T" in kid]
            if kids:
                for kid in kids:
                    walk(kid, name + ".")
            else:
                names.append(name)
        for field in pdf.Root.AcroForm.Fields:
            walk(field)
    return names


def test_a_members_copy_has_their_own_pages_and_the_circles(copy):
    titles = [title for _, title, _ in copy.outline]
    assert [t for t in titles if t.startswith("Before we start")] == [f"Before we start: {PRIYA}"]
    assert f"Self-assessment: {PRIYA}" in titles and "The facilitator's game plan" not in titles
    assert sum(bool(re.fullmatch(r"Meeting \d+(: .*)?", t)) for t in titles) == 12  # the circle's meetings
    cover = " ".join(copy.pages_text[0].split())
    assert "THISCOPYBELONGSTOPRIYANATARAJAN" in cover.replace(" ", "").upper()  # its label is letter-spaced
    assert all(m.name in cover for m in copy.plan.circle.members)  # the circle, all of it, on the cover
    assert all(f"leadership circle 2027 · {PRIYA}" in page for page in copy.pages_text[1:5])  # running header
    text = " ".join(copy.text.split())
    assert f"For you, {PRIYA}, alone, before the" in text  # (pdftotext reads the fi ligature as one letter)
    assert "Every member has a copy of their own" in text
    others = [m.name for m in copy.plan.circle.members if m.name != PRIYA]
    assert not any(f"Before we start: {name}" in text for name in others + ["Morgan Avery"])


def test_a_members_copys_fields_are_unique_and_keyed_to_the_member(copy):
    names = _field_names(copy.data)
    assert len(names) == len(set(names)), sorted(n for n in set(names) if names.count(n) > 1)
    before = sorted(n for n in names if n.startswith("before_we_start."))
    assert before == [f"before_we_start.members.{PRIYA}.{q}" for q in ("bring", "expect", "reality", "want")]
    own = [n for n in names if n.startswith("self_assessment.")]
    assert own and all(n.startswith(f"self_assessment.members.{PRIYA}.") for n in own)
    assert f"log.2.member_next_steps.{PRIYA}" in names and "game_plan.gaps" not in names


def test_a_members_filled_copy_imports_into_the_circles_plan(copy, tmp_path):
    for name in ("leadership-circle.yaml", "platform-leads-circle.yaml"):
        shutil.copy(PLANS / name, tmp_path / name)
    filled = tmp_path / "priya.pdf"
    source = tmp_path / "copy.pdf"
    source.write_bytes(copy.data)
    fill_with_pikepdf(source, filled, {
        f"before_we_start.members.{PRIYA}.want": "Braver one-to-ones",
        f"log.2.member_next_steps.{PRIYA}": "Book the talk with my lead\nWrite down what I will say",
        f"self_assessment.members.{PRIYA}.ratings.Delegating": "3",
        f"self_assessment.members.{PRIYA}.strengths": "Listening",
    }, {f"self_assessment.members.{PRIYA}.ratings.Delegating"}, every=True)
    result = import_workbook(filled, plans=[tmp_path])
    assert result.written and result.plan == tmp_path / "platform-leads-circle.yaml"
    plan = load_plan(result.plan)
    assert plan.before_we_start.members[PRIYA].want == "Braver one-to-ones"
    entry = next(e for e in plan.log if e.meeting == 2)
    assert entry.member_next_steps[PRIYA] == ["Book the talk with my lead", "Write down what I will say"]
    assert not plan.self_assessment.ratings and not plan.self_assessment.strengths  # the circle's stay empty
    assert [n for n in result.notes if "own self-assessment" in n] == [
        f"not imported: {PRIYA}'s own self-assessment (2 answers): a circle's plan keeps one self-assessment, "
        "the circle's; a member's own stays on the paper of their copy"]


SMALL_CIRCLE = """\
mentorkit: 1
id: tiny-circle
title: A tiny circle
kind: peer-circle
circle:
  facilitator: {name: Fay Holt}
  members: [{name: Bo Ek}, {name: Åsa Lund}, {name: Asa Lund}]
schedule: {start: 2027-05-03, cadence: weekly, meetings: 1}
"""


def test_each_member_writes_one_copy_a_member_in_one_command(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("tiny-circle.yaml").write_text(SMALL_CIRCLE, encoding="utf-8")
    Path("out").mkdir()
    sections_theme(tmp_path / "short", "cover", "before-we-start")  # the real pages that say whose copy it is
    result = CliRunner().invoke(main, ["workbook", "tiny-circle.yaml", "--each-member", "-o", "out/",
                                       "--theme", "short/print"])
    assert result.exit_code == 0, result.output
    made = sorted(p.name for p in Path("out").iterdir())
    # 'Åsa Lund' and 'Asa Lund' spell one file name in ASCII: the second is numbered
    assert made == ["tiny-circle-asa-lund-2.pdf", "tiny-circle-asa-lund.pdf", "tiny-circle-bo-ek.pdf"]
    pages = pdf_pages_text((Path("out") / "tiny-circle-asa-lund-2.pdf").read_bytes())
    assert "Asa Lund" in pages[0] and "Before we start: Asa Lund" in "".join(pages)
    assert "Before we start: Åsa Lund" not in "".join(pages) and "Before we start: Bo Ek" not in "".join(pages)
    assert "Åsa Lund's copy" in result.output


@pytest.mark.parametrize("args, message", [
    (["--member", "Bob"], "tiny-circle.yaml:1:1: error: --member 'Bob' is not a member of this circle; its "
                          "members are Bo Ek, Åsa Lund, Asa Lund"),
    (["--each-member", "-o", "one.pdf"], "--each-member writes one PDF a member: give -o a folder, ending in /"),
    (["--member", "Bo Ek", "--each-member"], "give one of them"),
])
def test_member_copies_asked_for_wrongly_are_refused_with_nothing_written(tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    Path("tiny-circle.yaml").write_text(SMALL_CIRCLE, encoding="utf-8")
    result = CliRunner().invoke(main, ["workbook", "tiny-circle.yaml", *args])
    assert result.exit_code != 0 and message in result.output and "Traceback" not in result.output
    assert not list(tmp_path.glob("*.pdf"))


def test_a_member_copy_of_a_pair_plan_is_refused(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("pair.yaml").write_text("mentorkit: 1\ntitle: T\npair: {mentor: {name: A}, mentee: {name: B}}\n"
                                 "schedule: {start: 2027-05-03, cadence: weekly, meetings: 1}\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["workbook", "pair.yaml", "--each-member"])
    assert result.exit_code != 0 and "pair.yaml:1:1: error: a member's copy is a circle's workbook" in result.output
    assert not list(tmp_path.glob("*.pdf"))
