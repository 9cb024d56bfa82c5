"""Explanations of an assessment, in bokmål and English: the one sentence with the numbers behind a status, the
note texts, and the rates and differences as that sentence shows them (also used by the method table).

Plain Python; the assessments come from indicators/progress.py, the method is in docs/methodology.md.
"""

from __future__ import annotations

import math

from indicators.format import fmt_number, fmt_signed_number, fmt_signed_percent, fmt_value, norm_lang
from indicators.progress import INSUFFICIENT, MIN_POINTS, NOT_REACHED, ON_TRACK, RATE_STATUSES, Assessment, status_label


# --- what callers use ----------------------------------------------------------------------------------
def explanation(a: Assessment, lang: str | None = None) -> str:
    """One sentence with the numbers behind the status."""
    return _explain(a, norm_lang(lang))


def note_texts(a: Assessment, lang: str | None = None) -> list[str]:
    """Short sentences for the notes (breaks, provisional values, linear rates …), in note order."""
    lang = norm_lang(lang)
    return [_note_text(a, code, lang) for code in a.notes]


def rate_text(a: Assessment, rate: float | None, lang: str | None = None) -> str:
    """A rate per year as the sentence shows it: % for cagr, percentage points or the unit for linear rates."""
    return _rate(a, rate, norm_lang(lang))


def rate_texts(a: Assessment, lang: str | None = None) -> tuple[str, str]:
    """(needed, achieved) per year, with as many digits as it takes for them to differ when the status says
    they do: the sentence and the method table both use these."""
    required, observed, _ = rate_pair(a, norm_lang(lang))
    return required, observed


def difference_text(a: Assessment, diff: float | None, lang: str | None = None) -> str:
    """A difference between two values of the indicator (percentage points for percentages), unsigned."""
    return _diff(a, diff, norm_lang(lang))


