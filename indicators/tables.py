"""Tables of indicators with their status, formatted for people (pages, downloads and reports share them)."""

from __future__ import annotations

import pandas as pd

from indicators.catalog import Catalog, Indicator
from indicators.explain import difference_text, explanation, rate_text, rate_texts
from indicators.format import NBSP, fmt_percent_auto, fmt_value
from indicators.progress import Assessment, status_label

COLUMNS = {
    "objective": ("Delmål", "Objective"),
    "indicator": ("Indikator", "Indicator"),
    "latest": ("Siste verdi", "Latest value"),
    "period": ("År", "Year"),
    "target": ("Mål", "Target"),
    "status": ("Status", "Status"),
    "explanation": ("Forklaring", "Explanation"),
    "unit": ("Enhet", "Unit"),
    "source": ("Kilde", "Source"),
}


def col(key: str, lang: str) -> str:
    nb, en = COLUMNS[key]
    return en if lang == "en" else nb


def target_text(ind: Indicator, lang: str) -> str:
    """The target as the plan words it, or built from its numbers."""
    t = ind.target
    if t.text is not None:
        return t.text.get(lang)
    f = lambda v: fmt_value(v, ind.unit, ind.decimals, lang)  # noqa: E731
    en = lang == "en"
    if t.kind == "absolute":
        op = "≥" if ind.direction == "up" else "≤"
        return f"{op}{NBSP}{f(t.value)} {'in' if en else 'i'} {t.year}"
    if t.kind == "keep":
        word = (
            ("at least" if ind.direction == "up" else "at most")
            if en
            else ("minst" if ind.direction == "up" else "høyst")
        )
        return f"{'keep' if en else 'holde'} {word} {f(t.value)}"
    if t.kind == "relative":
        pct = fmt_percent_auto(abs(t.change) * 100, 2, lang)  # 67,5 %, not a float's own rounding to 68
        if en:
            return f"{pct} {'lower' if t.change < 0 else 'higher'} in {t.year} than in {t.base_year}"
        return f"{pct} {'lavere' if t.change < 0 else 'høyere'} i {t.year} enn i {t.base_year}"
    low, high = f(t.low), f(t.high)
    text = f"{low}–{high}"
    if t.lowest_accepted is not None:
        text += f" ({'lowest accepted' if en else 'laveste akseptable'} {f(t.lowest_accepted)})"
    return text


def status_table(
    catalog: Catalog, assessments: dict[str, Assessment], indicator_ids: list[str], lang: str = "nb"
) -> pd.DataFrame:
    rows = []
    for iid in indicator_ids:
        ind = catalog.indicator(iid)
        a = assessments.get(iid)
        rows.append(
            {
                col("objective", lang): ind.objective,
                col("indicator", lang): ind.name.get(lang),
                col("latest", lang): fmt_value(a.latest_value, ind.unit, ind.decimals, lang) if a else "–",
                col("period", lang): a.latest_year if a and a.latest_year else None,
                col("target", lang): target_text(ind, lang),
                col("status", lang): status_label(a.status, lang) if a else status_label("insufficient", lang),
                col("explanation", lang): explanation(a, lang) if a else "",
                col("source", lang): f"{ind.source.agency} {ind.source.table}".strip(),
            }
        )
    out = pd.DataFrame(rows)
    if not out.empty:  # a year, not a number with decimals (a missing year would make the column float)
        out[col("period", lang)] = out[col("period", lang)].astype("Int64")
    return out


METHOD_ROWS = [
    ("status", "Status", "Status"),
    ("base", "Basisår og verdi", "Base year and value"),
    ("latest", "Siste år og verdi", "Latest year and value"),
    ("target", "Målverdi", "Target value"),
    ("observed_rate", "Oppnådd endring per år (robust trend)", "Achieved change per year (robust trend)"),
    ("short_rate", "Endring per år de siste fem årene", "Change per year over the last five years"),
    ("endpoint_rate", "Endring per år mellom endepunktene", "Change per year between the end points"),
    ("required_rate", "Nødvendig endring per år", "Required change per year"),
    ("ratio", "Forholdstall (oppnådd / nødvendig)", "Ratio (achieved / required)"),
    ("projected", "Framskrevet verdi", "Projected value"),
    ("gap", "Avstand til målet", "Gap to target"),
    ("points", "Antall målinger brukt", "Number of measurements used"),
    ("held", "Målinger der nivået holdt", "Measurements where the level held"),
    ("sensitivity", "Avhenger av valg av basisår", "Depends on the choice of base year"),
    ("trend", "Trend uten mål", "Trend without target"),
]


