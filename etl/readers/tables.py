"""Parse decoded text (any separator) or an .xlsx workbook into a `Table`, keeping the row numbers a user sees.

Text goes through pyarrow's CSV parser (vectorised; a million rows in well under a second). Row numbers are
computed from newline positions with numpy, so blank lines, title lines and footnotes keep numbering honest.
"""

from __future__ import annotations

import csv
import html
import io
import re
import zipfile

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from etl import sniff
from etl.limits import Limits
from etl.limits import variable as limit_variable
from etl.readers import messages as M
from etl.readers.base import Table, norm
from etl.validation import Report

MAX_REPORTED = 20
WIDE = 100  # columns from which a text table is kept as one block of Python strings (see _arrow_parse)


def _more(report: Report, file: str, level: str, kind: str, count: int) -> None:
    if count > 0:
        report.add(level, M.W_MORE, file, count=count, kind=kind)


def text_table(
    text: str, report: Report, file: str, max_rows: int, details: dict, limits: Limits | None = None
) -> Table | None:
    limits = limits or Limits(rows=max_rows)
    text = sniff.normalize_newlines(text)
    if "\x00" in text:
        report.error(M.E_NUL, file, row=text.count("\n", 0, text.index("\x00")) + 1)
        return None
    text = re.sub(r"(?m)^[ \t\u00a0]+$", "", text)  # whitespace-only lines are blank lines
    buf = text.encode("utf-8")
    starts, lengths = sniff.line_lengths(buf)
    if len(lengths) == 0 or not lengths.any():
        report.error(M.E_EMPTY, file)
        return None
    if lengths.max() > sniff.MAX_LINE:
        i = int(np.argmax(lengths > sniff.MAX_LINE))
        report.error(M.E_LINE_TOO_LONG, file, row=i + 1, length=int(lengths[i]), limit=sniff.MAX_LINE)
        return None
    lines = sniff.sample_lines(text)
    sep = sniff.sniff_separator(lines)
    if sep is None:
        first = next((ln for ln in lines if ln.strip()), lines[0] if lines else "")
        report.error(M.E_UNKNOWN_LAYOUT, file, row=1, found=f"«{first[:80]}»", expected="indicator_id;year;value")
        return None
    h = sniff.header_index(lines, sep)
    details["separator"] = sep
    details["header_row"] = h + 1
    title = " ".join(ln.strip().strip('"') for ln in lines[:h] if ln.strip())
    nonempty = np.flatnonzero(lengths > 0)
    after = nonempty[nonempty >= h]  # line indices of the header and every non-blank line below it
    if len(after) - 1 > max_rows:
        report.error(M.E_TOO_MANY_ROWS, file, rows=len(after) - 1, limit=max_rows)
        return None
    header = [c.replace("\ufeff", "").strip() for c in sniff._fields(lines[h], sep)]
    if not _within(report, file, limits, len(after) - 1, len(header)):
        return None
    names = [c if c else f"kolonne {i + 1}" for i, c in enumerate(header)]
    seen = set()
    for c in names:
        if norm(c) in seen:
            report.error(M.E_DUPLICATE_COLUMN, file, row=h + 1, column=c)
            return None
        seen.add(norm(c))
    body = buf[starts[h] :]
    arr = np.frombuffer(body, dtype=np.uint8)
    quotes = np.flatnonzero(arr == 34)
    multiline = False
    if quotes.size:
        line_of_quote = np.searchsorted(starts[h:] - starts[h], quotes, side="right") - 1
        multiline = bool((np.bincount(line_of_quote) % 2).any())
    frame = None
    if not multiline:
        try:
            frame, rows, bad, filled = _arrow_parse(body, sep, len(names), after)
        except pa.ArrowInvalid:  # odd quoting pyarrow will not split; the csv module copes
            frame = None
    if frame is None:
        frame, rows, bad, filled = _python_parse(text, lines_before=h, sep=sep, ncols=len(names))
    # Bad rows: footnotes after the table are skipped; anything else is an error.
    last_good = rows.max() if len(rows) else h + 1

    def other_sep(line):
        return next((s for s in sniff.SEPARATORS if s != sep and sniff.field_count(line, s) == len(names)), None)

    footer = [b for b in bad if b[0] > last_good and b[1] <= 2 and not (b[1] == 1 and other_sep(b[2]))]
    errors = [b for b in bad if b not in footer]
    if footer:
        report.warning(M.W_FOOTER, file, row=footer[0][0], count=len(footer))
    for row, nfields, line in errors[:MAX_REPORTED]:
        other = other_sep(line) if nfields == 1 else None
        if other:
            report.error(M.E_MIXED_SEP, file, row=row, value=line[:200], sep=_sepname(sep), other=_sepname(other))
        else:
            report.error(M.E_RAGGED, file, row=row, value=line[:200], fields=nfields, expected=len(names))
    _more(report, file, "error", M.E_RAGGED, len(errors) - MAX_REPORTED)
    frame.columns = names
    # Excel's "a;b;c;" leaves an unnamed, empty last column: drop such columns. (`filled`: which cells are not
    # empty, found while parsing; per-column pandas calls would cost a wide file seconds.)
    empty = (
        [c for i, c in enumerate(names) if not header[i] and not filled[:, i].any()]
        if len(frame)
        else [c for i, c in enumerate(names) if not header[i]]
    )
    if empty:
        frame = frame.drop(columns=empty)
    keep = filled.any(axis=1) if len(frame.columns) else np.zeros(len(frame), bool)
    if not keep.all():  # lines of only separators (";;;")
        frame, rows = frame[keep].reset_index(drop=True), rows[keep]
    return Table(list(frame.columns), frame, rows, title=title, separator=sep, header_row=h + 1)


