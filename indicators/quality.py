"""Data coverage and freshness: which objectives lack indicators or recent data, which series are stale."""

from __future__ import annotations

import datetime as dt
import json

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
            rows.append(
                {
                    ("Indicator" if lang == "en" else "Indikator"): ind.name.get(lang),
                    ("Objective" if lang == "en" else "Delmål"): ind.objective,
                    ("Updated" if lang == "en" else "Oppdateres"): FREQUENCIES[ind.frequency][lang],
                    ("Latest year" if lang == "en" else "Siste år"): str(latest) if latest else "–",
                    ("Expected at least" if lang == "en" else "Forventet minst"): str(expected),
                    ("Source" if lang == "en" else "Kilde"): f"{ind.source.agency} {ind.source.table}".strip(),
                }
            )
    return pd.DataFrame(rows)


def objective_coverage(catalog: Catalog, freshness: pd.DataFrame, this_year: int, lang: str = "nb") -> pd.DataFrame:
    """Objectives with no indicator, or none of whose indicators has data from the last three years."""
    recent = set(freshness[freshness["latest_year"].fillna(0) >= this_year - 3]["indicator_id"])
    rows = []
    for o in catalog.objectives:
        inds = catalog.indicators_for_objective(o.id)
        n_recent = sum(1 for i in inds if i.id in recent)
        if not inds or n_recent == 0:
            rows.append(
                {
                    ("Objective" if lang == "en" else "Delmål"): f"{o.id} {o.short.get(lang)}",
                    ("Indicators" if lang == "en" else "Indikatorer"): len(inds),
                    ("With recent data" if lang == "en" else "Med nye data"): n_recent,
                }
            )
    return pd.DataFrame(rows)


# --- fetching -----------------------------------------------------------------------------------------------
# Months between the end of a period and its publication, by frequency: SSB's annual municipal figures come in the
# first half of the next year (KOSTRA 15 March unrevised, 15 June revised), quarterly ones about a quarter later.
RELEASE_LAG_MONTHS = {"annual": 6, "quarterly": 3, "biennial": 6, "school_year": 6, "every_4_years": 3}
MONTHS_NB = [
    "januar",
    "februar",
    "mars",
    "april",
    "mai",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "desember",
]
MONTHS_EN = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def _add_months(d: dt.date, months: int) -> dt.date:
    m = d.month - 1 + months
    return dt.date(d.year + m // 12, m % 12 + 1, 1)


def next_expected_release(frequency: str, latest_year, latest_time, today: dt.date) -> dt.date | None:
    """When the period after the latest stored one should be published: its end plus the usual lag, from Asker's
    latest period (`latest_year`: observation.year, the end year of a multi-year average; `latest_time`: the
    fractional year, 2023.375 for 2023K4). None without data. A date before `today` means it is due (or late)."""
    if latest_year is None or pd.isna(latest_year):
        return None
    months = FREQUENCIES[frequency]["months"]
    if frequency == "quarterly" and latest_time is not None and not pd.isna(latest_time):
        end_of = float(latest_time) + 0.625  # a quarter's time is its middle less a quarter (2023K4 = 2023.375)
        end = _add_months(dt.date(int(end_of), 1, 1), round((end_of % 1) * 12))
    elif frequency == "school_year":  # 2023-24 (year 2023) ends in the summer of 2024
        end = dt.date(int(latest_year) + 1, 7, 1)
    else:
        end = dt.date(int(latest_year) + 1, 1, 1)
    return _add_months(end, months + RELEASE_LAG_MONTHS.get(frequency, 6))


def release_text(when: dt.date | None, today: dt.date, lang: str = "nb") -> str:
    if when is None:
        return "–"
    month = (MONTHS_EN if lang == "en" else MONTHS_NB)[when.month - 1]
    text = f"{month} {when.year}"
    if when <= today:
        return f"{text} ({'due now' if lang == 'en' else 'ventet nå'})"
    return f"{'about' if lang == 'en' else 'ca.'} {text}"


FETCH_COLUMNS = {
    "indicator": ("Indikator", "Indicator"),
    "source": ("Kilde", "Source"),
    "last_fetched": ("Sist hentet", "Last fetched"),
    "state": ("Siste forsøk", "Last attempt"),
    "url": ("Fra", "From"),
    "changes": ("Hva som endret seg", "What changed"),
    "next_release": ("Neste forventede publisering", "Next expected release"),
    "error": ("Siste feil", "Last error"),
}
STATES = {
    "changed": ("nye tall", "new figures"),
    "unchanged": ("ingen endring", "no change"),
    "failed": ("feilet", "failed"),
}


def fetch_overview(
    catalog: Catalog, status: pd.DataFrame, latest: pd.DataFrame, today: dt.date, lang: str = "nb"
) -> pd.DataFrame:
    """One row per indicator with a fetch spec: when it was last fetched, from where, what changed, when the next
    release is due, and the last error in plain words. `status` is store.queries.fetch_status, `latest` is
    store.queries.freshness (Asker's latest year and time per indicator)."""
    en = lang == "en"
    by_id = status.set_index("indicator_id") if not status.empty else pd.DataFrame()
    latest = (
        latest.set_index("indicator_id") if not latest.empty else pd.DataFrame(columns=["latest_year", "latest_time"])
    )
    rows = []
    for ind in catalog.indicators:
        if ind.fetch is None:
            continue
        r = by_id.loc[ind.id] if ind.id in by_id.index else None
        last = r["last_success"] if r is not None else None
        urls = json.loads(r["request_urls"]) if r is not None and r["request_urls"] else []
        url = (urls[0] + (f" (+{len(urls) - 1})" if len(urls) > 1 else "")) if urls else "–"
        if r is not None and r["last_state"] != "failed":
            changes = (
                f"{r['rows_added']} new, {r['rows_changed']} changed"
                if en
                else f"{r['rows_added']} nye, {r['rows_changed']} endrede"
            )
            if r["rows_removed"]:
                changes += (
                    f", {r['rows_removed']} example values removed"
                    if en
                    else f", {r['rows_removed']} eksempelverdier fjernet"
                )
        else:
            changes = "–"
        error = (r["error_en"] if en else r["error_nb"]) if r is not None and r["last_state"] == "failed" else ""
        rows.append(
            {
                "indicator": ind.name.get(lang),
                "source": f"{ind.source.agency} {ind.fetch.table}".strip(),
                "last_fetched": pd.Timestamp(last).strftime("%Y-%m-%d %H:%M")
                if last is not None and pd.notna(last)
                else ("never" if en else "aldri"),
                "state": STATES[r["last_state"]][1 if en else 0] if r is not None else "–",
                "url": url,
                "changes": changes,
                "next_release": release_text(
                    next_expected_release(
                        ind.frequency, latest["latest_year"].get(ind.id), latest["latest_time"].get(ind.id), today
                    ),
                    today,
                    lang,
                ),
                "error": error or "",
            }
        )
    frame = pd.DataFrame(rows, columns=list(FETCH_COLUMNS))
    return frame.rename(columns={k: v[1 if en else 0] for k, v in FETCH_COLUMNS.items()})
