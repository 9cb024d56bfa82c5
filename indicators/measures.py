"""Measures (tiltak) and commentary: the status words and the checks a measure must pass (plain Python).

Shared by the store (checks before writing), the CSV import, the pages and the reports, so every place
words a measure's status the same way.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field

from indicators.format import norm_lang

# code -> (bokmål, English, icon). Icons make the status readable without colour.
MEASURE_STATUSES: dict[str, tuple[str, str, str]] = {
    "planned": ("Planlagt", "Planned", "○"),
    "in_progress": ("Pågår", "In progress", "◐"),
    "done": ("Fullført", "Done", "●"),
    "stopped": ("Stanset", "Stopped", "✖"),
}
TITLE_MAX = 200
TEXT_MAX = 4000


def measure_status_label(code: str, lang: str = "nb") -> str:
    nb, en, _ = MEASURE_STATUSES[code]
    return en if norm_lang(lang) == "en" else nb


def measure_status_text(code: str, lang: str = "nb") -> str:
    """Icon + word, e.g. '◐ Pågår'."""
    return f"{MEASURE_STATUSES[code][2]} {measure_status_label(code, lang)}"


def parse_measure_status(value) -> str | None:
    """'pågår', 'Pågår', 'in progress', 'in_progress' → 'in_progress'; None when not recognised."""
    text = re.sub(r"[\s\-]+", "_", str(value or "").strip().lower())
    for code, (nb, en, _) in MEASURE_STATUSES.items():
        if text in (code, nb.lower(), en.lower().replace(" ", "_")):
            return code
    return None


DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y", "%d/%m/%Y")


def parse_due_date(value) -> tuple[_dt.date | None, bool]:
    """(date, ok). Empty → (None, True). Accepts 2026-12-31, 31.12.2026, 31/12/2026 and date objects."""
    if value is None or (isinstance(value, float) and value != value):
        return None, True
    if isinstance(value, _dt.datetime):
        return value.date(), True
    if isinstance(value, _dt.date):
        return value, True
    text = str(value).strip()
    if not text:
        return None, True
    for fmt in DATE_FORMATS:
        try:
            return _dt.datetime.strptime(text, fmt).date(), True
        except ValueError:
            continue
    return None, False


@dataclass
class Problem:
    """One reason a measure cannot be saved: which field, and a message in both languages."""

    field: str
    nb: str
    en: str

    def text(self, lang: str = "nb") -> str:
        return self.en if norm_lang(lang) == "en" else self.nb


class InvalidInput(ValueError):
    """Raised by the store when a measure or comment fails its checks; `problems` name each field."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("; ".join(f"{p.field}: {p.en}" for p in problems))

    def text(self, lang: str = "nb") -> str:
        return " ".join(p.text(lang) for p in self.problems)


@dataclass
class Measure:
    goal_id: str
    title: str
    description: str = ""
    responsible: str = ""
    status: str = "planned"
    due_date: _dt.date | None = None
    indicator_ids: list[str] = field(default_factory=list)
    is_example: bool = False


def check_measure(m: Measure, goal_ids, indicator_goal: dict[str, str]) -> list[Problem]:
    """Problems that block saving. indicator_goal: indicator id → its goal (to know which ids exist)."""
    out = []
    if str(m.goal_id) not in {str(g) for g in goal_ids}:
        out.append(Problem("goal", f"Ukjent mål «{m.goal_id}».", f"Unknown goal “{m.goal_id}”."))
    if not (m.title or "").strip():
        out.append(Problem("title", "Tiltaket må ha en tittel.", "The measure needs a title."))
    elif len(m.title) > TITLE_MAX:
        out.append(
            Problem(
                "title",
                f"Tittelen er lengre enn {TITLE_MAX} tegn.",
                f"The title is longer than {TITLE_MAX} characters.",
            )
        )
    if len(m.description or "") > TEXT_MAX:
        out.append(
            Problem(
                "description",
                f"Beskrivelsen er lengre enn {TEXT_MAX} tegn.",
                f"The description is longer than {TEXT_MAX} characters.",
            )
        )
    if m.status not in MEASURE_STATUSES:
        out.append(Problem("status", f"Ukjent status «{m.status}».", f"Unknown status “{m.status}”."))
    unknown = [i for i in m.indicator_ids if i not in indicator_goal]
    if unknown:
        out.append(
            Problem(
                "indicators",
                f"Ukjente indikatorer: {', '.join(unknown)}.",
                f"Unknown indicators: {', '.join(unknown)}.",
            )
        )
    return out


def check_comment(text: str, period: str) -> list[Problem]:
    out = []
    if not (text or "").strip():
        out.append(Problem("text", "Skriv en vurdering.", "Write an assessment."))
    elif len(text) > TEXT_MAX:
        out.append(
            Problem(
                "text",
                f"Vurderingen er lengre enn {TEXT_MAX} tegn.",
                f"The assessment is longer than {TEXT_MAX} characters.",
            )
        )
    if not str(period or "").strip():
        out.append(
            Problem("period", "Velg perioden vurderingen gjelder.", "Choose the period the assessment is about.")
        )
    return out


MEASURE_COLUMNS = {
    "title": ("Tiltak", "Measure"),
    "description": ("Beskrivelse", "Description"),
    "responsible": ("Ansvarlig", "Responsible"),
    "status": ("Status", "Status"),
    "due": ("Frist", "Due"),
    "indicators": ("Indikatorer", "Indicators"),
}


def measures_table(frame, indicator_names: dict[str, str], lang: str = "nb", example_word: str | None = None):
    """The measures of a goal (store.meetings.measures) as a table for people: status as icon + word,
    dates the Norwegian way, indicator names instead of ids."""
    import pandas as pd

    from indicators.format import fmt_date

    lang = norm_lang(lang)
    example_word = example_word or ("example" if lang == "en" else "eksempel")
    col = {k: (en if lang == "en" else nb) for k, (nb, en) in MEASURE_COLUMNS.items()}
    rows = []
    for r in frame.to_dict("records"):
        rows.append(
            {
                col["title"]: r["title"] + (f" ({example_word})" if r.get("is_example") else ""),
                col["description"]: r["description"],
                col["responsible"]: r["responsible"],
                col["status"]: measure_status_text(r["status"], lang),
                col["due"]: fmt_date(r["due_date"], lang) if r["due_date"] else "–",
                col["indicators"]: ", ".join(indicator_names.get(i, i) for i in r["indicator_ids"]),
            }
        )
    return pd.DataFrame(rows, columns=list(col.values()))
