"""The rules of the format that are not keys: the prose part of the generated format reference.

Kept next to the code that applies each rule (following.py, dates.py, rules.py) and tested
against it, so the reference cannot drift from what mentorkit does.
"""
from __future__ import annotations

from .dates import RELATIVE_PATTERN
from .following import BY_ID, NOT_INHERITED
from .model import MAX_LINE_CHARS

RULES = f"""
## A plan that follows a program

A program plan is written once by the program's designer, without a `pair` or a start date. A pair
plan says `program: ID` (the `id` of a program plan in the same plans folder) and holds only what is
its own: the pair, the start date, its goals in the pair's words, its log, its self-assessment.
Everything else comes from the program, on every build: change the program and every pair that
follows it changes with it. How the two combine:

- A key the pair plan writes replaces the program's value for that key.
- Mappings (`schedule`, `logistics`, `expectations`, `self_assessment`, ...) combine key by key, at
  every depth: `schedule: {{start: 2027-01-04}}` in the pair plan keeps the program's cadence,
  meetings and length.
- {", ".join(f"`{k}`" for k in sorted(BY_ID))} combine by `id`: a pair's goal with the id of a
  program goal replaces that goal where it stands; a goal with a new id is added after the program's.
- Every other list (`roadmap`, `milestones`, `resources`, `tags`, ...) is replaced as a whole.
- {", ".join(f"`{k}`" for k in sorted(NOT_INHERITED - {"program"}))} are never taken from the
  program. A pair plan without a `title` is called "PROGRAM TITLE: MENTOR and MENTEE".
- A program plan cannot itself follow a program, nor be the plan of a pair or circle.

A problem in a value that comes from the program is reported at the program's file and line, once
when the program alone has it, and with "for PAIR PLAN, which follows this program" when only that
pair's values (its start date, its number of meetings) expose it.

## Dates relative to the schedule

A goal's or a milestone's `due` may be a date (`2027-03-05`) or relative to the schedule:

| written | means | reads, in a plan with no start date |
|---|---|---|
| `meeting 6` | the date of meeting 6 | by meeting 6 |
| `last meeting` | the date of the last meeting | by the last meeting |
| `8 weeks in`, `3 months in`, `10 days in` | that long after the start | 8 weeks in |

(pattern: `{RELATIVE_PATTERN}`). A plan with a start date (a pair plan) shows the real date
everywhere; its dates are checked like written ones.

## Errors and warnings about dates

The same fact has the same severity, whichever date it is about (a goal's or milestone's `due`,
a milestone's `achieved`, a log entry's `date`):

- **error**: a date before the schedule's `start`, or after its explicit `end` (the plan contradicts
  its own schedule), and a relative date naming a meeting the schedule does not have;
- **warning**: a date after the last planned meeting (and not after an explicit `end`). It can be
  true (meetings slip; a goal can be met after the relationship ends) but the pair cannot review
  it together, so it deserves a look. `validate --strict` turns warnings into errors.

## Names and titles are one line

A name or a title (a person's `name`, a goal's, metric's, milestone's or resource's `title`, a
topic, an agenda item, a reflection question) is printed on one line: on a cover, in a table, as
a calendar entry. It holds at most {MAX_LINE_CHARS} characters and no line break; the line break
a YAML block (`>` or `|`) ends with is dropped. Longer text belongs in the fields made for it
(a summary, a goal's facets, a meeting's notes).

## The record: what a pair writes in its workbook

Every answer the workbook asks for has a key, all of them *private*: `before_we_start` (each
person's page), `self_assessment` (`ratings` today, `end_ratings` at the end, `strengths`, `gaps`,
`reality`), `game_plan`, `agreement` (what the pair adds, and `signed: [{{name, date}}]`), each
`log` entry (the meeting's `prework_done`, `action`, `rating`, `why`, `reflection`, `successes`,
`roadblocks`, `next_steps`, `mentor_next_steps`, a circle's `member_next_steps`, `closing`, `notes`,
and `check_in` for the check-in held with it), the milestones' `achieved` and `celebrated`,
`final_review` and `notes_pages`. The workbook prints what the plan records; `mentorkit import`
writes back what a pair filled in.

## Form fields of a fillable workbook

In a workbook made with `--fillable`, every form field is named by the path of the key it
fills, its levels joined by dots (a '.' inside a name or an area is written '\u2024'):

| field | fills |
|---|---|
| `log.3.rating` | the rating of meeting 3 (a radio group; export values `1`..`10`) |
| `log.3.action`, `log.3.why`, `log.3.reflection`, `log.3.notes`, `log.3.agreed_agenda` | text of meeting 3 |
| `log.3.successes`, `log.3.roadblocks`, `log.3.next_steps`, `log.3.mentor_next_steps` | lists, one item a line (a next step's due date in brackets after it, as the 'by when' column prints it) |
| `log.3.member_next_steps.NAME` | a circle member's next steps |
| `log.3.prework_done.2` | check box (export value `Yes`): prework item 2 done |
| `log.3.closing.1` | the answer to the first closing question |
| `log.3.agenda_notes.2` | what was said beside agenda item 2 (imported into `log.3.notes` as an 'item: text' line; a reprint puts it back beside its item) |
| `log.3.date`, `log.3.held` | the meeting's date (undated plans); held (check box: a log entry) |
| `log.6.check_in.ratings.mentee.1` | the mentee's rating of the check-in's first statement (`1`..`5`; `mentor`, `group`) |
| `log.6.check_in.answers.2` | the answer to its second question |
| `before_we_start.mentee.want`, `before_we_start.members.NAME.want` | the "before we start" pages |
| `self_assessment.ratings.AREA`, `self_assessment.end_ratings.AREA` | radio groups, `1`..`scale` |
| `self_assessment.strengths`, `game_plan.gaps`, `agreement.boundaries`, `final_review.evidence`, ... | texts |
| `logistics.location`, `logistics.responsibilities.TASK` | the agreement's blanks; who does what (`mentor`, `mentee`, `both`) |
| `agreement.signed.NAME.name`, `agreement.signed.NAME.date` | a signature line (also `final_review.signed`) |
| `final_review.metrics.ID.actual`, `final_review.metrics.ID.met`, `final_review.goals.ID` | the final review (`met`, `partly`, `not-yet`) |
| `milestones.2.achieved`, `milestones.2.celebrated` | the second milestone |
| `notes_pages.1` | the first notes page |

Numbers in a path count from 1: a meeting's number, an item's place in its list.

The rows left blank to add more have no key yet: their fields are named by the row, counting
from 0, and an import adds what they hold as new items (after the program's, which a pair plan
then holds as its own, since a pair's list replaces the program's):

| field | adds |
|---|---|
| `goal-new-0`, `goal-new-0-1` .. `goal-new-0-5`, `goal-new-0-due` | a goal: its title, its facets one row each, its due date. All five rows and a due date make it SMART; the first four and no time-bound, REAL; anything less is not imported (a goal needs its facets) |
| `milestone-extra-0`, `-due`, `-reached`, `-celebrated` | a milestone |
| `self-extra-0`, `-start`, `-end` | a self-assessment area, with its ratings today and at the end |
| `owner-extra-0`, `-mentor`, `-mentee`, `-both` | a task of who does what, with the one ticked as its owner |
| `resource-extra-0` | resources found along the way, one a line (each line a resource's title) |
| `final-extra-0`, `-baseline`, `-target`, `-actual`, `-met` | a measure (a metric) and its result in the final review |

An item whose title the plan already has is not added twice. `final-goal-extra-0` (another goal
in the final review) is not imported: a goal needs its facets, written under `goals` first.
"""
