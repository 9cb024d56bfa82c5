"""Backups are consistent dated snapshots; restore brings back every table exactly and never clobbers data."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pandas as pd
import pytest

from etl.__main__ import main as cli
from indicators.catalog import load_catalog
from store import db

ROOT = Path(__file__).resolve().parents[2]


def _frame(rows):
    return pd.DataFrame(
        [
            dict(
                indicator_id=i,
                period=str(y),
                year=y,
                time=float(y),
                period_kind="year",
                area=a,
                breakdown=b,
                value=v,
                missing="" if v is not None else "not_available",
                flag=f,
                note=note,
                source_row=n,
            )
            for n, (i, y, v, a, b, f, note) in enumerate(rows, start=2)
        ]
    )


@pytest.fixture
def filled(tmp_path) -> Path:
    """A store with something in every table: catalog, uploads (one rolled back), history, comments, measures."""
    path = tmp_path / "store.duckdb"
    con = db.connect(path)
    db.init_schema(con)
    catalog = load_catalog()
    db.sync_catalog(con, catalog)
    ind = catalog.indicators[0].id
    db.apply_upload(
        con,
        _frame(
            [
                (ind, 2015, 6.1, "Asker", "", "", "første"),
                (ind, 2016, None, "Asker", "", "", ""),
                (ind, 2016, 5.5, "Bærum", "kjønn=kvinner", "provisional", "«sitat»; ÆØÅ"),
            ]
        ),
        file_name="a.csv",
        file_sha256="a",
        file_format="canonical",
        uploaded_by="tester",
        now=datetime(2030, 1, 2, 3, 4, 5),
    )
    uid, _ = db.apply_upload(
        con,
        _frame([(ind, 2015, 6.4, "Asker", "", "break", "")]),
        file_name="b.csv",
        file_sha256="b",
        file_format="canonical",
        uploaded_by="tester",
    )
    db.rollback_upload(con, uid, "tester")
    for table in ("commentary", "measure", "measure_indicator"):
        if not con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = ?", [table]).fetchone()[0]:
            continue
        if table == "commentary":
            con.execute(
                "INSERT INTO commentary VALUES (1, ?, '2016', 'a@b.no', TIMESTAMP '2030-01-01 10:00', "
                "'Går feil vei.', '')",
                [ind],
            )
        elif table == "measure":
            con.execute(
                "INSERT INTO measure VALUES (1, '3', 'Tiltak', 'Beskrivelse', 'Helse', 'planned', "
                "DATE '2031-06-30', FALSE, 'a', TIMESTAMP '2030-01-01', 'a', TIMESTAMP '2030-01-01')"
            )
        else:
            con.execute("INSERT INTO measure_indicator VALUES (1, ?)", [ind])
    con.close()
    return path


def _fingerprint(path: Path) -> dict:
    con = db.connect(path, read_only=True)
    try:
        return db.content_fingerprint(con)
    finally:
        con.close()


def test_backup_and_restore_round_trip_every_table_exactly(filled, tmp_path):
    con = db.connect(filled)
    folder = db.backup(con, tmp_path / "backups", now=datetime(2030, 5, 17, 3, 0, 0))
    con.close()
    assert folder.name == "asker2030-2030-05-17-030000"
    assert (folder / "backup.json").is_file() and (folder / "observation.parquet").is_file()
    assert db.list_backups(tmp_path / "backups") == [folder]

    result = db.restore(folder, tmp_path / "restored.duckdb")
    assert result.replaced is None
    original, restored = _fingerprint(filled), _fingerprint(tmp_path / "restored.duckdb")
    assert set(original) == set(restored)
    for table in original:
        assert restored[table] == original[table], table
    assert all(original[t] for t in ("upload", "observation", "observation_change", "indicator"))


def test_backup_is_one_snapshot_while_the_store_is_in_use(filled, tmp_path):
    """The dashboard backs up through its own connection: uploads in the same process wait for it."""
    con = db.connect(filled)
    before = db.content_checksum(con)
    folder = db.backup(con, tmp_path / "b")
    db.apply_upload(
        con,
        _frame([("x-new", 2020, 1.0, "Asker", "", "", "")]),
        file_name="c.csv",
        file_sha256="c",
        file_format="canonical",
        uploaded_by="tester",
    )
    con.close()
    restored = db.restore(folder, tmp_path / "r.duckdb").path
    rcon = db.connect(restored, read_only=True)
    assert db.content_checksum(rcon) == before
    rcon.close()


def test_restore_refuses_to_replace_data_without_force(filled, tmp_path):
    con = db.connect(filled)
    folder = db.backup(con, tmp_path / "b")
    db.apply_upload(
        con,
        _frame([("x-new", 2020, 1.0, "Asker", "", "", "")]),
        file_name="c.csv",
        file_sha256="c",
        file_format="canonical",
        uploaded_by="tester",
    )
    changed = db.content_checksum(con)
    con.close()
    with pytest.raises(db.StoreError, match="--force"):
        db.restore(folder, filled)
    assert _checksum(filled) == changed  # untouched
    result = db.restore(folder, filled, force=True)
    assert result.replaced is not None and result.replaced.exists()
    assert _checksum(result.replaced) == changed  # the replaced file is kept, not deleted
    assert _checksum(filled) != changed


def _checksum(path):
    con = db.connect(path, read_only=True)
    try:
        return db.content_checksum(con)
    finally:
        con.close()


def test_damaged_file_is_moved_aside_by_restore(filled, tmp_path):
    con = db.connect(filled)
    folder = db.backup(con, tmp_path / "b")
    con.close()
    damaged = tmp_path / "damaged.duckdb"
    damaged.write_bytes(b"\x00garbage" * 4096)
    with pytest.raises(db.StoreDamagedError):
        db.connect(damaged)
    result = db.restore(folder, damaged)
    assert result.replaced.read_bytes().startswith(b"\x00garbage")
    assert _fingerprint(damaged) == _fingerprint(filled)


def test_a_changed_backup_is_refused(filled, tmp_path):
    con = db.connect(filled)
    folder = db.backup(con, tmp_path / "b")
    con.close()
    (folder / "upload.parquet").unlink()
    with pytest.raises(db.StoreError):
        db.restore(folder, tmp_path / "r.duckdb")
    assert not (tmp_path / "r.duckdb").exists()


def test_not_a_backup_folder(tmp_path):
    with pytest.raises(db.StoreError, match="not a backup"):
        db.restore(tmp_path, tmp_path / "r.duckdb")


# --- command line ---------------------------------------------------------------------------------------


def test_cli_backup_and_restore(filled, tmp_path, capsys):
    assert cli(["--db", str(filled), "backup", "--out", str(tmp_path / "bk")]) == 0
    out = capsys.readouterr().out
    folder = Path(out.split("backup written: ")[1].splitlines()[0])
    assert folder.parent == tmp_path / "bk" and folder.is_dir()
    assert f"python -m etl restore {folder}" in out

    assert cli(["--db", str(filled), "restore", str(folder)]) == 1
    assert "--force" in capsys.readouterr().err
    target = tmp_path / "new.duckdb"
    assert cli(["--db", str(target), "restore", str(folder)]) == 0
    assert _fingerprint(target) == _fingerprint(filled)


def test_cli_backup_while_a_writer_holds_the_store_reads_the_snapshot(filled, tmp_path):
    """A backup reads the newest published snapshot: a process holding the writer lock (an upload in the
    dashboard, a load) does not stop it, and the backup holds the committed state."""
    from store import db

    with db.writer(filled, who="test"):
        pass
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import time; from store import db; "
            f"w = db.writer({str(filled)!r}, who='a long upload'); w.__enter__(); "
            "print('ready', flush=True); time.sleep(60)",
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "ready"
        run = subprocess.run(
            [sys.executable, "-m", "etl", "--db", str(filled), "backup", "--out", str(tmp_path / "b")],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )
    finally:
        holder.kill()
        holder.wait()
    assert run.returncode == 0, run.stderr
    folder = Path(run.stdout.split("backup written: ")[1].splitlines()[0])
    restored = tmp_path / "restored.duckdb"
    assert cli(["--db", str(restored), "restore", str(folder)]) == 0
    assert _fingerprint(restored) == {t: n for t, n in _fingerprint(filled).items()}
    assert "Traceback" not in run.stderr


def test_cli_backup_while_a_foreign_program_holds_the_file_says_so(tmp_path):
    """A program outside Asker 2030 (a DuckDB shell) holding the file, before any snapshot exists: a message
    naming the situation, no stack trace."""
    path = tmp_path / "plain.duckdb"
    import duckdb

    duckdb.connect(str(path)).close()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import duckdb,time; c=duckdb.connect({str(path)!r}); print('ready', flush=True); time.sleep(60)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "ready"
        run = subprocess.run(
            [sys.executable, "-m", "etl", "--db", str(path), "backup"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )
    finally:
        holder.kill()
        holder.wait()
    assert run.returncode == 1
    assert "another program" in run.stderr and "stop the dashboard" not in run.stderr.lower()
    assert "Traceback" not in run.stderr


def test_cli_on_a_damaged_file_names_backup_and_restore(tmp_path):
    path = tmp_path / "asker2030.duckdb"
    path.write_bytes(b"not a database" * 1000)
    backups = tmp_path / "backups" / "asker2030-2030-01-01-000000"
    backups.mkdir(parents=True)
    (backups / "backup.json").write_text("{}")
    run = subprocess.run(
        [sys.executable, "-m", "etl", "--db", str(path), "uploads"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 2
    assert "Traceback" not in run.stderr
    assert f"python -m etl restore {backups}" in run.stderr  # names the newest backup beside the file


# --- a backup folder is data, never code ----------------------------------------------------------------


@pytest.fixture
def backed_up(filled, tmp_path):
    con = db.connect(filled)
    folder = db.backup(con, tmp_path / "b")
    con.close()
    return folder


def _manifest(folder: Path) -> dict:
    import json

    return json.loads((folder / "backup.json").read_text(encoding="utf-8"))


def _write_manifest(folder: Path, manifest: dict) -> None:
    import json

    (folder / "backup.json").write_text(json.dumps(manifest), encoding="utf-8")


def test_the_manifest_names_every_file_with_its_sha256(backed_up):
    import hashlib

    tables = _manifest(backed_up)["tables"]
    assert {"observation", "upload", "observation_change", "meta"} <= set(tables)
    for table, entry in tables.items():
        assert entry["file"] == f"{table}.parquet"
        assert entry["sha256"] == hashlib.sha256((backed_up / entry["file"]).read_bytes()).hexdigest()


def test_the_backups_own_sql_is_never_run(filled, backed_up, tmp_path):
    """A tampered schema.sql / load.sql that would write a file and add a table: restore ignores both."""
    pwned = tmp_path / "pwned.csv"
    evil = f"COPY (SELECT 42 AS answer) TO '{pwned}' (HEADER);\nCREATE TABLE evil AS SELECT 1 AS x;\n"
    (backed_up / "schema.sql").write_text(evil + (backed_up / "schema.sql").read_text())
    (backed_up / "load.sql").write_text(evil)
    result = db.restore(backed_up, tmp_path / "restored.duckdb")
    assert not pwned.exists()
    restored = _fingerprint(result.path)
    assert "evil" not in restored and restored == _fingerprint(filled)


def test_restore_works_without_the_sql_files(filled, backed_up, tmp_path):
    (backed_up / "schema.sql").unlink()
    (backed_up / "load.sql").unlink()
    assert _fingerprint(db.restore(backed_up, tmp_path / "r.duckdb").path) == _fingerprint(filled)


def _swap_parquet(folder: Path, table: str, sql: str) -> None:
    """Replace a table's parquet file with another valid parquet file (written by DuckDB from `sql`)."""
    import duckdb

    target = folder / f"{table}.parquet"
    con = duckdb.connect()
    try:
        con.execute(f"COPY ({sql}) TO '{target}.new' (FORMAT parquet)")
    finally:
        con.close()
    Path(f"{target}.new").replace(target)


