"""«Åpne data» documents every open-data route; «Bygg inn» gives an iframe for the same view as the chart it sits
under. (The embedded view itself is tested in Chromium, tests/browser/test_embed.py: Streamlit keeps `embed` out of
st.query_params and reports it only from a browser, in st.context.is_embedded.)"""

from __future__ import annotations

import re

import pytest

from api import fields
from api.routes import DOCUMENTED, PREFIX
from tests.pages.test_pages import CATALOG, assessments, figures, run_page, texts  # noqa: F401 (fixture)


def code_blocks(at) -> list[str]:
    return [c.value for c in at.code]


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_open_data_page_lists_every_route_with_an_example(example_db, lang):
    at = run_page("app_pages/open_data.py", lang)
    assert at.title[0].value == ("Open data" if lang == "en" else "Åpne data")
    shown = texts(at)
    for route in DOCUMENTED:
        assert f"{PREFIX}{route.path}" in shown
        assert f"http://localhost:8501{PREFIX}{route.example}" in shown
        assert (route.en if lang == "en" else route.nb) in shown
    table = at.dataframe[0].value
    assert list(table.iloc[:, 0]) == [f.nb for f in fields.OBSERVATION]
    assert list(table.iloc[:, 1]) == [f.en for f in fields.OBSERVATION]
    assert any("<iframe" in c and "embed=true" in c for c in code_blocks(at))


def test_goal_page_offers_an_embed_for_every_indicator_chart(example_db):
    """Every indicator card on a goal page carries its «Bygg inn» snippet in a disclosure (ui/goal_view.card_tail):
    escaped, so it shows as code, and for the indicator page's embedded view with a title for screen readers."""
    import html

    at = run_page("app_pages/goal_13.py")
    charts = figures(at)
    bodies = [el.proto.body for el in at.get("html")]
    snippets = [
        html.unescape(code) for body in bodies for code in re.findall(r"<pre><code>(.*?)</code></pre>", body, re.S)
    ]
    assert charts and len(snippets) == len(charts)
    assert not any("<iframe" in body for body in bodies), "the snippet is text to copy, never a live iframe"
    ids = [i.id for o in CATALOG.goal("13").objectives for i in CATALOG.indicators_for_objective(o.id)]
    for iid in ids:
        assert any(f"indikator?indikator={iid}&amp;embed=true" in s for s in snippets), iid
    assert all(s.startswith("<iframe") and 'title="Asker 2030: ' in s for s in snippets)


def test_indicator_page_takes_the_series_from_the_url_and_gives_it_to_its_embed(example_db):
    """A shared link with ?omrade= opens that series, and «Bygg inn» embeds that same series."""
    at = run_page("app_pages/indicator.py", indikator="klimagassutslipp", omrade="Bærum")
    assert at.selectbox[1].value == ("Bærum", "")
    snippet = next(c for c in code_blocks(at) if c.startswith("<iframe"))
    assert "indikator=klimagassutslipp&amp;omrade=B%C3%A6rum&amp;embed=true" in snippet


def test_explore_offers_an_embed_of_the_same_selection(example_db):
    a, b = CATALOG.indicators[0].id, CATALOG.indicators[1].id
    at = run_page("app_pages/explore.py", ind=f"{a},{b}", fra="2016", indeks="2016")
    snippet = next(c for c in code_blocks(at) if c.startswith("<iframe"))
    assert f"utforsk?ind={a}%2C{b}&amp;fra=2016" in snippet
    assert "indeks=2016" in snippet and snippet.count("embed=true") == 1
