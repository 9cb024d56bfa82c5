"""Udir Skoleporten / statistikkbanken exports: semicolons, decimal comma, school years (2023-24), '*' and '.'
for suppressed values, one row per unit (kommune, fylke, nasjonalt, skole)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from etl.readers.base import KEY_ALIASES, ColumnMapping, ReadContext, Reader, Table, norm

META = {
    "enhetsnavn",
    "enhetsnivå",
    "enhetsniva",
    "kommunenummer",
    "kommunenavn",
    "kommunekode",
    "fylkesnummer",
    "fylkesnavn",
    "fylkeskode",
    "organisasjonsnummer",
    "orgnr",
    "organisasjonsnr",
    "skolenummer",
    "måleenhet",
    "maleenhet",
    "enhet",
    "enhetstype",
    "antall",
    "antall_elever",
    "antall_besvarte",
    "nasjonalt",
    "enhetsid",
    "enhet_id",
    "sist_oppdatert",
    "prikket",
}
VARIABLE = ("indikator", "indikatornavn", "måltall", "tema", "indikatordel", "spørsmål", "statistikkvariabel")


class UdirReader(Reader):
    format = "udir"
    agency = "Udir"
    symbols = {
        ".": "suppressed",
        "*": "suppressed",
        "**": "suppressed",
        "": "not_available",
        "-": "not_available",
        "..": "not_available",
        ":": "suppressed",
    }

    def detect(self, table: Table) -> int:
        if table.find("enhetsnavn") and table.find("verdi", "andel", "snitt", "prosent"):
            return 40
        if (
            table.find("periode")
            and table.find("verdi")
            and (table.find("måleenhet", "enhetsnivå", "trinn", "skolenummer", "organisasjonsnummer"))
        ):
            return 35
        return 0

    def prepare(self, table: Table, ctx: ReadContext) -> Table:
        f = table.frame.copy()
        name = table.find("enhetsnavn")
        level = table.find("enhetsnivå", "enhetsniva")
        knr = table.find("kommunenummer", "kommunekode")
        if name:
            area = f[name].astype(str).str.strip()
            if knr:
                code = f[knr].astype(str).str.strip()
                is_kommune = f[level].astype(str).str.lower().str.startswith("kommune") if level else code != ""
                area = area.where(~(is_kommune & (code != "")), code + " " + area)
            if level:
                area = area.where(~f[level].astype(str).str.lower().str.startswith("nasjon"), "Norge")
            f["_område"] = area
        unit = table.find("måleenhet", "maleenhet", "enhet")
        if unit:
            units = [u for u in f[unit].astype(str).unique() if u][:3]
            if units:
                ctx.details["unit_hint"] = ", ".join(units)
        return Table(
            list(f.columns),
            f,
            table.rows,
            title=table.title,
            separator=table.separator,
            sheet=table.sheet,
            header_row=table.header_row,
        )

    def guess_mapping(self, table: Table, ctx: ReadContext) -> ColumnMapping:
        period = table.find("periode", "skoleår", "år", "skolear")
        value = table.find("verdi", "andel", "snitt", "prosent")
        area = "_område" if "_område" in table.columns else table.find("kommune", "område")
        variable = table.find(*VARIABLE)
        used = {period, value, area, variable}
        breakdown = [
            c
            for c in table.columns
            if c not in used
            and norm(c) not in META
            and not c.startswith("_")
            and (norm(c) in KEY_ALIASES or _varies(table, c))
        ]
        return ColumnMapping(period=period, value=value, area=area, breakdown=breakdown, variable=variable)

    def source_tables(self, table: Table, ctx: ReadContext) -> list[str]:
        stem = Path(ctx.name).stem
        out = [f"Udir:{stem}", stem]
        if table.title:
            out += [f"Udir:{table.title}", table.title]
        variable = table.find(*VARIABLE)
        if variable:
            vals = [v for v in table.frame[variable].astype(str).unique() if v]
            if len(vals) == 1:
                out = [f"Udir:{vals[0]}", vals[0]] + out
        return out

    def tables_for(self, tables: list[str], variable: str) -> list[str]:
        return ([f"Udir:{variable}", variable] if variable else []) + tables


def _varies(table: Table, col: str) -> bool:
    vals = table.frame[col].astype(str)
    return vals.nunique() > 1 and not np.all(vals.str.fullmatch(r"\d+").to_numpy(bool))
