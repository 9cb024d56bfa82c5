"""Summaries of progress: counts of statuses over an objective's or a goal's indicators, the headline share with
its denominators, and the worst indicators first (severity, then the size of the miss on one scale).

Plain Python; the assessments come from indicators/progress.py, the method is in docs/methodology.md.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from indicators.format import norm_lang
from indicators.progress import DEFAULT_TARGET_YEAR, INSUFFICIENT, OLD_DATA, SEVERITY, STATUS_ORDER, Assessment


def miss_size(a: Assessment) -> float:
    """How far an assessment is from what is needed, on one scale for every indicator (a share of the level):
    the shortfall of the projected value at the target year (the latest value when there is no projection)
    relative to the larger of the target and the latest value; trend only, the relative change per year in
    the wrong direction times the years left to 2030. Positive = short of what is needed."""
    if a.target_value is not None and a.effective_direction is not None and a.latest_value is not None:
        d = 1 if a.effective_direction == "up" else -1
        value = a.projected_value if a.projected_value is not None else a.latest_value
        scale = max(abs(a.target_value), abs(a.latest_value)) or 1.0
        return d * (a.target_value - value) / scale
    if a.trend_value is not None and a.latest_year is not None:
        return -a.trend_value * max(1, DEFAULT_TARGET_YEAR - a.latest_year)
    return -math.inf


@dataclass
class Summary:
    """Counts of indicators per status for an objective or a goal. Indicators without data are never hidden,
    and the headline share counts every indicator of the list, not only the assessed ones."""

    counts: dict[str, int]  # every code of STATUS_ORDER; an indicator with old data counts under old_data
    n_indicators: int
    n_assessed: int  # a status other than insufficient, on current (not old) data
    share_assessed: float | None
    n_good: int  # achieved + on track, on current data
    share_on_track: float | None  # n_good / n_indicators (every indicator, with or without data)
    share_on_track_of_assessed: float | None  # n_good / n_assessed
    n_without_data: int
    worst: list[str]  # assessed indicators, worst first: severity, then the size of the miss
    without_data: list[str]  # indicators with no observations at all (or no assessment given)
    insufficient: list[str]  # every indicator counted as insufficient (includes without_data)
    old_data: list[str] = field(default_factory=list)  # assessed, but the latest value is too old to count

    def text(self, lang: str | None = None) -> str:
        """One line for a meeting slide, e.g. '2 av 9 indikatorer nådd eller i rute (2 av 5 vurderte);
        1 med gamle data; 3 mangler nok data.'"""
        lang = norm_lang(lang)
        n_old, n_missing = len(self.old_data), len(self.insufficient)
        if lang == "en":
            old = f"; {n_old} with old data" if n_old else ""
            return (
                f"{self.n_good} of {self.n_indicators} indicators reached or on track ({self.n_good} of "
                f"{self.n_assessed} assessed){old}; {n_missing} lack sufficient data."
            )
        old = f"; {n_old} med gamle data" if n_old else ""
        return (
            f"{self.n_good} av {self.n_indicators} indikatorer nådd eller i rute ({self.n_good} av "
            f"{self.n_assessed} vurderte){old}; {n_missing} mangler nok data."
        )


def summarize(assessments: Mapping[str, Assessment | None], indicator_ids: Iterable[str]) -> Summary:
    """Count statuses over ``indicator_ids`` (an objective's or a goal's list). Ids without an assessment count
    as insufficient data and are listed in ``without_data``; an assessment on old data (``stale``) counts as
    ``old_data``, never as reached or on track; all status codes appear in ``counts``."""
    ids = list(dict.fromkeys(indicator_ids))
    counts = {code: 0 for code in STATUS_ORDER}
    assessed, without, insufficient, old = [], [], [], []
    for pos, iid in enumerate(ids):
        a = assessments.get(iid)
        if a is None:
            counts[INSUFFICIENT] += 1
            without.append(iid)
            insufficient.append(iid)
        elif a.status == INSUFFICIENT:
            counts[INSUFFICIENT] += 1
            insufficient.append(iid)
            if a.n_points == 0 and a.latest_value is None:
                without.append(iid)
        elif a.stale:
            counts[OLD_DATA] += 1
            old.append(iid)
        else:
            counts[a.status] += 1
            assessed.append((SEVERITY[a.status], -miss_size(a), pos, iid))
    n, n_assessed = len(ids), len(assessed)
    good = counts["achieved"] + counts["on_track"]
    return Summary(
        counts=counts,
        n_indicators=n,
        n_assessed=n_assessed,
        share_assessed=(n_assessed / n) if n else None,
        n_good=good,
        share_on_track=(good / n) if n else None,
        share_on_track_of_assessed=(good / n_assessed) if n_assessed else None,
        n_without_data=len(without),
        worst=[iid for *_, iid in sorted(assessed)],
        without_data=without,
        insufficient=insufficient,
        old_data=old,
    )


__all__ = ["Summary", "miss_size", "summarize"]
