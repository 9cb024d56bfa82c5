"""Write the bundled example data, data/example/goal-*.csv: ILLUSTRATIVE values, not official statistics.

Run from the repository root:  python data/make_example.py

The series are drawn deterministically (fixed seed) from hand-set anchor values per indicator, chosen so that
the dashboard can be reviewed with a realistic variety of progress statuses: targets achieved, on track,
progress too slow, limited progress, moving away and insufficient data, and, for the comparison
municipalities (assessed on trend only), substantial, moderate, little progress and deterioration. The
script checks each Asker series against its intended status with the progress engine
(indicators/progress.py) and stops with an error if one of them does not come out as designed, so a change
to the catalog or the engine that breaks the designed variety is noticed here and in
tests/indicators/test_example_data.py.

Deliberate oddities (each one exercises a part of the dashboard):
- mobbing-7-trinn / mobbing-10-trinn: break in series (flag=break) when the survey questions changed in 2016-17;
- miljovennlige-reiser: a missing year (2021, no survey);
- frivillige-helse-omsorg, husholdningsavfall, sysselsetting-20-66, sykefravaer: pandemic outlier in 2020;
- netto-driftsresultat changes sign; omdisponert-dyrka-jord, gjenapnede-bekker and beredskapsovelser include 0;
- tilfredshet-hjemmetjenester, foreldretilfredshet-barnehage, egenberedskap, valgdeltakelse-unge: only 2 points;
- innbyggere-opplever-innflytelse: no rows at all (data not yet available);
- nyetableringer: stale, latest year 2019 for an annual indicator;
- sykefravaer: quarterly periods (2015K1 …), latest quarter provisional; skole-year periods (2015-16) for Udir;
  multi-year periods (2010-2024) for FHI's moving averages.
"""

from __future__ import annotations

import sys
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from indicators.catalog import Catalog, load_catalog  # noqa: E402

SEED = 2030
OUT_DIR = Path(__file__).resolve().parent / "example"
NOW_YEAR = 2026  # the year the statuses are designed for (staleness notes depend on it)
COLUMNS = ["indicator_id", "year", "value", "area", "breakdown", "flag", "note"]
NO_DATA = "no_data"  # intended "status" of the indicator that deliberately has no rows


@dataclass
class Spec:
    """How to draw one indicator's example series.

    anchors: {year: value} for Asker; values between anchors are interpolated (geometric when all anchors are
        positive, else linear) and get multiplicative noise; anchor years are kept exact.
    years: the years with data (default: every year from the first to the last anchor).
    period: "year", "school" (2015-16), "quarter" (2015K1 …, anchors are the annual level) or "multi:N"
        (an N-year moving average labelled first-last year, e.g. 2010-2024 for N=15).
    """

    intended: str
    anchors: dict[int, float]
    years: list[int] | None = None
    period: str = "year"
    noise: float = 0.0
    flags: dict = field(default_factory=dict)  # {year or (year, q): flag}
    notes: dict = field(default_factory=dict)  # {year or (year, q): note}
    breakdowns: dict[str, float] = field(default_factory=dict)  # {"kjønn=kvinner": factor}
    comparisons: dict[str, dict] = field(default_factory=dict)  # {area: {"anchors": {...}, "intended": trend}}
    # the wider comparison group (indicators/catalog/comparison.yaml: KOSTRA group, county), like comparisons
    # but each drawn from its own random stream, so adding one changes no other series
    group: dict[str, dict] = field(default_factory=dict)
    sectors: dict[str, tuple[float, float]] = field(default_factory=dict)  # {sector: (share first, share last)}
    season: tuple[float, float, float, float] = (1.0, 1.0, 1.0, 1.0)
    last_quarter: tuple[int, int] | None = None


def cmp(intended: str, anchors: dict[int, float], years: list[int] | None = None) -> dict:
    return {"intended": intended, "anchors": anchors, "years": years}


