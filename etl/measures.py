"""Import measures (tiltak) from CSV: forgiving reading, a validation report naming row and column, one transaction.

Columns (English or Norwegian headers, any order; case and spaces do not matter):
    goal / mål                         required: 3, 4, 9, 11, 13 or 17
    title / tittel                     required
    description / beskrivelse
    responsible / ansvarlig            the responsible unit
    status                             planned|in_progress|done|stopped or planlagt|pågår|fullført|stanset
    due / frist                        2026-12-31 or 31.12.2026 (optional)
    indicators / indikatorer           indicator ids separated by ';', ',' or '|' (optional)
    id                                 optional: update this stored measure instead of matching on goal + title
    example / eksempel                 optional: ja/yes marks the row as example data
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from etl.validation import Report, template
from indicators.catalog import Catalog
from indicators.measures import TEXT_MAX, TITLE_MAX, Measure, parse_due_date, parse_measure_status
from store import meetings

EXAMPLE_FILE = Path(__file__).resolve().parent.parent / "data" / "example" / "measures.csv"
EXAMPLE_USER = "eksempeldata"

COLUMNS = {
    "id": ("id",),
    "goal": ("goal", "goal_id", "mål", "mal", "mål_id"),
    "title": ("title", "tittel", "tiltak", "navn"),
    "description": ("description", "beskrivelse"),
    "responsible": ("responsible", "ansvarlig", "ansvarlig_enhet", "responsible_unit"),
    "status": ("status",),
    "due": ("due", "due_date", "frist", "forfall"),
    "indicators": ("indicators", "indicator_ids", "indikatorer", "indikator"),
    "example": ("example", "eksempel"),
}
REQUIRED = ("goal", "title")
YES = {"ja", "yes", "true", "1", "x", "sann"}

E_EMPTY = template(
    "measures_empty",
    "Filen har ingen tiltak.",
    "The file has no measures.",
    "Første linje skal være overskrifter, deretter ett tiltak per linje.",
    "The first line must be headers, then one measure per line.",
)
E_UNREADABLE = template(
    "measures_unreadable",
    "Filen kan ikke leses som CSV: {reason}",
    "The file cannot be read as CSV: {reason}",
    "Lagre filen som CSV (semikolon- eller kommaseparert).",
    "Save the file as CSV (semicolon or comma separated).",
)
E_MISSING_COLUMN = template(
    "measures_missing_column",
    "Kolonnen «{column}» mangler.",
    "The column “{column}” is missing.",
    "Kolonner som trengs: goal (mål) og title (tittel).",
    "Required columns: goal (mål) and title (tittel).",
)
W_UNKNOWN_COLUMN = template(
    "measures_unknown_column",
    "Kolonnen «{column}» er ukjent og blir ikke brukt.",
    "The column “{column}” is unknown and is not used.",
)
E_GOAL = template(
    "measures_unknown_goal",
    "«{value}» er ikke et av Askers mål.",
    "“{value}” is not one of Asker's goals.",
    "Bruk 3, 4, 9, 11, 13 eller 17.",
    "Use 3, 4, 9, 11, 13 or 17.",
)
E_TITLE = template("measures_no_title", "Tiltaket mangler tittel.", "The measure has no title.")
E_TITLE_LONG = template(
    "measures_title_long", "Tittelen er lengre enn {max} tegn.", "The title is longer than {max} characters."
)
E_TEXT_LONG = template(
    "measures_text_long", "Teksten er lengre enn {max} tegn.", "The text is longer than {max} characters."
)
E_STATUS = template(
    "measures_unknown_status",
    "Ukjent status «{value}».",
    "Unknown status “{value}”.",
    "Bruk planlagt, pågår, fullført eller stanset.",
    "Use planned, in progress, done or stopped.",
)
E_DATE = template(
    "measures_bad_date",
    "«{value}» er ikke en dato.",
    "“{value}” is not a date.",
    "Skriv datoen som 2026-12-31 eller 31.12.2026.",
    "Write the date as 2026-12-31 or 31.12.2026.",
)
E_INDICATOR = template(
    "measures_unknown_indicator",
    "Indikatoren «{value}» finnes ikke.",
    "The indicator “{value}” does not exist.",
    "Bruk indikatorens id, slik den står på indikatorsiden.",
    "Use the indicator's id as shown on the indicator page.",
)
W_OTHER_GOAL = template(
    "measures_indicator_other_goal",
    "Indikatoren «{value}» hører til mål {goal}, ikke {measure_goal}.",
    "The indicator “{value}” belongs to goal {goal}, not {measure_goal}.",
)
E_ID = template(
    "measures_bad_id",
    "«{value}» er ikke et tiltaks-id (et heltall).",
    "“{value}” is not a measure id (a whole number).",
)
E_DUPLICATE = template(
    "measures_duplicate",
    "Tiltaket står også på rad {other}.",
    "The measure also appears on row {other}.",
    "Hvert tiltak (mål + tittel) skal stå én gang.",
    "Each measure (goal + title) must appear once.",
)


@dataclass
class MeasureImport:
    name: str
    items: list[tuple[int | None, Measure]] = field(default_factory=list)
    report: Report = field(default_factory=Report)

    @property
    def ok(self) -> bool:
        return self.report.ok and bool(self.items)


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def _key(header: str) -> str:
    return re.sub(r"[\s\-]+", "_", str(header).strip().strip('"').lower())


def _column_map(headers: list[str]) -> tuple[dict[str, str], list[str]]:
    """canonical name → header as written; and the headers we do not know."""
    found, unknown = {}, []
    for h in headers:
        k = _key(h)
        canonical = next((c for c, aliases in COLUMNS.items() if k in aliases), None)
        if canonical and canonical not in found:
            found[canonical] = h
        elif not canonical and k:
            unknown.append(h)
    return found, unknown


def read_measures(
    data: bytes | str | Path, name: str, catalog: Catalog, drop_unknown_indicators: bool = False
) -> MeasureImport:
    """Read and check a measures file; nothing is written. Row numbers count the header as row 1.
    drop_unknown_indicators: unknown indicator ids become warnings and are left out (for the bundled
    example file, so a renamed catalog indicator cannot stop the dashboard from starting)."""
    if isinstance(data, Path):
        data = data.read_bytes()
    text = _decode(data) if isinstance(data, bytes) else data
    out = MeasureImport(name)
    first = text.lstrip("\ufeff").splitlines()[0] if text.strip() else ""
    sep = max([";", ",", "\t"], key=first.count) if first else ","
    try:
        frame = pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False, skip_blank_lines=True)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as exc:
        out.report.error(E_UNREADABLE, name, reason=str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
        return out
    cols, unknown = _column_map(list(frame.columns))
    for h in unknown:
        out.report.warning(W_UNKNOWN_COLUMN, name, column=h)
    for req in REQUIRED:
        if req not in cols:
            out.report.error(E_MISSING_COLUMN, name, column=COLUMNS[req][0])
    if not out.report.ok:
        return out
    if frame.empty:
        out.report.error(E_EMPTY, name)
        return out
    goal_ids = {g.id for g in catalog.goals}
    indicator_goal = {i.id: i.goal for i in catalog.indicators}
    seen: dict[tuple[str, str], int] = {}

    def cell(row, canonical):
        return str(row[cols[canonical]]).strip() if canonical in cols else ""

    for n, (_, row) in enumerate(frame.iterrows(), start=2):
        if not any(str(v).strip() for v in row.values):
            continue
        errors_before = len(out.report.errors)
        goal = cell(row, "goal").removeprefix("Mål ").removeprefix("mål ").strip()
        if goal not in goal_ids:
            out.report.error(E_GOAL, name, n, cols["goal"], cell(row, "goal"))
        title = cell(row, "title")
        if not title:
            out.report.error(E_TITLE, name, n, cols["title"])
        elif len(title) > TITLE_MAX:
            out.report.error(E_TITLE_LONG, name, n, cols["title"], title[:40] + "…", max=TITLE_MAX)
        description = cell(row, "description")
        if len(description) > TEXT_MAX:
            out.report.error(E_TEXT_LONG, name, n, cols["description"], description[:40] + "…", max=TEXT_MAX)
        raw_status = cell(row, "status")
        status = parse_measure_status(raw_status) if raw_status else "planned"
        if status is None:
            out.report.error(E_STATUS, name, n, cols["status"], raw_status)
        due, ok = parse_due_date(cell(row, "due"))
        if not ok:
            out.report.error(E_DATE, name, n, cols["due"], cell(row, "due"))
        ids = [i.strip() for i in re.split(r"[;,|]", cell(row, "indicators")) if i.strip()]
        for iid in ids:
            if iid not in indicator_goal:
                (out.report.warning if drop_unknown_indicators else out.report.error)(
                    E_INDICATOR, name, n, cols["indicators"], iid
                )
            elif goal in goal_ids and indicator_goal[iid] != goal:
                out.report.warning(
                    W_OTHER_GOAL, name, n, cols["indicators"], iid, goal=indicator_goal[iid], measure_goal=goal
                )
        measure_id = None
        raw_id = cell(row, "id")
        if raw_id:
            if raw_id.isdigit():
                measure_id = int(raw_id)
            else:
                out.report.error(E_ID, name, n, cols["id"], raw_id)
        key = (goal, title.lower())
        if title and key in seen and measure_id is None:
            out.report.error(E_DUPLICATE, name, n, cols["title"], title, other=seen[key])
        seen.setdefault(key, n)
        if len(out.report.errors) == errors_before:
            out.items.append(
                (
                    measure_id,
                    Measure(
                        goal_id=goal,
                        title=title,
                        description=description,
                        responsible=cell(row, "responsible"),
                        status=status,
                        due_date=due,
                        indicator_ids=[i for i in ids if i in indicator_goal],
                        is_example=cell(row, "example").lower() in YES,
                    ),
                )
            )
    if not out.items and out.report.ok:
        out.report.error(E_EMPTY, name)
    return out


def commit_measures(
    con, imported: MeasureImport, user: str, catalog: Catalog, mark_example_loaded: bool = False
) -> dict[str, int]:
    """Write a checked import in one transaction; refuses an import with errors."""
    if not imported.ok:
        raise ValueError(f"{imported.name}: the file has errors; nothing was saved")
    return meetings.import_measures(con, imported.items, user, catalog, mark_example_loaded=mark_example_loaded)


def load_example_measures(con, catalog: Catalog) -> dict[str, int] | None:
    """Load data/example/measures.csv once (a flag in `meta` stops it coming back after edits or deletions)."""
    if not EXAMPLE_FILE.is_file() or meetings.example_measures_loaded(con):
        return None
    imported = read_measures(EXAMPLE_FILE, EXAMPLE_FILE.name, catalog, drop_unknown_indicators=True)
    if not imported.ok:
        raise RuntimeError(
            "The bundled example measures do not load: " + "; ".join(p.text("en") for p in imported.report.errors[:5])
        )
    for _, m in imported.items:
        m.is_example = True
    return commit_measures(con, imported, EXAMPLE_USER, catalog, mark_example_loaded=True)
