"""The shared shape of every file reader: a parsed table in, raw observations (still text) out.

Each format is one small subclass of `Reader` (like sdg-build's inputs): it says whether it recognises a table
(`detect`), how to reshape it (`prepare`), which columns mean what (`guess_mapping`) and which source table to
look up in the catalog (`source_tables`). Turning raw text into numbers, periods and areas is done once for all
formats in `etl.read.finish`.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd

from etl.readers import messages as M
from etl.validation import Report
from indicators.catalog import Catalog, Indicator

# Missing-value symbols -> missing code. ZERO marks SSB's "-" (a true zero, not missing).
ZERO = "zero"
SSB_SYMBOLS = {
    ".": "not_possible",
    "..": "not_available",
    "...": "not_yet_available",
    ":": "confidential",
    "-": ZERO,
    "–": ZERO,
}
CANONICAL_SYMBOLS = {
    **SSB_SYMBOLS,
    "*": "suppressed",
    "": "not_available",
    "na": "not_available",
    "n/a": "not_available",
    "#n/a": "not_available",
    "nan_missing": "not_available",
}
MISSING_CODES = ("not_possible", "not_available", "not_yet_available", "confidential", "suppressed")
FLAG_WORDS = {
    "p": "provisional",
    "provisional": "provisional",
    "foreløpig": "provisional",
    "forelopig": "provisional",
    "f": "provisional",
    "foreløpige tall": "provisional",
    "b": "break",
    "break": "break",
    "brudd": "break",
    "brudd i serien": "break",
    "": "",
}

# Values of a breakdown column that mean "all of them": the row is the total for that key.
TOTAL_VALUES = {
    "begge kjønn",
    "alle aldre",
    "i alt",
    "total",
    "totalt",
    "alle",
    "sum",
    "both sexes",
    "all ages",
    "all",
    "0-120 år",
    "0-74 år",
    "alle trinn",
    "alle sektorer",
    "alle kjønn",
    "kjønn samlet",
    "alle eierformer",
    "alle utdanningsprogram",
    "begge",
    "samlet",
    "totalt alle sektorer",
    "alle sektorer totalt",
    "alle næringer",
    "alle elever",
    "all sectors",
    "total alle sektorer",
}

# Breakdown key names: file column (normalised) -> stored key (lowercase bokmål).
KEY_ALIASES = {
    "kjonn": "kjønn",
    "kjønn": "kjønn",
    "sex": "kjønn",
    "gender": "kjønn",
    "kjønn_gutter_jenter": "kjønn",
    "alder": "alder",
    "age": "alder",
    "aldersgruppe": "alder",
    "alderskategori": "alder",
    "sektor": "sektor",
    "sector": "sektor",
    "trinn": "trinn",
    "grade": "trinn",
    "klassetrinn": "trinn",
    "eierform": "eierform",
    "næring": "næring",
    "naering": "næring",
    "utdanning": "utdanning",
    "delsektor": "delsektor",
    "landbakgrunn": "landbakgrunn",
    "utdanningsnivå": "utdanningsnivå",
    "husholdningstype": "husholdningstype",
    "innvandringskategori": "innvandringskategori",
}

# Canonical column aliases (normalised header -> role).
ALIASES = {
    "indicator": ["indicator_id", "indicator", "indikator", "indikator_id", "indikatorid", "indicatorid"],
    "period": ["period", "periode", "year", "år", "aar", "ar", "time", "tid", "tidsperiode", "skoleår", "kvartal"],
    "value": ["value", "verdi", "values", "obs_value", "observasjon", "tall"],
    "area": ["area", "område", "omrade", "omraade", "region", "geografi", "kommune", "sted", "geo"],
    "note": ["note", "merknad", "kommentar", "comment", "notes", "fotnote", "notat"],
    "flag": ["flag", "flagg", "flags", "obs_status"],
    "breakdown": ["breakdown", "nedbrytning"],
    "missing": ["missing", "mangler", "manglende"],
}
# Columns our own export or a database dump may carry that are derived, not data.
IGNORED = {
    "time",
    "period_kind",
    "source_row",
    "upload_id",
    "id",
    "unit",
    "enhet",
    "indicator_name",
    "indikatornavn",
    "name",
    "navn",
}


def norm(name: str) -> str:
    """Normalise a header for matching: lower case, BOM/quotes/space trimmed, inner spaces to underscores."""
    s = str(name).replace("\ufeff", "").strip().strip('"').strip().lower()
    return re.sub(r"[\s\-/]+", "_", s)


@dataclass
class ColumnMapping:
    """What the reader found; the upload page lets the analyst correct it and read again."""

    indicator: str | None = None  # column holding indicator ids
    indicator_id: str | None = None  # fixed indicator id (one series, e.g. an SSB table matched via the catalog)
    period: str | None = None
    value: str | None = None
    area: str | None = None
    breakdown: list[str] = field(default_factory=list)
    note: str | None = None
    flag: str | None = None
    variable: str | None = None  # column of source measures (SSB statistikkvariabel, FHI måltall) -> catalog
    missing: str | None = None  # column of missing-value codes (our own export)
    # breakdown column -> the value that means "all of them" there (the row is the total for that column),
    # beyond the words every source uses ("Begge kjønn", "Alle aldre"): `load --total alder="0 år"`.
    totals: dict[str, str] = field(default_factory=dict)

    def columns(self) -> list[tuple[str, str]]:
        """(role, column) for every column the mapping names."""
        out = [
            (r, getattr(self, r))
            for r in ("indicator", "period", "value", "area", "note", "flag", "variable", "missing")
            if getattr(self, r)
        ]
        return out + [("breakdown", c) for c in self.breakdown]


@dataclass
class Table:
    """A parsed table: header names as in the file, cells as text ('' for empty; Excel keeps numbers)."""

    columns: list[str]
    frame: pd.DataFrame
    rows: np.ndarray  # the row number a user sees for each frame row (header = row 1 for plain CSV)
    title: str = ""  # text above the header (SSB's title line), if any
    separator: str | None = None
    sheet: str | None = None
    header_row: int = 1
    # Excel: cells holding a formula without a saved result ([(cell, formula)] capped, and their count)
    formula_cells: tuple[list, int] = ([], 0)

    def _normed(self) -> tuple[dict[str, str], list[str]]:
        """Normalised name -> first column of that name, and every column's normalised name (made once per
        table: a wide file is searched many times)."""
        key = tuple(self.columns)
        cache = self.__dict__.get("_normed_cache")
        if cache is None or cache[0] != key:
            names = [norm(c) for c in self.columns]
            cache = (key, {n: c for n, c in zip(reversed(names), reversed(self.columns))}, names)
            self.__dict__["_normed_cache"] = cache
        return cache[1], cache[2]

    def find(self, *names: str) -> str | None:
        """The first column whose normalised name is one of `names`."""
        normed, _ = self._normed()
        for w in names:
            if norm(w) in normed:
                return normed[norm(w)]
        return None

    def find_prefix(self, *prefixes: str) -> str | None:
        _, names = self._normed()
        wanted = [norm(p) for p in prefixes]
        for c, n in zip(self.columns, names):
            if any(n.startswith(w) for w in wanted):
                return c
        return None


@dataclass
class Raw:
    """Raw observations from a reader, before numbers, periods and areas are parsed (see etl.read.finish)."""

    frame: pd.DataFrame  # indicator_id, period, area, value, note, flag, missing, source_row, bd:<key>..., breakdown
    value_column: str = "value"
    period_column: str = "period"
    area_column: str = "area"
    symbols: dict = field(default_factory=lambda: dict(CANONICAL_SYMBOLS))
    prefer_multi_year: bool = False
    check_indicator_ids: bool = False  # ids came from a column of the file: check them against the catalog
    decimal: str | None = None  # force a decimal mark (Excel numbers); None = detect


@dataclass
class ReadContext:
    file: str  # how problems name the file (a workbook's sheet is named too when it has several)
    catalog: Catalog
    report: Report
    indicator_id: str | None = None
    mapping: ColumnMapping | None = None
    details: dict = field(default_factory=dict)
    drop: tuple[str, ...] = ()  # breakdown columns that are not breakdowns (`load --drop COLUMN`)
    totals: dict[str, str] = field(default_factory=dict)  # `load --total COLUMN=VALUE`, see ColumnMapping.totals
    name: str = ""  # the file's own name (file names, say, an Udir table); default: `file`

    def __post_init__(self):
        self.name = self.name or self.file


class Reader:
    """Base class: one subclass per format, all of this shape."""

    format = "canonical"
    agency = ""
    symbols: dict = CANONICAL_SYMBOLS
    prefer_multi_year = False

    def detect(self, table: Table) -> int:
        """0 = not this format; higher = more certain."""
        return 0

    def prepare(self, table: Table, ctx: ReadContext) -> Table | None:
        """Reshape the table (e.g. melt years spread over columns); None after reporting an error."""
        return table

    def guess_mapping(self, table: Table, ctx: ReadContext) -> ColumnMapping | None:
        raise NotImplementedError

    def source_tables(self, table: Table, ctx: ReadContext) -> list[str]:
        """Source table names to look up with catalog.find_by_source, most specific first."""
        return []

    def tables_for(self, tables: list[str], variable: str) -> list[str]:
        """Source tables to try for one measure (agencies without table ids name tables after the measure)."""
        return tables

    def fallback(self, ctx: ReadContext, variable: str) -> list[Indicator]:
        """Indicators to use when no source table matches exactly: the agency's indicators whose table name
        appears in the file name or title (catalogs name Udir/FHI tables in words, e.g. "Elevundersøkelsen")."""
        if not self.agency:
            return []
        texts = [Path(ctx.name).stem, str(ctx.details.get("title") or ""), variable]
        return agency_match(ctx.catalog, self.agency, texts, variable)

    def postprocess(self, raw: Raw, table: Table, ctx: ReadContext) -> Raw | None:
        return raw

    def after_finish(self, frame: pd.DataFrame, ctx: ReadContext) -> pd.DataFrame:
        """Hook on the normalised observations, before duplicates are checked (e.g. sector totals)."""
        return frame

    def read(self, table: Table, ctx: ReadContext) -> tuple[Raw | None, ColumnMapping | None]:
        table = self.prepare(table, ctx)
        if table is None:
            return None, None
        ctx.details["columns"] = list(table.columns)  # what a mapping may name (the upload page's choices)
        if ctx.mapping is not None:
            # Still guess, for what it records in details (SSB table id, unit); its warnings do not apply.
            quiet = ReadContext(ctx.file, ctx.catalog, Report(), ctx.indicator_id, None, ctx.details, name=ctx.name)
            self.guess_mapping(table, quiet)
            mapping = ctx.mapping
        else:
            mapping = self.guess_mapping(table, ctx)
        if mapping is None:
            return None, None
        mapping = adjusted(mapping, table, ctx)
        if mapping is None:
            return None, None
        raw = build_raw(self, table, mapping, ctx)
        if raw is None:
            return None, mapping
        return self.postprocess(raw, table, ctx), mapping


# --- shared helpers -------------------------------------------------------------------------------


def found_text(columns: list[str]) -> str:
    return ", ".join(f"«{c}»" for c in columns[:20]) + (" …" if len(columns) > 20 else "")


def _strip(series: pd.Series) -> pd.Series:
    """Cells as text without surrounding white space ('' for empty ones, numbers written out), each distinct
    value stripped once; an object column."""
    return pd.Series(_strip_values(series.to_numpy(dtype=object)), index=series.index, dtype=object)


def _strip_values(values: np.ndarray) -> np.ndarray:
    """`values` (any shape, objects) as stripped text, each distinct value once."""
    codes, uniques = pd.factorize(values.ravel(), use_na_sentinel=True)
    texts = np.array(
        [v.strip() if isinstance(v, str) else ("" if v is None else str(v)) for v in uniques] + [""], dtype=object
    )
    return texts[codes].reshape(values.shape)


def _strip_block(f: pd.DataFrame, columns: list[str] | None) -> np.ndarray:
    """Columns of `f` as one 2-D object array of stripped text (rows × columns): one conversion and one
    factorisation for them all, however many there are."""
    if not columns:
        return np.empty((len(f), 0), dtype=object)
    return _strip_values(f[columns].to_numpy(dtype=object))


class _Columns:
    """Breakdown columns as pandas Series, made when asked for (most files never ask)."""

    def __init__(self, at: dict[str, int], block: np.ndarray, index):
        self._at, self._block, self._index = at, block, index

    def __bool__(self) -> bool:
        return bool(self._at)

    def __getitem__(self, col: str) -> pd.Series:
        return pd.Series(self._block[:, self._at[col]], index=self._index, dtype=object)

    def values(self):
        return (self[c] for c in self._at)


def build_raw(reader: Reader, table: Table, mapping: ColumnMapping, ctx: ReadContext) -> Raw | None:
    """Apply a column mapping to a table: the raw observation frame every format ends in."""
    report, file = ctx.report, ctx.file
    ok = True
    for role, col in mapping.columns():
        if col not in table.frame.columns:
            report.error(M.E_MAPPING_COLUMN, file, column=col, what=role, found=found_text(table.columns))
            ok = False
    if not ok:
        return None
    if not mapping.period:
        report.error(
            M.E_MISSING_COLUMN,
            file,
            what="periode/år (period)",
            found=found_text(table.columns),
            expected="year, år, periode",
        )
        return None
    if not mapping.value:
        report.error(
            M.E_MISSING_COLUMN, file, what="verdi (value)", found=found_text(table.columns), expected="value, verdi"
        )
        return None
    f = table.frame
    # Columns are gathered and the frame built once, the text columns as one 2-D block: inserting them one by
    # one copies the frame's column index each time (quadratic: a file of 5,000 columns took minutes), and
    # every pandas call per column costs a wide file seconds.
    out: dict = {}
    check_ids = False
    fixed = ctx.indicator_id or mapping.indicator_id
    texts = list(dict.fromkeys([*mapping.breakdown, *(c for c in (mapping.note, mapping.flag, mapping.missing) if c)]))
    block = _strip_block(f, texts)
    at = {c: j for j, c in enumerate(texts)}
    for col, total in mapping.totals.items():  # the value the analyst named as "all of them" is the total
        if col in at:
            cells = block[:, at[col]]
            cells[pd.Series(cells, dtype=object).str.casefold().to_numpy(object) == total.strip().casefold()] = ""
    # A breakdown column may tell indicators of one source apart (Udir's Trinn: "7. trinn" / "10. trinn").
    breakdowns = _Columns({col: at[col] for col in mapping.breakdown}, block, f.index)
    if mapping.indicator:  # a column of ids in the file wins over a chosen indicator
        out["indicator_id"] = _strip(f[mapping.indicator])
        check_ids = True
    elif mapping.variable:
        ids = resolve_variables(
            reader, table, ctx, f[mapping.variable].astype(str).str.strip(), mapping.variable, fixed, breakdowns
        )
        if ids is None:
            return None
        out["indicator_id"] = ids
    elif fixed:
        if not check_fixed(ctx, fixed):
            return None
        out["indicator_id"] = pd.Series(fixed, index=f.index, dtype=object)
    else:
        ids = resolve_variables(reader, table, ctx, None, None, None, breakdowns)
        if ids is None:
            return None
        out["indicator_id"] = ids
    empty = pd.Series("", index=f.index, dtype=object)
    out["period"] = f[mapping.period]
    out["value"] = f[mapping.value]
    out["area"] = f[mapping.area] if mapping.area else empty
    for role in ("note", "flag", "missing"):
        col = getattr(mapping, role)
        out[role] = pd.Series(block[:, at[col]], index=f.index, dtype=object) if col else empty
    out["source_row"] = pd.Series(np.asarray(table.rows, dtype="int64"), index=f.index)
    # Breakdown columns under their stored key ("bd:kjønn"; a column of "key=value;…" text as "breakdown");
    # two columns with one key: the later one, as before.
    keyed = {
        ("breakdown" if norm(col) in ALIASES["breakdown"] else "bd:" + breakdown_key(col)): at[col]
        for col in mapping.breakdown
    }
    out = pd.DataFrame(out, index=f.index)
    if keyed:
        # dtype=object: left to itself pandas makes each column an Arrow string column, one by one
        out = pd.concat(
            [out, pd.DataFrame(block[:, list(keyed.values())], columns=list(keyed), index=f.index, dtype=object)],
            axis=1,
        )
    # '' marks rows resolve_variables skips on purpose; an empty id in the file's own column is an error
    # (finish reports it), so those rows must reach finish.
    if not check_ids and (out["indicator_id"] == "").any():
        out = out[out["indicator_id"] != ""]
    return Raw(
        out,
        value_column=mapping.value,
        period_column=mapping.period,
        area_column=mapping.area or "area",
        symbols=dict(reader.symbols),
        prefer_multi_year=reader.prefer_multi_year,
        check_indicator_ids=check_ids,
    )


def _column_named(name: str, columns: list[str]) -> str | None:
    """The column a user means by `name`: its header, or the breakdown key it is stored under."""
    want = norm(name)
    return next((c for c in columns if norm(c) == want), None) or next(
        (c for c in columns if norm(breakdown_key(c)) == norm(breakdown_key(name))), None
    )


def adjusted(mapping: ColumnMapping, table: Table, ctx: ReadContext) -> ColumnMapping | None:
    """The mapping with the command line's --drop and --total applied (the upload page edits the mapping
    itself). Reports an error and returns None when a named column is not a breakdown column of the file."""
    if not ctx.drop and not ctx.totals:
        return mapping
    breakdown, totals = list(mapping.breakdown), dict(mapping.totals)
    found = found_text(breakdown) if breakdown else "–"
    for name in ctx.drop:
        col = _column_named(name, breakdown)
        if col is None:
            ctx.report.error(M.E_NOT_A_BREAKDOWN, ctx.file, column=name, found=found)
            return None
        breakdown.remove(col)
    for name, value in ctx.totals.items():
        col = _column_named(name, breakdown)
        if col is None:
            ctx.report.error(M.E_NOT_A_BREAKDOWN, ctx.file, column=name, found=found)
            return None
        cells = table.frame[col].astype(str).str.strip()
        if not (cells.str.casefold() == value.strip().casefold()).any():
            values = ", ".join(f"«{v}»" for v in pd.unique(cells)[:10])
            ctx.report.error(M.E_TOTAL_VALUE_ABSENT, ctx.file, column=col, value=value, values=values)
            return None
        totals[col] = value
    return replace(mapping, breakdown=breakdown, totals=totals)


def breakdown_key(column: str) -> str:
    k = norm(column)
    k = re.sub(r"_\(.*\)$|\(.*\)$", "", k).strip("_")
    return KEY_ALIASES.get(k, k.replace("_", " ").strip())


def check_fixed(ctx: ReadContext, indicator_id: str) -> bool:
    if ctx.catalog.has_indicator(indicator_id):
        return True
    report_unknown_indicator(ctx, indicator_id, None)
    return False


def report_unknown_indicator(ctx: ReadContext, value: str, row: int | None, column: str | None = None) -> None:
    ids = [i.id for i in ctx.catalog.indicators]
    close = difflib.get_close_matches(str(value), ids, n=1, cutoff=0.6)
    nb = f" Mente du «{close[0]}»?" if close else ""
    en = f" Did you mean “{close[0]}”?" if close else ""
    ctx.report.error(
        M.E_UNKNOWN_INDICATOR,
        ctx.file,
        row=row,
        column=column,
        value=value,
        suggestion_nb=nb,
        suggestion_en=en,
        suggestion=close[0] if close else "",
    )


def _variable_matches(ind: Indicator, label: str) -> bool:
    v = ind.source.variable.strip().lower()
    lab = label.strip().lower()
    return bool(v) and bool(lab) and (v in lab or lab in v)


def _fold(text: str) -> str:
    return " ".join(re.sub(r"[^0-9a-zæøå]+", " ", str(text).lower()).split())


def agency_match(catalog: Catalog, agency: str, texts: list[str], variable: str = "") -> list[Indicator]:
    """The agency's indicators whose source table is named in one of `texts`, narrowed by the measure."""
    own = [i for i in catalog.indicators if _fold(i.source.agency) == _fold(agency)]
    folded = [_fold(t) for t in texts if t and _fold(t)]
    hits = [
        i
        for i in own
        if i.source.table
        and any(_fold(i.source.table) in t or (len(t) >= 6 and t in _fold(i.source.table)) for t in folded)
    ]
    if variable:
        narrowed = [i for i in (hits or own) if _variable_matches(i, variable)]
        if narrowed:
            return narrowed
    return hits