# --- the designed series ------------------------------------------------------------------------------------
# Intended status per indicator is checked against the engine. Keep targets are judged on every year since the
# base year, so a level that holds now but failed in some year is on track, not reached; a negative R whose 2030
# projection band still reaches the target is limited, not moving away; shares that should rise are trend-assessed
# near their natural limit of 100 (docs/methodology.md).
# Intended status per indicator is checked against the engine. Comments give the designed numbers:
# b = observed log rate, B = required log rate, R = b/|B| (signed by direction).
SPECS: dict[str, Spec] = {
    # ---------------------------------------------------------------- goal 3
    # 15-year averages labelled 2001-2015 …, placed at their end year (as FHI reports them), so
    # B = ln(85/83.3)/15 = 0.135 %/yr; b ≈ ln(84.1/83.3)/9 = 0.106 %/yr → R ≈ 0.79.
    "forventet-levealder": Spec(
        "too_slow",
        {2010: 82.9, 2015: 83.3, 2024: 84.1},
        period="multi:15",
        noise=0.0005,
        breakdowns={"kjønn=kvinner": 1.023, "kjønn=menn": 0.977},
        comparisons={
            "Norge": cmp("limited_trend", {2010: 81.6, 2015: 82.0, 2024: 82.8}),
            "Bærum": cmp("limited_trend", {2010: 83.2, 2015: 83.6, 2024: 84.4}),
        },
    ),
    # b = ln(17.9/18.5)/9 = −0.36 %; B = ln(15/18.5)/15 = −1.40 % → R ≈ 0.26
    "overvekt-sesjon": Spec("limited", {2012: 19.0, 2015: 18.5, 2024: 17.9}, noise=0.005),
    # quarterly, annual level 5.0 → 5.9 (K1 factor 1.12 gives the catalog baseline 5.6 in 2015K1)
    "sykefravaer": Spec(
        "moving_away",
        {2015: 5.0, 2019: 5.2, 2021: 5.3, 2025: 5.9},
        period="quarter",
        noise=0.01,
        season=(1.12, 0.98, 0.88, 1.02),
        last_quarter=(2025, 2),
        flags={(2025, 2): "provisional"},
        notes={(2020, 1): "Koronapandemien: høyt fravær i mars", (2025, 2): "Foreløpige tall"},
        breakdowns={"kjønn=kvinner": 1.27, "kjønn=menn": 0.78},
        comparisons={
            "Norge": cmp("deterioration", {2015: 5.6, 2019: 5.8, 2025: 6.6}),
            "Bærum": cmp("deterioration", {2015: 4.8, 2019: 4.9, 2025: 5.5}),
        },
    ),
    # b = ln(5.4/6.5)/8 = −2.3 %; B = ln(5/6.5)/15 = −1.75 % → R ≈ 1.3
    "unge-utenfor-arbeid-utdanning": Spec(
        "on_track",
        {2015: 6.5, 2023: 5.4},
        noise=0.01,
        comparisons={
            "Norge": cmp("moderate", {2015: 8.9, 2023: 8.2}),
            "Drammen": cmp("substantial", {2015: 11.5, 2023: 9.9}),
            "Bærum": cmp("deterioration", {2015: 6.0, 2023: 6.3}),
        },
        group={
            "Lier": cmp("substantial", {2015: 7.2, 2023: 6.0}),
            "Bergen": cmp("moderate", {2015: 9.5, 2023: 8.8}),
            "Trondheim": cmp("moderate", {2015: 8.0, 2023: 7.6}),
            "Stavanger": cmp("deterioration", {2015: 8.5, 2023: 8.9}),
            "Kristiansand": cmp("moderate", {2015: 10.0, 2023: 9.0}),
            "Lillestrøm": cmp("limited_trend", {2015: 7.5, 2023: 7.3}),
            "Fredrikstad": cmp("substantial", {2015: 12.0, 2023: 10.5}),
            "Sandnes": cmp("limited_trend", {2015: 8.8, 2023: 8.6}),
            "Tromsø": cmp("substantial", {2015: 8.2, 2023: 7.2}),
            "Akershus": cmp("moderate", {2015: 7.0, 2023: 6.6}),
        },
    ),
    # keep ≤ 1 %: met in 2015, rising since → moving away
    "innbyggere-uten-fastlege": Spec(
        "moving_away",
        {2015: 0.2, 2016: 0.2, 2017: 0.3, 2018: 0.5, 2019: 0.9, 2020: 1.4, 2021: 1.9, 2022: 3.1, 2023: 4.2, 2024: 3.6},
        comparisons={
            "Norge": cmp("deterioration", {2015: 0.7, 2018: 1.0, 2022: 3.5, 2024: 3.3}),
            "Lier": cmp("deterioration", {2015: 0.5, 2019: 1.5, 2024: 5.0}),
        },
    ),
    "vaksinasjon-mmr": Spec(
        "on_track",
        {2012: 93.8, 2015: 94.2, 2024: 96.1},
        period="multi:5",
        noise=0.002,
        comparisons={
            "Norge": cmp("moderate", {2015: 93.0, 2024: 94.4}),
            "Drammen": cmp("limited_trend", {2015: 93.5, 2024: 92.0}),
            "Bærum": cmp("moderate", {2015: 94.5, 2024: 95.6}),
            "Lier": cmp("substantial", {2015: 92.0, 2024: 96.8}),
        },
    ),
    # band 16–20, above it: towards 20: B = ln(20/24)/15 = −1.22 %; b = ln(21/24)/9 = −1.48 % → R ≈ 1.2
    "institusjonsdekning-80": Spec("on_track", {2015: 24.0, 2024: 21.0}, noise=0.006),
    "tilfredshet-hjemmetjenester": Spec("insufficient", {2021: 4.7, 2023: 4.8}, years=[2021, 2023]),
    # relative +50 % from 420 → 630; b = ln(590/420)/9 = 3.8 %; B = ln 1.5/15 = 2.7 % → R ≈ 1.4; 2020 outlier
    "frivillige-helse-omsorg": Spec(
        "on_track",
        {2015: 420, 2019: 505, 2020: 310, 2021: 500, 2024: 590},
        noise=0.01,
        notes={2020: "Koronapandemien: besøksordninger stanset store deler av året"},
    ),
    # keep ≥ 65: met in 2015, 63 in 2023 → moving away
    "deltar-fritidsorganisasjon": Spec(
        "limited",
        {2015: 68, 2017: 67, 2019: 66, 2021: 58, 2023: 63},
        years=[2015, 2017, 2019, 2021, 2023],
        notes={2021: "Gjennomført under koronatiltak"},
    ),
    # ---------------------------------------------------------------- goal 4
    # break 2016-17 (new questions): from 2016-17 6.8 → 8.0 → moving away
    "mobbing-7-trinn": Spec(
        "moving_away",
        {2013: 4.8, 2014: 5.2, 2015: 6.0, 2016: 6.8, 2024: 8.0},
        period="school",
        noise=0.02,
        flags={2016: "break"},
        notes={2016: "Nye spørsmål om mobbing fra skoleåret 2016-17"},
        comparisons={"Norge": cmp("deterioration", {2016: 6.5, 2024: 7.9}, list(range(2016, 2025)))},
    ),
    # from 2016-17: b = ln(5.0/6.0)/8 = −2.3 %; B = ln(3/6)/13.5 = −5.1 % → R ≈ 0.45
    "mobbing-10-trinn": Spec(
        "limited",
        {2013: 4.6, 2015: 5.5, 2016: 6.0, 2024: 5.0},
        period="school",
        noise=0.015,
        flags={2016: "break"},
        notes={2016: "Nye spørsmål om mobbing fra skoleåret 2016-17"},
        comparisons={
            "Norge": cmp("deterioration", {2016: 6.1, 2024: 7.2}, list(range(2016, 2025))),
            "Bærum": cmp("substantial", {2016: 6.2, 2024: 4.8}, list(range(2016, 2025))),
        },
    ),
    "trivsel-10-trinn": Spec(
        "on_track",
        {2015: 4.2, 2016: 4.2, 2017: 4.1, 2018: 4.2, 2019: 4.2, 2020: 4.2, 2021: 4.1, 2022: 4.2, 2023: 4.2, 2024: 4.3},
        period="school",
        comparisons={
            "Norge": cmp("deterioration", {2015: 4.2, 2017: 4.2, 2020: 4.1, 2024: 4.0}),
            "Bærum": cmp("limited_trend", {2015: 4.2, 2019: 4.2, 2020: 4.3, 2024: 4.2}),
        },
    ),
    "barnehagedekning": Spec(
        "on_track",
        {2015: 91.0, 2024: 93.5},
        noise=0.002,
        comparisons={
            "Norge": cmp("moderate", {2015: 91.5, 2024: 93.4}),
            "Drammen": cmp("moderate", {2015: 87.0, 2024: 92.5}),
        },
        group={
            "Bærum": cmp("moderate", {2015: 92.5, 2024: 94.0}),
            "Lier": cmp("substantial", {2015: 89.0, 2024: 94.5}),
            "Bergen": cmp("moderate", {2015: 93.0, 2024: 94.5}),
            "Trondheim": cmp("limited_trend", {2015: 94.0, 2024: 93.0}),
            "Stavanger": cmp("limited_trend", {2015: 91.0, 2024: 92.5}),
            "Kristiansand": cmp("moderate", {2015: 90.0, 2024: 93.0}),
            "Lillestrøm": cmp("moderate", {2015: 88.0, 2024: 93.0}),
            "Fredrikstad": cmp("moderate", {2015: 89.0, 2024: 91.0}),
            "Sandnes": cmp("limited_trend", {2015: 92.0, 2024: 91.0}),
            "Tromsø": cmp("moderate", {2015: 93.0, 2024: 95.0}),
            "Akershus": cmp("moderate", {2015: 91.5, 2024: 93.6}),
        },
    ),
    # b = ln(46/36)/9 = 2.7 %; B = ln(50/36)/15 = 2.2 % → R ≈ 1.25
    "barnehagelaerere": Spec(
        "on_track",
        {2015: 36.0, 2024: 46.0},
        noise=0.008,
        comparisons={"Norge": cmp("substantial", {2015: 38.0, 2024: 45.0})},
    ),
    "foreldretilfredshet-barnehage": Spec("insufficient", {2023: 4.3, 2024: 4.4}, period="school"),
    # school years: b = ln(44.0/43.2)/9 = 0.20 %; B = ln(45/43.2)/14.5 = 0.28 % → R ≈ 0.72
    "grunnskolepoeng": Spec(
        "too_slow",
        {2012: 42.6, 2015: 43.2, 2024: 44.0},
        period="school",
        noise=0.001,
        breakdowns={"kjønn=jenter": 1.05, "kjønn=gutter": 0.95},
        comparisons={
            "Norge": cmp("limited_trend", {2015: 41.0, 2024: 41.9}),
            "Bærum": cmp("limited_trend", {2015: 44.4, 2024: 45.0}),
            "Drammen": cmp("moderate", {2015: 39.4, 2024: 41.8}),
        },
    ),
    # b = ln(16.2/17)/9 = −0.54 %; B = ln(12/17)/14.5 = −2.4 % → R ≈ 0.22
    "lesing-5-trinn-laveste-niva": Spec("limited", {2015: 17.0, 2024: 16.2}, period="school", noise=0.008),
    # b = ln(86/80.5)/9 = 0.73 %; B = ln(88/80.5)/15 = 0.59 % → R ≈ 1.2
    "gjennomforing-vgo": Spec(
        "on_track",
        {2012: 78.9, 2015: 80.5, 2024: 86.0},
        noise=0.002,
        comparisons={
            "Norge": cmp("substantial", {2015: 73.0, 2024: 81.0}),
            "Drammen": cmp("substantial", {2015: 68.0, 2024: 79.0}),
            "Bærum": cmp("moderate", {2015: 83.0, 2024: 86.0}),
        },
        group={
            "Lier": cmp("moderate", {2015: 76.0, 2024: 82.0}),
            "Bergen": cmp("moderate", {2015: 74.0, 2024: 80.5}),
            "Trondheim": cmp("moderate", {2015: 78.0, 2024: 83.0}),
            "Stavanger": cmp("limited_trend", {2015: 78.5, 2024: 80.0}),
            "Kristiansand": cmp("substantial", {2015: 72.0, 2024: 80.0}),
            "Lillestrøm": cmp("moderate", {2015: 75.0, 2024: 79.5}),
            "Fredrikstad": cmp("substantial", {2015: 65.0, 2024: 76.0}),
            "Sandnes": cmp("limited_trend", {2015: 76.0, 2024: 78.0}),
            "Tromsø": cmp("moderate", {2015: 72.0, 2024: 77.0}),
            "Akershus": cmp("moderate", {2015: 80.0, 2024: 84.5}),
        },
    ),
    # b = ln(30/28)/10 = 0.69 %; B = ln(40/28)/15 = 2.4 % → R ≈ 0.29
    "yrkesfag-forsteonske": Spec("limited", {2015: 28.0, 2025: 30.0}, noise=0.01),
    # b = ln(75/38)/9 = 7.6 %; B = ln(100/38)/15 = 6.5 % → R ≈ 1.17
    "laerlinger-kommunen": Spec("on_track", {2015: 38, 2024: 75}, noise=0.02),
    # ---------------------------------------------------------------- goal 9
    "digitale-soknadsskjema": Spec("on_track", {2020: 60, 2024: 82}, noise=0.01),
    # relative ×2 from 12 in 2020 → 24; b ≈ 5.6 %; B = ln 2/10 = 6.9 % → R ≈ 0.8
    "innovasjonsprosjekter": Spec("too_slow", {2020: 12, 2021: 13, 2022: 13, 2023: 14, 2024: 15}),
    # b = ln(96.5/42)/9 = 9.2 %; B = ln(100/42)/15 = 5.8 % → R ≈ 1.6
    "bredband-1-gbit": Spec(
        "on_track",
        {2015: 42.0, 2024: 96.5},
        noise=0.01,
        comparisons={
            "Norge": cmp("substantial", {2015: 28.0, 2024: 89.0}),
            "Bærum": cmp("substantial", {2015: 45.0, 2024: 97.2}),
            "Drammen": cmp("substantial", {2015: 35.0, 2024: 92.0}),
            "Lier": cmp("substantial", {2015: 20.0, 2024: 85.0}),
        },
    ),
    "informasjonssikkerhet-opplaering": Spec("on_track", {2020: 55, 2021: 68, 2022: 81, 2023: 88, 2024: 92}),
    # b = ln(73/72)/9 = 0.15 %; B = ln(85/72)/15 = 1.1 % → R ≈ 0.14
    "arbeidsplassdekning": Spec(
        "limited",
        {2015: 72.0, 2024: 73.0},
        noise=0.002,
        comparisons={
            "Bærum": cmp("limited_trend", {2015: 85.0, 2024: 87.0}),
            "Drammen": cmp("deterioration", {2015: 104.0, 2024: 101.0}),
            "Lier": cmp("moderate", {2015: 62.0, 2024: 66.5}),
        },
    ),
    # stale: only the old Asker (0220) series up to 2019 has been loaded
    "nyetableringer": Spec(
        "achieved",
        {2010: 9.1, 2015: 9.5, 2019: 10.4},
        noise=0.02,
        notes={2019: "Gamle Asker (0220); tall for nye Asker er ikke lastet inn"},
    ),
    "sysselsetting-20-66": Spec(
        "on_track",
        {2015: 79.5, 2019: 80.6, 2020: 78.4, 2021: 80.2, 2024: 81.2},
        noise=0.002,
        notes={2020: "Koronapandemien: permitteringer"},
        breakdowns={"kjønn=kvinner": 0.97, "kjønn=menn": 1.03},
        comparisons={
            "Norge": cmp("moderate", {2015: 76.3, 2024: 79.0}),
            "Drammen": cmp("moderate", {2015: 71.0, 2024: 75.0}),
            "Lier": cmp("limited_trend", {2015: 79.0, 2024: 80.9}),
        },
    ),
    # ---------------------------------------------------------------- goal 11
    "befolkningsvekst": Spec(
        "achieved",
        {
            2010: 1.9,
            2011: 1.7,
            2012: 1.8,
            2013: 1.6,
            2014: 1.5,
            2015: 1.6,
            2016: 1.4,
            2017: 1.2,
            2018: 1.1,
            2019: 1.0,
            2020: 0.7,
            2021: 1.2,
            2022: 1.4,
            2023: 1.5,
            2024: 1.3,
        },
        notes={2020: "Kommunesammenslåing 1.1.2020; tall før 2020 gjelder dagens kommunegrense"},
    ),
    # gap in 2021; 2020 pandemic dip; b ≈ ln(50.5/44)/9 = 1.5 %; B = ln(60/44)/15 = 2.1 % → R ≈ 0.74
    "miljovennlige-reiser": Spec(
        "too_slow",
        {2015: 44.0, 2019: 47.0, 2020: 39.0, 2022: 48.0, 2024: 50.5},
        years=[2015, 2016, 2017, 2018, 2019, 2020, 2022, 2023, 2024],
        noise=0.01,
        notes={2020: "Koronapandemien: hjemmekontor og smittevernråd", 2022: "Ingen undersøkelse i 2021"},
    ),
    # b = ln(72/55)/9 = 3.0 %; B = ln(80/55)/15 = 2.5 % → R ≈ 1.2
    "boliger-i-vekstomrader": Spec("on_track", {2015: 55, 2024: 72}, noise=0.012),
    "drikkevann-kvalitet": Spec(
        "achieved",
        {
            2015: 99.9,
            2016: 100.0,
            2017: 99.8,
            2018: 100.0,
            2019: 100.0,
            2020: 99.9,
            2021: 100.0,
            2022: 100.0,
            2023: 100.0,
            2024: 100.0,
        },
        comparisons={
            "Norge": cmp("moderate", {2015: 97.6, 2024: 98.6}),
            "Drammen": cmp("limited_trend", {2015: 100.0, 2024: 99.2}),
            "Lier": cmp("substantial", {2015: 95.0, 2024: 100.0}),
        },
    ),
    # relative −15 % from 430 → 365.5; b = ln(415/430)/9 = −0.39 %; B = ln 0.85/15 = −1.08 % → R ≈ 0.36
    "husholdningsavfall": Spec(
        "limited",
        {2015: 430, 2019: 424, 2020: 475, 2021: 440, 2024: 415},
        noise=0.006,
        notes={2020: "Koronapandemien: mer avfall fra hjemmeværende husholdninger"},
        comparisons={
            "Norge": cmp("deterioration", {2015: 430, 2024: 442}),
            "Bærum": cmp("moderate", {2015: 400, 2024: 362}),
            "Drammen": cmp("substantial", {2015: 450, 2024: 378}),
            "Lier": cmp("limited_trend", {2015: 470, 2024: 468}),
        },
    ),
    # b = ln(46.5/38)/9 = 2.2 %; B = ln(60/38)/15 = 3.0 % → R ≈ 0.73
    "materialgjenvinning": Spec("too_slow", {2015: 38.0, 2024: 46.5}, noise=0.006),
    "beredskapsovelser": Spec(
        "on_track",
        {2015: 1, 2016: 2, 2017: 2, 2018: 3, 2019: 2, 2020: 0, 2021: 1, 2022: 2, 2023: 3, 2024: 3},
        notes={2020: "Reell krisehåndtering (koronapandemien); ingen øvelser"},
    ),
    "egenberedskap": Spec("insufficient", {2022: 31, 2024: 38}, years=[2022, 2024]),
    # band 6–9; 3.6 in 2024 is below the band and below the lowest accepted 4.5 → moving away
    "boligbygging": Spec(
        "moving_away",
        {2015: 7.8, 2016: 8.4, 2017: 9.6, 2018: 8.1, 2019: 7.0, 2020: 6.2, 2021: 7.5, 2022: 6.0, 2023: 4.2, 2024: 3.6},
    ),
    # keep ≥ 20: b = ln(17.8/17.5)/9 = 0.19 %; B = ln(20/17.5)/15 = 0.89 % → R ≈ 0.21
    "kommunale-boliger": Spec("limited", {2015: 17.5, 2024: 17.8}, noise=0.003),
    # relative −50 % from 78 (2016) → 39; b = ln(44/78)/8 = −7.2 %; B = ln 0.5/14 = −5.0 % → R ≈ 1.45
    "bostedslose": Spec("on_track", {2012: 95, 2016: 78, 2020: 61, 2024: 44}, years=[2012, 2016, 2020, 2024]),
    "boligpris-inntekt": Spec(
        "moving_away",
        {2015: 7.6, 2020: 8.3, 2022: 9.4, 2024: 8.9},
        noise=0.01,
        comparisons={
            "Bærum": cmp("deterioration", {2015: 8.5, 2022: 10.6, 2024: 10.2}),
            "Drammen": cmp("deterioration", {2015: 5.0, 2024: 5.4}),
        },
    ),
    # biennial: b ≈ ln(56/48)/8 = 1.9 %; B = ln(70/48)/15 = 2.5 % → R ≈ 0.77
    "vannforekomster-god-tilstand": Spec(
        "too_slow", {2015: 48, 2017: 50, 2019: 51, 2021: 54, 2023: 56}, years=[2015, 2017, 2019, 2021, 2023]
    ),
    "miljokrav-anskaffelser": Spec("achieved", {2019: 40, 2020: 52, 2021: 61, 2022: 70, 2023: 78, 2024: 85}),
    # keep ≤ 10 daa a year; zeros in several years (linear rates); 0 in 2024 meets the target
    "omdisponert-dyrka-jord": Spec(
        "on_track", {2015: 42, 2016: 0, 2017: 18, 2018: 5, 2019: 61, 2020: 3, 2021: 0, 2022: 12, 2023: 4, 2024: 0}
    ),
    # keep ≥ 50: 52 in 2015, 49.4 in 2024 → moving away
    "strandsone-tilgjengelig": Spec("moving_away", {2015: 52.0, 2024: 49.4}, noise=0.002),
    # biennial from 2017: Theil–Sen ≈ 0.13 %/yr; B = ln(95/91)/13 = 0.33 % → R ≈ 0.4
    "tilgang-grontomrader": Spec(
        "limited", {2017: 91.0, 2019: 91.5, 2021: 91.4, 2023: 91.8}, years=[2017, 2019, 2021, 2023]
    ),
    # ---------------------------------------------------------------- goal 13
    # b = ln(2.2/2.4)/9 = −1.0 %; B = ln(1.5/2.4)/15 = −3.1 % → R ≈ 0.3; 2023 outlier (storm «Hans»)
    "overvannsskader": Spec(
        "limited",
        {2015: 2.40, 2022: 2.24, 2023: 6.10, 2024: 2.20},
        noise=0.03,
        notes={2023: "Ekstremværet «Hans» i august 2023"},
    ),
    # cumulative count from 0 → linear rates; slope ≈ 0.6/yr; required 12/15 = 0.8/yr → R ≈ 0.75
    "gjenapnede-bekker": Spec(
        "too_slow", {2015: 0, 2016: 0, 2017: 1, 2018: 1, 2019: 2, 2020: 2, 2021: 3, 2022: 4, 2023: 5, 2024: 6}
    ),
    # REAL target (−67 % vs 2009; −55 % in the 2018 plan), illustrative values: B = ln 0.33/21 = −5.3 %;
    # b ≈ −2.8 % → R ≈ 0.53 (was 0.75 against −55 %)
    "klimagassutslipp": Spec(
        "limited",
        {
            2009: 230000,
            2012: 224000,
            2015: 212000,
            2018: 195000,
            2020: 176000,
            2021: 172000,
            2022: 163000,
            2023: 154000,
        },
        noise=0.01,
        sectors={
            "Veitrafikk": (0.58, 0.50),
            "Oppvarming": (0.08, 0.02),
            "Sjøfart": (0.10, 0.13),
            "Jordbruk": (0.04, 0.06),
            "Avfall og avløp": (0.06, 0.07),
            "Annen mobil forbrenning": (0.07, 0.10),
            "Industri, olje og gass": (0.05, 0.08),
            "Energiforsyning": (0.02, 0.04),
        },
        comparisons={
            "Bærum": cmp("substantial", {2009: 330000, 2023: 240000}),
            "Drammen": cmp("moderate", {2009: 260000, 2023: 225000}),
            "Lier": cmp("limited_trend", {2009: 120000, 2023: 115000}),
        },
    ),
    # b = ln(41/3.5)/9 = 27 %; B = ln(70/3.5)/15 = 20 % → R ≈ 1.4
    "elbilandel": Spec(
        "on_track",
        {2015: 3.5, 2024: 41.0},
        noise=0.01,
        comparisons={
            "Norge": cmp("substantial", {2015: 2.3, 2024: 28.0}),
            "Bærum": cmp("substantial", {2015: 4.5, 2024: 45.0}),
            "Drammen": cmp("substantial", {2015: 2.0, 2024: 27.0}),
            "Lier": cmp("substantial", {2015: 3.0, 2024: 38.0}),
        },
    ),
    # relative −80 % from 9000 (2019) → 1800; b = ln(5200/9000)/5 = −11 %; B = ln 0.2/11 = −14.6 % → R ≈ 0.75
    "utslipp-kommunens-virksomhet": Spec(
        "too_slow",
        {2019: 9000, 2024: 5200},
        noise=0.01,
        flags={2024: "provisional"},
        notes={2024: "Foreløpig klimaregnskap"},
    ),
    # ---------------------------------------------------------------- goal 17
    "fornoyd-lokalmiljo": Spec(
        "achieved", {2015: 74, 2017: 73, 2019: 75, 2021: 71, 2023: 72}, years=[2015, 2017, 2019, 2021, 2023]
    ),
    "vedvarende-lavinntekt-barn": Spec(
        "moving_away",
        {2011: 6.0, 2015: 6.8, 2023: 7.6},
        period="multi:3",
        noise=0.005,
        comparisons={
            "Norge": cmp("deterioration", {2015: 9.0, 2023: 11.0}),
            "Bærum": cmp("deterioration", {2015: 5.4, 2023: 5.9}),
            "Drammen": cmp("moderate", {2015: 16.5, 2023: 15.3}),
            "Lier": cmp("substantial", {2015: 6.5, 2023: 5.5}),
        },
    ),
    "valgdeltakelse": Spec(
        "achieved",
        {2007: 62.9, 2011: 64.8, 2015: 65.2, 2019: 68.4, 2023: 66.9},
        years=[2007, 2011, 2015, 2019, 2023],
        breakdowns={"kjønn=kvinner": 1.03, "kjønn=menn": 0.97},
        comparisons={
            "Norge": cmp("moderate", {2011: 64.2, 2015: 60.0, 2019: 64.7, 2023: 63.0}, [2011, 2015, 2019, 2023]),
            "Bærum": cmp("limited_trend", {2011: 66.0, 2015: 65.5, 2019: 69.1, 2023: 66.1}, [2011, 2015, 2019, 2023]),
            "Drammen": cmp("deterioration", {2011: 58.0, 2015: 56.4, 2019: 60.1, 2023: 54.9}, [2011, 2015, 2019, 2023]),
            "Lier": cmp("moderate", {2011: 63.0, 2015: 62.1, 2019: 66.3, 2023: 67.5}, [2011, 2015, 2019, 2023]),
        },
    ),
    "valgdeltakelse-unge": Spec("insufficient", {2019: 52.0, 2023: 53.5}, years=[2019, 2023]),
    "innbyggere-opplever-innflytelse": Spec(NO_DATA, {}),
    # band 1.75–4; changes sign; 0.8 in 2024 is below the band → moving away (linear rates)
    "netto-driftsresultat": Spec(
        "limited",
        {
            2015: 3.2,
            2016: 4.5,
            2017: 2.8,
            2018: 1.1,
            2019: -0.6,
            2020: 2.4,
            2021: 3.9,
            2022: 1.2,
            2023: -1.4,
            2024: 0.8,
        },
        notes={2019: "Engangskostnader ved kommunesammenslåingen", 2023: "Høy prisvekst og renteøkning"},
    ),
    # keep ≥ 50: Theil–Sen ≈ 0.15 %/yr; B = ln(50/45)/15 = 0.7 % → R ≈ 0.2
    "frivillig-innsats": Spec(
        "limited",
        {2015: 45, 2017: 46, 2019: 47, 2021: 43, 2023: 46},
        years=[2015, 2017, 2019, 2021, 2023],
        notes={2021: "Koronapandemien: mange aktiviteter avlyst"},
    ),
    # b = ln(22/10)/4 = 19.7 %; B = ln 4/10 = 13.9 % → R ≈ 1.4
    "partnerskapsavtaler": Spec("on_track", {2020: 10, 2021: 13, 2022: 16, 2023: 19, 2024: 22}),
}


