"""Real files in every upload format (tests/files/upload-formats/, plus Miljødirektoratet's Excel written here
with openpyxl), with what each should do to the example store. Shared by the page and loader tests."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl

FORMAT_DIR = Path(__file__).parent / "files" / "upload-formats"
ROOT = Path(__file__).resolve().parent.parent
DASHBOARD = str(ROOT / "dashboard.py")

SECTORS_2023_2024 = [
    ("Veitrafikk", 77000, 72000),
    ("Oppvarming", 3080, 2900),
    ("Sjøfart", 20020, 19500),
    ("Jordbruk", 9240, 9100),
    ("Avfall og avløp", 10780, 10400),
    ("Annen mobil forbrenning", 15400, 14800),
    ("Industri, olje og gass", 12320, 12000),
    ("Energiforsyning", 6160, 6000),
]


def miljodir_xlsx() -> bytes:
    """Miljødirektoratet's municipal emissions as they download them: one row per municipality, year, sector."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Utslipp"
    ws.append(["Kommunenummer", "Kommunenavn", "År", "Sektor", "Utslipp (tonn CO2-ekvivalenter)"])
    for sector, v23, v24 in SECTORS_2023_2024:
        ws.append(["3203", "Asker", 2023, sector, v23])
        ws.append(["3203", "Asker", 2024, sector, v24])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


@dataclass
class Sample:
    name: str
    format_label: str  # words the upload page shows for the detected format (bokmål)
    details: tuple[str, ...]  # more words on the file's details line (encoding, separator, decimal mark)
    expected: list[tuple]  # (indicator_id, period, area, breakdown, value or None, missing) after commit
    fix_indicator: str | None = None  # indicator to choose in the mapping (when the source is not matched)
    fix_breakdown: list[str] | None = None  # breakdown columns to keep when correcting the mapping (None: no fix)
    mime: str = "text/csv"
    blocked: bool = False  # the file has errors until the mapping is corrected
    counts: tuple[int, int] | None = None  # (new, changed) over the file
    extra: dict = field(default_factory=dict)
    content: bytes | None = None  # the file's bytes when it is not in tests/files/upload-formats

    def data(self) -> bytes:
        if self.content is not None:
            return self.content
        if self.name.endswith(".xlsx"):
            return miljodir_xlsx()
        return (FORMAT_DIR / self.name).read_bytes()


SAMPLES = [
    Sample(
        "canonical.csv",
        "Kanonisk (indicator_id",
        ("UTF-8", "Skilletegn: komma (,)", "Desimaltegn: punktum (.)"),
        [
            ("valgdeltakelse", "2023", "Asker", "", 67.1, ""),
            ("mobbing-10-trinn", "2025-26", "Asker", "", 4.7, ""),
            ("vedvarende-lavinntekt-barn", "2022-2024", "Asker", "", 7.7, ""),
        ],
        counts=(2, 2),
    ),
    Sample(
        "ssb-csv2-12439.csv",
        "SSB Statistikkbanken, csv2",
        ("UTF-8", "Skilletegn: komma (,)", "Kildetabell: 12439"),
        [("sykefravaer", "2025K3", "Asker", "", 5.1, ""), ("sykefravaer", "2025K4", "Asker", "", 5.8, "")],
    ),
    Sample(
        "ssb-semicolon-06913.csv",
        "SSB Statistikkbanken, semikolon",
        ("ISO-8859-1", "Skilletegn: semikolon (;)", "Desimaltegn: komma (,)", "Kildetabell: 06913"),
        [("befolkningsvekst", "2023", "Asker", "", 1.6, ""), ("befolkningsvekst", "2025", "Asker", "", 1.1, "")],
        counts=(1, 1),
    ),
    Sample(
        "ssb-jsonstat2-06913.json",
        "SSB JSON-stat2",
        ("UTF-8", "Kildetabell: 06913"),
        [
            ("befolkningsvekst", "2025", "Asker", "", 1.2, ""),
            ("befolkningsvekst", "2026", "Asker", "", None, "not_available"),
        ],
        mime="application/json",
    ),
    Sample(
        "udir-elevundersokelsen.csv",
        "Udir Skoleporten",
        ("semikolon (;)", "Desimaltegn: komma (,)"),
        [
            ("mobbing-10-trinn", "2024-25", "Asker", "", 5.1, ""),
            ("mobbing-10-trinn", "2025-26", "Asker", "", None, "suppressed"),
        ],
    ),  # its Trinn column says which
    # The same survey without its Trinn column: nothing says which of the two mobbing indicators, so the analyst
    # picks one in the mapping.
    Sample(
        "udir-uten-trinn.csv",
        "Udir Skoleporten",
        ("semikolon (;)", "Desimaltegn: komma (,)"),
        [("mobbing-7-trinn", "2024-25", "Asker", "", 5.9, "")],
        fix_indicator="mobbing-7-trinn",
        fix_breakdown=[],
        blocked=True,
        content=(
            "Enhetsnavn;Kommunenummer;Enhetsnivå;Indikator;Periode;Eierform;Verdi;Måleenhet\n"
            "Asker kommune;3203;Kommune;Mobbing på skolen;2024-25;Alle eierformer;5,9;Prosent\n"
        ).encode(),
    ),
    Sample(
        "fhi-vedvarende-lavinntekt.csv",
        "FHI statistikkbank",
        ("UTF-8", "semikolon (;)"),
        [
            ("vedvarende-lavinntekt-barn", "2020-2022", "Asker", "", 7.5, ""),
            ("vedvarende-lavinntekt-barn", "2022-2024", "Asker", "", 7.2, ""),
        ],
        fix_breakdown=[],  # matched by its measure; «Inntektsmål» is not a breakdown of the series
        extra={"warning": "ingen gjelder Askers totalserie"},
    ),
    Sample(
        "miljodir-utslipp.xlsx",
        "Miljødirektoratet, utslipp (Excel)",
        ("Ark: Utslipp",),
        [
            ("klimagassutslipp", "2024", "Asker", "", 146700.0, ""),
            ("klimagassutslipp", "2024", "Asker", "sektor=Veitrafikk", 72000.0, ""),
        ],
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
]