def _sepname(sep: str) -> str:
    return {"\t": "tab", " ": "mellomrom"}.get(sep, sep)


def _arrow_parse(body: bytes, sep: str, ncols: int, after: np.ndarray):
    bad: list[tuple[int, int, str]] = []

    def handler(row):
        bad.append((row.number, row.actual_columns, row.text))
        return "skip"

    cols = [f"c{i}" for i in range(ncols)]
    table = pacsv.read_csv(
        io.BytesIO(body),
        read_options=pacsv.ReadOptions(
            column_names=cols, skip_rows=1, use_threads=False, block_size=max(4 << 20, 2 * sniff.MAX_LINE + 16)
        ),
        parse_options=pacsv.ParseOptions(
            delimiter=sep,
            quote_char='"',
            double_quote=True,
            newlines_in_values=False,
            ignore_empty_lines=True,
            invalid_row_handler=handler,
        ),
        convert_options=pacsv.ConvertOptions(
            column_types={c: pa.string() for c in cols},
            strings_can_be_null=False,
            quoted_strings_can_be_null=False,
            null_values=[],
        ),
    )
    filled = (
        np.column_stack([pc.greater(pc.binary_length(col), 0).to_numpy(zero_copy_only=False) for col in table.columns])
        if table.num_rows
        else np.zeros((0, ncols), bool)
    )
    if ncols >= WIDE and table.num_rows:
        # A wide table as one 2-D block of Python strings: each of thousands of Arrow-backed pandas columns would
        # cost every later step a pandas call per column (a narrow table keeps Arrow's fast string methods).
        frame = pd.DataFrame(
            np.column_stack([col.to_numpy(zero_copy_only=False) for col in table.columns]), columns=cols, dtype=object
        )
    else:
        frame = table.to_pandas()
    # pyarrow numbers records over non-blank lines with the (skipped) header as 1, so data record k is k + 1.
    data_lines = after[1:]  # physical line indices (0-based) of non-blank lines below the header
    bad_idx = np.array([b[0] for b in bad], dtype=np.int64) - 2
    if bad and (bad_idx.min() < 0 or bad_idx.max() >= len(data_lines)):
        bad_idx = np.clip(bad_idx, 0, max(len(data_lines) - 1, 0))
    mask = np.ones(len(data_lines), dtype=bool)
    if bad:
        mask[bad_idx] = False
    rows = data_lines[mask] + 1
    if len(rows) != len(frame):  # should not happen; keep numbering monotone rather than fail
        rows = np.arange(2, len(frame) + 2, dtype=np.int64)
    bad_rows = [(int(data_lines[i]) + 1 if i < len(data_lines) else 0, n, t) for i, (_, n, t) in zip(bad_idx, bad)]
    return frame.astype(object) if frame.empty else frame, rows.astype(np.int64), bad_rows, filled


def _python_parse(text: str, lines_before: int, sep: str, ncols: int):
    """Slow path for quoted values that span lines: csv module with exact line numbers."""
    stream = io.StringIO(text)
    for _ in range(lines_before):
        stream.readline()
    reader = csv.reader(stream, delimiter=sep, quotechar='"')
    data, rows, bad = [], [], []
    first = True
    start_line = lines_before + 1
    for rec in reader:
        line = start_line
        start_line = lines_before + reader.line_num + 1
        if first:
            first = False
            continue
        if not rec or (len(rec) == 1 and not rec[0].strip()):
            continue
        if len(rec) != ncols:
            bad.append((line, len(rec), sep.join(rec)))
            continue
        data.append(rec)
        rows.append(line)
    frame = pd.DataFrame(data, columns=[f"c{i}" for i in range(ncols)], dtype=object)
    filled = np.array([[c != "" for c in rec] for rec in data], dtype=bool).reshape(len(data), ncols)
    if len(frame):
        frame = frame.astype(str)
    return frame, np.array(rows, dtype=np.int64), bad, filled


