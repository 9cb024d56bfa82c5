"""First start: create the DuckDB file, mirror the catalog into it and load the bundled example data once."""

from __future__ import annotations

from pathlib import Path

from indicators.catalog import Catalog, load_catalog
from store import db, queries

EXAMPLE_DIR = Path(__file__).resolve().parent.parent / "data" / "example"
EXAMPLE_USER = "eksempeldata"
MEASURES_FILE = "measures.csv"  # example measures (tiltak), loaded by etl.measures, not as observations


def example_files() -> list[Path]:
    return sorted(p for p in EXAMPLE_DIR.glob("*.csv") if p.name != MEASURES_FILE)


def init_store(con, catalog: Catalog | None = None, with_example: bool = True) -> Catalog:
    """Create the schema and sync the catalog; load the example data when the store has never had an upload."""
    from etl.load import load_paths  # local import: load pulls in the readers, not needed for a bare init

    catalog = catalog or load_catalog()
    db.init_schema(con)
    db.sync_catalog(con, catalog)
    if with_example and queries.data_as_of(con) is None and not queries.uploads(con, 1).shape[0]:
        results, prepared = load_paths(
            con, example_files(), db.effective_catalog(con, catalog), EXAMPLE_USER, is_example=True
        )
        bad = [p for p in prepared if not p.ok]
        if bad:
            raise RuntimeError(
                "The bundled example data do not load: "
                + "; ".join(e.text("en") for p in bad for e in p.report.errors[:5])
            )
    if with_example and queries.shows_example_data(con):
        from etl.measures import load_example_measures

        load_example_measures(con, db.effective_catalog(con, catalog))  # once; a flag in meta remembers it
    return catalog


def read_only_replica() -> bool:
    """$ASKER2030_READ_ONLY=1: this process only reads snapshots (a replica on a host without the store file)."""
    import os

    return os.environ.get("ASKER2030_READ_ONLY", "").strip().lower() in ("1", "true", "yes", "on")


def ensure_store(path=None, catalog: Catalog | None = None, wait_s: float = 120.0) -> None:
    """Before serving: make sure a published snapshot mirrors the current catalog. Costs one look at the
    snapshot when it is current (every restart of every replica); otherwise takes the writer lock for the
    first start (schema, catalog, example data) and publishes. A read-only replica only waits for a snapshot."""
    import time

    from store import snapshots

    path = db.db_path(path)
    catalog = catalog or load_catalog()
    if read_only_replica():
        deadline = time.monotonic() + wait_s
        while snapshots.latest(path) is None:
            if time.monotonic() > deadline:
                raise db.StoreError(
                    f"No snapshot of {path} appeared in {snapshots.snapshot_dir(path)} within {wait_s:.0f} s.",
                    "Start the writing replica (without ASKER2030_READ_ONLY) or check that the "
                    "snapshot folder is the shared one (ASKER2030_SNAPSHOTS).",
                )
            time.sleep(0.5)
        return
    if path.exists() and snapshots.is_current(path):
        with db.reader(path) as con:
            if db.catalog_is_synced(con, catalog):
                return
    with db.writer(path, who="dashboard start") as con:
        init_store(con, catalog)
