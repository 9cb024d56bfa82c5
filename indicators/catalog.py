"""The goal catalog: Asker's goals, objectives and indicators, read from reviewed YAML files and checked."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import yaml

# The series a target is about: Asker as a whole (area), all people together (breakdown "").
HEADLINE_AREA = "Asker"
TOTAL = ""

CATALOG_DIR = Path(__file__).parent / "catalog"

DIRECTIONS = ("up", "down", "band")
TARGET_KINDS = ("absolute", "relative", "keep", "band")
FREQUENCIES: dict[str, dict[str, Any]] = {
    "annual": {"nb": "årlig", "en": "annual", "months": 12},
    "quarterly": {"nb": "kvartalsvis", "en": "quarterly", "months": 3},
    "biennial": {"nb": "annethvert år", "en": "every two years", "months": 24},
    "school_year": {"nb": "per skoleår", "en": "per school year", "months": 12},
    "every_4_years": {"nb": "hvert fjerde år", "en": "every four years", "months": 48},
}
# Unit key -> labels and how a value is shown. `suffix` follows the number; `percent` means the
# value is already in percent (12.3 means 12,3 %).
UNITS = {
    "percent": {"nb": "prosent", "en": "percent", "suffix": " %"},
    "per_1000": {"nb": "per 1 000 innbyggere", "en": "per 1,000 inhabitants", "suffix": " ‰"},
    "per_100000": {"nb": "per 100 000 innbyggere", "en": "per 100,000 inhabitants", "suffix": ""},
    "count": {"nb": "antall", "en": "count", "suffix": ""},
    "years": {"nb": "år", "en": "years", "suffix": " år"},
    "tonnes_co2e": {"nb": "tonn CO₂-ekvivalenter", "en": "tonnes CO₂ equivalent", "suffix": " t"},
    "tonnes_co2e_per_capita": {"nb": "tonn CO₂-ekv. per innbygger", "en": "tonnes CO₂e per inhabitant", "suffix": " t"},
    "kg_per_capita": {"nb": "kg per innbygger", "en": "kg per inhabitant", "suffix": " kg"},
    "nok": {"nb": "kroner", "en": "NOK", "suffix": " kr"},
    "nok_1000": {"nb": "1 000 kroner", "en": "NOK 1,000", "suffix": ""},
    "points": {"nb": "skalapoeng", "en": "scale points", "suffix": ""},
    "index": {"nb": "indeks", "en": "index", "suffix": ""},
    "m2_per_capita": {"nb": "m² per innbygger", "en": "m² per inhabitant", "suffix": " m²"},
    "hectares": {"nb": "dekar", "en": "decares", "suffix": " daa"},
    "minutes": {"nb": "minutter", "en": "minutes", "suffix": " min"},
    "ratio": {"nb": "forholdstall", "en": "ratio", "suffix": ""},
}


# What an indicator's values may do that its unit rules out otherwise (`allow: [above_100]` in an entry). Without
# the allowance the loader refuses such values as errors (etl.read.check_values): a share above 100 % or a
# negative count is nearly always a wrong unit, decimal mark or column.
ALLOWANCES = {
    "above_100": "percent values above 100 (e.g. arbeidsplassdekning: jobs per 100 employed residents)",
    "negative": "negative values although the unit is a count, a rate per inhabitants or years",
    "future": "periods after the current year (projections)",
}


class CatalogError(ValueError):
    """A catalog entry is wrong. Carries the file, the entry and what to fix."""

    def __init__(self, file: str | Path, entry: str, message: str, hint: str = ""):
        self.file, self.entry, self.message, self.hint = str(file), entry, message, hint
        text = f"{Path(file).name}: {entry}: {message}"
        if hint:
            text += f" ({hint})"
        super().__init__(text)


@dataclass(frozen=True)
class Text:
    """A text in bokmål and English."""

    nb: str
    en: str

    def get(self, lang: str) -> str:
        return self.en if lang == "en" and self.en else self.nb


@dataclass(frozen=True)
class Target:
    """A 2030 target.

    kind = absolute: reach `value` by `year` (at least if direction up, at most if down).
    kind = relative: change by `change` (a fraction, -0.55 = 55 % lower) from the value in `base_year`.
    kind = keep: stay at or above (up) / at or below (down) `value` every year up to `year`.
    kind = band: stay within [low, high]; `lowest_accepted` (optional) is the floor below which
        the value is unacceptable (Asker's former scorecard used "laveste akseptable verdi").
    """

    kind: str
    year: int = 2030
    value: float | None = None
    change: float | None = None
    base_year: int | None = None
    low: float | None = None
    high: float | None = None
    lowest_accepted: float | None = None
    text: Text | None = None  # how the plan words it, e.g. "55 % lavere enn i 2009"


@dataclass(frozen=True)
class Source:
    agency: str
    table: str = ""
    variable: str = ""  # e.g. SSB "statistikkvariabel" label when one table feeds several indicators
    url: str = ""
    # Breakdown values by which the source names the indicator's own measure, as (key, value) pairs: rows with
    # them are the indicator's total series, not a breakdown of it. `headline: {alder: "0 år"}` for life
    # expectancy at birth in FHI's table of expectancy at ages 0 and 30.
    headline: tuple[tuple[str, str], ...] = ()


FETCH_APIS = ("ssb", "fhi", "udir", "url")
DERIVE_KINDS = ("share", "change_percent")


@dataclass(frozen=True)
class Derive:
    """A series computed from the answer: `share` = the `part` codes of `variable` as a share of all its codes
    (× `scale`, 100 for per cent); `change_percent` = per cent change from the previous period."""

    kind: str
    variable: str = ""
    part: tuple[str, ...] = ()
    scale: float = 100.0


VERIFIED = ("yes", "table", "no")  # table id and every code checked / table id only / not checked yet


@dataclass(frozen=True)
class FetchSpec:
    """How `python -m etl fetch` asks the source's open API for this indicator's series (see README "Fetching").

    api = ssb: `table` is the Statbank table id, `select` the PxWebApi v2 value codes per variable (the region
        variable lists Asker's codes over time; the comparison group's codes are added when `peers`).
    api = fhi: `source` is the statistics bank (nokkel, sysvak …), `table` its table id, `select` the value codes
        per dimension (GEO, AAR, …).
    api = udir: `table` is the Eksport table id, `filter` the filter expression, `value` the field with the value.
    api = url: `url` is a stable download address whose file the ordinary readers read.
    `verified` says what was checked against the agency's own documentation or table list, `verified_by` where.
    """

    api: str
    table: str = ""
    select: tuple[tuple[str, tuple[str, ...]], ...] = ()
    source: str = ""
    filter: str = ""
    value: str = ""
    url: str = ""
    region: str = ""  # the variable holding regions; found from `select` when not given
    peers: bool = True
    derive: Derive | None = None
    verified: str = "no"
    verified_by: str = ""

    def selection(self) -> dict[str, list[str]]:
        return {k: list(v) for k, v in self.select}

    @property
    def region_variable(self) -> str:
        if self.region:
            return self.region
        for name, _ in self.select:
            low = name.lower()
            if low in ("region", "geo") or (low.startswith("kok") and low.endswith("region0000")):
                return name
        return ""


@dataclass(frozen=True)
class Indicator:
    id: str
    objective: str
    name: Text
    unit: str
    direction: str
    baseline_year: int
    target: Target
    source: Source
    sector: Text
    frequency: str
    definition: Text
    also_objectives: tuple[str, ...] = ()
    baseline_value: float | None = None
    decimals: int = 1
    origin: str = "catalog"  # "catalog" or "upload" (defined by an analyst in the upload page)
    fetch: FetchSpec | None = None  # how to fetch it from the source's API (None: upload only)
    allow: tuple[str, ...] = ()  # keys of ALLOWANCES
    # A value the indicator cannot pass in its desired direction (100 for a share that should rise). Only
    # trend-only assessments use it, to scale their thresholds near the limit (docs/methodology.md).
    natural_limit: float | None = None

    @property
    def objectives(self) -> tuple[str, ...]:
        return (self.objective, *self.also_objectives)

    @property
    def goal(self) -> str:
        return self.objective.split(".")[0]

    def unit_label(self, lang: str = "nb") -> str:
        return UNITS[self.unit]["en" if lang == "en" else "nb"]


@dataclass(frozen=True)
class Objective:
    id: str
    goal: str
    text: Text
    short: Text


@dataclass(frozen=True)
class Goal:
    id: str
    name: Text
    ambition: Text
    objectives: tuple[Objective, ...]


@dataclass
class Catalog:
    goals: list[Goal]
    indicators: list[Indicator]
    _by_id: dict[str, Indicator] = field(default_factory=dict, repr=False)

    def __post_init__(self):
        self._by_id = {i.id: i for i in self.indicators}

    @property
    def objectives(self) -> list[Objective]:
        return [o for g in self.goals for o in g.objectives]

    def goal(self, goal_id: str) -> Goal:
        for g in self.goals:
            if g.id == str(goal_id):
                return g
        raise KeyError(goal_id)

    def objective(self, objective_id: str) -> Objective:
        for o in self.objectives:
            if o.id == objective_id:
                return o
        raise KeyError(objective_id)

    def indicator(self, indicator_id: str) -> Indicator:
        return self._by_id[indicator_id]

    def has_indicator(self, indicator_id: str) -> bool:
        return indicator_id in self._by_id

    def indicators_for_objective(self, objective_id: str, include_linked: bool = True) -> list[Indicator]:
        return [
            i
            for i in self.indicators
            if i.objective == objective_id or (include_linked and objective_id in i.also_objectives)
        ]

    def indicators_for_goal(self, goal_id: str) -> list[Indicator]:
        return [i for i in self.indicators if i.goal == str(goal_id)]

    def find_by_source(self, table: str, variable: str = "", agency: str = "") -> list[Indicator]:
        """Indicators whose source table (and variable, when given and set) match; case-insensitive."""
        table = str(table).strip().lower()
        hits = [
            i
            for i in self.indicators
            if i.source.table.strip().lower() == table and (not agency or i.source.agency.lower() == agency.lower())
        ]
        if variable and len(hits) > 1:
            narrowed = [i for i in hits if i.source.variable and i.source.variable.lower() in variable.lower()]
            if narrowed:
                return narrowed
        return hits

    def with_indicator(self, indicator: Indicator) -> Catalog:
        """A copy with one indicator added or replaced (analyst-defined indicators)."""
        rest = [i for i in self.indicators if i.id != indicator.id]
        return Catalog(self.goals, rest + [indicator])


# --- reading and checking -------------------------------------------------------------------------

ID_RE = re.compile(r"^[a-z0-9][a-z0-9_\-]{1,60}$")


def _text(raw: Any, file, entry, key, required=True) -> Text:
    if raw is None and not required:
        return Text("", "")
    if isinstance(raw, str):
        raise CatalogError(file, entry, f"'{key}' must have both 'nb' and 'en'", f"write {key}: {{nb: ..., en: ...}}")
    if isinstance(raw, dict) and set(raw) - {"nb", "en"}:
        # Typically an unquoted comma inside {nb: ..., en: ...}: YAML splits the text into a new key.
        extra = ", ".join(repr(k) for k in set(raw) - {"nb", "en"})
        raise CatalogError(
            file, entry, f"'{key}' has unexpected part(s) {extra}", "put texts that contain a comma in quotes"
        )
    if not isinstance(raw, dict) or not str(raw.get("nb") or "").strip():
        raise CatalogError(file, entry, f"'{key}' is missing its Norwegian text (nb)")
    if not str(raw.get("en") or "").strip():
        raise CatalogError(file, entry, f"'{key}' is missing its English text (en)")
    return Text(str(raw["nb"]).strip(), str(raw["en"]).strip())


def _num(raw: Any, file, entry, key, required=False) -> float | None:
    if raw is None:
        if required:
            raise CatalogError(file, entry, f"'{key}' is required")
        return None
    if isinstance(raw, bool) or not isinstance(raw, (int, float)) or not math.isfinite(raw):
        raise CatalogError(file, entry, f"'{key}' must be a finite number, got {raw!r}")
    return float(raw)


def _year(raw: Any, file, entry, key, required=True) -> int | None:
    if raw is None and not required:
        return None
    if isinstance(raw, bool) or not isinstance(raw, int) or not 1900 <= raw <= 2100:
        raise CatalogError(file, entry, f"'{key}' must be a year between 1900 and 2100, got {raw!r}")
    return raw


def parse_target(raw: Any, direction: str, baseline_year: int, file="<input>", entry="target") -> Target:
    if not isinstance(raw, dict):
        raise CatalogError(file, entry, "'target' is required and must be a mapping with a 'kind'")
    kind = raw.get("kind")
    if kind not in TARGET_KINDS:
        raise CatalogError(file, entry, f"target kind {kind!r} is unknown", f"use one of {', '.join(TARGET_KINDS)}")
    year = _year(raw.get("year", 2030), file, entry, "target.year")
    if year <= baseline_year:
        raise CatalogError(file, entry, f"target year {year} is not after the baseline year {baseline_year}")
    text = _text(raw.get("text"), file, entry, "target.text", required=False) if raw.get("text") else None
    if kind in ("absolute", "keep"):
        if direction == "band":
            raise CatalogError(
                file, entry, f"a '{kind}' target needs direction up or down", "use a band target for direction band"
            )
        return Target(kind, year, value=_num(raw.get("value"), file, entry, "target.value", True), text=text)
    if kind == "relative":
        change = _num(raw.get("change"), file, entry, "target.change", True)
        if change <= -1:
            raise CatalogError(file, entry, "target.change must be above -1 (a fall of more than 100 % is impossible)")
        if change == 0 or direction == "band" or (direction == "up") != (change > 0):
            raise CatalogError(file, entry, f"target.change {change} does not agree with direction {direction}")
        base_year = _year(raw.get("base_year", baseline_year), file, entry, "target.base_year")
        return Target(kind, year, change=change, base_year=base_year, text=text)
    low = _num(raw.get("low"), file, entry, "target.low", True)
    high = _num(raw.get("high"), file, entry, "target.high", True)
    floor = _num(raw.get("lowest_accepted"), file, entry, "target.lowest_accepted")
    if direction != "band":
        raise CatalogError(file, entry, "a band target needs direction band")
    if not low < high:
        raise CatalogError(file, entry, f"target.low ({low}) must be below target.high ({high})")
    if floor is not None and floor > low:
        raise CatalogError(file, entry, f"target.lowest_accepted ({floor}) must not be above target.low ({low})")
    return Target(kind, year, low=low, high=high, lowest_accepted=floor, text=text)


def _parse_derive(raw: Any, select: dict, file, entry) -> Derive | None:
    if raw is None:
        return None
    if not isinstance(raw, dict) or raw.get("kind") not in DERIVE_KINDS:
        raise CatalogError(file, entry, "fetch.derive needs a kind", f"use kind: {' or '.join(DERIVE_KINDS)}")
    if raw["kind"] == "change_percent":
        return Derive("change_percent")
    variable, part = str(raw.get("variable") or ""), raw.get("part") or []
    part = [part] if isinstance(part, (str, int)) else part
    if variable not in select or not part:
        raise CatalogError(
            file,
            entry,
            "fetch.derive share needs `variable` (one of the selected variables) and "
            "`part` (its codes counted in the share)",
        )
    scale = _num(raw.get("scale", 100), file, entry, "fetch.derive.scale")
    return Derive("share", variable, tuple(str(c) for c in part), scale)


def parse_fetch(raw: Any, file, entry) -> FetchSpec | None:
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise CatalogError(
            file, entry, "'fetch' must be a mapping", "e.g. fetch: {api: ssb, table: '12439', select: …}"
        )
    allowed = {
        "api",
        "table",
        "select",
        "source",
        "filter",
        "value",
        "url",
        "region",
        "peers",
        "verified",
        "verified_by",
        "derive",
    }
    extra = set(raw) - allowed
    if extra:
        raise CatalogError(
            file, entry, f"unknown fetch field(s) {', '.join(sorted(extra))}", f"allowed: {', '.join(sorted(allowed))}"
        )
    api = raw.get("api")
    if api not in FETCH_APIS:
        raise CatalogError(file, entry, f"fetch.api {api!r} is unknown", f"use one of {', '.join(FETCH_APIS)}")
    select_raw = raw.get("select") or {}
    if not isinstance(select_raw, dict):
        raise CatalogError(
            file,
            entry,
            "fetch.select must map each variable to its value codes",
            "e.g. select: {Region: ['3203', '3025', '0220'], ContentsCode: [...], Tid: ['*']}",
        )
    select = []
    for name, codes in select_raw.items():
        codes = [codes] if isinstance(codes, (str, int)) else codes
        if not isinstance(codes, list) or not codes or not all(isinstance(c, (str, int)) for c in codes):
            raise CatalogError(
                file,
                entry,
                f"fetch.select.{name} must be a list of value codes",
                "quote codes with leading zeros, e.g. ['0220']",
            )
        codes = [str(c).strip() for c in codes]
        if len(set(codes)) != len(codes):  # SSB answers a code given twice with an empty 500
            raise CatalogError(file, entry, f"fetch.select.{name} names a code twice")
        select.append((str(name), tuple(codes)))
    text = {
        k: str(raw.get(k) or "").strip() for k in ("table", "source", "filter", "value", "url", "region", "verified_by")
    }
    verified = str(raw.get("verified", "no")).strip().lower()
    verified = {"true": "yes", "false": "no"}.get(verified, verified)
    if verified not in VERIFIED:
        raise CatalogError(
            file, entry, f"fetch.verified {raw.get('verified')!r} is unknown", f"use one of {', '.join(VERIFIED)}"
        )
    derive = _parse_derive(raw.get("derive"), dict(select), file, entry)
    spec = FetchSpec(
        api=api, select=tuple(select), verified=verified, peers=bool(raw.get("peers", True)), derive=derive, **text
    )
    need = {
        "ssb": ("table", "select"),
        "fhi": ("source", "table", "select"),
        "udir": ("table", "filter", "value"),
        "url": ("url",),
    }[api]
    missing = [k for k in need if not getattr(spec, k)]
    if missing:
        raise CatalogError(file, entry, f"fetch with api {api} needs {', '.join(missing)}")
    if api == "ssb" and not re.fullmatch(r"\d{5}", spec.table):
        raise CatalogError(
            file,
            entry,
            f"fetch.table {spec.table!r} is not an SSB table id",
            "SSB table ids have five digits; quote them: table: '06913'",
        )
    if api in ("ssb", "fhi") and not spec.region_variable:
        raise CatalogError(
            file,
            entry,
            "fetch.select names no region variable",
            "add the region variable (Region, KOKkommuneregion0000 or GEO) with Asker's codes",
        )
    return spec


def parse_indicator(
    raw: Any, objective_ids: Iterable[str], file: str | Path = "<input>", origin="catalog"
) -> Indicator:
    objective_ids = set(objective_ids)
    if not isinstance(raw, dict):
        raise CatalogError(file, "indicator", f"each indicator must be a mapping, got {type(raw).__name__}")
    iid = raw.get("id")
    entry = f"indicator {iid!r}"
    if not isinstance(iid, str) or not ID_RE.match(iid):
        raise CatalogError(file, entry, "id must be 2-61 lowercase letters, digits, '-' or '_'")
    known = {
        "id",
        "objective",
        "also_objectives",
        "name",
        "unit",
        "direction",
        "baseline",
        "target",
        "source",
        "sector",
        "frequency",
        "definition",
        "decimals",
        "allow",
        "fetch",
        "natural_limit",
    }
    extra = set(raw) - known
    if extra:
        raise CatalogError(
            file, entry, f"unknown field(s) {', '.join(sorted(extra))}", f"allowed: {', '.join(sorted(known))}"
        )
    objective = str(raw.get("objective", ""))
    if objective not in objective_ids:
        raise CatalogError(file, entry, f"objective {objective!r} does not exist", "use an id such as 3.1 or 13.2")
    also = tuple(str(o) for o in raw.get("also_objectives") or ())
    for o in also:
        if o not in objective_ids:
            raise CatalogError(file, entry, f"also_objectives names unknown objective {o!r}")
    unit = raw.get("unit")
    if unit not in UNITS:
        raise CatalogError(file, entry, f"unit {unit!r} is unknown", f"use one of {', '.join(UNITS)}")
    direction = raw.get("direction")
    if direction not in DIRECTIONS:
        raise CatalogError(file, entry, f"direction {direction!r} is unknown", "use up, down or band")
    baseline = raw.get("baseline")
    if not isinstance(baseline, dict):
        raise CatalogError(file, entry, "'baseline' is required: {year: 2015, value: ...}")
    baseline_year = _year(baseline.get("year"), file, entry, "baseline.year")
    baseline_value = _num(baseline.get("value"), file, entry, "baseline.value")
    target = parse_target(raw.get("target"), direction, baseline_year, file, entry)
    src = raw.get("source")
    if not isinstance(src, dict) or not str(src.get("agency") or "").strip():
        raise CatalogError(
            file, entry, "'source' needs at least an agency", "e.g. source: {agency: SSB, table: '12439'}"
        )
    headline = src.get("headline") or {}
    if not isinstance(headline, dict) or not all(isinstance(v, (str, int, float)) for v in headline.values()):
        raise CatalogError(
            file, entry, "source.headline must map breakdown keys to values", 'e.g. headline: {alder: "0 år"}'
        )
    extra_source = set(src) - {"agency", "table", "variable", "url", "headline"}
    if extra_source:
        raise CatalogError(
            file,
            entry,
            f"unknown source field(s) {', '.join(sorted(extra_source))}",
            "allowed: agency, table, variable, url, headline",
        )
    source = Source(
        str(src["agency"]).strip(),
        str(src.get("table") or "").strip(),
        str(src.get("variable") or "").strip(),
        str(src.get("url") or "").strip(),
        tuple((str(k).strip().lower(), str(v).strip()) for k, v in headline.items()),
    )
    allow = raw.get("allow") or []
    if isinstance(allow, str):
        allow = [allow]
    if not isinstance(allow, list) or set(allow) - set(ALLOWANCES):
        raise CatalogError(
            file, entry, f"allow {raw.get('allow')!r} is unknown", f"use some of {', '.join(ALLOWANCES)}"
        )
    frequency = raw.get("frequency")
    if frequency not in FREQUENCIES:
        raise CatalogError(file, entry, f"frequency {frequency!r} is unknown", f"use one of {', '.join(FREQUENCIES)}")
    natural_limit = _num(raw.get("natural_limit"), file, entry, "natural_limit")
    if natural_limit is not None and direction == "band":
        raise CatalogError(file, entry, "natural_limit needs direction up or down", "a band has no single limit")
    decimals = raw.get("decimals", 1)
    if isinstance(decimals, bool) or not isinstance(decimals, int) or not 0 <= decimals <= 4:
        raise CatalogError(file, entry, "decimals must be a whole number from 0 to 4")
    return Indicator(
        id=iid,
        objective=objective,
        also_objectives=also,
        name=_text(raw.get("name"), file, entry, "name"),
        unit=unit,
        direction=direction,
        baseline_year=baseline_year,
        baseline_value=baseline_value,
        target=target,
        source=source,
        sector=_text(raw.get("sector"), file, entry, "sector"),
        frequency=frequency,
        definition=_text(raw.get("definition"), file, entry, "definition"),
        decimals=decimals,
        origin=origin,
        allow=tuple(dict.fromkeys(allow)),
        fetch=parse_fetch(raw.get("fetch"), file, entry),
        natural_limit=natural_limit,
    )


def _read_yaml(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else "file"
        raise CatalogError(path, where, f"is not valid YAML: {getattr(exc, 'problem', exc)}") from None


def parse_goals(raw: Any, file: str | Path = "<input>") -> list[Goal]:
    if not isinstance(raw, dict) or not isinstance(raw.get("goals"), list):
        raise CatalogError(file, "top level", "must be a mapping with a list under 'goals'")
    goals, seen = [], set()
    for g in raw["goals"]:
        gid = str(g.get("id", "")) if isinstance(g, dict) else ""
        entry = f"goal {gid!r}"
        if not gid.isdigit():
            raise CatalogError(file, entry, "goal id must be the SDG number, e.g. 3")
        if gid in seen:
            raise CatalogError(file, entry, "goal id is used twice")
        seen.add(gid)
        objectives = []
        for o in g.get("objectives") or []:
            oid = str(o.get("id", "")) if isinstance(o, dict) else ""
            oentry = f"objective {oid!r}"
            if not re.fullmatch(rf"{gid}\.\d+", oid):
                raise CatalogError(file, oentry, f"objective id must look like {gid}.1 under goal {gid}")
            if oid in seen:
                raise CatalogError(file, oentry, "objective id is used twice")
            seen.add(oid)
            objectives.append(
                Objective(
                    oid, gid, _text(o.get("text"), file, oentry, "text"), _text(o.get("short"), file, oentry, "short")
                )
            )
        if not objectives:
            raise CatalogError(file, entry, "has no objectives")
        goals.append(
            Goal(
                gid,
                _text(g.get("name"), file, entry, "name"),
                _text(g.get("ambition"), file, entry, "ambition"),
                tuple(objectives),
            )
        )
    return goals


def load_catalog(directory: str | Path = CATALOG_DIR) -> Catalog:
    """Read goals.yaml and every indicators*.yaml in `directory`; raise CatalogError on the first bad entry."""
    directory = Path(directory)
    goals_file = directory / "goals.yaml"
    if not goals_file.exists():
        raise CatalogError(goals_file, "file", "is missing")
    goals = parse_goals(_read_yaml(goals_file), goals_file)
    objective_ids = [o.id for g in goals for o in g.objectives]
    indicators: list[Indicator] = []
    seen: dict[str, Path] = {}
    for path in sorted(directory.glob("indicators*.yaml")):
        raw = _read_yaml(path)
        if not isinstance(raw, dict) or not isinstance(raw.get("indicators"), list):
            raise CatalogError(path, "top level", "must be a mapping with a list under 'indicators'")
        for item in raw["indicators"]:
            ind = parse_indicator(item, objective_ids, path)
            if ind.id in seen:
                raise CatalogError(path, f"indicator {ind.id!r}", f"id is already used in {seen[ind.id].name}")
            seen[ind.id] = path
            indicators.append(ind)
    return Catalog(goals, indicators)


# --- the comparison group (comparison.yaml) -----------------------------------------------------------

COMPARISON_FILE = CATALOG_DIR / "comparison.yaml"
AREA_KINDS = ("home", "neighbour", "kostra", "county", "country")
MUNICIPALITY_KINDS = ("home", "neighbour", "kostra")  # ranked against each other; county and country are references


@dataclass(frozen=True)
class ComparisonArea:
    """One area of Asker's comparison group: the name stored in observation.area and its region codes."""

    name: str
    codes: tuple[str, ...]
    kind: str
    name_en: str = ""
    also_kinds: tuple[str, ...] = ()

    @property
    def kinds(self) -> tuple[str, ...]:
        return (self.kind, *self.also_kinds)

    @property
    def is_municipality(self) -> bool:
        return self.kind in MUNICIPALITY_KINDS

    def label(self, lang: str = "nb") -> str:
        return self.name_en if lang == "en" and self.name_en else self.name


def parse_comparison(raw: Any, file: str | Path = "<input>") -> list[ComparisonArea]:
    """Check the comparison group; raise CatalogError naming the area and what to fix."""
    if not isinstance(raw, dict) or not isinstance(raw.get("areas"), list) or not raw["areas"]:
        raise CatalogError(file, "top level", "must be a mapping with a non-empty list under 'areas'")
    known = {"name", "name_en", "codes", "kind", "also_kinds"}
    areas: list[ComparisonArea] = []
    names: set[str] = set()
    code_owner: dict[str, str] = {}
    for item in raw["areas"]:
        name = str(item.get("name") or "").strip() if isinstance(item, dict) else ""
        entry = f"area {name!r}"
        if not name:
            raise CatalogError(file, entry, "each area needs a 'name' (the area name stored in observations)")
        extra = set(item) - known
        if extra:
            raise CatalogError(
                file,
                entry,
                f"unknown field(s) {', '.join(sorted(map(str, extra)))}",
                f"allowed: {', '.join(sorted(known))}",
            )
        if name.lower() in names:
            raise CatalogError(file, entry, "name is used twice")
        names.add(name.lower())
        kind = item.get("kind")
        if kind not in AREA_KINDS:
            raise CatalogError(file, entry, f"kind {kind!r} is unknown", f"use one of {', '.join(AREA_KINDS)}")
        also = item.get("also_kinds") or []
        if not isinstance(also, list) or any(k not in AREA_KINDS or k == "home" for k in also):
            raise CatalogError(file, entry, f"also_kinds {also!r} must be a list of kinds other than home")
        codes = item.get("codes")
        if not isinstance(codes, list) or not codes:
            raise CatalogError(
                file, entry, "'codes' must be a non-empty list of SSB region codes", "e.g. codes: ['3201', '3024']"
            )
        for code in codes:
            if not isinstance(code, str):
                raise CatalogError(
                    file,
                    entry,
                    f"code {code!r} must be quoted",
                    "write codes in quotes, e.g. '0219': unquoted, YAML may drop the leading zero",
                )
            if not re.fullmatch(r"\d{1,4}", code):
                raise CatalogError(file, entry, f"code {code!r} is not an SSB region code (1-4 digits)")
            if code in code_owner:
                raise CatalogError(file, entry, f"code {code} is already used by {code_owner[code]!r}")
            code_owner[code] = name
        name_en = item.get("name_en") or ""
        if not isinstance(name_en, str):
            raise CatalogError(file, entry, "'name_en' must be a text")
        areas.append(ComparisonArea(name, tuple(codes), kind, name_en.strip(), tuple(also)))
    homes = [a for a in areas if a.kind == "home"]
    if len(homes) != 1:
        raise CatalogError(file, "areas", f"needs exactly one area of kind home, found {len(homes)}")
    if sum(a.kind == "country" for a in areas) > 1:
        raise CatalogError(file, "areas", "has more than one area of kind country")
    return areas


def load_comparison(path: str | Path | None = None) -> list[ComparisonArea]:
    """Asker's comparison group from comparison.yaml (default COMPARISON_FILE), in file order."""
    path = Path(path) if path is not None else COMPARISON_FILE
    if not path.exists():
        raise CatalogError(path, "file", "is missing")
    return parse_comparison(_read_yaml(path), path)


def indicator_to_yaml_dict(ind: Indicator) -> dict:
    """The catalog text form of an indicator, so analyst-defined indicators can be exported back."""
    t = {k: v for k, v in asdict(ind.target).items() if v is not None}
    if ind.target.text:
        t["text"] = asdict(ind.target.text)
    out = {
        "id": ind.id,
        "objective": ind.objective,
        "name": asdict(ind.name),
        "unit": ind.unit,
        "direction": ind.direction,
        "baseline": {
            "year": ind.baseline_year,
            **({"value": ind.baseline_value} if ind.baseline_value is not None else {}),
        },
        "target": t,
        "source": {k: (dict(v) if k == "headline" else v) for k, v in asdict(ind.source).items() if v},
        "sector": asdict(ind.sector),
        "frequency": ind.frequency,
        "definition": asdict(ind.definition),
        "decimals": ind.decimals,
    }
    if ind.also_objectives:
        out["also_objectives"] = list(ind.also_objectives)
    if ind.natural_limit is not None:
        out["natural_limit"] = ind.natural_limit
    if ind.allow:
        out["allow"] = list(ind.allow)
    if ind.fetch is not None:
        f = asdict(ind.fetch)
        f["select"] = {k: list(v) for k, v in ind.fetch.select}
        if ind.fetch.derive is not None:
            f["derive"] = {
                k: (list(v) if isinstance(v, tuple) else v)
                for k, v in asdict(ind.fetch.derive).items()
                if v not in ("", ())
            }
        out["fetch"] = {k: v for k, v in f.items() if v not in ("", (), {}, None) and not (k == "peers" and v)}
    return out
