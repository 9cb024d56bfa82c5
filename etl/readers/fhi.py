"""FHI statistikkbank (Kommunehelsa) exports: semicolons, UTF-8, multi-year averages ("2019_2021"), ':' for
suppressed values. Either long (a Måltall column and a Verdi column) or with one column per measure."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from etl.readers.base import ColumnMapping, ReadContext, Reader, Table, norm

AREA = ("geografi", "sted", "geo", "region", "kommune")
PERIOD = ("år", "aar", "periode", "tid", "year")
VARIABLE = ("måltall", "maltall", "måletall", "måleenhet", "measure")
VALUE = ("verdi", "value", "tall")
META = {"geografi_kode", "stedskode", "sted_kode", "geografikode", "kode", "fotnote", "flagg"}
_NUMERIC = re.compile(r"^\s*(?:[-+−]?[\d\s\u00a0]*[.,]?\d+\s*%?|[:.]{1,3}|-)?\s*$")


class FhiReader(Reader):
    format = "fhi"
    agency = "FHI"
    symbols = {
        ":": "suppressed",
        "..": "not_available",
        ".": "not_possible",
        "...": "not_yet_available",
        "": "not_available",
        "-": "not_available",
    }
    prefer_multi_year = True

    def detect(self, table: Table) -> int:
        area, period = table.find(*AREA), table.find(*PERIOD)
        if table.find(*VARIABLE) and table.find(*VALUE) and (area or period):
            return 30
        if table.find("geografi") and period:
            if table.find(*VALUE) or self._measure_columns(table):
                return 24
        if period and self._fhi_periods(table, period):
            return 18 if (table.find(*VALUE) or self._measure_columns(table)) and area else 0
        return 0

    @staticmethod
    def _fhi_periods(table: Table, col: str) -> bool:
        vals = table.frame[col].astype(str).head(50)
        return bool(vals.str.fullmatch(r"\d{4}_\d{4}").any())

    @staticmethod
    def _measure_columns(table: Table) -> list[str]:
        """Columns whose cells are (mostly) numbers or symbols: the wide export's measures."""
        dims = {table.find(*AREA), table.find(*PERIOD)}
        out = []
        for c in table.columns:
            if c in dims or norm(c) in META or norm(c) in ("kjønn", "kjonn", "alder", "utdanning", "landbakgrunn"):
                continue
            vals = table.frame[c].head(200).map(lambda v: v if isinstance(v, str) else str(v))
            filled = vals[vals.str.strip() != ""]
            if len(filled) and filled.str.match(_NUMERIC).mean() > 0.9 and filled.str.contains(r"\d").any():
                out.append(c)
        return out

    def prepare(self, table: Table, ctx: ReadContext) -> Table:
        if table.find(*VARIABLE) and table.find(*VALUE):
            return table
        if table.find(*VALUE):
            return table
        measures = self._measure_columns(table)
        if not measures:
            return table
        ids = [c for c in table.columns if c not in measures]
        f = table.frame
        n = len(f)
        long = pd.DataFrame({c: np.repeat(f[c].to_numpy(object)[None, :], len(measures), axis=0).ravel() for c in ids})
        long["måltall"] = np.repeat(measures, n)
        long["verdi"] = np.concatenate([f[c].to_numpy(object) for c in measures]) if n else []
        rows = np.tile(np.asarray(table.rows), len(measures))
        order = np.lexsort((np.repeat(np.arange(len(measures)), n), rows))
        long = long.iloc[order].reset_index(drop=True)
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
        area, period = table.find(*AREA), table.find(*PERIOD)
        value, variable = table.find(*VALUE), table.find(*VARIABLE)
        used = {area, period, value, variable}
        breakdown = [c for c in table.columns if c not in used and norm(c) not in META]
        return ColumnMapping(period=period, value=value, area=area, breakdown=breakdown, variable=variable)

    def source_tables(self, table: Table, ctx: ReadContext) -> list[str]:
        stem = Path(ctx.name).stem
        out = [f"FHI:{stem}", stem]
        if table.title:
            title = table.title.split(",")[0].strip()
            out = [f"FHI:{title}", title] + out
        return out

    def tables_for(self, tables: list[str], variable: str) -> list[str]:
        return tables + ([f"FHI:{variable}", variable] if variable else [])
