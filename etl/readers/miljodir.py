"""Miljødirektoratet's municipal greenhouse-gas emissions (Excel): one row per municipality, year and sector
(long with an År column, or with the years as columns). Sub-sectors are summed to sectors, and a total per
year is added (sum of sectors) unless the sheet has a total row of its own."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from etl.readers import messages as M
from etl.readers.base import ColumnMapping, ReadContext, Reader, Table, norm
from indicators.catalog import Indicator

YEAR_COL = re.compile(r"^\s*(\d{4})(?:\.0)?\s*$")
TOTAL_NOTE = "Sum av sektorer"


class MiljodirReader(Reader):
    format = "miljodir_xlsx"
    agency = "Miljødirektoratet"
    symbols = {
        "": "not_available",
        "-": "not_available",
        "..": "not_available",
        ".": "not_possible",
        ":": "confidential",
        "*": "suppressed",
    }

    def detect(self, table: Table) -> int:
        has_sector = table.find("sektor", "sector") is not None
        has_emission = any(norm(c).startswith("utslipp") for c in table.columns)
        if has_sector and has_emission:
            return 45
        if has_sector and table.find("kommunenummer", "kommunenr") and self._year_columns(table):
            return 40
        return 0

    @staticmethod
    def _year_columns(table: Table) -> list[str]:
        return [c for c in table.columns if YEAR_COL.match(str(c))]

    def prepare(self, table: Table, ctx: ReadContext) -> Table:
        f = table.frame.copy()
        code = table.find("kommunenummer", "kommunenr", "knr")
        name = table.find("kommunenavn", "kommune", "navn")
        if code or name:
            c = f[code].map(_code_text) if code else ""
            nm = f[name].astype(str).str.strip() if name else ""
            f["_område"] = (c + " " + nm) if code and name else (c if code else nm)
        years = self._year_columns(table) if not table.find("år", "aar", "year") else []
        rows = np.asarray(table.rows)
        if years:
            ids = [c for c in f.columns if c not in years]
            n = len(f)
            long = pd.DataFrame({c: np.repeat(f[c].to_numpy(object)[None, :], len(years), axis=0).ravel() for c in ids})
            long["År"] = np.repeat([YEAR_COL.match(y).group(1) for y in years], n)
            long["Utslipp"] = np.concatenate([f[y].to_numpy(object) for y in years]) if n else []
            rr = np.tile(rows, len(years))
            order = np.lexsort((np.repeat(np.arange(len(years)), n), rr))
            f, rows = long.iloc[order].reset_index(drop=True), rr[order]
        unit = next((c for c in table.columns if norm(c).startswith("utslipp")), None)
        if unit and "(" in unit:
            ctx.details["unit_hint"] = unit[unit.index("(") + 1 :].rstrip(")")
        return Table(
            list(f.columns),
            f,
            rows,
            title=table.title,
            separator=table.separator,
            sheet=table.sheet,
            header_row=table.header_row,
        )

    def guess_mapping(self, table: Table, ctx: ReadContext) -> ColumnMapping:
        value = next((c for c in table.columns if norm(c).startswith("utslipp")), None)
        period = table.find("år", "aar", "year")
        sector = table.find("sektor", "sector")
        return ColumnMapping(
            period=period,
            value=value,
            area="_område" if "_område" in table.columns else None,
            breakdown=[sector] if sector else [],
        )

    def source_tables(self, table: Table, ctx: ReadContext) -> list[str]:
        from pathlib import Path

        stem = Path(ctx.name).stem
        return [
            f"Miljødirektoratet:{stem}",
            stem,
            "Klimagassutslipp i kommuner",
            "Klimagassutslipp fra kommuner",
            "Utslipp av klimagasser i kommuner",
            "Kommunefordelte utslipp",
            "klimagassutslipp",
        ]

    def fallback(self, ctx: ReadContext, variable: str) -> list[Indicator]:
        hits = super().fallback(ctx, variable)
        if len(hits) == 1:
            return hits
        # The file names no table: the agency's one indicator in tonnes CO2e (emissions are all this file holds).
        hits = [i for i in ctx.catalog.indicators if "miljødir" in i.source.agency.lower() and i.unit == "tonnes_co2e"]
        return hits if len(hits) == 1 else []

    def after_finish(self, frame: pd.DataFrame, ctx: ReadContext) -> pd.DataFrame:
        if frame.empty:
            return frame
        keys = ["indicator_id", "period", "area", "breakdown"]
        # Sub-sectors (several rows per sector) are summed to one row per sector.
        g = frame.groupby(keys, sort=False, dropna=False)
        if g.ngroups < len(frame):
            agg = g.agg(
                value=("value", lambda v: v.sum(min_count=1)),
                source_row=("source_row", "min"),
                year=("year", "first"),
                time=("time", "first"),
                period_kind=("period_kind", "first"),
                missing=("missing", lambda m: "" if (m == "").any() else m.iloc[0]),
                flag=("flag", "first"),
                note=("note", "first"),
            ).reset_index()
            agg.loc[agg["value"].notna(), "missing"] = ""
            frame = agg[frame.columns]
        base = ["indicator_id", "period", "area"]
        has_total = frame.groupby(base, sort=False)["breakdown"].transform(lambda b: (b == "").any())
        sectors = frame[~has_total & (frame["breakdown"] != "")]
        if sectors.empty:
            return frame
        tg = sectors.groupby(base, sort=False)
        totals = tg.agg(
            value=("value", lambda v: v.sum(min_count=1)),
            source_row=("source_row", "min"),
            year=("year", "first"),
            time=("time", "first"),
            period_kind=("period_kind", "first"),
            n_missing=("value", lambda v: int(v.isna().sum())),
        ).reset_index()
        totals["breakdown"] = ""
        totals["missing"] = np.where(totals["value"].isna(), "not_available", "")
        totals["flag"] = ""
        totals["note"] = TOTAL_NOTE
        partial = totals[(totals["n_missing"] > 0) & totals["value"].notna()].head(20)
        if len(partial):  # name the sectors without a number
            gaps = (
                sectors[sectors["value"].isna()]
                .groupby(base, sort=False)["breakdown"]
                .agg(lambda b: ", ".join(v.split("=", 1)[-1] for v in b))
            )
        for r in partial.itertuples():
            ctx.report.warning(
                M.W_TOTAL_PARTIAL,
                ctx.file,
                row=int(r.source_row),
                area=r.area,
                period=r.period,
                missing=int(r.n_missing),
                sectors=gaps.get((r.indicator_id, r.period, r.area), ""),
            )
        out = pd.concat([frame, totals[frame.columns]], ignore_index=True)
        return out.sort_values(["source_row", "breakdown"], kind="stable").reset_index(drop=True)


def _code_text(v) -> str:
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    s = str(v).strip()
    return s.zfill(4) if s.isdigit() and len(s) == 3 else s