# --- texts ----------------------------------------------------------------------------------------------
_T = {
    "nb": {
        "rates": (
            "Nødvendig endring {required} per år siden {from_year}; oppnådd {observed} per år{pace}{guard}: {label}."
        ),
        "rates_latest": (
            "Nødvendig endring {required} per år fra {from_year} for å nå {target} innen {target_year}; "
            "oppnådd {observed} per år{pace}{guard}: {label}."
        ),
        "achieved": "Målet ({target}) er nådd: {latest} i {latest_year}.",
        "keep_achieved": (
            "Nivået skal holdes på {target}, og har holdt {held_all}: {latest} i {latest_year}, målet holdes."
        ),
        "keep_regained": (
            "Nivået skal holdes på {target} og holder nå ({latest} i {latest_year}), men holdt bare {held}: {label}."
        ),
        "keep_rates": (
            "Nivået skal holdes på {target}, men var {latest} i {latest_year} (holdt {held}); nødvendig "
            "endring {required} per år fra {from_year}, oppnådd {observed} per år{pace}{guard}: {label}."
        ),
        "band_achieved": "Innenfor ønsket område {low}–{high}: {latest} i {latest_year}.",
        "band_rates": (
            "Utenfor ønsket område {low}–{high} ({latest} i {latest_year}{floor}); nødvendig endring "
            "{required} per år mot {edge}, oppnådd {observed} per år{pace}{guard}: {label}."
        ),
        "band_floor": ", under laveste akseptable verdi {floor}",
        "not_reached": (
            "Målåret {target_year} er passert uten at målet ({target}) er nådd: {latest} i {latest_year}, "
            "{gap} {side} målet{held_clause}."
        ),
        "band_not_reached": (
            "Målåret {target_year} er passert, og verdien er utenfor ønsket område {low}–{high}: "
            "{latest} i {latest_year}, {gap} {side} {edge}."
        ),
        "keep_not_reached": (
            "Målåret {target_year} er passert; nivået ({target}) holdt bare {held}, selv om det "
            "holder nå ({latest} i {latest_year})."
        ),
        "side_below": "under",
        "side_above": "over",
        "held_clause": " (holdt {held})",
        "guard": ", men framskrivingen for {target_year} ({p_low} til {p_high}) rekker til målet",
        "held_all_years": "alle {n} årene siden {base_year}",
        "held_all_obs": "alle {n} målingene siden {base_year}",
        "held_years": "i {k} av {n} år siden {base_year}",
        "held_obs": "i {k} av {n} målinger siden {base_year}",
        "trend": "Endring {observed} per år siden {from_year}: {label}.",
        "no_data": "For lite data: ingen målinger.",
        "no_data_since_base": "For lite data: ingen målinger siden {base_year} (siste er fra {latest_year}).",
        "too_few_points": "For lite data: {n} {obs_word} siden {base_year}, minst {min_points} trengs.",
        "too_few_points_met": (
            "For lite data: {n} {obs_word} siden {base_year}, minst {min_points} trengs (siste verdi når målet)."
        ),
        "no_target_base_value": "For lite data: mangler verdien for {target_base_year}, som målet regnes fra.",
        "band_needs_target": "Kan ikke vurderes: ønsket område mangler, så retningen er ukjent.",
        "obs_one": "måling",
        "obs_many": "målinger",
        "at_least": "minst {v}",
        "at_most": "høyst {v}",
        "pp": "prosentpoeng",
        "pace": " (omtrent {fraction} av nødvendig fart)",
        "pace_none": " (nesten ingen av nødvendig fart)",
    },
    "en": {
        "rates": "Needed {required} per year since {from_year}; achieved {observed} per year{pace}{guard}: {label}.",
        "rates_latest": (
            "Needed {required} per year from {from_year} to reach {target} by {target_year}; "
            "achieved {observed} per year{pace}{guard}: {label}."
        ),
        "achieved": "Target ({target}) reached: {latest} in {latest_year}.",
        "keep_achieved": "The level must stay {target} and has held {held_all}: {latest} in {latest_year}, target kept.",
        "keep_regained": (
            "The level must stay {target} and holds now ({latest} in {latest_year}), but held only {held}: {label}."
        ),
        "keep_rates": (
            "The level must stay {target} but was {latest} in {latest_year} (held {held}); needed "
            "{required} per year from {from_year}, achieved {observed} per year{pace}{guard}: {label}."
        ),
        "band_achieved": "Within the desired range {low}–{high}: {latest} in {latest_year}.",
        "band_rates": (
            "Outside the desired range {low}–{high} ({latest} in {latest_year}{floor}); needed {required} "
            "per year towards {edge}, achieved {observed} per year{pace}{guard}: {label}."
        ),
        "band_floor": ", below the lowest accepted value {floor}",
        "not_reached": (
            "The target year {target_year} has passed without the target ({target}) being reached: "
            "{latest} in {latest_year}, {gap} {side} the target{held_clause}."
        ),
        "band_not_reached": (
            "The target year {target_year} has passed and the value is outside the desired range "
            "{low}–{high}: {latest} in {latest_year}, {gap} {side} {edge}."
        ),
        "keep_not_reached": (
            "The target year {target_year} has passed; the level ({target}) held only {held}, "
            "although it holds now ({latest} in {latest_year})."
        ),
        "side_below": "below",
        "side_above": "above",
        "held_clause": " (held {held})",
        "guard": ", but the projection for {target_year} ({p_low} to {p_high}) reaches the target",
        "held_all_years": "in all {n} years since {base_year}",
        "held_all_obs": "in all {n} observations since {base_year}",
        "held_years": "in {k} of {n} years since {base_year}",
        "held_obs": "in {k} of {n} observations since {base_year}",
        "trend": "Change of {observed} per year since {from_year}: {label}.",
        "no_data": "Insufficient data: no observations.",
        "no_data_since_base": "Insufficient data: no observations since {base_year} (the latest is from {latest_year}).",
        "too_few_points": "Insufficient data: {n} {obs_word} since {base_year}, at least {min_points} needed.",
        "too_few_points_met": (
            "Insufficient data: {n} {obs_word} since {base_year}, at least {min_points} needed "
            "(the latest value meets the target)."
        ),
        "no_target_base_value": "Insufficient data: the value for {target_base_year}, which the target is relative to, is missing.",
        "band_needs_target": "Cannot be assessed: the desired range is missing, so the direction is unknown.",
        "obs_one": "observation",
        "obs_many": "observations",
        "at_least": "at least {v}",
        "at_most": "at most {v}",
        "pp": "percentage points",
        "pace": " (about {fraction} of the pace needed)",
        "pace_none": " (hardly any of the pace needed)",
    },
}

