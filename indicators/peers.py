"""Asker beside its comparison group: latest values, trend-only statuses, rank, and where Asker's target would rank.

Plain Python (no Streamlit, no store). The group is indicators/catalog/comparison.yaml. Rules, chosen so a rank
can be explained in one sentence:

- Only municipalities (kinds home, neighbour, kostra) are ranked; the county and the country are shown beside
  them as references (they are averages over many municipalities, Asker among them).
- All municipalities are ranked on the same period: the latest period in which Asker and at least one other
  municipality have a value (a municipality without that period is not ranked). Without such a period, the
  latest period in which at least two municipalities have values, and Asker is not ranked.
- "Better" follows the indicator's desired direction: higher for up, lower for down, and for a band the
  distance to the desired range (inside it is best). Equal values share a rank (1, 2, 2, 4).
- Peers have no Asker target, so their status is the trend-only classification of indicators/progress.py
  (assess(..., target=None)), always named as "trend, no target".
- Where Asker's 2030 target would place it: the target value (Asker's resolved target, e.g. a relative target
  in numbers) ranked against the other municipalities' values in the ranking period.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from indicators.catalog import ComparisonArea, Indicator
from indicators.format import fmt_value, norm_lang
from indicators.progress import Assessment, assess


@dataclass
class PeerRow:
    """One area of the group for one indicator."""

    area: ComparisonArea
    latest_period: str | None = None
    latest_value: float | None = None
    ranked_value: float | None = None  # the value in the ranking period (None: no value then)
    rank: int | None = None  # 1 = best; None for county, country or no value in the ranking period
    trend: Assessment | None = None  # trend-only assessment (no target); None when not computed

    @property
    def name(self) -> str:
        return self.area.name


@dataclass
class PeerComparison:
    """The group's comparison for one indicator. `period` is the ranking period (None: nothing to rank)."""

    indicator_id: str
    period: str | None
    rows: list[PeerRow] = field(default_factory=list)
    home: str = "Asker"
    n_ranked: int = 0  # municipalities with a value in `period`
    home_rank: int | None = None
    target_value: float | None = None
    target_rank: int | None = None  # Asker's rank if it stood at its 2030 target today
    target_of: int = 0  # the number that rank is out of (the others with a value, plus Asker)

    @property
    def has_peers(self) -> bool:
        """True when at least one area other than Asker has a value."""
        return any(r.latest_value is not None for r in self.rows if r.name != self.home)

    def row(self, name: str) -> PeerRow | None:
        return next((r for r in self.rows if r.name == name), None)

    def rank_text(self, lang: str = "nb") -> str:
        """'Nr. 3 av 11 sammenlignbare kommuner (2024)'; '' when Asker is not ranked."""
        if self.home_rank is None or self.period is None:
            return ""
        if norm_lang(lang) == "en":
            return f"No. {self.home_rank} of {self.n_ranked} comparable municipalities ({self.period})"
        return f"Nr. {self.home_rank} av {self.n_ranked} sammenlignbare kommuner ({self.period})"

    def target_text(self, ind: Indicator, lang: str = "nb") -> str:
        """One sentence on where Asker's 2030 target would place it at the others' current values."""
        if self.target_rank is None or self.period is None:
            return ""
        en = norm_lang(lang) == "en"
        if ind.target.kind == "band":
            value = (
                f"{fmt_value(ind.target.low, ind.unit, ind.decimals, lang)}–"
                f"{fmt_value(ind.target.high, ind.unit, ind.decimals, lang)}"
            )
        else:
            value = fmt_value(self.target_value, ind.unit, ind.decimals, lang)
        home = self.row(self.home)
        reached = False
        if home is not None and home.ranked_value is not None:
            target = (ind.target.low + ind.target.high) / 2 if ind.target.kind == "band" else self.target_value
            g = np.round(goodness([home.ranked_value, target], ind), 9)
            reached = bool(g[0] >= g[1])
        if en:
            return (
                f"At its 2030 target ({value}) Asker would be no. {self.target_rank} of {self.target_of} "
                f"at the other municipalities' values for {self.period}."
                + (" Asker has already reached that level." if reached else "")
            )
        return (
            f"Med målet for 2030 ({value}) ville Asker vært nr. {self.target_rank} av {self.target_of} "
            f"med de andre kommunenes verdier for {self.period}."
            + (" Asker har allerede nådd dette nivået." if reached else "")
        )


# --- ranking --------------------------------------------------------------------------------------------
def goodness(values, ind: Indicator) -> np.ndarray:
    """Higher is better, whatever the indicator's direction: v (up), −v (down), −distance to the band (band)."""
    v = np.asarray(values, dtype=float)
    if ind.direction == "up":
        return v
    if ind.direction == "down":
        return -v
    low, high = ind.target.low, ind.target.high
    if low is None or high is None:  # a band direction always has a band target (catalog check); be safe
        return np.zeros_like(v)
    return -np.maximum(np.maximum(low - v, v - high), 0.0)


