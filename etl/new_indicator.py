"""Indicators an analyst defines while uploading: form fields → checked catalog definition, and back to YAML."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

import yaml

from indicators.catalog import Catalog, CatalogError, Indicator, indicator_to_yaml_dict, parse_indicator

if TYPE_CHECKING:  # the loader pulls in the readers; not needed to export definitions
    from etl.load import PreparedUpload

# Reader error codes that mean "the catalog does not know this series" (etl/readers/messages.py).
UNKNOWN_CODES = ("unknown_indicator", "source_not_in_catalog")


def unknown_series(prepared: PreparedUpload) -> list[dict]:
    """What the file names that the catalog lacks, as defaults for the new-indicator form (deduplicated)."""
    out: list[dict] = []
    seen: set[tuple[str, ...]] = set()
    key: tuple[str, ...]
    for p in prepared.report.errors:
        if p.code not in UNKNOWN_CODES:
            continue
        if p.code == "unknown_indicator":
            key = ("id", str(p.value))
            guess = {"id": suggest_id(str(p.value))}
        else:
            agency, table = str(p.params.get("agency") or ""), str(p.params.get("table") or "")
            if ":" in table and table.split(":", 1)[0].strip().lower() == agency.lower():
                table = table.split(":", 1)[1].strip()  # the reader's "FHI:name" lookup key → "name"
            key = ("source", agency, table)
            guess = {"id": suggest_id(table), "agency": "" if agency == "?" else agency, "table": table}
        if key not in seen:
            seen.add(key)
            out.append(guess)
    return out


def suggest_id(text: str) -> str:
    """A catalog id from free text: lower case, æøå spelt out, other characters to '-'."""
    s = str(text).lower()
    for a, b in (("æ", "ae"), ("ø", "o"), ("å", "a"), ("é", "e")):
        s = s.replace(a, b)
    s = re.sub(r"[^a-z0-9_\-]+", "-", s).strip("-")
    return s[:61] if len(s) >= 2 else ""


def _number(raw) -> float | int | str | None:
    """Form text or number → number; accepts decimal comma and spaces ("1 234,5"). '' → None."""
    if raw is None:
        return None
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        return raw
    s = str(raw).strip().replace("\u00a0", "").replace(" ", "").replace(",", ".").replace("−", "-")
    if not s:
        return None
    try:
        f = float(s)
    except ValueError:
        return s  # parse_indicator reports it as "must be a finite number"
    return int(f) if f.is_integer() and "." not in s else f


def definition_from_form(fields: dict) -> dict:
    """The raw catalog mapping (as in indicators/catalog/*.yaml) from the upload page's form fields.

    `target_change_percent` is asked in percent (−55 = 55 % lower) and stored as a fraction (−0.55)."""
    f = {k: (v.strip() if isinstance(v, str) else v) for k, v in fields.items()}
    kind = f.get("target_kind")
    target: dict = {"kind": kind, "year": _number(f.get("target_year")) or 2030}
    if kind in ("absolute", "keep"):
        target["value"] = _number(f.get("target_value"))
    elif kind == "relative":
        pct = _number(f.get("target_change_percent"))
        target["change"] = round(pct / 100, 6) if isinstance(pct, (int, float)) else pct
        if _number(f.get("target_base_year")) is not None:
            target["base_year"] = _number(f.get("target_base_year"))
    elif kind == "band":
        target["low"] = _number(f.get("target_low"))
        target["high"] = _number(f.get("target_high"))
        if _number(f.get("target_lowest_accepted")) is not None:
            target["lowest_accepted"] = _number(f.get("target_lowest_accepted"))
    baseline = {"year": _number(f.get("baseline_year"))}
    if _number(f.get("baseline_value")) is not None:
        baseline["value"] = _number(f.get("baseline_value"))
    source = {k: f.get(k) or "" for k in ("agency", "table", "variable", "url")}
    out = {
        "id": f.get("id") or "",
        "objective": f.get("objective") or "",
        "name": {"nb": f.get("name_nb") or "", "en": f.get("name_en") or ""},
        "unit": f.get("unit"),
        "direction": f.get("direction"),
        "baseline": baseline,
        "target": target,
        "source": {k: v for k, v in source.items() if v},
        "sector": {"nb": f.get("sector_nb") or "", "en": f.get("sector_en") or ""},
        "frequency": f.get("frequency"),
        "definition": {"nb": f.get("definition_nb") or "", "en": f.get("definition_en") or ""},
        "decimals": int(f.get("decimals") if f.get("decimals") is not None else 1),
    }
    also = [o for o in (f.get("also_objectives") or []) if o and o != out["objective"]]
    if also:
        out["also_objectives"] = also
    return out


def indicator_from_form(fields: dict, catalog: Catalog) -> Indicator:
    """Check the form with the catalog's own rules; raises CatalogError (message + hint) when something is wrong.
    An id the file catalog already uses is refused: analysts add indicators, they do not redefine reviewed ones."""
    raw = definition_from_form(fields)
    ind = parse_indicator(raw, [o.id for o in catalog.objectives], "skjema", origin="upload")
    if catalog.has_indicator(ind.id) and catalog.indicator(ind.id).origin == "catalog":
        raise CatalogError(
            "skjema",
            f"indicator {ind.id!r}",
            "the catalog already has an indicator with this id",
            "choose another id, or pick the existing indicator in the column mapping",
        )
    return ind


def indicators_yaml(indicators: Iterable[Indicator]) -> str:
    """Catalog YAML (the shape of indicators/catalog/indicators-*.yaml) for the given indicators."""
    items = [indicator_to_yaml_dict(i) for i in indicators]
    header = (
        "# Indicators defined by analysts on the upload page. Review, then add them to a file in\n"
        "# indicators/catalog/ (ids are stable: keep them as they are).\n"
    )
    return header + yaml.safe_dump({"indicators": items}, allow_unicode=True, sort_keys=False, width=110)


def analyst_indicators(catalog: Catalog) -> list[Indicator]:
    return [i for i in catalog.indicators if i.origin == "upload"]
