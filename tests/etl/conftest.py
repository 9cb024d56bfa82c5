"""Fixtures for the file readers: a small real catalog, and writers that put real-looking files in tmp_path
(SSB csv2 / semicolon / JSON-stat2, Udir, FHI, Miljødirektoratet .xlsx written with openpyxl, canonical CSV)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import openpyxl
import pytest
import yaml

from indicators.catalog import CATALOG_DIR, Catalog, parse_goals, parse_indicator

FILES = Path(__file__).parent / "files"


def _indicator(
    id, objective, unit, agency, table="", variable="", direction="up", frequency="annual", allow=(), headline=None
):
    target = (
        {"kind": "absolute", "value": 1.0}
        if direction != "down"
        else {"kind": "relative", "change": -0.55, "base_year": 2009}
    )
    return {
        "id": id,
        "objective": objective,
        "name": {"nb": id.replace("_", " "), "en": id.replace("_", " ")},
        "unit": unit,
        "direction": direction,
        "baseline": {"year": 2009 if direction == "down" else 2015},
        "target": target,
        "source": {
            "agency": agency,
            "table": table,
            "variable": variable,
            **({"headline": headline} if headline else {}),
        },
        "sector": {"nb": "Test", "en": "Test"},
        "frequency": frequency,
        "definition": {"nb": "Testindikator.", "en": "Test indicator."},
        **({"allow": list(allow)} if allow else {}),
    }


TEST_INDICATORS = [
    _indicator("sykefravaer", "17.1", "percent", "SSB", "12439", direction="down", frequency="quarterly"),
    _indicator("befolkning", "11.1", "count", "SSB", "06913", "Befolkning per 1.1."),
    _indicator("levendefodte", "3.1", "count", "SSB", "06913", "Levendefødte"),
    _indicator("lavinntekt", "3.1", "percent", "SSB", "09579"),
    _indicator("mobbing", "4.1", "percent", "Udir", "Udir:Mobbing", direction="down"),
    _indicator("gjennomforing_vgs", "4.3", "percent", "Udir", "Udir:Gjennomføring"),
    _indicator("trangboddhet", "3.1", "percent", "FHI", "FHI:Trangboddhet", direction="down"),
    _indicator("overvekt", "3.1", "percent", "FHI", "FHI:Overvekt", "andel (prosent)", direction="down"),
    _indicator(
        "klimagassutslipp", "13.1", "tonnes_co2e", "Miljødirektoratet", "Klimagassutslipp i kommuner", direction="down"
    ),
    _indicator("fullfort_vgs", "4.3", "percent", "SSB", "12971"),
    _indicator("andel_syklende", "11.2", "percent", "Asker kommune", "RVU"),
    # Named the way the real catalog names tables that have no id: agency + table in words (+ measure).
    _indicator("forventet_levealder", "3.1", "years", "FHI", "Forventet levealder"),
    _indicator(
        "mobbing_7", "4.1", "percent", "Udir", "Elevundersøkelsen", "Mobbing på skolen, 7. trinn", direction="down"
    ),
    _indicator(
        "mobbing_10", "4.1", "percent", "Udir", "Elevundersøkelsen", "Mobbing på skolen, 10. trinn", direction="down"
    ),
    # What the catalog may allow (indicators.catalog.ALLOWANCES) and a headline breakdown value
    _indicator("dekningsgrad", "9.3", "percent", "SSB", "11111", allow=["above_100"]),
    _indicator("framskriving", "11.1", "count", "SSB", "22222", allow=["future", "negative"]),
    _indicator("levealder_ved_fodsel", "3.1", "years", "FHI", "Levealder ved fødsel", headline={"alder": "0 år"}),
]


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    goals_file = CATALOG_DIR / "goals.yaml"
    goals = parse_goals(yaml.safe_load(goals_file.read_text(encoding="utf-8")), goals_file)
    objective_ids = [o.id for g in goals for o in g.objectives]
    return Catalog(goals, [parse_indicator(raw, objective_ids) for raw in TEST_INDICATORS])


@pytest.fixture
def write(tmp_path):
    """write(name, content, encoding='utf-8') -> Path; str content is encoded, bytes written as they are."""

    def _write(name: str, content, encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        path.write_bytes(content if isinstance(content, bytes) else content.encode(encoding))
        return path

    return _write


# --- real-looking exports -------------------------------------------------------------------------

SSB_CSV2 = (
    '"region","kvartal","statistikkvariabel","12439: Sykefravær for lønnstakere (prosent), etter region, '
    'kvartal og statistikkvariabel"\n'
    '"3203 Asker","2023K1","Sykefraværsprosent","6.4"\n'
    '"3203 Asker","2023K2","Sykefraværsprosent","5.9"\n'
    '"3203 Asker","2023K3","Sykefraværsprosent","5.1"\n'
    '"3203 Asker","2023K4","Sykefraværsprosent",".."\n'
)

SSB_SEMICOLON = (
    '"06913: Befolkning og endringar, etter region, statistikkvariabel og år"\n'
    "\n"
    '"region";"statistikkvariabel";"år";"06913: Befolkning og endringar, etter region, statistikkvariabel og år"\n'
    '"0220 Asker (-2019)";"Befolkning per 1.1.";"2019";"61 523"\n'
    '"0627 Røyken (-2019)";"Befolkning per 1.1.";"2019";"22\u00a0453"\n'
    '"3025 Asker (2020-2023)";"Befolkning per 1.1.";"2020";"94 441"\n'
    '"K-3203 Asker";"Befolkning per 1.1.";"2024";"96 974"\n'
    '"3203 Asker";"Befolkning per 1.1.";"2025";"..."\n'
    '"0 Hele landet";"Befolkning per 1.1.";"2024";"5 550 203"\n'
    '"3203 Asker";"Levendefødte";"2024";"-"\n'
    '"3203 Asker";"Levendefødte";"2023";":"\n'
    '"3024 Bærum";"Levendefødte";"2024";"1 234,5"\n'
)


def jsonstat2(values, status=None, size=None, label="09579: Personer i husholdninger med lavinntekt (prosent)"):
    return {
        "version": "2.0",
        "class": "dataset",
        "label": label,
        "source": "Statistisk sentralbyrå",
        "id": ["Region", "ContentsCode", "Tid"],
        "size": size or [2, 1, 3],
        "role": {"time": ["Tid"], "geo": ["Region"], "metric": ["ContentsCode"]},
        "dimension": {
            "Region": {
                "label": "region",
                "category": {"index": {"3203": 0, "0220": 1}, "label": {"3203": "Asker", "0220": "Asker (-2019)"}},
            },
            "ContentsCode": {
                "label": "statistikkvariabel",
                "category": {"index": {"EUskala60": 0}, "label": {"EUskala60": "Andel under 60 prosent"}},
            },
            "Tid": {
                "label": "år",
                "category": {
                    "index": {"2021": 0, "2022": 1, "2023": 2},
                    "label": {"2021": "2021", "2022": "2022", "2023": "2023"},
                },
            },
        },
        "value": values,
        **({"status": status} if status is not None else {}),
        "extension": {"px": {"tableid": "09579"}},
    }


UDIR = (
    "Enhetsnavn;Enhetsnivå;Kommunenummer;Indikator;Periode;Trinn;Kjønn;Verdi;Måleenhet\n"
    "Asker kommune;Kommune;3203;Mobbing;2022-23;7. trinn;Begge kjønn;6,1;prosent\n"
    "Asker kommune;Kommune;3203;Mobbing;2023-24;7. trinn;Begge kjønn;5,4;prosent\n"
    "Asker kommune;Kommune;3203;Mobbing;2023-24;7. trinn;Jenter;*;prosent\n"
    "Asker kommune;Kommune;3203;Mobbing;2023-24;10. trinn;Gutter;.;prosent\n"
    "Nasjonalt;Nasjonalt;;Mobbing;2023-24;7. trinn;Begge kjønn;7,2;prosent\n"
)

FHI = (
    "\ufeffGeografi;År;Kjønn;Alder;Måltall;Verdi\n"
    "Asker;2019_2021;kjønn samlet;alle aldre;andel (prosent);7,9\n"
    "Asker;2020_2022;kjønn samlet;alle aldre;andel (prosent);8,2\n"
    "Asker;2021-2023;kjønn samlet;alle aldre;andel (prosent);:\n"
    "Asker;2021-2023;kvinner;alle aldre;andel (prosent);6,5\n"
    "Hele landet;2021-2023;kjønn samlet;alle aldre;andel (prosent);12,1\n"
)


def miljodir_xlsx(rows=None, title=True, header=None) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Utslipp"
    if title:
        ws.append(["Klimagassutslipp fordelt på kommuner"])
        ws.append(["Kilde: Miljødirektoratet, utslipp i tonn CO2-ekvivalenter"])
        ws.append([])
    ws.append(header or ["Kommunenummer", "Kommunenavn", "År", "Sektor", "Utslipp (tonn CO2-ekvivalenter)"])
    for r in (
        rows
        if rows is not None
        else [
            ["3203", "Asker", 2009, "Veitrafikk", 210000.5],
            ["3203", "Asker", 2009, "Oppvarming", 40000],
            ["3203", "Asker", 2009, "Avfall og avløp", 9000],
            [3203, "Asker", 2022, "Veitrafikk", 150000],
            [3203, "Asker", 2022, "Oppvarming", 12000.25],
            [3203, "Asker", 2022, "Avfall og avløp", "7 000,5"],
        ]
    ):
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def xlsx_bytes(rows) -> bytes:
    wb = openpyxl.Workbook()
    for r in rows:
        wb.active.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def dumps(obj) -> str:
    return json.dumps(obj, ensure_ascii=False)