def _refused(folder: Path, tmp_path: Path, match: str) -> None:
    target = tmp_path / "target.duckdb"
    with pytest.raises(db.StoreError, match=match):
        db.restore(folder, target)
    assert not target.exists() and not target.with_name(target.name + ".restoring").exists()


def test_an_unknown_table_in_the_manifest_is_refused(backed_up, tmp_path):
    m = _manifest(backed_up)
    m["tables"]["evil"] = {**m["tables"]["meta"], "file": "meta.parquet"}
    _write_manifest(backed_up, m)
    _refused(backed_up, tmp_path, "tables this store does not have \\(evil\\)")


@pytest.mark.parametrize("name", ["../store.duckdb", "/etc/passwd", "observation.csv", "sub/observation.parquet"])
def test_a_file_outside_the_folder_or_not_parquet_is_refused(backed_up, tmp_path, name):
    m = _manifest(backed_up)
    m["tables"]["observation"]["file"] = name
    _write_manifest(backed_up, m)
    _refused(backed_up, tmp_path, "is not a parquet file in the folder")


def test_a_symlink_is_refused(backed_up, tmp_path):
    outside = tmp_path / "elsewhere.parquet"
    (backed_up / "upload.parquet").replace(outside)
    (backed_up / "upload.parquet").symlink_to(outside)
    _refused(backed_up, tmp_path, "not a plain file")