# --- drawing ------------------------------------------------------------------------------------------------
def _interp(anchors: dict[int, float], t: float) -> float:
    xs = sorted(anchors)
    if t <= xs[0]:
        return anchors[xs[0]]
    if t >= xs[-1]:
        return anchors[xs[-1]]
    for a, b in zip(xs, xs[1:]):
        if a <= t <= b:
            ya, yb, f = anchors[a], anchors[b], (t - a) / (b - a)
            if ya > 0 and yb > 0:
                return ya * (yb / ya) ** f
            return ya + (yb - ya) * f
    raise AssertionError(t)


def _label(year: int, spec: Spec, q: int | None = None) -> str:
    if spec.period == "school":
        return f"{year}-{(year + 1) % 100:02d}"
    if spec.period == "quarter":
        return f"{year}K{q}"
    if spec.period.startswith("multi:"):
        n = int(spec.period.split(":")[1])
        return f"{year - n + 1}-{year}"
    return str(year)


def _round(x: float, decimals: int) -> float:
    return float(f"{x:.{decimals}f}") + 0.0  # + 0.0 turns -0.0 into 0.0


def _fmt(x: float, decimals: int) -> str:
    """The value as the source would print it: fixed decimals, '.' as decimal mark, no '-0'."""
    text = f"{x:.{decimals}f}"
    return text[1:] if text.startswith("-") and float(text) == 0 else text


