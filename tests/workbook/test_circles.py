"""A circle instead of a pair: every member on the cover, a page and a signature line each."""
from __future__ import annotations

import re

import pytest

from mentorkit.plan.loading import check_paths, load_plan
from mentorkit.view.privacy import HIDDEN, LISTED, level_for
from running import PLANS

CIRCLE = PLANS / "platform-leads-circle.yaml"


@pytest.fixture(scope="module")
def circle(renders):
    return renders.workbook(CIRCLE)


def test_the_workbook_of_a_circle_of_five_names_everyone_and_has_a_signature_line_each(circle):
    members = [m.name for m in circle.plan.circle.members]
    assert len(members) == 5
    cover = circle.pages_text[0]
    for name in members + ["Morgan Avery"]:
        assert name in cover
    for part in ("agreement", "final-review"):
        page = next(t for t in circle.pages_text if ("signed" if part == "agreement" else "closed") in t.lower()
                    and "Member:" in t)
        signed = re.findall(r"(Member|Facilitator): ([^\n]+?)\s*(?:Date|\n)", page)
        assert [name for _, name in signed] == ["Morgan Avery"] + members, part
    # one 'before we start' page per person, in the contents and the PDF outline
    titles = [title for _, title, _ in circle.outline]
    assert [t for t in titles if t.startswith("Before we start")] == \
        [f"Before we start: {name}" for name in ["Morgan Avery"] + members]
    assert "The facilitator's game plan" in titles
    check_in = next(t for t in circle.pages_text if "Half-way check-in" in t and "HOW IS IT GOING" in t.upper())
    assert re.search(r"HOW IS IT GOING\?\s+GROUP", check_in.upper()) and "MENTEE" not in check_in.upper()


_PAIR_WORDS = re.compile(r"\bment(?:or|ee)s?\b", re.IGNORECASE)


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_every_page_of_a_circles_workbook_speaks_to_a_circle(renders, paper):
    """Issue 26: 'Self-assessment: for the mentee', 'Gaps the mentee may have', MENTOR / MENTEE
    columns, 'The mentee's goals', 'The action I took toward my goal' in a circle of six."""
    circle = renders.workbook(CIRCLE, paper=paper)
    pages = [" ".join(page.split()) for page in circle.pages_text]
    # only the plan's own summary, on the cover, says 'both mentor and mentee'
    assert [i + 1 for i, page in enumerate(pages) if _PAIR_WORDS.search(page)] == [1], \
        [(i + 1, _PAIR_WORDS.findall(page)) for i, page in enumerate(pages) if _PAIR_WORDS.search(page)]
    text = "\n".join(pages)
    members = [m.name for m in circle.plan.circle.members]
    assessment = next(p for p in pages if "The circle's self-assessment" in p and "Area" in p.title())
    assert "For the circle, together, at the first meeting" in assessment and "Our strengths" in assessment
    game_plan = next(p for p in pages if "The facilitator's game plan" in p and "Gaps each member may have" in p)
    assert "a line or two for each: " + ", ".join(members) in game_plan
    owners = next(p for p in pages if "Who does what" in p)
    assert re.search(r"TASK FACILITATOR MEMBERS ALL OF US", owners.upper()), owners
    assert "then everyone signs" in text and "The circle's goals, agreed together" in text
    meetings = [p for p in pages if re.search(r"M ?EETING \d+ OF 12", p)]
    assert len(meetings) == 12 and all("What we did with last time's next steps" in p and "How we rate it" in p
                                       for p in meetings)
    assert "a new goal, a new member, hosting a circle of your own, an ending" in text


def test_a_circles_next_steps_are_its_members_and_facilitators_not_a_mentees(circle, renders, tmp_path):
    text = circle.text
    plan = load_plan(CIRCLE)
    assert all(member.name in text for member in plan.circle.members) and "The facilitator will" in text
    assert "The mentee will" not in text and "The mentor will" not in text
    html = renders.renderer("a4").html(plan, fillable=True)
    for member in plan.circle.members:  # one space a member, named by the key it fills
        assert f'name="log.1.member_next_steps.{member.name}"' in html
    (tmp_path / "leadership-circle.yaml").write_bytes((PLANS / "leadership-circle.yaml").read_bytes())
    leaderless = tmp_path / "leaderless.yaml"
    leaderless.write_text(re.sub(r"(?m)^  facilitator:.*\n(    .*\n)*", "", CIRCLE.read_text(encoding="utf-8")),
                          encoding="utf-8")
    plan = load_plan(leaderless)
    assert plan.circle.facilitator is None
    html = renders.renderer("a4").html(plan)
    assert '<h3 class="prompt-title">Together we will</h3>' in html and "facilitator will" not in html
    assert all(f'<h3 class="prompt-title">{member.name}</h3>' in html for member in plan.circle.members)


def test_a_meeting_without_a_topic_has_a_plain_title(circle):
    titles = [title for _, title, _ in circle.outline]
    untitled = [t for t in titles if re.fullmatch(r"Meeting \d+", t)]
    assert untitled, titles  # the open-ended circle has meetings beyond its roadmap
    assert not any(re.fullmatch(r"Meeting (\d+): Meeting \1", t) for t in titles)
    assert not re.search(r"Meeting (\d+): Meeting \1\b", circle.text)


def test_a_circle_plan_is_private_like_a_pair_plan():
    plan = load_plan(CIRCLE)
    assert plan.has_people and level_for(plan, HIDDEN) == HIDDEN and level_for(plan, LISTED) == LISTED


@pytest.mark.parametrize("people, message", [
    ("pair: {mentor: {name: A}, mentee: {name: B}}\ncircle: {members: [{name: C}, {name: D}]}\n",
     "a plan is for a pair or for a circle, not both"),
    ("circle: {members: [{name: C}, {name: C}]}\n", "member 'C' is listed twice"),
    ("circle: {members: [{name: C}]}\n", "circle.members has 1 item; it needs at least 2"),
])
def test_circle_mistakes_are_located_errors(tmp_path, people, message):
    (tmp_path / "c.yaml").write_text("mentorkit: 1\ntitle: T\n" + people, encoding="utf-8")
    found = [d.format() for d in check_paths([tmp_path / "c.yaml"]).diagnostics]
    assert any(message in line for line in found), found


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_a_meeting_of_a_circle_of_five_takes_two_pages_on_either_paper(run_folder, paper):
    """Each member's next steps pushed a meeting's second page over: four pages a meeting (one
    blank, as meetings start on a right-hand page), 71 pages in all instead of 50."""
    from running import pdf_pages_text, rendered_workbook

    pdf, _ = rendered_workbook(run_folder, CIRCLE, paper=paper)
    pages = pdf_pages_text(pdf)
    starts = [i for i, text in enumerate(pages) if re.search(r"M ?EETING \d+ OF 12", text)]
    assert len(starts) == 12
    for a, b in zip(starts, starts[1:]):  # no page of its own for the notes; a check-in's pages may follow
        assert b - a == 2 or "check-in" in pages[a + 2].lower(), (paper, a, b)
    assert sum(b - a != 2 for a, b in zip(starts, starts[1:])) == 1  # the one half-way check-in
    assert not any(re.fullmatch(r"Notes\s+Page \d+ of \d+", pages[i + 1].strip()) for i in starts)
    for i in starts:  # the whole of a meeting on its two pages: next steps, closing questions, notes
        second = pages[i + 1]
        assert "The facilitator will" in second and "Closing questions" in second and "Notes" in second