def lookup(catalog: Catalog, tables: list[str], variable: str = "", agency: str = "") -> list[Indicator]:
    for t in tables:
        if not t:
            continue
        hits = catalog.find_by_source(t, variable)
        if agency and not hits:
            hits = catalog.find_by_source(t, variable, agency=agency)
        if hits:
            return hits
    return []


def resolve_variables(
    reader: Reader,
    table: Table,
    ctx: ReadContext,
    variables: pd.Series | None,
    column: str | None,
    fixed: str | None,
    breakdowns: dict[str, pd.Series] | _Columns | None = None,
) -> pd.Series | None:
    """Indicator id per row, from the source table (and measure column) via the catalog. '' = skip the row.
    When one source feeds several indicators told apart by a breakdown value their measures name (Udir's
    "Mobbing på skolen, 7. trinn" and "…, 10. trinn", with a Trinn column), each row goes to the indicator its
    value names. Reports errors and returns None when the file cannot be matched."""
    report, file, catalog = ctx.report, ctx.file, ctx.catalog
    distinct = [] if variables is None else [v for v in pd.unique(variables) if v != ""]
    index = table.frame.index
    tables = reader.source_tables(table, ctx)
    table_text = tables[0] if tables else ctx.file
    agency = reader.agency or "?"

    def vtext(v):
        return f" / «{v}»" if v else ""

    if fixed:
        if not check_fixed(ctx, fixed):
            return None
        ind = catalog.indicator(fixed)
        if len(distinct) <= 1:
            # Rows a breakdown value gives to another indicator of the same source are not this one's.
            v = distinct[0] if distinct else ""
            hits = lookup(catalog, reader.tables_for(tables, v), v, reader.agency) or reader.fallback(ctx, v)
            found = _split_by_breakdown(hits, breakdowns, None) if ind in hits and len(hits) > 1 else None
            if found is not None and (found[0] == fixed).any():
                split, values = found
                _skip_split(ctx, split, values, chosen=fixed)
                return pd.Series(np.where(split.to_numpy() == fixed, fixed, ""), index=index, dtype=object)
            return pd.Series(fixed, index=index, dtype=object)
        keep = [v for v in distinct if _variable_matches(ind, v)]
        if len(keep) != 1:
            report.error(M.E_SEVERAL_VARIABLES, file, column=column, values=", ".join(f"«{v}»" for v in distinct[:8]))
            return None
        _skip_others(ctx, variables, keep)
        return pd.Series(np.where(variables.isin(keep), fixed, ""), index=index, dtype=object)

    mapping: dict[str, str] = {}
    split_ids = pd.Series("", index=index, dtype=object)  # rows resolved by a breakdown value
    split_variables: list[str] = []
    unresolved = []
    for v in distinct or [""]:
        hits = lookup(catalog, reader.tables_for(tables, v), v, reader.agency) or reader.fallback(ctx, v)
        if len(hits) == 1 and len(distinct) > 1:
            if hits[0].source.variable and not _variable_matches(hits[0], v):
                hits = []
        if len(hits) > 1 and v and len(distinct) > 1 and not any(_variable_matches(h, v) for h in hits):
            hits = []  # another measure of the same table that no indicator uses
        if len(hits) > 1 and v:
            hits = [h for h in hits if _variable_matches(h, v)] or hits
        if len(hits) > 1:
            rows = None if variables is None else (variables == v).to_numpy()
            found = _split_by_breakdown(hits, breakdowns, rows)
            if found is None:
                report.error(
                    M.E_AMBIGUOUS_SOURCE,
                    file,
                    agency=agency,
                    table=hits[0].source.table,
                    variable_text=vtext(v),
                    ids=", ".join(h.id for h in hits),
                )
                return None
            mine = np.ones(len(index), bool) if rows is None else rows
            split_ids[mine] = found[0][mine]
            _skip_split(ctx, found[0][mine], found[1][mine])
            split_variables.append(v)
            continue
        if hits:
            mapping[v] = hits[0].id
        else:
            unresolved.append(v)
    if not mapping and not split_variables:
        if not tables:
            report.error(M.E_NO_INDICATOR, file)
        else:
            v = distinct[0] if len(distinct) == 1 else ""
            own = [i.id for i in catalog.indicators if _fold(i.source.agency) == _fold(agency)]
            report.error(
                M.E_SOURCE_NOT_IN_CATALOG,
                file,
                agency=agency,
                table=table_text,
                variable_text=vtext(v),
                candidates=", ".join(own[:12]) + (" …" if len(own) > 12 else "") if own else "–",
            )
        return None
    if variables is None:
        return split_ids if split_variables else pd.Series(mapping[""], index=index, dtype=object)
    if len(set(mapping.values())) < len(mapping):
        report.error(M.E_SEVERAL_VARIABLES, file, column=column, values=", ".join(f"«{x}»" for x in mapping))
        return None
    _skip_others(ctx, variables, list(mapping) + split_variables)
    return split_ids.where(split_ids != "", variables.map(mapping).fillna("")).astype(object)


