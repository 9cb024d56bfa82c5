"""What the accessibility statement says, in one place: the axe-core exceptions the browser test allows (with their
reasons), the deviations found by hand, and the record of the last automatic check (written by the test).

tests/browser/test_accessibility.py fails on any axe violation not in AXE_EXCEPTIONS and writes CHECK_RECORD after
a full passing run; app_pages/accessibility.py (the statement) reads both, so the page says what the test found."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

CHECK_RECORD = Path(__file__).resolve().parent.parent / "docs" / "accessibility-check.json"
AXE_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")  # WCAG 2.0 and 2.1, levels A and AA: the Norwegian rules
N_CRITERIA = 47  # success criteria the regulations require of public bodies (WCAG 2.1 A and AA, less the exempt)


@dataclass(frozen=True)
class Deviation:
    """One way the dashboard does not meet a WCAG success criterion, and why."""

    criterion: str  # WCAG success criterion number, e.g. "1.3.1"
    name: tuple[str, str]  # the criterion's name (bokmål, English)
    where: tuple[str, str]
    reason: tuple[str, str]
    consequence: tuple[str, str]  # what it means for a user, and the alternative
    affects: tuple[str, ...] = ()  # keys of USER_GROUPS: who the deviation hits hardest
    rule: str = ""  # axe-core rule id, for deviations the browser test finds
    inside: str = ""  # CSS selector: the violating element is this element or inside it


# The user groups uustatus names when it says what the deviations mean for users.
USER_GROUPS = {
    "no_sight": ("Bruk uten syn", "Use without vision"),
    "low_vision": ("Bruk med begrenset syn", "Use with limited vision"),
    "no_colour": ("Bruk uten fargesyn", "Use without perception of colour"),
    "motor": ("Bruk med nedsatt bevegelighet eller styrke", "Use with limited manipulation or strength"),
    "cognition": ("Bruk med nedsatt kognisjon", "Use with limited cognition"),
}
PRINCIPLES = {
    "1": ("Mulig å oppfatte", "Perceivable"),
    "2": ("Mulig å betjene", "Operable"),
    "3": ("Forståelig", "Understandable"),
    "4": ("Robust", "Robust"),
}
# Where users send feedback on accessibility: the municipality's public post address (confirm before publishing).
FEEDBACK_EMAIL = "postmottak@asker.kommune.no"


AXE_EXCEPTIONS: tuple[Deviation, ...] = (
    Deviation(
        criterion="1.3.1",
        name=("Informasjon og relasjoner", "Info and Relationships"),
        affects=("no_sight",),
        rule="list",
        inside='[data-testid="stSidebarNavItems"]',
        where=("Sidemenyen (alle sider)", "The side menu (every page)"),
        reason=(
            "Streamlit, rammeverket dashbordet er bygd med, legger overskriftene for menygruppene («Mål», «Verktøy») "
            "som egne blokker direkte i menyens liste. Vi kan ikke endre hvordan Streamlit bygger menyen uten å "
            "erstatte den.",
            "Streamlit, the framework the dashboard is built with, puts the headings of the menu groups (“Goals”, "
            "“Tools”) as blocks directly inside the menu's list. We cannot change how Streamlit builds the menu "
            "without replacing it.",
        ),
        consequence=(
            "Skjermlesere kan oppgi feil antall punkter i menyen. Alle lenkene kan likevel nås og leses, og "
            "menyen er merket som navigasjon («App pages»).",
            "Screen readers may announce the wrong number of items in the menu. Every link can still be "
            "reached and read, and the menu is marked as navigation (“App pages”).",
        ),
    ),
    Deviation(
        criterion="1.3.1",
        name=("Informasjon og relasjoner", "Info and Relationships"),
        affects=("no_sight",),
        rule="listitem",
        inside='[data-testid="stSidebarNavItems"]',
        where=("Sidemenyen (alle sider)", "The side menu (every page)"),
        reason=(
            "Samme årsak: Streamlit legger menypunktene i hver gruppe utenfor selve listen.",
            "Same cause: Streamlit puts the items of each group outside the list itself.",
        ),
        consequence=(
            "Menypunktene i gruppene leses som lenker, ikke som punkter i en liste.",
            "The items in the groups are read as links, not as items of a list.",
        ),
    ),
)

MANUAL_DEVIATIONS: tuple[Deviation, ...] = (
    Deviation(
        criterion="1.3.1",
        name=("Informasjon og relasjoner", "Info and Relationships"),
        affects=("no_sight",),
        where=("PDF- og PowerPoint-rapportene («Rapporter»)", "The PDF and PowerPoint reports (“Reports”)"),
        reason=(
            "PDF-rapporten er ikke et fullt tagget dokument (PDF/UA): diagrammene har alternativ tekst, men "
            "skjermlesere får ikke overskrifter og tabeller som struktur. Verktøyet vi lager PDF-en med (fpdf2) "
            "tagger ikke overskrifter og tabeller. I PowerPoint-filen har diagrammene alternativ tekst; filen er ikke kontrollert "
            "med PowerPoints tilgjengelighetskontroll.",
            "The PDF report is not a fully tagged document (PDF/UA): the charts have alternative text, but "
            "screen readers get no headings or tables as structure. The tool we make the PDF with (fpdf2) does "
            "not tag headings and tables. In the PowerPoint file the charts have alternative text; the file has not been "
            "checked with PowerPoint's accessibility checker.",
        ),
        consequence=(
            "Bruk målsidene i dashbordet i stedet: de har samme innhold, og tallene bak hvert diagram finnes "
            "som tabell og som CSV/Excel.",
            "Use the goal pages of the dashboard instead: they have the same content, and the numbers behind "
            "every chart are there as a table and as CSV/Excel.",
        ),
    ),
)


def deviations() -> tuple[Deviation, ...]:
    """Every known deviation, ordered as WCAG orders its criteria (as uustatus presents them)."""
    key = lambda d: tuple(int(p) for p in d.criterion.split("."))  # noqa: E731
    return tuple(sorted(AXE_EXCEPTIONS + MANUAL_DEVIATIONS, key=key))


def criteria_broken() -> list[str]:
    return sorted({d.criterion for d in deviations()}, key=lambda c: tuple(int(p) for p in c.split(".")))


def check_record(path: Path | None = None) -> dict | None:
    """The last full automatic check: date, axe version, pages, viewports, languages, exceptions seen; None if the
    test has not written one."""
    try:
        return json.loads((path or CHECK_RECORD).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