def rank_values(values: dict[str, float], ind: Indicator) -> dict[str, int]:
    """Competition ranks (1 = best; ties share the best rank: 1, 2, 2, 4) of finite values."""
    names = [n for n, v in values.items() if v is not None and np.isfinite(v)]
    if not names:
        return {}
    g = np.round(goodness([values[n] for n in names], ind), 9)  # 12.3 and 12.3000000001 tie
    better = (g[None, :] > g[:, None]).sum(axis=1)  # rank = 1 + how many are strictly better
    return {n: int(b) + 1 for n, b in zip(names, better)}


def place(value: float, others: Iterable[float], ind: Indicator) -> int:
    """The rank `value` would have among `others` (1 + how many of them are strictly better)."""
    others = [o for o in others if o is not None and np.isfinite(o)]
    if not others:
        return 1
    g = np.round(goodness([value, *others], ind), 9)
    return int((g[1:] > g[0]).sum()) + 1


def _latest(frame: pd.DataFrame) -> tuple[str | None, float | None]:
    data = frame[frame["value"].notna()]
    if data.empty:
        return None, None
    last = data.sort_values("time").iloc[-1]
    return str(last["period"]), float(last["value"])


def ranking_period(frame: pd.DataFrame, municipalities: list[str], home: str) -> tuple[str | None, bool]:
    """(period, home_ranked): the latest period Asker shares with another municipality, else the latest
    period at least two municipalities share (Asker then not ranked). frame: area, period, time, value."""
    data = frame[frame["area"].isin(municipalities) & frame["value"].notna()]
    if data.empty:
        return None, False
    per = data.groupby("period").agg(
        time=("time", "max"), n=("area", "nunique"), home=("area", lambda a: bool((a == home).any()))
    )
    shared = per[per["home"] & (per["n"] >= 2)]
    if not shared.empty:
        return str(shared["time"].idxmax()), True
    two = per[per["n"] >= 2]
    if not two.empty:
        return str(two["time"].idxmax()), False
    return None, False


def compare(
    ind: Indicator,
    frame: pd.DataFrame,
    group: list[ComparisonArea],
    *,
    target_value: float | None = None,
    with_trends: bool = True,
    now_year: int | None = None,
) -> PeerComparison:
    """Compare one indicator across the group.

    frame: the group's total series of this indicator, columns area, period, time, year, value, flag
        (store.queries.peer_series). Areas not in `group` are ignored.
    target_value: Asker's resolved 2030 target (Assessment.target_value of Asker's headline series); for a
        band target the band itself is used. None → no target placement.
    with_trends: assess each area's trend (no target); False for the cheap rank-only form (goal pages).
    """
    home = next(a.name for a in group if a.kind == "home")
    municipalities = [a.name for a in group if a.is_municipality]
    frame = frame[frame["area"].isin([a.name for a in group])]
    by_area = {name: g for name, g in frame.groupby("area", sort=False)}
    period, home_ranked = ranking_period(frame, municipalities, home)
    in_period = {}
    if period is not None:
        at = frame[(frame["period"] == period) & frame["value"].notna()]
        in_period = dict(zip(at["area"], at["value"].astype(float)))
    ranks = rank_values({n: in_period.get(n) for n in municipalities}, ind) if period else {}
    out = PeerComparison(ind.id, period, home=home, n_ranked=len(ranks), home_rank=ranks.get(home))
    empty = frame.iloc[0:0]
    for area in group:
        g = by_area.get(area.name, empty)
        latest_period, latest_value = _latest(g)
        row = PeerRow(area, latest_period, latest_value, in_period.get(area.name), ranks.get(area.name))
        if with_trends and latest_value is not None:
            row.trend = assess(ind, g.sort_values("time").reset_index(drop=True), target=None, now_year=now_year)
        out.rows.append(row)
    if period is not None:
        others = [in_period[n] for n in municipalities if n != home and n in in_period]
        if ind.target.kind == "band" and others:
            out.target_value = None
            out.target_rank = place((ind.target.low + ind.target.high) / 2, others, ind)
        elif target_value is not None and np.isfinite(target_value) and others:
            out.target_value = float(target_value)
            out.target_rank = place(float(target_value), others, ind)
        if out.target_rank is not None:
            out.target_of = len(others) + 1
    return out


