"""Region codes and labels (SSB, FHI, Udir, Miljødirektoratet) mapped to the area names we store.

Asker is 3203 from 2024 and 3025 in 2020–2023 (same municipality, renumbered with the county). The Asker of
before the 2020 merger (0220) and Røyken (0627) and Hurum (0628) are different areas, so they keep their own
names and are never summed into "Asker" silently.
"""

from __future__ import annotations

import re

import pandas as pd

ASKER = "Asker"
NORWAY = "Norge"
OLD_ASKER = "Asker (0220, før 2020)"
CODE_NAMES = {
    "3203": ASKER,
    "3025": ASKER,
    "0220": OLD_ASKER,
    "220": OLD_ASKER,
    "0627": "Røyken",
    "627": "Røyken",
    "0628": "Hurum",
    "628": "Hurum",
    "0": NORWAY,
    "00": NORWAY,
}
# Asker's comparison group (indicators/catalog/comparison.yaml; tests/indicators/test_comparison.py checks the two
# agree). Codes over time -> one area; a municipality as it was before a 2020 merger is a different area, like
# Asker 0220. Codes with a leading zero also come without it (numbers read from Excel).
CODE_NAMES.update(
    {
        "3201": "Bærum",
        "3024": "Bærum",
        "0219": "Bærum",
        "219": "Bærum",
        "3312": "Lier",
        "3049": "Lier",
        "0626": "Lier",
        "626": "Lier",
        "3301": "Drammen",
        "3005": "Drammen",
        "0602": "Drammen (0602, før 2020)",
        "602": "Drammen (0602, før 2020)",
        "4601": "Bergen",
        "1201": "Bergen",
        "5001": "Trondheim",
        "1103": "Stavanger",
        "4204": "Kristiansand",
        "1001": "Kristiansand (1001, før 2020)",
        "3205": "Lillestrøm",
        "3030": "Lillestrøm",
        "3107": "Fredrikstad",
        "3004": "Fredrikstad",
        "0106": "Fredrikstad",
        "106": "Fredrikstad",
        "1108": "Sandnes",
        "1102": "Sandnes (1102, før 2020)",
        "5501": "Tromsø",
        "5401": "Tromsø",
        "1902": "Tromsø",
        # counties: Akershus is 32 from 2024; Viken (30, 2020-2023) and the pre-2020 Akershus (02) are other areas
        "32": "Akershus",
        "30": "Viken (2020–2023)",
        "02": "Akershus (02, før 2020)",
    }
)
NATIONAL_NAMES = {
    "hele landet",
    "landet",
    "norge",
    "norway",
    "the whole country",
    "nasjonalt",
    "hele landet (eak)",
    "eak",
    "landet i alt",
    "national",
    "alle kommuner",
}

# SSB's KOSTRA tables name aggregates with letter codes: EAKUO (Landet uten Oslo), EKA32 (a county), EKG13 (a
# KOSTRA group), EAFK… (county municipalities), EAB (Oslo's districts). The label after the code is the area.
_KOSTRA_CODE = re.compile(r"^(EAKUO|EKA\d{2}|EKG\d{2}|EAFK\w*|EAB)(?:\s*[-:]\s*|\s+|$)(.*)$", re.I)
KOSTRA_NAMES = {"eakuo": "Landet uten Oslo"}
_CODE = re.compile(r"^(?:(?:K|F|B|EAK)\s*[-_]\s*)?(\d{1,6})(?:\s*[-:]\s*|\s+|$)(.*)$", re.I)
_YEARS_SUFFIX = re.compile(r"\s*\((?:-\s*\d{4}|\d{4}\s*-\s*\d{0,4}|før \d{4}|fra \d{4})\)\s*$", re.I)
_OLD = re.compile(r"\(\s*-\s*(\d{4})\s*\)|\(før (\d{4})\)", re.I)


def normalize_area(raw) -> str:
    """One area label or code -> the stored area name ("" when empty)."""
    if raw is None or (isinstance(raw, float) and raw != raw):
        return ""
    s = " ".join(str(raw).replace("\u00a0", " ").split()).strip('"').strip()
    if not s:
        return ""
    if isinstance(raw, float) and raw.is_integer():
        s = str(int(raw))
    low = s.lower()
    if low in NATIONAL_NAMES or low.startswith("eak ") or low.startswith("hele landet"):
        return NORWAY
    kostra = _KOSTRA_CODE.match(s)
    if kostra:
        return (
            _name(kostra.group(2).strip())
            if kostra.group(2).strip()
            else KOSTRA_NAMES.get(kostra.group(1).lower(), kostra.group(1).upper())
        )
    m = _CODE.match(s)
    if m:
        code, name = m.group(1), m.group(2).strip()
        if code in CODE_NAMES:
            return CODE_NAMES[code]
        if name:
            return _name(name)
        return code
    return _name(s)


def _name(name: str) -> str:
    low = name.lower()
    if low in NATIONAL_NAMES:
        return NORWAY
    old = _OLD.search(name)
    base = _YEARS_SUFFIX.sub("", name).strip()
    base = re.sub(r"\s+kommune$", "", base, flags=re.I).strip() or base
    if base.lower() == "asker":
        if old and int(old.group(1) or old.group(2)) <= 2020:
            return OLD_ASKER
        return ASKER
    if base.lower() in ("røyken", "hurum"):
        return base.capitalize()
    if old:  # another municipality as it was before a merger: keep the years, it may not be today's area
        return re.sub(r"\s+kommune(?=\s*\()", "", name, flags=re.I).strip()
    return base


def normalize_areas(values: pd.Series, default: str = ASKER) -> pd.Series:
    """Vectorised normalize_area (each distinct label once); empty or missing -> `default`."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    mapped = [normalize_area(u) or default for u in uniques] + [default]
    idx = pd.Series(codes, index=values.index).where(lambda c: c >= 0, len(mapped) - 1)
    return pd.Series(pd.array(mapped, dtype=object)[idx.to_numpy()], index=values.index, dtype=object)
