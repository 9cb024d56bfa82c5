"""`python -m etl` end to end on a real DuckDB file: every format loads with the right values, a second load
changes nothing, a changed value keeps its history, a bad file leaves the database as it was."""

from __future__ import annotations

import io
import math
import os
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from store import db, queries

ROOT = Path(__file__).resolve().parents[2]
FORMATS = ROOT / "tests" / "files" / "upload-formats"


def etl(db_file: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "etl", "--db", str(db_file), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def value(db_file: Path, indicator: str, period: str, area: str = "Asker", breakdown: str = ""):
    con = db.connect(db_file, read_only=True)
    try:
        s = queries.series(con, indicator, area, breakdown)
    finally:
        con.close()
    row = s[s["period"] == period]
    assert len(row) == 1, f"{indicator} {period} {area} {breakdown!r}: {len(row)} rows"
    return row.iloc[0]


def fingerprint(db_file: Path):
    con = db.connect(db_file, read_only=True)
    try:
        return db.content_fingerprint(con)
    finally:
        con.close()


@pytest.fixture
def files(tmp_path) -> Path:
    d = tmp_path / "in"
    shutil.copytree(FORMATS, d)
    # data.ssb.no style: ISO-8859-1, semicolons, decimal comma, thousands space, symbols, "-" = zero
    (d / "ssb-latin1-12439.csv").write_bytes(
        (
            '"region";"kvartal";"statistikkvariabel";"12439: Sykefravær for lønnstakere (prosent)"\n'
            '"K-3203 Asker";"2024K1";"Sykefraværsprosent";"6,2"\n'
            '"K-3203 Asker";"2024K2";"Sykefraværsprosent";".."\n'
            '"K-3203 Asker";"2024K3";"Sykefraværsprosent";"-"\n'
            '"K-3203 Asker";"2024K4";"Sykefraværsprosent";":"\n'
        ).encode("iso-8859-1")
    )
    # canonical with semicolons, decimal comma, thousands separator (no-break space) and a UTF-8 BOM
    (d / "semikolon.csv").write_bytes(
        "indicator_id;year;value\nklimagassutslipp;2009;231\u00a0456,5\nklimagassutslipp;2010;228 001,0\n".encode(
            "utf-8-sig"
        )
    )
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Klimagassutslipp fra kommuner"])
    ws.append([])
    ws.append(["Kommunenummer", "Kommunenavn", "År", "Sektor", "Utslipp (tonn CO2-ekvivalenter)"])
    for year, road, energy in [(2021, 60000.5, 20000), (2022, 58000, 19000.25)]:
        ws.append(["3203", "Asker", year, "Veitrafikk", road])
        ws.append(["3203", "Asker", year, "Energiforsyning", energy])
    buf = io.BytesIO()
    wb.save(buf)
    (d / "miljodirektoratet.xlsx").write_bytes(buf.getvalue())
    return d


@pytest.fixture
def store(tmp_path) -> Path:
    path = tmp_path / "cli.duckdb"
    r = etl(path, "init", "--no-example")
    assert r.returncode == 0, r.stderr
    return path


def test_every_format_loads_with_the_right_values(store, files):
    udir = files / "udir-elevundersokelsen.csv"
    r = etl(store, "load", str(udir))  # Udir's Trinn column says which of the two mobbing indicators
    assert r.returncode == 0, r.stdout + r.stderr
    r = etl(store, "load", *sorted(str(p) for p in files.iterdir() if p != udir))
    assert r.returncode == 0, r.stdout + r.stderr
    assert value(store, "valgdeltakelse", "2023")["value"] == 67.1  # canonical
    assert value(store, "mobbing-10-trinn", "2024-25")["flag"] == "provisional"  # school year
    assert value(store, "sykefravaer", "2025K3")["value"] == 5.1  # SSB csv2
    assert value(store, "sykefravaer", "2024K1")["value"] == 6.2  # SSB latin-1, comma
    missing = value(store, "sykefravaer", "2024K2")
    assert math.isnan(missing["value"]) and missing["missing"] == "not_available"  # ".."
    assert value(store, "sykefravaer", "2024K3")["value"] == 0.0  # "-" is zero
    assert value(store, "sykefravaer", "2024K4")["missing"] == "confidential"  # ":"
    assert value(store, "befolkningsvekst", "2024")["value"] == 1.3  # SSB semicolon
    assert value(store, "klimagassutslipp", "2009")["value"] == 231456.5  # thousands + comma
    assert value(store, "klimagassutslipp", "2010")["value"] == 228001.0
    assert value(store, "klimagassutslipp", "2022")["value"] == pytest.approx(77000.25)  # Excel: sum of sectors
    assert value(store, "klimagassutslipp", "2022", breakdown="sektor=Veitrafikk")["value"] == 58000
    assert value(store, "vedvarende-lavinntekt-barn", "2022-2024")["value"] in (7.2, 7.7)  # FHI multi-year
    assert value(store, "mobbing-10-trinn", "2023-24")["value"] == 5.3  # Udir


def test_second_identical_load_changes_nothing(store, files):
    target = str(files / "canonical.csv")
    assert etl(store, "load", target).returncode == 0
    before = fingerprint(store)
    r = etl(store, "load", target)
    assert r.returncode == 0 and "no changes" in r.stdout
    assert fingerprint(store) == before


def test_changed_value_keeps_history_and_rollback_restores(store, tmp_path):
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    first.write_text("indicator_id,year,value\nvalgdeltakelse,2019,68.4\n")
    second.write_text("indicator_id,year,value\nvalgdeltakelse,2019,68.9\n")
    assert etl(store, "load", str(first)).returncode == 0
    assert etl(store, "load", str(second)).returncode == 0
    assert value(store, "valgdeltakelse", "2019")["value"] == 68.9
    con = db.connect(store, read_only=True)
    changes = queries.upload_changes(con, 2)
    con.close()
    assert (changes.iloc[0]["old_value"], changes.iloc[0]["new_value"]) == (68.4, 68.9)
    assert etl(store, "rollback", "2").returncode == 0
    assert value(store, "valgdeltakelse", "2019")["value"] == 68.4


def test_bad_file_names_row_and_column_and_changes_nothing(store, files, tmp_path):
    assert etl(store, "load", str(files / "canonical.csv")).returncode == 0
    before = fingerprint(store)
    bad = tmp_path / "bad.csv"
    bad.write_text("indicator_id,year,value\nvalgdeltakelse,2021,70\nvalgdeltakelse,2022,sytti\n")
    r = etl(store, "load", str(files / "ssb-csv2-12439.csv"), str(bad))
    assert r.returncode == 1
    assert "bad.csv" in r.stdout and "rad 3" in r.stdout and "«value»" in r.stdout
    assert fingerprint(store) == before, "nothing may be written when any file has errors"


def test_validate_writes_nothing_and_export_round_trips(store, files, tmp_path):
    before = fingerprint(store)
    r = etl(store, "validate", str(files / "canonical.csv"))
    assert r.returncode == 0 and "new" in r.stdout
    assert fingerprint(store) == before
    assert etl(store, "load", str(files / "canonical.csv")).returncode == 0
    out = tmp_path / "export.csv"
    assert etl(store, "export", "--out", str(out)).returncode == 0
    other = tmp_path / "other.duckdb"
    assert etl(other, "init", "--no-example").returncode == 0
    r = etl(other, "load", str(out))
    assert r.returncode == 0, r.stdout + r.stderr
    assert value(other, "valgdeltakelse", "2023")["value"] == 67.1


# --- a store that was never initialised --------------------------------------------------------------------

NEVER = [
    ("uploads",),
    ("export", "--out", "{tmp}/out.csv"),
    ("export-indicators",),
    ("validate", "{file}"),
    ("load", "{file}"),
    ("rollback", "1"),
    ("backup", "--out", "{tmp}/bk"),
    ("measures", "{file}"),
    ("report", "--out", "{tmp}/rep"),
]


@pytest.mark.parametrize("args", NEVER, ids=[a[0] for a in NEVER])
@pytest.mark.parametrize("kind", ["missing", "empty"])
def test_every_command_on_a_store_never_initialised_says_how_to_make_one(tmp_path, args, kind):
    """A new or mistyped --db path: a message naming `init`, no stack trace, and no file left behind; an empty
    DuckDB file (made by another program) is named as such."""
    store = tmp_path / "ny.duckdb"
    if kind == "empty":
        import duckdb

        duckdb.connect(str(store)).close()
    data = tmp_path / "a.csv"
    data.write_text("indicator_id,year,value\nbefolkningsvekst,2023,1.2\n")
    run = etl(store, *(a.format(tmp=tmp_path, file=data) for a in args))
    assert run.returncode in (1, 2) and "Traceback" not in run.stderr, run.stderr
    assert f"python -m etl --db {store} init" in run.stderr
    if kind == "missing":
        assert "has not been created yet" in run.stderr
        assert not store.exists()
    else:
        assert "exists but was never initialised" in run.stderr


def test_init_then_load_works_on_the_new_path(tmp_path):
    store = tmp_path / "ny.duckdb"
    data = tmp_path / "a.csv"
    data.write_text("indicator_id,year,value\nbefolkningsvekst,2023,1.2\n")
    assert etl(store, "init", "--no-example").returncode == 0
    done = etl(store, "load", str(data))
    assert done.returncode == 0, done.stderr
    assert value(store, "befolkningsvekst", "2023")["value"] == 1.2


# --- the upload page's corrections on the command line ------------------------------------------------------

CONSCRIPTS = (
    "Geografi;År;Kjønn;Alder;Måltall;Verdi\n"
    "Asker;2019_2023;kjønn samlet;17 år;andel (prosent);17,2\n"
    "Asker;2020_2024;kjønn samlet;17 år;andel (prosent);16,8\n"
)


def test_validate_names_the_options_and_load_takes_them(example_db, tmp_path):
    data = tmp_path / "Overvekt og fedme, sesjon.csv"
    data.write_text(CONSCRIPTS, encoding="utf-8")
    shown = etl(example_db, "--lang", "en", "validate", str(data))
    assert shown.returncode == 0, shown.stderr
    assert "none is for Asker's total series" in shown.stdout and '--total "alder=17 år"' in shown.stdout
    typo = etl(example_db, "load", str(data), "--drop", "aldr")
    assert typo.returncode == 1 and "«aldr» er ikke en nedbrytningskolonne" in typo.stdout
    bad = etl(example_db, "load", str(data), "--total", "alder")
    assert bad.returncode == 2 and "COLUMN=VALUE" in bad.stderr
    done = etl(example_db, "load", str(data), "--total", "alder=17 år")
    assert done.returncode == 0, done.stdout + done.stderr
    assert value(example_db, "overvekt-sesjon", "2020-2024")["value"] == 16.8


def test_validate_names_indicator_option_with_candidates(example_db, tmp_path):
    data = tmp_path / "ssb.csv"
    data.write_text('"region","år","99999: Noe helt annet"\n"3203 Asker","2023",12\n')
    shown = etl(example_db, "--lang", "en", "validate", str(data))
    assert shown.returncode == 1
    assert "--indicator ID; SSB's indicators are " in shown.stdout and "befolkningsvekst" in shown.stdout


def test_export_neutralises_formula_text_and_load_reads_it_back(example_db, tmp_path):
    data = tmp_path / "a.csv"
    data.write_text(
        'indicator_id,year,value,area,note\nbefolkningsvekst,2023,1.2,"=HYPERLINK(""http://x"")",'
        "=1+2\nbefolkningsvekst,2022,1.1,@SUM(A1),-minus\n"
    )
    assert etl(example_db, "load", str(data)).returncode == 0
    out = tmp_path / "all.csv"
    assert etl(example_db, "export", "--out", str(out)).returncode == 0
    text = out.read_text(encoding="utf-8")
    assert '"\'=HYPERLINK(""http://x"")"' in text and ",'=1+2," in text and ",'@SUM(A1)," in text
    assert ",'-minus," in text and ",-0.6," in text  # text starting with - is neutralised; numbers stay numbers
    assert value(example_db, "befolkningsvekst", "2023", area='=HYPERLINK("http://x")')["note"] == "=1+2"
    again = etl(example_db, "load", str(out))  # what was exported loads back as it is stored
    assert again.returncode == 0, again.stdout + again.stderr
    assert "new 0, changed 0" in again.stdout or "no changes" in again.stdout