def test_a_changed_file_is_refused_by_its_sha256(backed_up, tmp_path):
    _swap_parquet(backed_up, "upload", f"SELECT * FROM read_parquet('{backed_up / 'upload.parquet'}') LIMIT 1")
    _refused(backed_up, tmp_path, "SHA-256 differs")


def test_changed_rows_are_refused_by_the_row_count_and_checksum(backed_up, tmp_path):
    """Without a SHA-256 to check (older backups), the restored rows must still be the ones saved."""
    m = _manifest(backed_up)
    for entry in m["tables"].values():
        entry.pop("sha256")
    _write_manifest(backed_up, m)
    source = backed_up / "observation.parquet"
    _swap_parquet(backed_up, "observation", f"SELECT * REPLACE (value + 1 AS value) FROM read_parquet('{source}')")
    _refused(backed_up, tmp_path, "the rows of observation are not those that were saved")


def test_a_file_with_other_columns_is_refused(backed_up, tmp_path):
    m = _manifest(backed_up)
    source = backed_up / "meta.parquet"
    _swap_parquet(backed_up, "meta", f"SELECT *, 'x' AS extra FROM read_parquet('{source}')")
    m["tables"]["meta"].pop("sha256")
    _write_manifest(backed_up, m)
    _refused(backed_up, tmp_path, "has the columns key, value, extra, not those of meta")


@pytest.mark.parametrize("text", ["not json", "[]", '{"tables": {}}', '{"tables": {"meta": {"rows": "x"}}}'])
def test_a_damaged_manifest_is_refused(backed_up, tmp_path, text):
    (backed_up / "backup.json").write_text(text)
    _refused(backed_up, tmp_path, "refused")


def test_another_schema_version_is_refused(backed_up, tmp_path):
    m = _manifest(backed_up)
    m["schema_version"] = "99"
    _write_manifest(backed_up, m)
    _refused(backed_up, tmp_path, "schema version 99")


def test_cli_restore_of_a_tampered_backup_says_why_and_keeps_the_target(filled, backed_up, tmp_path, capsys):
    m = _manifest(backed_up)
    m["tables"]["observation"]["file"] = "../../etc/passwd"
    _write_manifest(backed_up, m)
    before = _fingerprint(filled)
    assert cli(["--db", str(filled), "restore", str(backed_up), "--force"]) == 1
    err = capsys.readouterr().err
    assert "is refused" in err and "Traceback" not in err
    assert _fingerprint(filled) == before