def names_value(ind: Indicator, value: str) -> bool:
    """The indicator's measure names this breakdown value as a whole word ("7. trinn" in "…, 7. trinn")."""
    measure = (ind.source.variable or "").lower()
    return bool(value) and bool(re.search(rf"(?<!\w){re.escape(value.lower())}(?!\w)", measure))


def _split_by_breakdown(
    hits: list[Indicator], breakdowns: dict[str, pd.Series] | _Columns | None, rows: np.ndarray | None
) -> tuple[pd.Series, pd.Series] | None:
    """(indicator id per row, '' = none; the column's values) from the first breakdown column whose every value
    names at most one of `hits` and some value names one; None when no column tells them apart. `rows` limits
    which rows count."""
    for values in (breakdowns or {}).values():
        mine = values if rows is None else values[rows]
        owner: dict[str, str] = {}
        for value in pd.unique(mine):
            named = [h.id for h in hits if names_value(h, value)]
            if len(named) > 1:
                break
            owner[value] = named[0] if named else ""
        else:
            if any(owner.values()):
                return values.map(owner).fillna("").astype(object), values
    return None


def _skip_split(ctx: ReadContext, split: pd.Series, values: pd.Series, chosen: str | None = None) -> None:
    """Warn about the rows of a split that are not loaded: a value naming no indicator (4. trinn, all grades), or,
    when one indicator was chosen, naming another."""
    skipped = (split != chosen) if chosen else (split == "")
    rows = pd.DataFrame({"value": values[skipped], "other": split[skipped]})
    for (value, other), count in rows.value_counts(sort=False).items():
        if other:
            ctx.report.warning(
                M.W_OTHER_INDICATOR_SKIPPED, ctx.file, value=value, count=int(count), other=other, chosen=chosen
            )
        else:
            ctx.report.warning(M.W_VARIABLE_SKIPPED, ctx.file, value=value or "–", count=int(count))


def _skip_others(ctx: ReadContext, variables: pd.Series, keep: list[str]) -> None:
    counts = variables[~variables.isin(keep)].value_counts()
    for v, c in counts.items():
        ctx.report.warning(M.W_VARIABLE_SKIPPED, ctx.file, value=v, count=int(c))


def ssb_table_id(text: str) -> str | None:
    m = re.search(r"(?<!\d)(\d{5})\s*:", text or "")
    return m.group(1) if m else None
