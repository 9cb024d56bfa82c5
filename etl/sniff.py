"""Sniffing a file before reading it: container kind, byte-order mark, encoding, separator, decimal mark, header row.

Every function here works on a bounded sample or with vectorised numpy, so a 50 MB file sniffs in milliseconds.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from dataclasses import dataclass, field

import numpy as np

from etl.readers import messages as M
from etl.validation import Report

SEPARATORS = (";", ",", "\t", "|")
MAX_LINE = 1_000_000
SAMPLE_LINES = 200

_BOMS = [  # longest first: the UTF-32 LE mark begins with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
]
_NORWEGIAN = set("æøåÆØÅéÉüÜöÖäÄ§°½–—’“”«»")


@dataclass
class Decoded:
    text: str | None  # None when the bytes are not text
    encoding: str | None = None
    bom: str | None = None
    problems: list = field(default_factory=list)


def container_kind(data: bytes) -> str:
    """'empty', 'zip' (xlsx), 'ole' (old .xls), 'json' or 'text' (possibly binary; decoding decides)."""
    blank = b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"
    # Look at the start first: stripping a whole 56 MB file just to learn it is not blank copies it (25 ms).
    if not data[:4096].strip(blank) and not data.strip(blank):
        return "empty"
    if data[:4] == b"PK\x03\x04":
        return "zip"
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        return "ole"
    head = data[:64].lstrip(codecs.BOM_UTF8).lstrip()
    if head[:1] in (b"{", b"["):
        return "json"
    return "text"


def _utf16_without_bom(data: bytes) -> str | None:
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    z_even, z_odd = even.count(0) / len(even), odd.count(0) / max(len(odd), 1)
    if z_odd > 0.4 and z_even < 0.05:
        return "utf-16-le"
    if z_even > 0.4 and z_odd < 0.05:
        return "utf-16-be"
    return None


def _line_of(data: bytes, pos: int) -> int:
    return data.count(b"\n", 0, pos) + 1


def _score(text: str) -> float:
    """Higher is more likely right: Norwegian letters count for, C1 controls and odd symbols against."""
    sample = text[:200_000]
    good = sum(sample.count(c) for c in "æøåÆØÅ")
    bad = sum(1 for c in sample if "\x80" <= c <= "\x9f" or c in "†‡‰‹›ƒ¤¦¨¯´¸¹³²¼¾Ð×Þ÷þ")
    return good - 3 * bad


def decode(data: bytes, report: Report, file: str) -> Decoded:
    """Bytes -> str. BOMs first; then UTF-16 without a BOM; UTF-8; then Windows-1252/ISO-8859-1 (or DOS
    code page 865) chosen by which one gives Norwegian letters. Adds problems to `report`."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(enc)
            except UnicodeDecodeError:
                report.error(M.E_ENCODING, file)
                return Decoded(None)
            if enc != "utf-8":
                report.warning(M.W_UTF16, file, encoding=enc.upper())
            return Decoded(text, enc, enc)
    enc16 = _utf16_without_bom(data)
    if enc16:
        try:
            text = data.decode(enc16)
            report.warning(M.W_UTF16, file, encoding=enc16.upper() + " (uten BOM / without BOM)")
            return Decoded(text, enc16)
        except UnicodeDecodeError:
            pass
    nul = data.find(b"\x00")
    if nul >= 0:
        if data.count(b"\x00") > len(data) * 0.1 or _control_ratio(data) > 0.05:
            report.error(M.E_BINARY, file)
        else:
            report.error(M.E_NUL, file, row=_line_of(data, nul))
        return Decoded(None)
    if _control_ratio(data) > 0.02:
        report.error(M.E_BINARY, file)
        return Decoded(None)
    try:
        text = data.decode("utf-8")
        fixed = _fix_double_encoding(text)
        if fixed is not None:
            report.warning(M.W_MOJIBAKE, file)
            text = fixed
        return Decoded(text, "utf-8")
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    # Not UTF-8. A file that has valid UTF-8 multi-byte sequences as well is mixed: decode line by line.
    if re.search(rb"[\xc3][\x80-\xbf]", data):
        lines = data.split(b"\n")
        out = []
        for raw in lines:
            try:
                out.append(raw.decode("utf-8"))
            except UnicodeDecodeError:
                out.append(raw.decode("cp1252", errors="replace"))
        report.warning(M.W_MIXED_ENCODING, file, row=_line_of(data, first_bad))
        return Decoded("\n".join(out), "utf-8+cp1252")
    candidates = []
    for enc in ("cp1252", "iso-8859-1", "cp865"):
        try:
            t = data.decode(enc)
        except UnicodeDecodeError:
            continue
        candidates.append((_score(t), enc, t))
    best = max(candidates, key=lambda c: c[0])  # max keeps the first of equals: cp1252 before latin-1
    text = best[2]
    high = sum(1 for c in text[:200_000] if ord(c) > 127)
    letters = sum(1 for c in text[:200_000] if c.isalpha())
    if letters and high / letters > 0.25:  # mostly non-ASCII: Cyrillic, Asian or an unknown code page
        report.error(M.E_ENCODING, file)
        return Decoded(None)
    return Decoded(text, best[1])


