"""Downloads neutralise formula text and keep numbers and Norwegian letters intact."""

import io

import pandas as pd
import pytest
from openpyxl import load_workbook

from exports.tables import neutralise, to_csv_bytes, to_excel_bytes


@pytest.mark.parametrize(
    "text, expected",
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+47 999", "'+47 999"),
        ("-1+2", "'-1+2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("Bærum", "Bærum"),
        (-4.5, -4.5),
    ],
)
def test_neutralise(text, expected):
    assert neutralise(text) == expected


def test_csv_and_excel_are_safe():
    df = pd.DataFrame({"område": ["Asker", "=cmd|' /C calc'!A0"], "verdi": [1234.5, -2.0]})
    csv = to_csv_bytes(df).decode("utf-8-sig")
    assert "'=cmd" in csv and "1234,5" in csv and "område" in csv
    ws = load_workbook(io.BytesIO(to_excel_bytes(df))).active
    assert ws["A3"].value.startswith("'=") and ws["B2"].value == 1234.5 and ws["B3"].value == -2.0