def _draw(
    anchors: dict[int, float],
    spec: Spec,
    rng: np.random.Generator,
    decimals: int,
    years: list[int] | None = None,
    factor: float = 1.0,
    noise: float | None = None,
) -> list[tuple]:
    """[(key, label, value)] for one area/breakdown. key is the year, or (year, q) for quarters."""
    noise = spec.noise if noise is None else noise
    out = []
    if spec.period == "quarter":
        first, last = min(anchors), spec.last_quarter or (max(anchors), 4)
        for year in range(first, last[0] + 1):
            for q in range(1, 5):
                if (year, q) > tuple(last):
                    break
                level = _interp(anchors, year + (q - 1) / 4)
                v = level * spec.season[q - 1] * factor
                if not (year == first and q == 1):
                    v *= 1 + rng.normal(0, noise)
                if year == 2020 and q in (1, 2):  # pandemic spring
                    v *= 1.12 if q == 1 else 1.06
                out.append(((year, q), _label(year, spec, q), _round(v, decimals)))
        return out
    years = years or list(range(min(anchors), max(anchors) + 1))
    for year in years:
        v = _interp(anchors, year) * factor
        if noise and (year not in anchors or factor != 1.0):
            v *= 1 + rng.normal(0, noise)
        out.append((year, _label(year, spec), _round(v, decimals)))
    return out