_NOTES = {
    "nb": {
        "break_in_series": "Brudd i tidsserien: bare tallene fra {base_year} er brukt.",
        "break_after_target_base": "Målet regnes fra {target_base_year}, før et brudd i tidsserien; sammenligningen er usikker.",
        "provisional_latest": "Siste tall ({latest_year}) er foreløpig.",
        "provisional_values": "Noen av tallene er foreløpige.",
        "linear_rate_used": "Tallene er null, negative eller skifter fortegn, så endringen er målt i enheter per år, ikke i prosent.",
        "base_year_moved": "Ingen tall for {requested_base_year}; vurderingen starter i {base_year}.",
        "required_from_latest": "Målet var nådd i {base_year}, men ikke nå; nødvendig endring er regnet fra {from_year}.",
        "required_from_latest_crossed": (
            "I {base_year} lå verdien på den andre siden av ønsket område; nødvendig endring er regnet fra {from_year}."
        ),
        "below_lowest_accepted": "Siste verdi er under laveste akseptable verdi.",
        "target_base_from_catalog": "Verdien for {target_base_year} er hentet fra indikatorbeskrivelsen.",
        "missing_values_ignored": "Manglende verdier er hoppet over.",
        "old_data": "Gamle data: siste tall er fra {latest_year}, eldre enn oppdateringshyppigheten tilsier.",
        "base_year_sensitive": "Statusen avhenger av startåret: {alternatives}.",
        "latest_meets_target": "Siste verdi når målet, men det er for få målinger til å vurdere utviklingen.",
        "target_year_passed": "Målåret {target_year} er passert.",
        "projection_reaches_target": (
            "Trenden er usikker: framskrevet verdi for {target_year} er {p_low} til "
            "{p_high}, og det spennet når målet, så dataene viser ikke at verdien beveger "
            "seg bort fra målet."
        ),
        "recent_trend_opposite": (
            "De siste fem årene ({short_from_year}–{latest_year}) går utviklingen den andre veien: {short_rate} per år."
        ),
        "natural_limit": (
            "Verdien er nær den naturlige grensen {limit}, så tersklene for framgang er skalert med {coeff} (Open SDG)."
        ),
    },
    "en": {
        "break_in_series": "Break in the series: only figures from {base_year} on are used.",
        "break_after_target_base": "The target is relative to {target_base_year}, before a break in the series; the comparison is uncertain.",
        "provisional_latest": "The latest figure ({latest_year}) is provisional.",
        "provisional_values": "Some figures are provisional.",
        "linear_rate_used": "Values are zero, negative or change sign, so change is measured in units per year, not percent.",
        "base_year_moved": "No figure for {requested_base_year}; the assessment starts in {base_year}.",
        "required_from_latest": "The target was met in {base_year} but is not now; the needed change is counted from {from_year}.",
        "required_from_latest_crossed": (
            "In {base_year} the value lay beyond the other edge of the desired range; "
            "the needed change is counted from {from_year}."
        ),
        "below_lowest_accepted": "The latest value is below the lowest accepted value.",
        "target_base_from_catalog": "The value for {target_base_year} comes from the indicator description.",
        "missing_values_ignored": "Missing values were skipped.",
        "old_data": "Old data: the latest figure is from {latest_year}, older than the update frequency allows.",
        "base_year_sensitive": "The status depends on the starting year: {alternatives}.",
        "latest_meets_target": "The latest value meets the target, but there are too few observations to judge the trend.",
        "target_year_passed": "The target year {target_year} has passed.",
        "projection_reaches_target": (
            "The trend is uncertain: the projected value for {target_year} is "
            "{p_low} to {p_high}, and that range reaches the target, so the data do not "
            "show the value moving away from it."
        ),
        "recent_trend_opposite": (
            "Over the last five years ({short_from_year}–{latest_year}) the trend points the "
            "other way: {short_rate} per year."
        ),
        "natural_limit": (
            "The value is close to the natural limit {limit}, so the progress thresholds are scaled "
            "by {coeff} (Open SDG)."
        ),
    },
}


def _v(a: Assessment, x: float | None, lang: str) -> str:
    return fmt_value(x, a.unit, a.decimals, lang)


def _decimals_for(x: float, decimals: int) -> int:
    """Add up to two decimals so a small non-zero rate keeps its sign (−0,03 %, not 0,0 %) next to its status."""
    for extra in range(3):
        if x == 0 or abs(x) >= 0.5 * 10 ** -(decimals + extra):
            return decimals + extra
    return decimals + 2


