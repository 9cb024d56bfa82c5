"""The canonical long CSV: indicator_id, year (or period), value, optional area, breakdown columns, note, flag."""

from __future__ import annotations

from etl.readers import messages as M
from etl.readers.base import ALIASES, IGNORED, KEY_ALIASES, ColumnMapping, ReadContext, Reader, Table, norm

MAX_REPORTED = 20  # extra columns named one by one; the rest in one line


class CanonicalReader(Reader):
    format = "canonical"

    def detect(self, table: Table) -> int:
        has_period = table.find(*ALIASES["period"]) is not None
        has_value = table.find(*ALIASES["value"]) is not None
        if not (has_period and has_value):
            # An indicator column and one of the others: ours, with a column missing (reported by the mapping).
            return 5 if table.find(*ALIASES["indicator"]) and (has_period or has_value) else 0
        return 20 if table.find(*ALIASES["indicator"]) else 10

    def guess_mapping(self, table: Table, ctx: ReadContext) -> ColumnMapping | None:
        # "period" beats "year": our own export and hand-made files may have both (period holds 2023K1).
        period = table.find("period", "periode") or table.find(*ALIASES["period"])
        m = ColumnMapping(
            indicator=table.find(*ALIASES["indicator"]),
            period=period,
            value=table.find(*ALIASES["value"]),
            area=table.find(*ALIASES["area"]),
            note=table.find(*ALIASES["note"]),
            flag=table.find(*ALIASES["flag"]),
            missing=table.find(*ALIASES["missing"]),
        )
        used = {c for _, c in m.columns()}
        bd = table.find(*ALIASES["breakdown"])
        if bd:
            m.breakdown.append(bd)
            used.add(bd)
        extra = []
        for c in table.columns:
            if c in used or norm(c) in IGNORED or norm(c) in ("year", "år", "aar"):
                continue
            m.breakdown.append(c)
            if norm(c) not in KEY_ALIASES:
                extra.append(c)
        for c in extra[:MAX_REPORTED]:
            example = next((str(v) for v in table.frame[c].head(50) if str(v).strip()), "")
            ctx.report.warning(
                M.W_EXTRA_COLUMN, ctx.file, column=c, key=norm(c).replace("_", " "), example=example[:40]
            )
        if len(extra) > MAX_REPORTED:
            ctx.report.warning(M.W_MORE, ctx.file, count=len(extra) - MAX_REPORTED, kind=M.W_EXTRA_COLUMN)
        return m