def build(catalog: Catalog) -> dict[str, pd.DataFrame]:
    """The example rows, one DataFrame per goal ("03", "04", …)."""
    rng = np.random.default_rng(SEED)
    missing = [i.id for i in catalog.indicators if i.id not in SPECS]
    unknown = [k for k in SPECS if not catalog.has_indicator(k)]
    if missing or unknown:
        raise SystemExit(f"make_example: no spec for {missing}; spec for unknown indicators {unknown}")
    rows: dict[str, list[dict]] = {}
    for ind in catalog.indicators:
        spec = SPECS[ind.id]
        goal_rows = rows.setdefault(f"{int(ind.goal):02d}", [])
        if not spec.anchors:
            continue
        dec = ind.decimals

        def add(series, area="Asker", breakdown="", flags=True):
            # flags (break, provisional) belong to the source and apply to every series of the indicator;
            # notes are written once, on Asker's total
            for key, label, value in series:
                goal_rows.append(
                    {
                        "indicator_id": ind.id,
                        "year": label,
                        "value": value,
                        "area": area,
                        "breakdown": breakdown,
                        "flag": spec.flags.get(key, "") if flags else "",
                        "note": spec.notes.get(key, "") if area == "Asker" and not breakdown else "",
                    }
                )

        total = _draw(spec.anchors, spec, rng, dec, spec.years)
        if spec.sectors:
            total = _add_sectors(total, spec, add)
        add(total)
        for bd, factor in spec.breakdowns.items():
            add(
                _draw(spec.anchors, spec, rng, dec, spec.years, factor=factor, noise=max(spec.noise, 0.003)),
                "Asker",
                bd,
            )
        for area, c in spec.comparisons.items():
            add(
                _draw(c["anchors"], spec, rng, dec, c.get("years") or spec.years, noise=min(spec.noise, 0.004)),
                area,
                "",
            )
        for area, c in spec.group.items():
            own = np.random.default_rng([SEED, zlib.crc32(f"{ind.id}/{area}".encode())])
            add(
                _draw(c["anchors"], spec, own, dec, c.get("years") or spec.years, noise=min(spec.noise, 0.004)),
                area,
                "",
            )
    return {g: pd.DataFrame(r, columns=COLUMNS) for g, r in rows.items()}