def _rate(a: Assessment, r: float | None, lang: str, extra: int = 0) -> str:
    if r is None:
        return "–"
    if a.rate_kind == "cagr":
        return fmt_signed_percent(r * 100.0, _decimals_for(r * 100.0, 1) + extra, lang)
    # At least one decimal: yearly rates of counts are small (+0,8 per year, not +1).
    dec = _decimals_for(r, max(a.decimals, 1)) + extra
    if a.unit == "percent":
        return f"{fmt_signed_number(r, dec, lang)}\u00a0{_T[lang]['pp']}"
    return fmt_value(r, a.unit, dec, lang, signed=True)


MAX_EXTRA_DECIMALS = 3  # digits added so needed and achieved never read the same while the status says they differ


def rate_pair(a: Assessment, lang: str) -> tuple[str, str, bool]:
    """The needed and the achieved rate as the sentence and the method table show them, and whether digits had
    to be added: when the status says the pace falls short (or overshoots) but both round to the same text
    ("+0,1 % needed, +0,1 % achieved: too slow"), more decimals are shown until they differ."""
    req, obs = a.required_rate, a.observed_rate
    texts = _rate(a, req, lang), _rate(a, obs, lang)
    if req is None or obs is None or texts[0] != texts[1] or req == obs or a.status not in RATE_STATUSES:
        return texts[0], texts[1], False
    for extra in range(1, MAX_EXTRA_DECIMALS + 1):
        texts = _rate(a, req, lang, extra), _rate(a, obs, lang, extra)
        if texts[0] != texts[1]:
            break
    return texts[0], texts[1], True


# R as words (nearest common fraction), for a sentence whose two rates are close: "about three quarters of the
# pace needed" says what the extra digits mean.
_FRACTIONS = {
    "nb": [
        (0.1, "en tidel"),
        (0.2, "en femdel"),
        (0.25, "en firedel"),
        (1 / 3, "en tredel"),
        (0.4, "to femdeler"),
        (0.5, "halvparten"),
        (0.6, "tre femdeler"),
        (2 / 3, "to tredeler"),
        (0.75, "tre firedeler"),
        (0.8, "fire femdeler"),
        (0.9, "ni tideler"),
    ],
    "en": [
        (0.1, "a tenth"),
        (0.2, "a fifth"),
        (0.25, "a quarter"),
        (1 / 3, "a third"),
        (0.4, "two fifths"),
        (0.5, "half"),
        (0.6, "three fifths"),
        (2 / 3, "two thirds"),
        (0.75, "three quarters"),
        (0.8, "four fifths"),
        (0.9, "nine tenths"),
    ],
}


def pace_words(ratio: float | None, lang: str) -> str:
    """'omtrent tre firedeler av nødvendig fart' for R = 0,74; '' outside 0 < R < 0,95 (the signs or the status
    already say it)."""
    if ratio is None or not math.isfinite(ratio) or not 0 < ratio < ON_TRACK:
        return ""
    if ratio < 0.05:
        return _T[lang]["pace_none"]
    words = min(_FRACTIONS[lang], key=lambda f: abs(f[0] - ratio))[1]
    return _T[lang]["pace"].format(fraction=words)


def _diff(a: Assessment, x: float | None, lang: str) -> str:
    """An unsigned difference between two values: percentage points for percentages, else the unit."""
    if x is None:
        return "–"
    if a.unit == "percent":
        return f"{fmt_number(abs(x), a.decimals, lang)}\u00a0{_T[lang]['pp']}"
    return fmt_value(abs(x), a.unit, a.decimals, lang)


def _lower_first(s: str) -> str:
    return s[:1].lower() + s[1:]


def _target_phrase(a: Assessment, lang: str) -> str:
    key = "at_least" if a.effective_direction == "up" else "at_most"
    return _T[lang][key].format(v=_v(a, a.target_value, lang))


def _held(a: Assessment, lang: str, all_: bool = False) -> str:
    """'i 3 av 5 år siden 2015' / 'alle 5 årene siden 2015' (observations when the series is not annual)."""
    annual = float(a.latest_time).is_integer()  # annual values sit at whole years; quarters, school years do not
    key = ("held_all_" if all_ else "held_") + ("years" if annual else "obs")
    return _T[lang][key].format(k=a.n_held, n=a.n_points, base_year=a.base_year)


def _guard(a: Assessment, lang: str) -> str:
    if "projection_reaches_target" not in a.notes:
        return ""
    return _T[lang]["guard"].format(
        target_year=a.projection_year, p_low=_v(a, a.projected_low, lang), p_high=_v(a, a.projected_high, lang)
    )