def method_table(ind: Indicator, a: Assessment, lang: str = "nb") -> pd.DataFrame:
    """The numbers behind a status, one per row, formatted for reading aloud in a meeting: the rates in the
    same units and digits as the sentence (percent, percentage points or the indicator's unit per year)."""
    from indicators.format import fmt_number

    f = lambda v: fmt_value(v, ind.unit, ind.decimals, lang)  # noqa: E731
    per_year = " per år" if lang != "en" else " per year"

    def rate(r):
        return "–" if r is None else rate_text(a, r, lang) + per_year

    yes, no = ("ja", "nei") if lang != "en" else ("yes", "no")
    required, observed = rate_texts(a, lang)  # the sentence's digits: they never read the same while they differ
    short = f"{rate(a.short_rate)} ({a.short_from_year}–{a.latest_year})" if a.short_rate is not None else "–"
    values = {
        "status": status_label(a.status, lang) + (f" · {status_label('old_data', lang)}" if a.stale else ""),
        "base": f"{a.base_year}: {f(a.base_value)}" if a.base_year else "–",
        "latest": f"{a.latest_year}: {f(a.latest_value)}" if a.latest_year else "–",
        "target": f"{f(a.target_value)} ({a.target_year})" if a.target_value is not None else target_text(ind, lang),
        "observed_rate": "–" if a.observed_rate is None else observed + per_year,
        "short_rate": short,
        "endpoint_rate": rate(a.endpoint_rate),
        "required_rate": "–" if a.required_rate is None else required + per_year,
        "ratio": fmt_number(a.ratio, 2, lang) if a.ratio is not None else "–",
        "projected": (
            f"{f(a.projected_value)} ({f(a.projected_low)} – {f(a.projected_high)}, {a.projection_year})"
            if a.projected_value is not None
            else "–"
        ),
        "gap": difference_text(a, a.gap_to_target, lang) if a.gap_to_target is not None else "–",
        "points": str(a.n_points),
        "held": f"{a.n_held} / {a.n_points}" if a.n_held is not None else "–",
        "sensitivity": (
            yes + ": " + ", ".join(f"{y} → {status_label(s, lang)}" for y, s in sorted(a.alternative_statuses.items()))
        )
        if a.base_year_sensitive
        else no,
        "trend": status_label(a.trend_status, lang) if a.trend_status else "–",
    }
    name_col, value_col = ("Tall", "Verdi") if lang != "en" else ("Figure", "Value")
    return pd.DataFrame([{name_col: en if lang == "en" else nb, value_col: values[key]} for key, nb, en in METHOD_ROWS])


def index_to(frame: pd.DataFrame, base_year: int) -> pd.DataFrame:
    """Each series (indicator × area × breakdown) divided by its value in `base_year`, times 100.
    Series without a non-zero value in the base year are dropped (an index needs a base)."""
    keys = ["indicator_id", "area", "breakdown"]
    base = frame[frame["year"] == base_year].groupby(keys)["value"].first().rename("base")
    out = frame.join(base, on=keys)
    out = out[out["base"].notna() & (out["base"] != 0)].copy()
    out["value"] = out["value"] / out["base"] * 100
    return out.drop(columns="base")


def breakdown_label(breakdown: str, lang: str = "nb") -> str:
    if not breakdown:
        return "Totalt" if lang != "en" else "Total"
    return ", ".join(part.split("=", 1)[-1] for part in breakdown.split(";"))


# --- stored rows as people read them (the indicator page, the downloads behind every chart) ---------------------
# Each builder returns a frame with headers in the chosen language and *typed* values (numbers, times): downloads
# carry exactly these headers with numbers a spreadsheet can use; ui.components.table formats them for the screen.