def _add_sectors(total: list[tuple], spec: Spec, add) -> list[tuple]:
    """Split the total into sectors whose shares move linearly; the total row is the sum of the sectors."""
    first, last = total[0][0], total[-1][0]
    names = list(spec.sectors)
    per_sector: dict[str, list[tuple]] = {n: [] for n in names}
    for key, label, value in total:
        f = (key - first) / (last - first)
        shares = np.array([a + (b - a) * f for a, b in spec.sectors.values()])
        parts = np.round(value * shares / shares.sum()).astype(int)
        parts[0] += int(round(value)) - int(parts.sum())  # the largest sector absorbs the rounding
        for n, p in zip(names, parts):
            per_sector[n].append((key, label, float(p)))
    for n in names:
        add(per_sector[n], "Asker", f"sektor={n}", flags=False)
    return total


# --- checking ------------------------------------------------------------------------------------------------
def series_frame(df: pd.DataFrame) -> pd.DataFrame:
    """Rows of one indicator/area/breakdown → the engine's input (time, year, value, flag)."""
    from etl.periods import parse_period

    parsed = [parse_period(str(p)) for p in df["year"]]
    return pd.DataFrame(
        {
            "time": [p.time for p in parsed],
            "year": [p.year for p in parsed],
            "value": df["value"].astype(float).to_numpy(),
            "flag": df["flag"].fillna("").astype(str).to_numpy(),
        }
    ).sort_values("time")


