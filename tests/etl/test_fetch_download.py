"""`api: url`: a file at a stable download address, fetched and read by the ordinary readers like an upload."""

from __future__ import annotations

import yaml

from etl.fetch import ConnectionStore, Settings, fetch
from indicators.catalog import CATALOG_DIR, Catalog, parse_goals, parse_indicator
from store import db, queries
from tests.etl.fetch_server import FakeAgencies

SSB_SEMICOLON = (
    '"06913: Befolkning og endringar, etter region, statistikkvariabel og år"\n\n'
    '"region";"statistikkvariabel";"år";"06913: Befolkning og endringar"\n'
    '"3203 Asker";"Befolkning per 1.1.";"2024";"96 974"\n'
    '"3203 Asker";"Befolkning per 1.1.";"2025";"..."\n'
).encode("iso-8859-1")


def test_a_download_address_is_read_like_an_uploaded_file(tmp_path):
    server = FakeAgencies().start()
    server.files["befolkning.csv"] = SSB_SEMICOLON
    try:
        goals_file = CATALOG_DIR / "goals.yaml"
        goals = parse_goals(yaml.safe_load(goals_file.read_text(encoding="utf-8")), goals_file)
        raw = {
            "id": "befolkning",
            "objective": "11.1",
            "name": {"nb": "Befolkning", "en": "Population"},
            "unit": "count",
            "direction": "up",
            "baseline": {"year": 2015},
            "target": {"kind": "absolute", "value": 1},
            "source": {"agency": "SSB", "table": "06913"},
            "sector": {"nb": "T", "en": "T"},
            "frequency": "annual",
            "definition": {"nb": "T.", "en": "T."},
            "fetch": {"api": "url", "url": f"{server.base}/files/befolkning.csv"},
        }
        cat = Catalog(goals, [parse_indicator(raw, [o.id for g in goals for o in g.objectives])])
        con = db.connect(tmp_path / "s.duckdb")
        db.init_schema(con)
        [r] = fetch(cat.indicators, cat, ConnectionStore(con), Settings(retries=0), areas=[])
        assert r.ok, r.error and r.error.en
        assert r.requests[0].prepared.read.format == "ssb_semicolon"  # the reader an upload of this file gets
        s = queries.series(con, "befolkning").set_index("period")
        assert s.loc["2024", "value"] == 96974 and s.loc["2025", "missing"] == "not_yet_available"
        assert queries.uploads(con).iloc[0]["source_url"] == f"{server.base}/files/befolkning.csv"
        con.close()
    finally:
        server.stop()