def _explain(a: Assessment, lang: str) -> str:
    T = _T[lang]
    if a.status == INSUFFICIENT:
        reason = a.insufficient_reason or "no_data"
        if reason == "too_few_points" and "latest_meets_target" in a.notes:
            reason = "too_few_points_met"
        return T[reason].format(
            base_year=a.base_year,
            latest_year=a.latest_year,
            n=a.n_points,
            min_points=MIN_POINTS,
            obs_word=T["obs_one"] if a.n_points == 1 else T["obs_many"],
            target_base_year=a.target_base_year,
        )
    required, observed, close = rate_pair(a, lang)
    fields = dict(
        label=_lower_first(status_label(a.status, lang)),
        latest=_v(a, a.latest_value, lang),
        latest_year=a.latest_year,
        observed=observed,
        required=required,
        from_year=a.required_from_year or a.base_year,
        target_year=a.target_year,
        guard=_guard(a, lang),
        pace=pace_words(a.ratio, lang) if close else "",
    )
    if a.target_kind is None:  # trend only (from the base year: there is no required rate)
        return T["trend"].format(**fields)
    if a.status == NOT_REACHED:
        side = T["side_below" if a.gap_to_target > 0 else "side_above"]  # not reached: the gap is never 0
        gap = _diff(a, a.gap_to_target, lang)
        if a.target_kind == "band":
            return T["band_not_reached"].format(
                low=_v(a, a.target_low, lang),
                high=_v(a, a.target_high, lang),
                edge=_v(a, a.target_value, lang),
                gap=gap,
                side=side,
                **fields,
            )
        if (
            a.target_kind == "keep"
            and a.gap_to_target is not None
            and a.gap_to_target * (1 if a.effective_direction == "up" else -1) <= 0
        ):  # holds now, but not in every year
            return T["keep_not_reached"].format(target=_target_phrase(a, lang), held=_held(a, lang), **fields)
        held = T["held_clause"].format(held=_held(a, lang)) if a.n_held is not None else ""
        return T["not_reached"].format(target=_target_phrase(a, lang), gap=gap, side=side, held_clause=held, **fields)
    if a.target_kind == "band":
        low, high = _v(a, a.target_low, lang), _v(a, a.target_high, lang)
        if a.status == "achieved":
            return T["band_achieved"].format(low=low, high=high, **fields)
        floor = (
            T["band_floor"].format(floor=_v(a, a.lowest_accepted, lang)) if "below_lowest_accepted" in a.notes else ""
        )
        return T["band_rates"].format(low=low, high=high, floor=floor, edge=_v(a, a.target_value, lang), **fields)
    target = _target_phrase(a, lang)
    if a.target_kind == "keep":
        if a.status == "achieved":
            return T["keep_achieved"].format(target=target, held_all=_held(a, lang, all_=True), **fields)
        if a.required_rate is None:  # holds now, lost in some earlier year
            return T["keep_regained"].format(target=target, held=_held(a, lang), **fields)
        return T["keep_rates"].format(target=target, held=_held(a, lang), **fields)
    if a.status == "achieved":
        return T["achieved"].format(target=target, **fields)
    key = "rates_latest" if a.required_from_year is not None and a.required_from_year != a.base_year else "rates"
    return T[key].format(target=_v(a, a.target_value, lang), **fields)


def _note_text(a: Assessment, code: str, lang: str) -> str:
    template = _NOTES[lang].get(code)
    if template is None:
        return code
    alts = ", ".join(f"{y}: {_lower_first(status_label(s, lang))}" for y, s in sorted(a.alternative_statuses.items()))
    limit = fmt_value(a.natural_limit, a.unit, a.decimals, lang)  # None → "–"
    coeff = fmt_number(a.limit_coefficient, 2, lang)
    return template.format(
        base_year=a.base_year,
        latest_year=a.latest_year,
        requested_base_year=a.requested_base_year,
        target_base_year=a.target_base_year,
        from_year=a.required_from_year,
        alternatives=alts,
        target_year=a.target_year,
        p_low=_v(a, a.projected_low, lang),
        p_high=_v(a, a.projected_high, lang),
        short_from_year=a.short_from_year,
        short_rate=_rate(a, a.short_rate, lang),
        limit=limit,
        coeff=coeff,
    )


__all__ = [
    "explanation",
    "note_texts",
    "rate_text",
    "rate_texts",
    "difference_text",
    "rate_pair",
    "pace_words",
    "MAX_EXTRA_DECIMALS",
]