FLAG_WORDS = {"provisional": ("foreløpig", "provisional"), "break": ("brudd i serien", "break in series")}
MISSING_WORDS = {
    "not_possible": ("ikke mulig (.)", "not possible (.)"),
    "not_available": ("ikke tilgjengelig (..)", "not available (..)"),
    "not_yet_available": ("ikke ennå tilgjengelig (...)", "not yet available (...)"),
    "confidential": ("skjermet (:)", "confidential (:)"),
    "suppressed": ("prikket", "suppressed"),
}
UPLOAD_STATES = {"committed": ("Lagret", "Committed"), "rolled_back": ("Angret", "Rolled back")}
OBSERVATION_COLUMNS = {
    "area": ("Område", "Area"),
    "breakdown": ("Inndeling", "Breakdown"),
    "period": ("Periode", "Period"),
    "value": ("Verdi", "Value"),
    "missing": ("Manglende verdi", "Missing value"),
    "flag": ("Merknad", "Flag"),
    "note": ("Kommentar", "Note"),
    "upload_id": ("Opplasting", "Upload"),
    "source_file": ("Fil", "File"),
    "source_row": ("Rad i filen", "Row in file"),
}
HISTORY_COLUMNS = {
    "id": ("Opplasting", "Upload"),
    "uploaded_at": ("Når", "When"),
    "uploaded_by": ("Hvem", "Who"),
    "file_name": ("Fil", "File"),
    "state": ("Status", "State"),
    "rows_touched": ("Rader endret", "Rows changed"),
}


def word(table: dict, code, lang: str) -> str:
    """A stored code (provisional, committed, not_available) in words; empty stays empty, unknown codes as they are."""
    if code is None or (isinstance(code, float) and code != code) or code == "":
        return ""
    nb, en = table.get(str(code), (str(code), str(code)))
    return en if lang == "en" else nb


def uploader_name(who, lang: str) -> str:
    """Who uploaded: the bundled example data is loaded as «eksempeldata», which English pages call example data."""
    return "example data" if lang == "en" and who == "eksempeldata" else ("" if who is None else str(who))


def headers(columns: dict, lang: str) -> dict[str, str]:
    """Column key -> header in the language (for renaming a frame just before it is shown or downloaded)."""
    return {k: (en if lang == "en" else nb) for k, (nb, en) in columns.items()}


def series_frame(series: pd.DataFrame, lang: str = "nb") -> pd.DataFrame:
    """One chart's series (period, value, flag, note) for its download: period, value, flag in words, note."""
    cols = ["period", "value", "flag", "note"]
    out = pd.DataFrame({c: series[c] if c in series else "" for c in cols})
    out["flag"] = [word(FLAG_WORDS, f, lang) for f in out["flag"]]
    out["note"] = out["note"].fillna("")
    return out.rename(columns=headers(OBSERVATION_COLUMNS, lang)).reset_index(drop=True)


def observations_frame(frame: pd.DataFrame, lang: str = "nb") -> pd.DataFrame:
    """Every stored row of one indicator (store.queries.observations): breakdowns, missing-value codes and flags in
    words, the upload and file row each value came from."""
    out = frame[[c for c in OBSERVATION_COLUMNS if c in frame]].copy()
    out["breakdown"] = [breakdown_label(b, lang) for b in out["breakdown"]]
    out["missing"] = [word(MISSING_WORDS, m, lang) for m in out["missing"]]
    out["flag"] = [word(FLAG_WORDS, f, lang) for f in out["flag"]]
    out["note"] = out["note"].fillna("")
    out["source_file"] = out["source_file"].fillna("")
    return out.rename(columns=headers(OBSERVATION_COLUMNS, lang)).reset_index(drop=True)


def history_frame(frame: pd.DataFrame, lang: str = "nb") -> pd.DataFrame:
    """The uploads that changed one indicator (store.queries.uploads_for_indicator), state in words."""
    out = frame[list(HISTORY_COLUMNS)].copy()
    out["uploaded_at"] = pd.to_datetime(out["uploaded_at"])
    out["state"] = [word(UPLOAD_STATES, s, lang) for s in out["state"]]
    out["uploaded_by"] = [uploader_name(who, lang) for who in out["uploaded_by"]]
    return out.rename(columns=headers(HISTORY_COLUMNS, lang)).reset_index(drop=True)
