"""SSB Statbank tables: the API's "csv2" (comma) and data.ssb.no's semicolon files, long or with periods as columns.

The value column is named after the table ("12439: Sykefravær for lønnstakere (prosent)"); its five-digit id
is looked up in the catalog with `find_by_source(table, statistikkvariabel)`.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from etl.readers.base import ALIASES, SSB_SYMBOLS, ColumnMapping, ReadContext, Reader, Table, norm, ssb_table_id

TABLE_TITLE = re.compile(r"^\s*\d{5}\s*:")
PERIOD_COLUMNS = (
    "år",
    "kvartal",
    "tid",
    "skoleår",
    "måned",
    "periode",
    "year",
    "quarter",
    "time",
    "intervall (år)",
    "aar",
    "tidsperiode",
)
AREA_COLUMNS = ("region", "kommune", "geografi", "fylke", "bydel", "region (kommune)", "område", "area")
VARIABLE_COLUMNS = ("statistikkvariabel", "contents", "statistical variable", "statistikkvariabel (tekst)")
# A column header that is a period, possibly after the measure's name: "2023", "Befolkning 2023", "2023K1".
WIDE_PERIOD = re.compile(r"^(?:(.*?)[\s_]+)?(\d{4}(?:[KQ][1-4]|M\d{2})?|\d{4}-\d{2,4})$", re.I)
UNIT_WORDS = ("prosent", "per 1000", "per 1 000", "antall", "kroner", "år", "tonn")


class SsbReader(Reader):
    format = "ssb_csv2"
    agency = "SSB"
    symbols = {**SSB_SYMBOLS, "": "not_available"}

    def detect(self, table: Table) -> int:
        if self._wide_columns(table):
            return 28 if (ssb_table_id(table.title) or table.find(*VARIABLE_COLUMNS, *AREA_COLUMNS)) else 0
        if any(TABLE_TITLE.match(c) for c in table.columns):
            return 30
        if table.find(*VARIABLE_COLUMNS) and table.find(*PERIOD_COLUMNS):
            return 25
        if ssb_table_id(table.title) and table.find(*PERIOD_COLUMNS):
            return 22
        return 0

    @staticmethod
    def _wide_columns(table: Table) -> list[str]:
        if table.find(*PERIOD_COLUMNS):
            return []
        cols = [c for c in table.columns if WIDE_PERIOD.match(c.strip())]
        return cols if len(cols) >= 2 else []

    def prepare(self, table: Table, ctx: ReadContext) -> Table:
        wide = self._wide_columns(table)
        if not wide:
            return table
        ids = [c for c in table.columns if c not in wide]
        f = table.frame
        n = len(f)
        parts = {c: np.repeat(f[c].to_numpy(object)[None, :], len(wide), axis=0).ravel() for c in ids}
        measures, periods = [], []
        for c in wide:
            m = WIDE_PERIOD.match(c.strip())
            measures.append(re.sub(r"^\d{5}\s*:\s*", "", (m.group(1) or "").strip()))
            periods.append(m.group(2))
        long = pd.DataFrame(parts)
        long["år"] = np.repeat(periods, n)
        values = np.concatenate([f[c].to_numpy(object) for c in wide]) if n else np.array([], dtype=object)
        long["verdi"] = values
        if any(measures) and not table.find(*VARIABLE_COLUMNS) and len(set(measures)) > 1:
            long["statistikkvariabel"] = np.repeat(measures, n)
        rows = np.tile(np.asarray(table.rows), len(wide))
        order = np.lexsort((np.repeat(np.arange(len(wide)), n), rows))  # file order, then column order
        long = long.iloc[order].reset_index(drop=True)
        ctx.details["reshaped"] = f"{len(wide)} periodekolonner / period columns → long"
        return Table(
            list(long.columns),
            long,
            rows[order],
            title=table.title,
            separator=table.separator,
            sheet=table.sheet,
            header_row=table.header_row,
        )

    def guess_mapping(self, table: Table, ctx: ReadContext) -> ColumnMapping:
        value = (
            next((c for c in table.columns if TABLE_TITLE.match(c)), None)
            or table.find(*ALIASES["value"])
            or table.columns[-1]
        )
        period = table.find(*PERIOD_COLUMNS)
        area = table.find(*AREA_COLUMNS) or table.find_prefix("region")
        variable = table.find(*VARIABLE_COLUMNS)
        used = {value, period, area, variable}
        breakdown = [c for c in table.columns if c not in used and norm(c) not in ("enhet", "unit")]
        title = value if TABLE_TITLE.match(value or "") else table.title
        tid = ssb_table_id(value or "") or ssb_table_id(table.title)
        ctx.details.setdefault("table", tid)
        ctx.details.setdefault("title", (title or "").strip().rstrip(","))
        for unit in re.finditer(r"\(([^()]*)\)", title or ""):
            if any(w in unit.group(1).lower() for w in UNIT_WORDS):
                ctx.details["unit_hint"] = unit.group(1)
                break
        return ColumnMapping(period=period, value=value, area=area, breakdown=breakdown, variable=variable)

    def source_tables(self, table: Table, ctx: ReadContext) -> list[str]:
        tid = ctx.details.get("table")
        return [tid, f"SSB:{tid}", f"SSB {tid}"] if tid else []


class SsbSemicolonReader(SsbReader):
    """data.ssb.no downloads: semicolons, decimal comma, ISO-8859-1. Same layout rules as csv2."""

    format = "ssb_semicolon"

    def detect(self, table: Table) -> int:
        return super().detect(table) if table.separator in (";", "\t") else 0


class SsbCsv2Reader(SsbReader):
    format = "ssb_csv2"

    def detect(self, table: Table) -> int:
        return super().detect(table) if table.separator not in (";", "\t") else 0
