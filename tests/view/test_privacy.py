"""What a published site may show of a pair's plan: decided once, in view/privacy.py."""
from __future__ import annotations

import pytest
from pydantic import Field

from mentorkit.plan.loading import load_plan
from mentorkit.plan.model import Model, Plan
from mentorkit.view import build_view
from mentorkit.view.privacy import FULL, HIDDEN, LISTED, level_for, published_view, without_private

from running import PLANS, TEMPLATES

PAIR = PLANS / "dana-and-sam.yaml"


def test_every_field_must_say_whether_it_is_private():
    with pytest.raises(TypeError, match="declare note with Public"):
        class Undeclared(Model):
            note: str = Field("")


@pytest.mark.parametrize("site", [HIDDEN, LISTED, FULL])
def test_program_plans_are_published_in_full_whatever_the_setting(site):
    assert level_for(load_plan(TEMPLATES / "onboarding.yaml"), site) == FULL


@pytest.mark.parametrize("site, own, expected", [
    (HIDDEN, None, HIDDEN), (LISTED, None, LISTED), (FULL, None, FULL),
    (FULL, "listed", LISTED), (FULL, "private", HIDDEN), (LISTED, "private", HIDDEN),
    (LISTED, "full", LISTED), (HIDDEN, "full", HIDDEN),  # a plan can lower its level, never raise it
])
def test_a_pair_plan_is_shown_at_the_lowest_of_site_and_plan(site, own, expected):
    plan = load_plan(PAIR).model_copy(update={"visibility": own})
    assert level_for(plan, site) == expected


def test_listed_keeps_names_goal_titles_and_schedule_and_drops_every_private_field():
    plan = load_plan(PAIR)
    assert plan.log and plan.pair.mentor.email and plan.metrics[0].measurements
    view = published_view(plan, LISTED)
    assert view.level == LISTED
    assert [p.name for p in view.people] == [plan.pair.mentor.name, plan.pair.mentee.name]
    assert all(p.email is None for p in view.people)
    assert [g.title for g in view.goals] == [g.title for g in plan.goals]
    assert all(text is None for g in view.goals for _, text in g.facets)
    def schedule(of):
        return [(m.number, m.date, m.when, m.time, m.moved) for m in of.meetings]
    assert schedule(view) == schedule(build_view(plan))  # the schedule as the whole plan has it
    assert [m.date.date for m in view.meetings] == [m.date for m in plan.meetings] and plan.meetings[0].date
    assert not view.log and not view.ratings and not any(m.held for m in view.meetings)
    assert all(not m.measurements and not m.latest for m in view.metrics)
    assert all(rating is None for _, rating in view.self_assessment)
    assert view.summary is None and view.location is None
    assert not any(m.achieved for m in view.milestones)


def _private_values(model, found):
    """Every value held in a private field of `model`, at any depth."""
    from pydantic import BaseModel
    if isinstance(model, BaseModel):
        for name, info in type(model).model_fields.items():
            value = getattr(model, name)
            if name in type(model).private_fields():
                if value != info.get_default(call_default_factory=True):
                    found.append((type(model).__name__, name))
            else:
                _private_values(value, found)
    elif isinstance(model, (list, tuple)):
        for item in model:
            _private_values(item, found)
    elif isinstance(model, dict):
        for item in model.values():
            _private_values(item, found)
    return found


def test_without_private_leaves_no_private_value_at_any_depth_and_keeps_the_original():
    plan = load_plan(PAIR)
    before = plan.model_dump()
    assert _private_values(plan, [])  # the example pair does keep private things
    assert _private_values(without_private(plan), []) == []
    assert plan.model_dump() == before and plan.log


def test_hidden_pairs_have_no_view_and_the_full_view_is_the_whole_plan():
    plan = load_plan(PAIR)
    assert published_view(plan, HIDDEN) is None
    full = published_view(plan, FULL)
    assert len(full.log) == len(plan.log) and full.people[0].email == plan.pair.mentor.email


def test_plan_visibility_is_part_of_the_format():
    assert "visibility" in Plan.model_fields