def _within(report: Report, file: str, limits: Limits, rows: int, columns: int) -> bool:
    """Columns and cells against their limits, before the table is parsed (an error names the one exceeded)."""
    if columns > limits.columns:
        report.error(
            M.E_TOO_MANY_COLUMNS, file, columns=columns, limit=limits.columns, setting=limit_variable("columns")
        )
        return False
    if rows * columns > limits.cells:
        report.error(
            M.E_TOO_MANY_CELLS,
            file,
            cells=rows * columns,
            rows=rows,
            columns=columns,
            limit=limits.cells,
            setting=limit_variable("cells"),
        )
        return False
    return True


# --- Excel ----------------------------------------------------------------------------------------

ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
# A formula cell: <f> with no saved result (<v> missing or empty). Self-closing cells (<c r="A1"/>) hold nothing.
_FORMULA_CELL = re.compile(rb"<(?:\w+:)?c\b([^>]*?)(?<!/)>(.*?)</(?:\w+:)?c>", re.S)
_HAS_VALUE = re.compile(rb"<(?:\w+:)?v>[^<]|<(?:\w+:)?is>")
_REF = re.compile(rb'\br="([A-Z]{1,3}\d+)"')
_FORMULA_TEXT = re.compile(rb"<(?:\w+:)?f\b[^>]*>(.*?)</(?:\w+:)?f>", re.S)


