"""Issue 14, point 7: an indicator listed under two objectives of one goal is drawn in full once (under its own
objective) and linked from the other."""

import pytest

from indicators.catalog import load_catalog
from tests.pages.test_pages import run_page
from ui.cards import text as html_escaped

CATALOG = load_catalog()
# (indicator, goal) where the indicator also measures another objective of its own goal
LINKED = [(i.id, i.goal) for i in CATALOG.indicators if any(o.split(".")[0] == i.goal for o in i.also_objectives)]


@pytest.mark.parametrize("goal_id", sorted({g for _, g in LINKED}, key=int))
def test_indicator_under_two_objectives_of_a_goal_is_drawn_once_and_linked(example_db, goal_id):
    assert LINKED, "the catalog has such indicators"
    at = run_page(f"app_pages/goal_{goal_id}.py")
    keys = [c.key for c in at.get("plotly_chart")]
    cards = "\n".join(el.proto.body for el in at.get("html"))
    for iid, goal in LINKED:
        if goal != goal_id:
            continue
        ind = CATALOG.indicator(iid)
        assert keys.count(f"chart-{iid}") == 1 and not any(
            k.endswith(f"-{iid}") and k != f"chart-{iid}" for k in keys
        ), (iid, keys)
        assert f'href="#delmal-{ind.objective.replace(".", "-")}"' in cards
        assert f"under delmål {ind.objective}</a>" in cards
        assert cards.count(f"<h3>{html_escaped(ind.name.nb)}</h3>") >= 2, "named under both objectives"
