"""Data coverage and freshness: which objectives lack indicators or recent data, which series are stale."""
from __future__ import annotations

import datetime as dt

import pandas as pd

from indicators.catalog import FREQUENCIES, Catalog

# Statistics are published some time after the year they describe: a series is "recent" when its latest
# year is no older than one publication lag plus its update interval.
PUBLICATION_LAG_YEARS = 1


def expected_latest_year(frequency: str, today: dt.date) -> int:
    interval_years = max(1, FREQUENCIES[frequency]["months"] // 12)
    return today.year - PUBLICATION_LAG_YEARS - interval_years


def stale_series(catalog: Catalog, freshness: pd.DataFrame, today: dt.date, lang: str = "nb") -> pd.DataFrame:
    """Indicators whose latest Asker value is older than their frequency allows (or that have no data)."""
    rows = []
    by_id = freshness.set_index("indicator_id")
    for ind in catalog.indicators:
        latest = by_id["latest_year"].get(ind.id) if ind.id in by_id.index else None
        latest = int(latest) if latest is not None and pd.notna(latest) else None
        expected = expected_latest_year(ind.frequency, today)
        if latest is None or latest < expected:
            rows.append({
                ("Indicator" if lang == "en" else "Indikator"): ind.name.get(lang),
                ("Objective" if lang == "en" else "Delmål"): ind.objective,
                ("Updated" if lang == "en" else "Oppdateres"): FREQUENCIES[ind.frequency][lang],
                ("Latest year" if lang == "en" else "Siste år"): str(latest) if latest else "–",
                ("Expected at least" if lang == "en" else "Forventet minst"): str(expected),
                ("Source" if lang == "en" else "Kilde"): f"{ind.source.agency} {ind.source.table}".strip(),
            })
    return pd.DataFrame(rows)


def objective_coverage(catalog: Catalog, freshness: pd.DataFrame, this_year: int, lang: str = "nb") -> pd.DataFrame:
    """Objectives with no indicator, or none of whose indicators has data from the last three years."""
    recent = set(freshness[freshness["latest_year"].fillna(0) >= this_year - 3]["indicator_id"])
    rows = []
    for o in catalog.objectives:
        inds = catalog.indicators_for_objective(o.id)
        n_recent = sum(1 for i in inds if i.id in recent)
        if not inds or n_recent == 0:
            rows.append({
                ("Objective" if lang == "en" else "Delmål"): f"{o.id} {o.short.get(lang)}",
                ("Indicators" if lang == "en" else "Indikatorer"): len(inds),
                ("With recent data" if lang == "en" else "Med nye data"): n_recent,
            })
    return pd.DataFrame(rows)