def assess_all(catalog: Catalog, frames: dict[str, pd.DataFrame]) -> list[dict]:
    """Status per indicator (Asker total) and trend status per comparison area, with the designed intention."""
    from indicators.progress import assess

    data = pd.concat(frames.values(), ignore_index=True).fillna({"breakdown": "", "flag": ""})
    out = []
    for ind in catalog.indicators:
        spec = SPECS[ind.id]
        sub = data[data["indicator_id"] == ind.id]
        asker = sub[(sub["area"] == "Asker") & (sub["breakdown"] == "")]
        if asker.empty:
            out.append(
                dict(
                    indicator=ind.id,
                    area="Asker",
                    intended=spec.intended,
                    status=NO_DATA,
                    ratio=None,
                    latest=None,
                    notes="",
                )
            )
        else:
            a = assess(ind, series_frame(asker), now_year=NOW_YEAR)
            out.append(
                dict(
                    indicator=ind.id,
                    area="Asker",
                    intended=spec.intended,
                    status=a.status,
                    ratio=a.ratio,
                    latest=a.latest_year,
                    notes=",".join(a.notes),
                )
            )
        for area, c in {**spec.comparisons, **spec.group}.items():
            a = assess(
                ind, series_frame(sub[(sub["area"] == area) & (sub["breakdown"] == "")]), target=None, now_year=NOW_YEAR
            )
            out.append(
                dict(
                    indicator=ind.id,
                    area=area,
                    intended=c["intended"],
                    status=a.status,
                    ratio=a.trend_value,
                    latest=a.latest_year,
                    notes="",
                )
            )
    return out