def zip_kind(data: bytes) -> tuple[str, list[str]]:
    """What a zip file is: 'xlsx', 'ods' or 'zip' (anything else), and the names of its members."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            names = z.namelist()
            if "mimetype" in names and z.read("mimetype")[:100].strip().startswith(ODS_MIMETYPE):
                return "ods", names
    except (zipfile.BadZipFile, ValueError, OSError, KeyError, NotImplementedError, RuntimeError):
        return "xlsx", []  # damaged: openpyxl says what is wrong with it
    if "xl/workbook.xml" in names or "[Content_Types].xml" in names:
        return "xlsx", names
    return "zip", names


def formula_cells(xml: bytes, limit: int = MAX_REPORTED + 1) -> tuple[list[tuple[str, str]], int]:
    """Cells of a sheet's XML that hold a formula without a saved result: [(cell, formula)] (at most `limit`)
    and how many there are. Excel saves each formula's result; files written by scripts often do not, and
    then the cell would read as empty."""
    if b"<f" not in xml:
        return [], 0
    found: list[tuple[str, str]] = []
    count = 0
    for m in _FORMULA_CELL.finditer(xml):
        body = m.group(2)
        if b"<f" not in body or _HAS_VALUE.search(body):
            continue
        count += 1
        if len(found) < limit:
            ref = _REF.search(m.group(1))
            text = _FORMULA_TEXT.search(body)
            formula = html.unescape(text.group(1).decode("utf-8", "replace")) if text else ""
            found.append((ref.group(1).decode() if ref else "?", formula))
    return found, count


def sheet_label(file: str, sheet: str) -> str:
    """How problems name a sheet of a workbook with several data sheets."""
    return f"{file} [{sheet}]"


def excel_tables(
    data: bytes, report: Report, file: str, max_rows: int, details: dict, limits: Limits | None = None
) -> list[Table] | None:
    """Every sheet's table (header row found below any title rows). Numbers stay numbers. Sheets without a
    table are listed in details["sheets_without_table"]."""
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    limits = limits or Limits(rows=max_rows)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            unpacked = sum(i.file_size for i in z.infolist())
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        report.error(M.E_CORRUPT_XLSX, file, reason=str(exc)[:200] or type(exc).__name__)
        return None
    # The declared sizes bound what unpacking can give (zipfile stops at them), so a "zip bomb" is refused
    # before anything is unpacked.
    if unpacked > limits.unpacked:
        report.error(
            M.E_XLSX_UNPACKED,
            file,
            size_mb=round(unpacked / 1e6),
            limit_mb=round(limits.unpacked / 1e6),
            setting=limit_variable("unpacked_mb"),
        )
        return None
    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (
        zipfile.BadZipFile,
        InvalidFileException,
        KeyError,
        ValueError,
        OSError,
        TypeError,
        IndexError,
        AttributeError,
    ) as exc:
        report.error(M.E_CORRUPT_XLSX, file, reason=str(exc)[:200] or type(exc).__name__)
        return None
    except Exception as exc:  # openpyxl raises many kinds on damaged XML (lxml/ElementTree parse errors)
        report.error(M.E_CORRUPT_XLSX, file, reason=f"{type(exc).__name__}: {str(exc)[:200]}")
        return None
    tables, without = [], []
    cells = 0
    try:
        sheets = wb.worksheets
        for ws in sheets:
            # The sheet's declared size may be wrong or hostile (A1:XFD1048576 pads every row to 16,384 cells):
            # read the rows as they are.
            ws.reset_dimensions()
            rows: list[tuple[int, tuple]] = []
            widest = 0
            for i, values in enumerate(ws.iter_rows(values_only=True), start=1):
                cells += len(values)
                widest = max(widest, len(values))
                if widest > limits.columns:
                    report.error(
                        M.E_TOO_MANY_COLUMNS,
                        file,
                        columns=widest,
                        limit=limits.columns,
                        setting=limit_variable("columns"),
                    )
                    return None
                if cells > limits.cells:
                    report.error(
                        M.E_TOO_MANY_CELLS,
                        file,
                        cells=cells,
                        rows=i,
                        columns=widest,
                        limit=limits.cells,
                        setting=limit_variable("cells"),
                    )
                    return None
                if len(rows) > max_rows + 50:
                    report.error(M.E_TOO_MANY_ROWS, file, rows=len(rows), limit=max_rows)
                    return None
                rows.append((i, values))
            t = _sheet_table(ws.title, rows, report, sheet_label(file, ws.title) if len(sheets) > 1 else file)
            if t is False:
                return None
            assert t is None or isinstance(t, Table)  # _sheet_table gives a table, None (no table) or False
            if t is None:
                if any(v is not None and str(v).strip() for _, vals in rows for v in vals):
                    without.append(ws.title)
                continue
            path = getattr(ws, "_worksheet_path", None)
            if path:
                t.formula_cells = formula_cells(wb._archive.read(path))
            tables.append(t)
    except Exception as exc:  # damaged sheet XML surfaces while iterating
        report.error(M.E_CORRUPT_XLSX, file, reason=f"{type(exc).__name__}: {str(exc)[:200]}")
        return None
    finally:
        wb.close()
    if not tables:
        report.error(
            M.E_EXCEL_EMPTY,
            file,
            sheets=", ".join(f"«{ws.title}»" for ws in sheets),
            expected="Kommunenummer, År, Sektor, Utslipp (tonn CO2-ekvivalenter)",
        )
        return None
    details["sheets_without_table"] = without
    return tables


def _cell(v):
    if v is None:
        return ""
    if isinstance(v, str):
        return v.strip()
    if hasattr(v, "year") and hasattr(v, "month"):  # a date typed into a year column
        return str(v.year)
    return v


def _sheet_table(title: str, rows: list[tuple[int, tuple]], report: Report, file: str) -> Table | None | bool:
    """The sheet's table; None when it has none; False after reporting an error (a column name twice)."""

    def filled(vals):
        return [v for v in vals if v is not None and str(v).strip() != ""]

    header_at = None
    for k, (_i, vals) in enumerate(rows[:40]):
        f = filled(vals)
        texts = [v for v in f if isinstance(v, str)]
        if len(f) >= 2 and len(texts) >= max(2, int(len(f) * 0.6)):
            nxt: list = next((filled(v) for _, v in rows[k + 1 : k + 4] if filled(v)), [])
            if len(nxt) >= 2:
                header_at = k
                break
    if header_at is None:
        return None
    hrow, hvals = rows[header_at]
    ncols = max(len(v) for _, v in rows[header_at : header_at + 200])
    header = [(str(v).strip() if v is not None else "") for v in hvals] + [""] * (ncols - len(hvals))
    names, seen = [], set()
    for j, c in enumerate(header):
        if c and norm(c) in seen:  # as in CSV: which of the two columns holds the values is anyone's guess
            report.error(M.E_DUPLICATE_COLUMN, file, row=hrow, column=c)
            return False
        name = c or f"kolonne {j + 1}"
        while norm(name) in seen:
            name += " (2)"
        seen.add(norm(name))
        names.append(name)
    data, rownums = [], []
    for i, vals in rows[header_at + 1 :]:
        cells = [_cell(v) for v in vals] + [""] * (ncols - len(vals))
        nonblank = [c for c in cells if c != ""]
        if not nonblank or (len(nonblank) == 1 and isinstance(nonblank[0], str) and ncols >= 3):
            continue  # blank rows and footnotes ("Kilde: Miljødirektoratet")
        data.append(cells[:ncols])
        rownums.append(i)
    frame = pd.DataFrame(data, columns=names, dtype=object) if data else pd.DataFrame(columns=names, dtype=object)
    empty = [c for j, c in enumerate(names) if not header[j] and not (frame[c] != "").any()]
    if empty:
        frame = frame.drop(columns=empty)
    text_above = " ".join(str(v) for _, vals in rows[:header_at] for v in filled(vals))
    return Table(
        list(frame.columns), frame, np.array(rownums, dtype=np.int64), title=text_above, sheet=title, header_row=hrow
    )
