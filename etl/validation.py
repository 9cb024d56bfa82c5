"""Validation reports: a list of problems (error or warning) naming file, row and column, in bokmål and English.

Modelled on frictionless-py: readers and checks collect problems instead of raising at the first one, and the
CLI and the upload page show the same report.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

# code -> (bokmål template, English template, bokmål hint, English hint). Templates use str.format fields
# from Problem.params. Every code a reader or check can emit must be listed here (a test checks this).
TEMPLATES: dict[str, tuple[str, str, str, str]] = {}


def template(code: str, nb: str, en: str, hint_nb: str = "", hint_en: str = "") -> str:
    """Register a message template; returns the code so modules can keep it in a constant."""
    TEMPLATES[code] = (nb, en, hint_nb, hint_en)
    return code


@dataclass
class Problem:
    level: str  # "error" blocks a load; "warning" does not
    code: str
    file: str
    row: int | None = None  # 1-based line/row number in the file as the user sees it (header = row 1)
    column: str | None = None
    value: Any = None
    params: dict = field(default_factory=dict)

    def message(self, lang: str = "nb") -> str:
        nb, en, _, _ = TEMPLATES.get(self.code, (self.code, self.code, "", ""))
        params = {"value": self.value, "column": self.column, "row": self.row, "file": self.file, **self.params}
        try:
            return (en if lang == "en" else nb).format(**params)
        except (KeyError, IndexError, ValueError):
            return en if lang == "en" else nb

    def hint(self, lang: str = "nb") -> str:
        _, _, hnb, hen = TEMPLATES.get(self.code, ("", "", "", ""))
        params = {"value": self.value, "column": self.column, "row": self.row, "file": self.file, **self.params}
        try:
            return (hen if lang == "en" else hnb).format(**params)
        except (KeyError, IndexError, ValueError):
            return hen if lang == "en" else hnb

    def where(self, lang: str = "nb") -> str:
        parts = [self.file]
        if self.row is not None:
            parts.append(f"{'row' if lang == 'en' else 'rad'} {self.row}")
        if self.column:
            parts.append(f"{'column' if lang == 'en' else 'kolonne'} «{self.column}»")
        return ", ".join(parts)

    def text(self, lang: str = "nb") -> str:
        out = f"{self.where(lang)}: {self.message(lang)}"
        h = self.hint(lang)
        return f"{out} {h}" if h else out

    def as_dict(self, lang: str = "nb") -> dict:
        d = asdict(self)
        d.pop("params")
        d["value"] = None if self.value is None else str(self.value)[:200]
        d["message"] = self.message(lang)
        d["hint"] = self.hint(lang)
        return d


@dataclass
class Report:
    problems: list[Problem] = field(default_factory=list)

    def add(self, level: str, code: str, file: str, row=None, column=None, value=None, **params) -> Problem:
        p = Problem(level, code, file, row, column, value, params)
        self.problems.append(p)
        return p

    def error(self, code, file, row=None, column=None, value=None, **params) -> Problem:
        return self.add("error", code, file, row, column, value, **params)

    def warning(self, code, file, row=None, column=None, value=None, **params) -> Problem:
        return self.add("warning", code, file, row, column, value, **params)

    def extend(self, other: Report) -> None:
        self.problems.extend(other.problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.level == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.level == "warning"]

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self, lang: str = "nb") -> str:
        e, w = len(self.errors), len(self.warnings)
        if lang == "en":
            return f"{e} error{'s' * (e != 1)}, {w} warning{'s' * (w != 1)}"
        return f"{e} {'feil'}, {w} {'advarsel' if w == 1 else 'advarsler'}"

    def to_records(self, lang: str = "nb") -> list[dict]:
        return [p.as_dict(lang) for p in self.problems]
