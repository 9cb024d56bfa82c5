"""A chart's text alternative says what the figure draws: the table has every drawn point of every series (the
trend's band as low and high), the summary names each series with its first and last values."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import pytest

from charts.indicator import indicator_figure, label
from charts.text_alternative import chart_summary, chart_table
from indicators.catalog import load_catalog
from indicators.format import fmt_value
from indicators.progress import assess, required_path, trend_path
from store import db, queries

CATALOG = load_catalog()


@pytest.fixture(scope="module")
def con(example_db_template):
    c = db.connect(example_db_template, read_only=True)
    yield c
    c.close()


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_indicator_chart_as_table_and_sentence(con, lang):
    ind = CATALOG.indicator("klimagassutslipp")
    series = queries.series(con, ind.id)
    a = assess(ind, series)
    path, trend = required_path(ind, a), trend_path(a)
    fig = indicator_figure(ind, series, a, path, trend, lang=lang)
    fmt = lambda v: fmt_value(v, ind.unit, ind.decimals, lang)  # noqa: E731
    periods = dict(zip(series["time"], series["period"]))
    table = chart_table(fig, lang, fmt, periods)

    observed = series[series["value"].notna()]
    name = label("observed", lang)
    first_col = "Periode" if lang == "nb" else "Period"
    by_period = dict(zip(table[first_col], table[name]))
    assert {p: by_period[p] for p in observed["period"]} == {
        p: fmt(v) for p, v in zip(observed["period"], observed["value"])
    }
    # the required path, the trend and its band (low/high) are columns too; the legend-only entries are not
    assert label("required", lang) in table and any(c.startswith(label("interval", lang)) for c in table)
    assert len([c for c in table if c.startswith(label("interval", lang))]) == 2
    assert table[first_col].is_unique and list(table[first_col]) == sorted(table[first_col])

    text = chart_summary(fig, lang, fmt, periods)
    first, last = observed.iloc[0], observed.iloc[-1]
    assert f"{name}: " in text and fmt(first["value"]) in text and fmt(last["value"]) in text
    assert str(first["period"]) in text and str(last["period"]) in text
    assert ind.unit_label(lang) in text and text.endswith(".")


def test_quarters_are_named_by_their_period_and_extremes_are_told():
    times = [2023.0, 2023.25, 2023.5, 2023.75]
    fig = go.Figure(go.Scatter(x=times, y=[5, 1, 9, 6], name="Ledighet", mode="lines"))
    periods = dict(zip(times, ["2023K1", "2023K2", "2023K3", "2023K4"]))
    table = chart_table(fig, "nb", periods=periods)
    assert list(table["Periode"]) == ["2023K1", "2023K2", "2023K3", "2023K4"]
    text = chart_summary(fig, "nb", periods=periods)
    assert "fra 5,0 i 2023K1 til 6,0 i 2023K4" in text
    assert "lavest 1,0 i 2023K2" in text and "høyest 9,0 i 2023K3" in text


def test_an_empty_chart_says_so():
    fig = go.Figure(go.Scatter(x=[None], y=[None], name="Målt"))
    assert chart_summary(fig, "nb") == "Diagrammet har ingen verdier."
    assert chart_table(fig, "en").columns.tolist() == ["Period"]
    assert isinstance(chart_table(fig, "en"), pd.DataFrame)