def main() -> int:
    catalog = load_catalog()
    frames = build(catalog)
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    for goal, df in sorted(frames.items()):
        path = OUT_DIR / f"goal-{goal}.csv"
        text = df.assign(
            value=[_fmt(v, catalog.indicator(i).decimals) for i, v in zip(df["indicator_id"], df["value"])]
        )
        text.to_csv(path, index=False, encoding="utf-8", lineterminator="\n")
        print(f"wrote {path.relative_to(ROOT)}: {len(df)} rows, {df['indicator_id'].nunique()} indicators")
    rows = assess_all(catalog, frames)
    bad = [r for r in rows if r["intended"] != r["status"]]
    print(f"\n{'indicator':34} {'area':8} {'intended':14} {'engine':14} {'R / v':>8}  latest  notes")
    for r in rows:
        ratio = (
            "" if r["ratio"] is None else f"{r['ratio']:.2f}" if r["area"] == "Asker" else f"{r['ratio'] * 100:.2f}%"
        )  # comparison areas: v, the trend rate
        mark = "" if r["intended"] == r["status"] else "   <-- differs"
        print(
            f"{r['indicator']:34} {r['area']:8} {r['intended']:14} {r['status']:14} {ratio:>8}  "
            f"{r['latest'] or '':6}  {r['notes']}{mark}"
        )
    asker = [r for r in rows if r["area"] == "Asker"]
    print("\nAsker statuses:", dict(pd.Series([r["status"] for r in asker]).value_counts()))
    print("Comparison trends:", dict(pd.Series([r["status"] for r in rows if r["area"] != "Asker"]).value_counts()))
    if bad:
        print(f"\n{len(bad)} series do not have their designed status", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