def rank_all(
    indicators: Iterable[Indicator], frame: pd.DataFrame, group: list[ComparisonArea]
) -> dict[str, PeerComparison]:
    """Asker's rank for many indicators at once (goal pages), from one frame with an indicator_id column.

    Same rules as compare(), vectorised (one pass instead of one per indicator); the results carry the
    period, n_ranked and home_rank only (no rows, no trends, no target placement)."""
    indicators = list(indicators)
    home = next(a.name for a in group if a.kind == "home")
    municipalities = [a.name for a in group if a.is_municipality]
    out = {ind.id: PeerComparison(ind.id, None, home=home) for ind in indicators}
    data = frame.loc[
        frame["area"].isin(municipalities) & frame["value"].notna() & frame["indicator_id"].isin(list(out)),
        ["indicator_id", "area", "period", "time", "value"],
    ]
    if data.empty:
        return out
    data = data.assign(is_home=data["area"] == home)
    per = (
        data.groupby(["indicator_id", "period"], sort=False)
        .agg(time=("time", "max"), n=("area", "nunique"), home=("is_home", "any"))
        .reset_index()
    )
    per = per[per["n"] >= 2]
    # prefer periods Asker shares; among those (or else among all) the latest
    per = per.sort_values(["indicator_id", "home", "time"]).drop_duplicates("indicator_id", keep="last")
    chosen = data.merge(per[["indicator_id", "period", "home"]], on=["indicator_id", "period"])
    if chosen.empty:
        return out
    by_id = {ind.id: ind for ind in indicators}
    parts = []
    for iid, g in chosen.groupby("indicator_id", sort=False):
        parts.append(pd.Series(goodness(g["value"].to_numpy(), by_id[iid]), index=g.index))
    chosen = chosen.assign(g=pd.concat(parts).round(9))
    chosen["rank"] = chosen.groupby("indicator_id")["g"].rank(method="min", ascending=False).astype(int)
    for iid, g in chosen.groupby("indicator_id", sort=False):
        c = out[iid]
        c.period, c.n_ranked = str(g["period"].iloc[0]), len(g)
        mine = g[g["is_home"]]
        c.home_rank = int(mine["rank"].iloc[0]) if not mine.empty else None
    return out


# --- the table people read (indicator page, download) ----------------------------------------------------
KIND_LABELS = {
    "home": ("Asker", "Asker"),
    "neighbour": ("Nabokommune", "Neighbour"),
    "kostra": ("KOSTRA-gruppe", "KOSTRA group"),
    "county": ("Fylke", "County"),
    "country": ("Hele landet", "Whole country"),
}
PEER_COLUMNS = {
    "area": ("Område", "Area"),
    "kind": ("Type", "Type"),
    "latest": ("Siste verdi", "Latest value"),
    "period": ("Periode", "Period"),
    "trend": ("Trend (uten mål)", "Trend (no target)"),
    "rank": ("Plass {period}", "Rank {period}"),
}


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[1] if norm_lang(lang) == "en" else pair[0]


def kind_label(area: ComparisonArea, lang: str = "nb") -> str:
    return ", ".join(_pick(KIND_LABELS[k], lang) for k in area.kinds)


def display_order(ind: Indicator, comparison: PeerComparison) -> list[PeerRow]:
    """Rows with data, best first by the ranking period's value (references among them by value), then the
    rows with no value in that period, by name."""
    with_value = [r for r in comparison.rows if r.ranked_value is not None]
    with_value.sort(key=lambda r: -float(goodness([r.ranked_value], ind)[0]))
    rest = sorted(
        (r for r in comparison.rows if r.ranked_value is None and r.latest_value is not None), key=lambda r: r.name
    )
    return with_value + rest


def peer_table(ind: Indicator, comparison: PeerComparison, lang: str = "nb") -> pd.DataFrame:
    """One row per area with data: area, kind, latest value and period, trend-only status, rank."""
    from indicators.progress import status_icon, status_label

    en = norm_lang(lang) == "en"
    rank_col = _pick(PEER_COLUMNS["rank"], lang).format(period=comparison.period or "")
    rows = []
    for r in display_order(ind, comparison):
        if r.rank is not None:
            rank = f"{r.rank} {'of' if en else 'av'} {comparison.n_ranked}"
        elif not r.area.is_municipality:
            rank = "reference" if en else "referanse"
        else:
            rank = "–"
        trend = f"{status_icon(r.trend.status)} {status_label(r.trend.status, lang)}" if r.trend else "–"
        rows.append(
            {
                _pick(PEER_COLUMNS["area"], lang): r.area.label(lang),
                _pick(PEER_COLUMNS["kind"], lang): kind_label(r.area, lang),
                _pick(PEER_COLUMNS["latest"], lang): fmt_value(r.latest_value, ind.unit, ind.decimals, lang),
                _pick(PEER_COLUMNS["period"], lang): r.latest_period or "–",
                _pick(PEER_COLUMNS["trend"], lang): trend,
                rank_col: rank,
            }
        )
    # the columns a reader needs first come first (a phone shows three of them without scrolling)
    columns = (
        [_pick(PEER_COLUMNS[k], lang) for k in ("area", "latest")]
        + [rank_col]
        + [_pick(PEER_COLUMNS[k], lang) for k in ("trend", "period", "kind")]
    )
    return pd.DataFrame(rows, columns=columns)
