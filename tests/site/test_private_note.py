"""The catalog says how many plans it keeps private, pairs and circles each by their name."""
from __future__ import annotations

import pytest

from mentorkit.plan.loading import load_program
from mentorkit.site.pages import CatalogView, SiteModel, gather_site
from running import PLANS


def note(pairs: int, circles: int) -> str:
    catalog = CatalogView(SiteModel([], None, unpublished=pairs + circles, unpublished_circles=circles), "plans/")
    return catalog.private_note


@pytest.mark.parametrize("pairs, circles, said", [
    (1, 0, "1 pair plan is kept private"), (2, 0, "2 pair plans are kept private"),
    (0, 1, "1 circle plan is kept private"), (1, 1, "1 pair plan and 1 circle plan are kept private"),
    (3, 2, "3 pair plans and 2 circle plans are kept private"), (0, 0, "")])
def test_the_private_note_names_pairs_and_circles(pairs, circles, said):
    assert note(pairs, circles) == said


def test_the_example_keeps_one_pair_and_one_circle_private():
    model = gather_site(load_program(PLANS).plans)
    assert (model.unpublished, model.unpublished_circles) == (2, 1)
    assert CatalogView(model, "plans/").private_note == "1 pair plan and 1 circle plan are kept private"
