"""Assess indicators: Asker's headline series against its target, other series on trend; summaries per objective
and goal. Pure: the observations come in as a frame (store.status reads them from the store)."""

from __future__ import annotations

import pandas as pd

from indicators.catalog import HEADLINE_AREA, TOTAL, Catalog
from indicators.progress import Assessment, assess
from indicators.summary import Summary, summarize


def assess_observations(obs: pd.DataFrame, catalog: Catalog) -> dict[str, Assessment]:
    """One Assessment per catalog indicator from the headline observations of all of them (store.queries.
    headline_observations); indicators without data get `insufficient`."""
    groups = {iid: grp for iid, grp in obs.groupby("indicator_id", sort=False)}
    empty = obs.iloc[0:0]
    return {ind.id: assess(ind, groups.get(ind.id, empty)) for ind in catalog.indicators}


def assess_series(catalog: Catalog, indicator_id: str, series: pd.DataFrame, area: str, breakdown: str) -> Assessment:
    """Asker's total is measured against its target; other areas and breakdowns against their own trend."""
    ind = catalog.indicator(indicator_id)
    if area == HEADLINE_AREA and breakdown == TOTAL:
        return assess(ind, series)
    return assess(ind, series, target=None)


def objective_summary(catalog: Catalog, assessments: dict[str, Assessment], objective_id: str) -> Summary:
    return summarize(assessments, [i.id for i in catalog.indicators_for_objective(objective_id)])


def goal_summary(catalog: Catalog, assessments: dict[str, Assessment], goal_id: str) -> Summary:
    ids = [i.id for o in catalog.goal(goal_id).objectives for i in catalog.indicators_for_objective(o.id)]
    return summarize(assessments, ids)
