"""Sniffing: container kind, BOMs and encodings (ÆØÅ must come out right), separators, header rows, decimal marks."""

from __future__ import annotations

import codecs

import numpy as np
import pytest

from etl import sniff
from etl.validation import Report

NORSK = "område;år;verdi\nRøyken;2019;1,5\nÅs;2020;2,5\nBærum;2021;3,5\n"


@pytest.mark.parametrize(
    "data, kind",
    [
        (b"", "empty"),
        (b"  \n\t", "empty"),
        (codecs.BOM_UTF8, "empty"),
        (b"PK\x03\x04rest", "zip"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", "ole"),
        (b'  {"version": "2.0"}', "json"),
        (codecs.BOM_UTF8 + b"[1, 2]", "json"),
        (b"a;b\n1;2\n", "text"),
    ],
)
def test_container_kind(data, kind):
    assert sniff.container_kind(data) == kind


@pytest.mark.parametrize(
    "encoding, bom, expected_encoding, warns",
    [
        ("utf-8", b"", "utf-8", False),
        ("utf-8", codecs.BOM_UTF8, "utf-8", False),
        ("utf-16-le", codecs.BOM_UTF16_LE, "utf-16-le", True),
        ("utf-16-be", codecs.BOM_UTF16_BE, "utf-16-be", True),
        ("utf-16-le", b"", "utf-16-le", True),
        ("utf-16-be", b"", "utf-16-be", True),
        ("cp1252", b"", "cp1252", False),
        ("iso-8859-1", b"", "cp1252", False),  # identical for Norwegian letters; cp1252 is the superset
        ("cp865", b"", "cp865", False),  # old DOS Nordic code page
    ],
)
def test_decode_gets_norwegian_letters_right(encoding, bom, expected_encoding, warns):
    report = Report()
    d = sniff.decode(bom + NORSK.encode(encoding), report, "f.csv")
    assert d.text == NORSK
    assert d.encoding == expected_encoding
    assert [p.code for p in report.problems] == (["utf16_decoded"] if warns else [])


def test_decode_cp1252_specials():
    text = "merknad\n«Foreløpige tall» – justert 2 €\n"
    d = sniff.decode(text.encode("cp1252"), Report(), "f.csv")
    assert d.text == text and d.encoding == "cp1252"


def test_decode_repairs_double_encoding():
    text = "område;merknad\nRøyken;Økt tilflytting i Hurum og Åros\n"
    report = Report()
    d = sniff.decode(text.encode("utf-8").decode("cp1252").encode("utf-8"), report, "f.csv")
    assert d.text == text and [p.code for p in report.problems] == ["double_encoding_fixed"]


def test_decode_mixed_utf8_and_cp1252_lines():
    data = "a;b\nRøyken;1\n".encode() + "Bærum;2\n".encode("cp1252")
    report = Report()
    d = sniff.decode(data, report, "f.csv")
    assert d.text == "a;b\nRøyken;1\nBærum;2\n"
    assert [(p.code, p.row) for p in report.problems] == [("mixed_encoding", 3)]


def test_decode_rejects_binary_and_nul():
    r = Report()
    assert sniff.decode(bytes(range(256)) * 10, r, "f").text is None and r.errors[0].code == "binary_file"
    r = Report()
    assert sniff.decode(b"a;b\n1;2\n3;\x004\n" + b"5;6\n" * 20, r, "f").text is None
    assert (r.errors[0].code, r.errors[0].row) == ("nul_bytes", 3)


@pytest.mark.parametrize(
    "lines, sep",
    [
        (["indicator_id,year,value", "a,2023,1.5", "b,2023,2"], ","),
        (["indikator;år;verdi", "a;2023;1,5", "b;2023;2,5"], ";"),
        (["indikator\tår\tverdi", "a\t2023\t1,5"], "\t"),
        (["indikator|år|verdi", "a|2023|1,5"], "|"),
        (['"region","år","12439: Sykefravær for lønnstakere(prosent),"', '"3203 Asker","2023","5.1"'], ","),
        (
            [
                '"06913: Befolkning; etter region"',
                "",
                '"region";"år";"06913: Befolkning"',
                '"3203 Asker";"2024";"96 974"',
                '"3203 Asker";"2025";"98 178"',
            ],
            ";",
        ),
        (["a;b;c", "1,5;2,5;3,5", "4,5;5,5;6,5"], ";"),
        (["only one line with no separator"], None),
    ],
)
def test_sniff_separator(lines, sep):
    assert sniff.sniff_separator(lines) == sep


def test_header_index_skips_title_lines():
    lines = ['"06913: Befolkning"', "", '"region";"år";"verdi"', '"3203 Asker";"2024";"1"', '"3203 Asker";"2025";"2"']
    assert sniff.header_index(lines, ";") == 2
    assert sniff.header_index(["a,b,c", "1,2,3"], ",") == 0


@pytest.mark.parametrize(
    "samples, decimal, thousands",
    [
        (["1,5", "2,25", "10"], ",", None),
        (["1.5", "2.25", "10"], ".", None),
        (["1.234,5", "2,5"], ",", "."),
        (["1,234.5", "2.5"], ".", ","),
        (["1 234,5", "12 345"], ",", None),
        (["1\u00a0234,5"], ",", None),
        (["..", ":", "-", "abc"], ".", None),
    ],
)
def test_detect_decimal(samples, decimal, thousands):
    assert sniff.detect_decimal(samples) == (decimal, thousands)


def test_line_lengths():
    starts, lengths = sniff.line_lengths(b"ab\n\ncde\n")
    assert starts.tolist() == [0, 3, 4] and lengths.tolist() == [2, 0, 3]
    starts, lengths = sniff.line_lengths(b"ab\ncd")
    assert lengths.tolist() == [2, 2]
    assert isinstance(lengths, np.ndarray)


def test_normalize_newlines():
    assert sniff.normalize_newlines("a\r\nb\rc\n") == "a\nb\nc\n"
