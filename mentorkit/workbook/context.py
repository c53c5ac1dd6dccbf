"""What only the printed workbook adds to the view of a plan.

The print theme reads the format-neutral view (`mentorkit.view.build_view`) for everything a
plan says, and this module for what exists only on paper: the writing spaces (their form-field
names and how many ruled lines each gets), the empty rows left to write in, the table of
contents and PDF outline, the running title, the paper size, whether it is fillable and the
date it was made. Every number of ruled lines and blank rows lives here, in one place.

Plan text stays raw here as in the view; templates render it with the `inline` and `md`
filters below (sanitised Markdown, keeping only links that work on paper).
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, fields
from typing import Any, Mapping, Optional

from markupsafe import Markup, escape

from ..markup import render_inline, render_markdown
from ..view import labels
from ..view.plan_view import CheckInView, MeetingView, PersonView, PlanView, Sheet
from . import agenda_notes
from .forms import field_name
from ..view.text import Day
from .paper import PAPERS

# Ruled lines of every writing space outside the meetings, by form-field name.
LINES = {
    "before-mentee-want": 5, "before-mentee-bring": 4, "before-mentee-expect": 4, "before-mentee-reality": 4,
    "before-mentor-want": 5, "before-mentor-bring": 4, "before-mentor-expect": 4, "before-mentor-curious": 4,
    "self-strengths": 5, "self-gaps": 5, "self-reality": 4,
    "plan-gaps": 5, "plan-help": 5, "plan-doors": 4, "plan-bias": 3,
    "agree-boundaries": 2, "agree-confidential": 3, "agree-mentor-more": 2, "agree-mentee-more": 2,
    "final-evidence": 5, "final-learned": 7, "final-next": 6,
}
# The key each of those spaces fills in the plan (its form field's name: `forms.field_name`);
# "before-<sheet>-" spaces are the sheet's (`_before_path`).
PATHS = {
    "self-strengths": ("self_assessment", "strengths"), "self-gaps": ("self_assessment", "gaps"),
    "self-reality": ("self_assessment", "reality"),
    "plan-gaps": ("game_plan", "gaps"), "plan-help": ("game_plan", "help"), "plan-doors": ("game_plan", "doors"),
    "plan-bias": ("game_plan", "blind_spots"),
    "agree-boundaries": ("agreement", "boundaries"), "agree-confidential": ("logistics", "confidentiality"),
    "agree-mentor-more": ("agreement", "mentor_also"), "agree-mentee-more": ("agreement", "mentee_also"),
    "final-evidence": ("final_review", "evidence"), "final-learned": ("final_review", "learned"),
    "final-next": ("final_review", "next"),
}
# A check-in's written questions: the default four have these many lines, any other question 4.
CHECK_IN_LINES = (5, 5, 4, 4)
# Each meeting's writing spaces, by their name after the meeting's "m<number>-" prefix.
MEETING_LINES = {
    "agreed_agenda": 6,  # only when the plan sets no topic: the pair writes in what they agreed (its why: to the foot)
    "action": 3, "why": 4, "reflection": 3, "successes": 4, "roadblocks": 4,
    "next_steps": 4, "mentor_next_steps": 4,
    "member_next_steps": 2,  # each member of a circle has their own (up to 12 of them)
    "circle_outcomes": 3,  # a circle's successes and roadblocks: its next steps take two rows
    "notes": 2,  # at least: printed, the last lines of each page of a meeting go on to its foot
    "agenda_note": 1,  # beside each agenda item
}
# Under each closing question of a meeting; a logged meeting's page 2 holds what the pair wrote.
CLOSING_LINES = {"blank": 3, "logged": 2}
NOTES_PAGES = 1  # at least: as many as the plan records (`notes_pages`), so none is lost on a reprint
SELF_ASSESSMENT_ROWS = 6  # the self-assessment table is filled up to this many rows
RUNNING_TITLE_LIMIT = 70  # characters that fit on one line of the running header
# How tightly the cover is set, loosest first: the renderer takes the first with which the
# cover fits on its one page (a long title, long names and a long summary need a tighter one).
COVER_FITS = ("", "compact", "tight")
# A pair's or a circle's cover title has one size (not the cover's fit), smaller only past this many
# characters: pairs of one cohort, whose titles differ by their names, print it alike.
LONG_COVER_TITLE = 110


def inline(text: Any) -> Markup:
    """One line of plan text for print: sanitised Markdown, only web and mail links kept; short
    compounds and time zone names kept on one line (`keep_together`)."""
    return keep_together(render_inline(str(text), for_print=True)) if text not in (None, "") else Markup("")


def unbroken(text: Any) -> Markup:
    """mentorkit's own text for print (a schedule's duration, a meeting's date and time), escaped,
    with what `keep_together` keeps on one line."""
    return keep_together(escape(str(text))) if text not in (None, "") else Markup("")


# A short hyphenated compound ('check-in', 'on-call', 'follow-up', 'one-to-one'): split at its
# hyphen in a narrow column it reads as two words. Longer ones may still break at a hyphen.
_COMPOUND = re.compile(r"(?<![\w-])[^\W\d_]{1,10}(?:-[^\W\d_]{1,10}){1,3}(?![\w-])")
COMPOUND_LIMIT = 14  # characters: longer compounds keep their break (a narrow cell must still fit them)
# An IANA time zone name ('Europe/Berlin', 'America/Argentina/Buenos_Aires'): never 'Europe/ Berlin'.
_ZONE = re.compile(r"(?<![\w/])(?:Africa|America|Antarctica|Arctic|Asia|Atlantic|Australia|Europe|Indian|Pacific|Etc)"
                   r"(?:/[A-Za-z0-9_+-]+){1,2}(?![\w/])")
_TAG = re.compile(r"(<[^>]*>)")


def keep_together(html: Markup) -> Markup:
    """Printed HTML with short compounds and time zone names wrapped in `<span class="nowrap">`
    (workbook.css), in the text between tags only (never in an attribute or a link's address)."""
    parts = _TAG.split(str(html))
    inside_link = False
    for i, part in enumerate(parts):
        if i % 2:  # a tag
            if part.startswith("<a ") or part == "<a>":
                inside_link = True
            elif part == "</a>":
                inside_link = False
            continue
        if inside_link or ("-" not in part and "/" not in part):
            continue  # a link's text may be its address: a URL breaks where it must
        part = _ZONE.sub(lambda m: f'<span class="nowrap">{m[0]}</span>', part)
        parts[i] = _COMPOUND.sub(lambda m: f'<span class="nowrap">{m[0]}</span>'
                                 if len(m[0]) <= COMPOUND_LIMIT else m[0], part)
    return Markup("".join(parts))


def markdown(text: Any, under: int = 1) -> Markup:
    """Block plan text (paragraphs, lists) for print, sanitised like `inline`. Its headings
    (`###` and deeper: plan text has no h1 or h2) are renumbered to stand under the template's
    heading of level `under` (the cover's title, an h1) without skipping a level, as a tagged PDF
    must: `### A` then `##### B` print as an h2 and an h3 under an h1."""
    if text in (None, ""):
        return Markup("")
    return Markup(_headings_under(str(render_markdown(str(text), for_print=True)), under))


_HEADING_TAG = re.compile(r"<(/?)h([1-6])>")


def _headings_under(html: str, under: int) -> str:
    open_levels: list[int] = []  # the written levels of the headings the current one is under
    printed = [under]

    def renumber(tag: re.Match) -> str:
        if tag[1]:  # the closing tag of the heading just opened
            return f"</h{printed[-1]}>"
        level = int(tag[2])
        while open_levels and open_levels[-1] >= level:
            open_levels.pop()
        printed.append(min(6, under + 1 + len(open_levels)))
        open_levels.append(level)
        return f"<h{printed[-1]}>"

    return _HEADING_TAG.sub(renumber, html)


@dataclass(frozen=True)
class OutlineEntry:
    """One entry of the table of contents and the PDF outline."""
    id: str
    title: str
    level: int = 1


@dataclass(frozen=True)
class Written:
    """A writing space: ruled lines to fill by hand, or what the pair already logged there
    (plan text, which the template renders)."""
    name: str  # form field name (unique in the document): the path of the key it fills, dotted
    lines: int
    text: Optional[str] = None
    items: tuple[str, ...] = ()

    @property
    def filled(self) -> bool:
        return bool(self.text or self.items)

    @property
    def plain(self) -> str:
        """The logged text as plain text, for a pre-filled form field."""
        parts = [inline(self.text).striptags()] if self.text else []
        parts += ["• " + inline(item).striptags() for item in self.items]
        return "\n".join(parts)


@dataclass(frozen=True)
class MeetingPages:
    """A meeting's two pages: the meeting as the view has it, and its writing spaces."""
    meeting: MeetingView
    agenda: Written
    action: Written
    why: Written
    reflect: Written
    successes: Written
    roadblocks: Written
    mentee_steps: Written
    mentor_steps: Written
    notes: Written
    closing: tuple[tuple[str, Written], ...]  # (question as plan text, its space)
    member_steps: tuple[tuple[str, Written], ...] = ()  # a circle's: (member name, their space)
    check_in: Optional["CheckInPage"] = None
    agenda_notes: tuple[Written, ...] = ()  # beside each agenda item: what was said (`agenda_notes.py`)


@dataclass(frozen=True)
class CheckInPage:
    """A check-in's page: its rating rows (a radio group per statement and side) and questions."""
    check_in: CheckInView
    sides: tuple[tuple[str, str], ...]  # (key, heading): mentee and mentor, or the circle's group
    rows: tuple[tuple[str, tuple[tuple[str, Optional[int]], ...]], ...]  # (statement, ((field name, rating) by side))
    questions: tuple[tuple[str, Written], ...]


@dataclass(frozen=True)
class BlankRows:
    """Empty rows after what the plan lists, to write in more; more when it lists nothing."""
    areas: int
    responsibilities: int
    goals: int
    milestones: int
    final_metrics: int
    final_goals: int


@dataclass(frozen=True)
class WorkbookContext:
    """Everything the print theme receives besides the view; `template_vars()` hands it over."""
    view: PlanView
    paper: str
    fillable: bool
    generated: Day
    running_title: str
    sections: tuple[OutlineEntry, ...]
    meeting_pages: tuple[MeetingPages, ...]
    spaces: Mapping[str, Written]  # the writing spaces outside the meetings, by name
    game_plan: bool  # whether the workbook has the mentor's (or facilitator's) game plan
    blank_rows: BlankRows
    notes_pages: int
    notes_lines: int
    plan_digest: str = ""  # of the plan printed (`plan_digest`), in the PDF's information for `mentorkit import`
    cover_fit: str = COVER_FITS[0]  # a class of the cover: "", "compact", "tight"
    logo: Optional[str] = None  # the program's logo (a file URL), on the cover
    member: Optional[PersonView] = None  # a circle member's own copy: theirs alone (`member_copy`)
    sheets: tuple[Sheet, ...] = ()  # the 'before we start' pages this copy has
    self_fields: str = "self_assessment"  # the first part of the self-assessment's field names
    cover_title_class: str = ""  # "people" (a pair's or circle's title), "people long-title", or ""
    milestones_at: Optional[int] = None  # the meeting whose half-way check-in the milestones face (`milestones_at`)

    def template_vars(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


def build_context(view: PlanView, *, paper: str = "a4", fillable: bool = False,
                  today: Optional[dt.date] = None, logo: Optional[str] = None,
                  member: Optional[str] = None) -> WorkbookContext:
    """The print layer of one plan's workbook; `member`: a circle member's name, for their own
    copy (`member_copy`)."""
    person = member_copy(view, member)
    sheets = tuple(s for s in view.sheets if person is None or s.person == person)
    title = view.title if person is None else f"{view.title} · {person.name}"
    return WorkbookContext(logo=logo, plan_digest=plan_digest(view.plan),
        view=view, paper=paper, fillable=fillable, generated=Day(today or dt.date.today()),
        running_title=running_title(title), sections=_sections(view, sheets, person),
        milestones_at=milestones_at(view),
        meeting_pages=tuple(_meeting_pages(meeting, view) for meeting in view.meetings),
        spaces=_spaces(view, sheets, person),
        game_plan=game_plan(view) and person is None, blank_rows=_blank_rows(view),
        notes_pages=max(NOTES_PAGES, len(view.record.notes_pages) if view.record else 0),
        notes_lines=PAPERS[paper].notes_lines, member=person, sheets=sheets,
        cover_title_class=cover_title_class(view),
        self_fields=field_name(MEMBER_SELF + (person.name,)) if person else "self_assessment")


# A member's own self-assessment, in their copy: the plan format keeps one self-assessment for a
# circle (the circle's), so these fields name no key of the plan and `mentorkit import` says so.
MEMBER_SELF = ("self_assessment", "members")


def cover_title_class(view: PlanView) -> str:
    """The cover title's size class: a pair's or a circle's one size (`LONG_COVER_TITLE`)."""
    if not view.people:
        return ""
    return "people long-title" if len(view.title) > LONG_COVER_TITLE else "people"


def member_copy(view: PlanView, name: Optional[str]) -> Optional[PersonView]:
    """The member whose own copy this is (None: the circle's copy, or a pair's workbook). Raises
    ValueError for a plan that is not a circle's or a name that is not one of its members."""
    if name is None:
        return None
    if not view.circle:
        raise ValueError("a member's copy is a circle's; this plan is not a circle's (it has no circle.members)")
    for person in view.members:
        if person.name == name or person.name.casefold() == name.strip().casefold():
            return person
    raise ValueError(f"'{name}' is not a member of this circle; its members: "
                     + ", ".join(p.name for p in view.members))


def plan_digest(plan) -> str:
    """A short digest of what a plan holds: a workbook carries the one of the plan it was printed
    from, so an import can tell whether the plan has changed since."""
    import hashlib
    import json

    data = json.dumps(plan.model_dump(mode="json", exclude_defaults=True), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()[:16]


def running_title(title: str, limit: int = RUNNING_TITLE_LIMIT) -> str:
    """The title for the running header, short enough to stay on one line."""
    return title if len(title) <= limit else title[:limit - 1].rstrip() + "\u2026"


def _lines(view: PlanView, sheets: tuple[Sheet, ...]) -> dict[str, int]:
    """Every writing space outside the meetings; a circle's pages ask each person what the
    mentee's page (a member) or the mentor's page (the facilitator) asks. The facilitator's
    gaps of the members get two lines a member."""
    lines = dict(LINES)
    if view.circle:
        lines["plan-gaps"] = max(LINES["plan-gaps"], 2 * len(view.members))
    for sheet in sheets:
        if sheet.key not in ("mentee", "mentor"):
            like = "mentor" if sheet.side == "facilitator" else "mentee"
            lines.update({name.replace(f"before-{like}-", f"before-{sheet.key}-"): count
                          for name, count in LINES.items() if name.startswith(f"before-{like}-")})
    return lines


def _before_path(view: PlanView, name: str) -> Optional[tuple]:
    """'before-member-2-want' -> ('before_we_start', 'members', 'Bo Ek', 'want')."""
    for sheet in view.sheets:
        prefix = f"before-{sheet.key}-"
        if name.startswith(prefix):
            question = name[len(prefix):]
            if sheet.side == "member":
                return ("before_we_start", "members", sheet.person.name if sheet.person else sheet.key, question)
            return ("before_we_start", sheet.side, question)
    return None


def _spaces(view: PlanView, sheets: tuple[Sheet, ...], member: Optional[PersonView] = None) -> dict[str, Written]:
    """Every writing space outside the meetings, by its name in the templates, named (as a form
    field) by the key it fills and holding what the plan recorded there. In a member's copy the
    self-assessment is the member's own: named by `MEMBER_SELF`, a key the plan does not have."""
    spaces = {}
    for name, lines in _lines(view, sheets).items():
        path = PATHS.get(name) or _before_path(view, name)
        if path is None:
            continue  # a sheet this plan does not have
        if member is not None and path[0] == "self_assessment":
            spaces[name] = Written(field_name(MEMBER_SELF + (member.name,) + path[1:]), lines)
            continue
        spaces[name] = Written(field_name(path), lines, _recorded(view, path))
    return spaces


def _recorded(view: PlanView, path: tuple) -> Optional[str]:
    record = view.record
    if record is None:
        return None
    head, *rest = path
    if head == "before_we_start":
        sheet = next((s.key for s in view.sheets if (s.side == rest[0]) or
                      (rest[0] == "members" and s.person and s.person.name == rest[1])), None)
        return record.before.get(sheet, {}).get(rest[-1]) if sheet else None
    if head == "logistics":
        return None  # the agreement prints the plan's own confidentiality text instead of the space
    table = {"self_assessment": record.self_assessment, "game_plan": record.game_plan,
             "agreement": record.agreement, "final_review": record.final_review}[head]
    return table.get(rest[-1])


def milestones_at(view: PlanView) -> Optional[int]:
    """The meeting whose half-way check-in the milestones and resources page faces: the check-in is
    one page and meetings open as spreads, so a page of its own beside it would be a notes page
    left over; the milestones reached so far are what the half-way look back wants in view.
    None: they come after the last meeting."""
    return next((m.number for m in view.meetings if m.check_in and m.check_in.halfway), None)


def game_plan(view: PlanView) -> bool:
    """The mentor's game plan: a pair's (or a program's) mentor, or a circle's facilitator."""
    return not view.circle or view.facilitator is not None


def _sections(view: PlanView, sheets: tuple[Sheet, ...], member: Optional[PersonView] = None) -> tuple[OutlineEntry, ...]:
    parts = labels.WORKBOOK_PARTS
    sections = [OutlineEntry(key, parts[key]) for key in ("contents", "how-to-use")]
    sections += [OutlineEntry(f"before-{sheet.key}", sheet.title) for sheet in sheets]
    sections.append(OutlineEntry("self-assessment", labels.self_assessment_title(view.circle, member)))
    if game_plan(view) and member is None:
        sections.append(OutlineEntry("game-plan", parts["game-plan-circle" if view.circle else "game-plan"]))
    sections += [OutlineEntry(key, parts[key]) for key in ("agreement", "goals", "schedule")]
    facing = milestones_at(view)
    for meeting in view.meetings:
        sections.append(OutlineEntry(meeting.anchor, meeting.heading, 2))
        if meeting.check_in:
            sections.append(OutlineEntry(meeting.check_in.anchor, parts["check-in"], 2))
        if meeting.number == facing:
            sections += [OutlineEntry(key, parts[key], 2) for key in ("milestones", "resources")]
    after = ("final-review", "notes") if facing else ("milestones", "resources", "final-review", "notes")
    sections += [OutlineEntry(key, parts[key]) for key in after]
    return tuple(sections)


def _meeting_pages(meeting: MeetingView, view: PlanView) -> MeetingPages:
    number = meeting.number
    log = meeting.log

    def space(key: str, text: Optional[str] = None, items: tuple[str, ...] = (), lines_key: str = "") -> Written:
        return Written(field_name(("log", number, key)), MEETING_LINES[lines_key or key], text or None, tuple(items))

    closing = log.closing if log else ()
    said_of, notes = agenda_notes.split([line.title for line in meeting.agenda], log.notes if log else None)
    member_steps = dict(log.member_next_steps) if log else {}
    outcomes = "circle_outcomes" if view.members else ""  # a meeting's second page holds all of it
    return MeetingPages(
        meeting=meeting,
        agenda=space("agreed_agenda", log and log.agreed_agenda),
        action=space("action", log and log.action),
        why=space("why", log and log.why),
        reflect=space("reflection", log and log.reflection),
        successes=space("successes", items=log.successes if log else (), lines_key=outcomes),
        roadblocks=space("roadblocks", items=log.roadblocks if log else (), lines_key=outcomes),
        mentee_steps=space("next_steps", items=log.next_steps if log else ()),
        # in a circle the facilitator's space is as large as each member's: the row of six fits the page
        mentor_steps=space("mentor_next_steps", items=log.mentor_next_steps if log else (),
                           lines_key="member_next_steps" if view.members else ""),
        notes=space("notes", notes),
        agenda_notes=tuple(Written(field_name(("log", number, agenda_notes.FIELD, i)), MEETING_LINES["agenda_note"], said)
                           for i, said in enumerate(said_of, 1)),
        closing=tuple((question, Written(field_name(("log", number, "closing", i)),
                                         CLOSING_LINES["logged" if log or view.members else "blank"],
                                         closing[i - 1] if i <= len(closing) else None))
                      for i, question in enumerate(view.reflection, 1)),
        member_steps=tuple((m.name, Written(field_name(("log", number, "member_next_steps", m.name)),
                                            MEETING_LINES["member_next_steps"], None,
                                            tuple(member_steps.get(m.name, ()))))
                           for m in view.members),
        check_in=_check_in_page(meeting.check_in, view) if meeting.check_in else None)


def _check_in_page(check_in: CheckInView, view: PlanView) -> CheckInPage:
    sides = (("group", labels.answered_by("group")),) if view.circle else \
        tuple((side, labels.answered_by(side)) for side in ("mentee", "mentor"))
    base = ("log", check_in.meeting, "check_in")
    rows = tuple((statement, tuple((field_name((*base, "ratings", side, i)), check_in.rating(side, i - 1))
                                   for side, _ in sides))
                 for i, statement in enumerate(check_in.ratings, 1))
    questions = tuple((question, Written(field_name((*base, "answers", i)),
                                         CHECK_IN_LINES[i - 1] if check_in.halfway and i <= len(CHECK_IN_LINES) else 4,
                                         check_in.answer(i - 1)))
                      for i, question in enumerate(check_in.questions, 1))
    return CheckInPage(check_in, sides, rows, questions)


def _blank_rows(view: PlanView) -> BlankRows:
    areas = len(view.self_assessment)
    return BlankRows(
        areas=SELF_ASSESSMENT_ROWS - areas if areas < SELF_ASSESSMENT_ROWS else 2,
        responsibilities=2 if view.responsibilities else 4,
        goals=1 if view.goals else 2,
        milestones=3,
        final_metrics=1 if view.metrics else 3,
        final_goals=1 if view.goals else 3)
