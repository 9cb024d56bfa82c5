"""A small real store for the meeting, measures and report tests: the full catalog, made-up yearly series for
goals 13 and 9 and one indicator in every other goal (one goal 13 indicator left without data on purpose), comments and the bundled example measures.

Independent of the example data files and the file readers, so these tests run on their own."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd

from etl.measures import EXAMPLE_FILE, commit_measures, read_measures
from indicators.catalog import load_catalog
from store import db, meetings

CATALOG = load_catalog()
GOALS_WITH_DATA = ("13", "9")
NO_DATA = "gjenapnede-bekker"  # goal 13 indicator left empty: the report must say so, not draw a chart
COMMENTS = {
    "klimagassutslipp": [
        ("2022", "kari@asker.kommune.no", "Utslippene faller, men for sakte.", ""),
        (
            "2023",
            "ola@asker.kommune.no",
            "Nedgangen fra veitrafikk fortsetter; må øke takten.",
            "Utslippsfrie byggeplasser fra 2026",
        ),
    ],
    "elbilandel": [("2023", "kari@asker.kommune.no", "Elbilandelen øker raskt – målet er innen rekkevidde.", "")],
}


def _frame(indicator_ids) -> pd.DataFrame:
    rows = []
    rng = np.random.default_rng(7)
    for n, iid in enumerate(indicator_ids):
        ind = CATALOG.indicator(iid)
        start = ind.baseline_value or 50.0
        step = (-0.03 if ind.direction == "down" else 0.03) * (1 if n % 3 else -0.5)
        for _k, year in enumerate(range(2009, 2024)):
            value = start * (1 + step) ** (year - 2015) * (1 + rng.normal(0, 0.01))
            rows.append(
                dict(
                    indicator_id=iid,
                    period=str(year),
                    year=year,
                    time=float(year),
                    period_kind="year",
                    area="Asker",
                    breakdown="",
                    value=round(float(value), 3),
                    missing="",
                    flag="",
                    note="",
                    source_row=len(rows) + 2,
                )
            )
    return pd.DataFrame(rows)


def build(path: Path) -> Path:
    con = db.connect(path)
    try:
        db.init_schema(con)
        db.sync_catalog(con, CATALOG)
        ids = [i.id for g in GOALS_WITH_DATA for i in CATALOG.indicators_for_goal(g) if i.id != NO_DATA]
        # and one series in every other goal, as a store in use has (a goal without any data is its own case)
        ids += [CATALOG.indicators_for_goal(g.id)[0].id for g in CATALOG.goals if g.id not in GOALS_WITH_DATA]
        db.apply_upload(
            con,
            _frame(ids),
            file_name="test-series.csv",
            file_sha256="test",
            file_format="canonical",
            uploaded_by="tester",
            is_example=True,
            now=datetime(2025, 3, 1, 12, 0),
        )
        for k, (iid, entries) in enumerate(COMMENTS.items()):
            for j, (period, author, text, action) in enumerate(entries):
                meetings.add_comment(con, iid, period, author, text, action, now=datetime(2025, 3, 2 + j, 10, k))
        imported = read_measures(EXAMPLE_FILE, EXAMPLE_FILE.name, CATALOG)
        commit_measures(con, imported, "eksempeldata", CATALOG, mark_example_loaded=True)
        con.execute("CHECKPOINT")
    finally:
        con.close()
    return path