def _control_ratio(data: bytes) -> float:
    sample = np.frombuffer(data[:65536], dtype=np.uint8)
    if sample.size == 0:
        return 0.0
    ctrl = (sample < 32) & (sample != 9) & (sample != 10) & (sample != 13) & (sample != 12)
    return float(ctrl.mean())


def _fix_double_encoding(text: str) -> str | None:
    """UTF-8 read as Windows-1252 and saved again as UTF-8 ("Ã¸" for "ø"): undo it when that is clearly it."""
    if "Ã" not in text and "Â" not in text:
        return None
    marks = len(re.findall("Ã[\u0080-\u00bf¦¥…†‡ˆ‰Š‹Œ˜™š›œŸ¡¢£¤¥§¨©ª«¬®¯°±²³´µ¶·¸¹º»¼½¾¿]", text[:200_000]))
    if marks < 2:
        return None
    try:
        fixed = text.encode("cp1252").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return None
    return fixed


def normalize_newlines(text: str) -> str:
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def line_lengths(buf: bytes) -> tuple[np.ndarray, np.ndarray]:
    """Start offsets and lengths (without the newline) of each line of a UTF-8/byte buffer."""
    arr = np.frombuffer(buf, dtype=np.uint8)
    nl = np.flatnonzero(arr == 10)
    starts = np.concatenate(([0], nl + 1))
    ends = np.concatenate((nl, [len(arr)]))
    if starts[-1] == len(arr):  # trailing newline: no last empty line
        starts, ends = starts[:-1], ends[:-1]
    return starts, ends - starts


def _fields(line: str, sep: str) -> list[str]:
    try:
        return next(csv.reader([line], delimiter=sep, quotechar='"'))
    except (csv.Error, StopIteration):
        return line.split(sep)


def field_count(line: str, sep: str) -> int:
    return len(_fields(line, sep))


def sniff_separator(lines: list[str]) -> str | None:
    """Choose the separator that splits the sample lines into the same number (> 1) of fields most often."""
    sample = [ln for ln in lines if ln.strip()][:SAMPLE_LINES]
    if not sample:
        return None
    best, best_key = None, None
    for sep in SEPARATORS:
        counts = [field_count(ln, sep) for ln in sample]
        values, freq = np.unique(counts, return_counts=True)
        # The mode among lines with > 1 field; title lines above the header have one field.
        multi = [(f, v) for v, f in zip(values, freq) if v > 1]
        if not multi:
            continue
        f, v = max(multi)
        key = (f / len(sample), v)
        if best_key is None or key > best_key:
            best, best_key = sep, key
    return best


def header_index(lines: list[str], sep: str) -> int:
    """Index of the header line: the first line with the modal field count whose fields are mostly text
    (SSB's "med overskrift" files have a title and a blank line above the header)."""
    counts = [field_count(ln, sep) if ln.strip() else 0 for ln in lines[:SAMPLE_LINES]]
    nonzero = [c for c in counts if c > 1]
    if not nonzero:
        return next((i for i, ln in enumerate(lines) if ln.strip()), 0)
    values, freq = np.unique(nonzero, return_counts=True)
    mode = int(values[np.argmax(freq)])
    for i, c in enumerate(counts):
        if c == mode or (c > 1 and c >= mode - 1 and i + 1 < len(counts) and counts[i + 1] == mode):
            return i
    return 0


NUMBER_RE = re.compile(r"^[+\-−]?[\d\s\u00a0\u202f.,']*\d[\d\s\u00a0\u202f.,']*%?$")


def detect_decimal(samples: list[str]) -> tuple[str, str | None]:
    """Decimal mark and thousands separator from sample numeric strings. Norwegian sources write decimal
    commas and space (or no-break space) thousands; "1.234,5" and "1,234.5" are also recognised."""
    comma_dec = point_dec = dot_thousands = comma_thousands = 0
    for s in samples:
        s = s.strip().replace(" ", "").replace("\u00a0", "").replace("\u202f", "").rstrip("%")
        if not s or not NUMBER_RE.match(s):
            continue
        has_c, has_p = "," in s, "." in s
        if has_c and has_p:  # both marks: the roles are certain, so this counts double
            if s.rfind(",") > s.rfind("."):
                comma_dec += 2
                dot_thousands += 1
            else:
                point_dec += 2
                comma_thousands += 1
        elif has_c:
            if s.count(",") > 1:
                comma_thousands += 1
            else:
                comma_dec += 1
        elif has_p:
            if s.count(".") > 1:
                dot_thousands += 1
            else:
                point_dec += 1
    if comma_dec > point_dec:
        return ",", ("." if dot_thousands else None)
    return ".", ("," if comma_thousands and not comma_dec else None)


def sample_lines(text: str, n: int = SAMPLE_LINES + 20) -> list[str]:
    out = []
    for ln in io.StringIO(text):
        out.append(ln.rstrip("\n"))
        if len(out) >= n:
            break
    return out


def is_probably_text_table(text: str) -> bool:
    lines = sample_lines(text, 50)
    sep = sniff_separator(lines)
    return sep is not None and sum(1 for ln in lines if ln.strip()) >= 2
