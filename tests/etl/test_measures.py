"""Measures CSV: separators, encodings and Norwegian headers are forgiven; problems name row and column."""

import subprocess
import sys

import pytest

from etl.bootstrap import example_files
from etl.measures import EXAMPLE_FILE, load_example_measures, read_measures
from indicators.catalog import load_catalog
from store import db, meetings

CATALOG = load_catalog()


def test_the_bundled_example_file_is_clean_and_marked_as_example():
    imported = read_measures(EXAMPLE_FILE, EXAMPLE_FILE.name, CATALOG)
    assert imported.ok and not imported.report.problems, [p.text("en") for p in imported.report.problems]
    goals = {m.goal_id for _, m in imported.items}
    assert goals == {g.id for g in CATALOG.goals}, "a few example measures per goal"
    assert all(m.is_example for _, m in imported.items)
    assert EXAMPLE_FILE not in example_files(), "measures are not loaded as observations"


@pytest.mark.parametrize(
    "text, encoding",
    [
        (
            "mål;tittel;ansvarlig;status;frist;indikatorer\n13;Grønne tak;Teknisk;Pågår;31.12.2026;klimagassutslipp, elbilandel\n",
            "utf-8",
        ),
        (
            "goal,title,responsible,status,due,indicators\n13,Grønne tak,Teknisk,in progress,2026-12-31,klimagassutslipp|elbilandel\n",
            "utf-8-sig",
        ),
        (
            "Mål;Tittel;Ansvarlig enhet;Status;Frist;Indikatorer\n13;Grønne tak;Teknisk;pågår;31.12.2026;klimagassutslipp;\n",
            "cp1252",
        ),
        (
            "goal\ttitle\tresponsible\tstatus\tdue\tindicators\n13\tGrønne tak\tTeknisk\tin_progress\t31/12/2026\tklimagassutslipp,elbilandel\n",
            "utf-8",
        ),
    ],
)
def test_forgiving_reading(text, encoding):
    if encoding == "cp1252":  # the trailing ';' of this line is an empty extra column, not an id separator
        text = text.replace("klimagassutslipp;\n", "klimagassutslipp\n")
    imported = read_measures(text.encode(encoding), "tiltak.csv", CATALOG)
    assert imported.ok, [p.text("en") for p in imported.report.problems]
    ((_, m),) = imported.items
    assert (m.goal_id, m.title, m.responsible, m.status) == ("13", "Grønne tak", "Teknisk", "in_progress")
    assert str(m.due_date) == "2026-12-31"
    assert m.indicator_ids[0] == "klimagassutslipp"


def test_problems_name_row_and_column():
    text = (
        "goal;title;status;due;indicators;farge\n"
        "13;Grønne tak;pågår;2026-13-01;klimagassutslipp\n"
        "99;;ukjent;;nope\n"
        "13;Grønne tak;planlagt;;\n"
        "3;Tiltak for helse;planlagt;;klimagassutslipp\n"
    )
    imported = read_measures(text.encode(), "tiltak.csv", CATALOG)
    assert not imported.ok
    found = {(p.level, p.code, p.row, p.column) for p in imported.report.problems}
    assert ("warning", "measures_unknown_column", None, "farge") in found
    assert ("error", "measures_bad_date", 2, "due") in found
    assert ("error", "measures_unknown_goal", 3, "goal") in found
    assert ("error", "measures_no_title", 3, "title") in found
    assert ("error", "measures_unknown_status", 3, "status") in found
    assert ("error", "measures_unknown_indicator", 3, "indicators") in found
    assert ("error", "measures_duplicate", 4, "title") in found
    assert ("warning", "measures_indicator_other_goal", 5, "indicators") in found
    message = next(p for p in imported.report.problems if p.code == "measures_bad_date").text("nb")
    assert message.startswith("tiltak.csv, rad 2, kolonne «due»: «2026-13-01» er ikke en dato.")


@pytest.mark.parametrize(
    "text, code",
    [
        ("", "measures_unreadable"),
        ("title;status\nA;planlagt\n", "measures_missing_column"),
        ("goal;title\n", "measures_empty"),
    ],
)
def test_files_that_cannot_be_used(text, code):
    imported = read_measures(text.encode(), "x.csv", CATALOG)
    assert not imported.ok and code in [p.code for p in imported.report.errors]


def test_example_measures_load_once(tmp_path):
    con = db.connect(tmp_path / "x.duckdb")
    db.init_schema(con)
    db.sync_catalog(con, CATALOG)
    assert load_example_measures(con, CATALOG)["added"] >= 12
    mid = int(meetings.measures(con).iloc[0]["id"])
    con.execute("DELETE FROM measure WHERE id = ?", [mid])  # someone removed one
    assert load_example_measures(con, CATALOG) is None, "never reloaded once loaded"
    con.close()


def test_cli_imports_a_file_all_or_nothing(tmp_path):
    path = tmp_path / "cli.duckdb"
    con = db.connect(path)
    db.init_schema(con)
    db.sync_catalog(con, CATALOG)
    con.close()
    good = tmp_path / "tiltak.csv"
    good.write_text("mål;tittel;status\n13;Grønne tak;pågår\n9;Fiber;planlagt\n", encoding="utf-8")
    bad = tmp_path / "feil.csv"
    bad.write_text("mål;tittel;status\n13;Blå tak;pågår\n13;Røde tak;kanskje\n", encoding="utf-8")

    def run(f):
        return subprocess.run(
            [sys.executable, "-m", "etl", "--db", str(path), "measures", str(f)],  # noqa: E731
            capture_output=True,
            text=True,
            timeout=120,
        )

    ok = run(good)
    assert ok.returncode == 0 and "new 2" in ok.stdout
    refused = run(bad)
    assert refused.returncode == 1 and "rad 3, kolonne «status»" in refused.stdout
    con = db.connect(path, read_only=True)
    assert sorted(meetings.measures(con)["title"]) == ["Fiber", "Grønne tak"]
    con.close()
