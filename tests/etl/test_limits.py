"""The limits on columns, cells and an .xlsx's unpacked size: the refusal and its message (naming the limit and
the setting that raises it), and that a raised limit lets the same file through. Times are the benchmark's
business (bench/columns.py), not these tests'."""

from __future__ import annotations

import io
import re
import zipfile

import openpyxl
import pytest

from etl.limits import SETTINGS, Limits
from etl.read import read_file
from tests.etl.conftest import jsonstat2


def wide_csv(columns: int, rows: int = 3) -> bytes:
    header = ["indicator_id", "year", "value"] + [f"kolonne_{j}" for j in range(columns - 3)]
    lines = [",".join(header)] + [
        ",".join(["befolkning", str(2020 + r), str(r), *(["x"] * (columns - 3))]) for r in range(rows)
    ]
    return ("\n".join(lines) + "\n").encode()


def wide_xlsx(columns: int, rows: int = 3) -> bytes:
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("Data")
    ws.append(["indicator_id", "year", "value"] + [f"kolonne_{j}" for j in range(columns - 3)])
    for r in range(rows):
        ws.append(["befolkning", 2020 + r, r] + ["x"] * (columns - 3))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_defaults_and_settings():
    assert Limits().columns == 1_000 and Limits().cells == 20_000_000 and Limits().unpacked == 200_000_000
    assert {v for v, _ in SETTINGS.values()} == {
        "ASKER2030_MAX_COLUMNS",
        "ASKER2030_MAX_CELLS",
        "ASKER2030_MAX_XLSX_UNPACKED_MB",
    }


@pytest.mark.parametrize("name,make", [("bred.csv", wide_csv), ("bred.xlsx", wide_xlsx)])
def test_too_many_columns_is_refused_and_the_setting_raises_the_limit(catalog, monkeypatch, name, make):
    data = make(1_001)
    r = read_file(data, name, catalog)
    (e,) = r.report.errors
    assert e.code == "too_many_columns" and (e.params["columns"], e.params["limit"]) == (1_001, 1_000)
    assert "1001 columns; the limit is 1000" in e.message("en") and "ASKER2030_MAX_COLUMNS" in e.hint("en")
    assert len(r.frame) == 0
    monkeypatch.setenv("ASKER2030_MAX_COLUMNS", "2000")
    r = read_file(data, name, catalog)
    assert r.report.ok and len(r.frame) == 3
    # The extra columns are breakdowns, named in at most 20 warnings and one line for the rest.
    assert [p.code for p in r.report.warnings].count("extra_column_as_breakdown") == 20


def test_a_file_of_ten_thousand_columns_is_refused_before_it_is_parsed(catalog):
    r = read_file(wide_csv(10_000, rows=200), "hostile.csv", catalog)
    assert [p.code for p in r.report.problems] == ["too_many_columns"]


def test_too_many_cells_is_refused(catalog, monkeypatch):
    monkeypatch.setenv("ASKER2030_MAX_CELLS", "100")
    text = "indicator_id,year,value\n" + "".join(f"befolkning,{1950 + r},{r}\n" for r in range(50))
    (e,) = read_file(text.encode(), "mange.csv", catalog).report.errors
    assert e.code == "too_many_cells" and (e.params["rows"], e.params["columns"], e.params["cells"]) == (50, 3, 150)
    assert "ASKER2030_MAX_CELLS" in e.hint("en")
    (e,) = read_file(wide_xlsx(5, rows=40), "mange.xlsx", catalog).report.errors
    assert e.code == "too_many_cells" and e.params["limit"] == 100
    (e,) = read_file(
        __import__("json").dumps(jsonstat2([1.0] * 60, size=[2, 1, 30])).encode(), "mange.json", catalog
    ).report.errors
    assert e.code == "too_many_cells" and e.params["cells"] == 240
    monkeypatch.setenv("ASKER2030_MAX_CELLS", "not a number")  # a wrong setting falls back to the default
    assert read_file(text.encode(), "mange.csv", catalog).report.ok


def test_a_hostile_sheet_dimension_does_not_widen_every_row(catalog):
    """A sheet declaring A1:XFD1048576 would pad each row to 16,384 cells (and past the columns limit)."""
    data = wide_xlsx(3)
    src, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for item in src.infolist():
            body = src.read(item)
            if item.filename.startswith("xl/worksheets/"):
                body = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:XFD1048576"/>', body)
                if b"<dimension" not in body:
                    body = body.replace(b"<sheetData", b'<dimension ref="A1:XFD1048576"/><sheetData', 1)
            z.writestr(item, body)
    r = read_file(out.getvalue(), "dim.xlsx", catalog)
    assert r.report.ok, [p.text("en") for p in r.report.problems]
    assert r.frame["value"].tolist() == [0.0, 1.0, 2.0]
