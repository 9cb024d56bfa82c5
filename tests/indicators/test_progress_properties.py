"""Property tests for the progress engine (hypothesis).

Properties:
1. Improving only the latest value never makes the status worse (within one rate kind, see below).
2. Mirroring gives the same status: for log (CAGR) rates, y → 1/y with the target → 1/target and the direction
   flipped turns every log slope b into −b exactly, so d·b and |B| are unchanged; for linear rates, y → −y
   (and target → −target) does the same in units. (y → C − y is not valid for CAGR rates: it changes the
   relative change, so it is only used for linear series.)
3. Multiplying the series and the target by a positive constant changes nothing (log slopes shift by ln c,
   linear slopes and requirements scale by c).
4. Arbitrary input (NaN, zeros, negatives, one point, duplicate years, breaks) either raises ValueError or
   returns a known status, and returns `insufficient` whenever fewer than MIN_POINTS values exist since the
   base year (after the latest break).

Floating point can move a ratio that sits exactly on a threshold across it, so a differing status is accepted
only when one of the two assessments lies within 1e-7 of a threshold (checked by `_near_threshold`).
"""

import math
import os

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from indicators.catalog import Target
from indicators.explain import explanation, note_texts
from indicators.progress import (
    INSUFFICIENT,
    LIMITED,
    MIN_POINTS,
    ON_TRACK,
    STATUSES,
    TOO_SLOW,
    TREND_LIMITED,
    TREND_MODERATE,
    TREND_SUBSTANTIAL,
    assess,
)

# Modest by default to keep the suite fast; PROGRESS_EXAMPLES=5000 for a deeper search before a release.
EXAMPLES = int(os.environ.get("PROGRESS_EXAMPLES", "200"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
RANK = {
    "achieved": 0,
    "on_track": 1,
    "too_slow": 2,
    "limited": 3,
    "moving_away": 4,
    "substantial": 1,
    "moderate": 2,
    "limited_trend": 3,
    "deterioration": 4,
}
TOL = 1e-7

# No subnormal floats: scaling one by 1e-3 can underflow to 0 and legitimately switch CAGR ↔ linear rates.
positive = st.floats(min_value=0.01, max_value=1e4, allow_nan=False, allow_infinity=False)
real = st.floats(min_value=-1e4, max_value=1e4, allow_nan=False, allow_infinity=False, allow_subnormal=False)
direction = st.sampled_from(["up", "down"])


def frame(values, start=2015):
    years = list(range(start, start + len(values)))
    return pd.DataFrame({"time": [float(y) for y in years], "year": years, "value": [float(v) for v in values]})


def absolute(value):
    return Target("absolute", 2030, value=float(value))


def _near_threshold(a) -> bool:
    """True when floating-point noise could legitimately flip this assessment's status."""
    if a.ratio is not None and any(abs(a.ratio - t) <= TOL * max(1.0, abs(t)) for t in (ON_TRACK, TOO_SLOW, LIMITED)):
        return True
    if a.trend_value is not None:
        conv = math.log1p if a.rate_kind == "cagr" else (lambda x: x)
        if any(abs(a.trend_value - conv(t)) <= TOL for t in (TREND_SUBSTANTIAL, TREND_MODERATE, TREND_LIMITED)):
            return True
    if a.target_value is not None and a.latest_value is not None:
        if abs(a.latest_value - a.target_value) <= TOL * max(1.0, abs(a.target_value)):
            return True
    if a.target_value is not None and a.projected_low is not None:  # the projection guard's edge
        scale = TOL * max(1.0, abs(a.target_value))
        if min(abs(a.projected_low - a.target_value), abs(a.projected_high - a.target_value)) <= scale:
            return True
    return False


def same_status(a, b) -> bool:
    return a.status == b.status or _near_threshold(a) or _near_threshold(b)


# --- 1. improving the latest value ----------------------------------------------------------------------
@SETTINGS
@given(
    values=st.lists(positive, min_size=MIN_POINTS, max_size=10),
    target=st.one_of(st.none(), positive),
    direction=direction,
    factor=st.floats(min_value=1.0001, max_value=10.0),
)
def test_improving_latest_never_worse_cagr(values, target, direction, factor):
    base = assess(
        None, frame(values), direction=direction, target=None if target is None else absolute(target), now_year=2030
    )
    improved_values = list(values)
    improved_values[-1] = values[-1] * factor if direction == "up" else values[-1] / factor
    better = assess(
        None,
        frame(improved_values),
        direction=direction,
        target=None if target is None else absolute(target),
        now_year=2030,
    )
    assert base.rate_kind == better.rate_kind == "cagr"
    assert RANK[better.status] <= RANK[base.status] or _near_threshold(base) or _near_threshold(better)


@SETTINGS
@given(
    values=st.lists(real, min_size=MIN_POINTS - 1, max_size=9),
    target=st.one_of(st.none(), real),
    direction=direction,
    delta=st.floats(min_value=1e-3, max_value=1e4),
)
def test_improving_latest_never_worse_linear(values, target, direction, delta):
    # A zero first value keeps the series on linear rates however the latest value moves.
    values = [0.0] + values
    d = 1 if direction == "up" else -1
    tgt = None if target is None else absolute(target)
    base = assess(None, frame(values), direction=direction, target=tgt, now_year=2030)
    improved_values = values[:-1] + [values[-1] + d * delta]
    better = assess(None, frame(improved_values), direction=direction, target=tgt, now_year=2030)
    assert base.rate_kind == better.rate_kind == "linear"
    assert RANK[better.status] <= RANK[base.status] or _near_threshold(base) or _near_threshold(better)


# --- 2. mirroring ---------------------------------------------------------------------------------------
FLIP = {"up": "down", "down": "up"}


@SETTINGS
@given(values=st.lists(positive, min_size=1, max_size=10), target=st.one_of(st.none(), positive), direction=direction)
def test_mirror_reciprocal_for_cagr(values, target, direction):
    a = assess(
        None, frame(values), direction=direction, target=None if target is None else absolute(target), now_year=2030
    )
    m = assess(
        None,
        frame([1.0 / v for v in values]),
        direction=FLIP[direction],
        target=None if target is None else absolute(1.0 / target),
        now_year=2030,
    )
    assert same_status(a, m), (a.status, m.status, a.ratio, m.ratio)
    assert a.n_points == m.n_points
    if a.ratio is not None and m.ratio is not None:
        assert math.isclose(a.ratio, m.ratio, rel_tol=1e-6, abs_tol=1e-9)


@SETTINGS
@given(
    values=st.lists(real, min_size=0, max_size=9),
    target=st.one_of(st.none(), real),
    direction=direction,
    shift=st.sampled_from([0.0, 100.0]),
)
def test_mirror_negation_for_linear(values, target, direction, shift):
    # x → C − x with the direction flipped. A zero in the series (shifted along with it) keeps it linear: with
    # C = 0 both series contain 0; with C = 100 we force linear rates by including both signs.
    values = [shift] + values + [-shift - 1.0] if shift else [0.0] + values
    tgt = None if target is None else absolute(target)
    mtgt = None if target is None else absolute(shift - target)
    a = assess(None, frame(values), direction=direction, target=tgt, now_year=2030)
    m = assess(None, frame([shift - v for v in values]), direction=FLIP[direction], target=mtgt, now_year=2030)
    assume(a.rate_kind == m.rate_kind == "linear" or a.status == INSUFFICIENT)
    if shift == 0.0:
        assert same_status(a, m), (a.status, m.status, a.ratio, m.ratio)
    elif a.target_value is not None or a.status == INSUFFICIENT:
        # with C ≠ 0 the trend-only reference level |base| changes (|C − y0| ≠ |y0|), so only target
        # statuses are mirror-invariant there: R = d·b/|B| uses slopes alone.
        assert same_status(a, m), (a.status, m.status, a.ratio, m.ratio)


# --- 3. scale invariance ---------------------------------------------------------------------------------
@SETTINGS
@given(
    values=st.lists(st.one_of(positive, real), min_size=1, max_size=10),
    target=st.one_of(st.none(), real),
    direction=direction,
    c=st.floats(min_value=1e-3, max_value=1e3),
)
def test_scaling_changes_nothing(values, target, direction, c):
    tgt = None if target is None else absolute(target)
    a = assess(None, frame(values), direction=direction, target=tgt, now_year=2030)
    s = assess(
        None,
        frame([v * c for v in values]),
        direction=direction,
        target=None if target is None else absolute(target * c),
        now_year=2030,
    )
    assert a.rate_kind == s.rate_kind
    assert same_status(a, s), (a.status, s.status, a.ratio, s.ratio)
    if a.ratio is not None and s.ratio is not None and not _near_threshold(a):
        assert math.isclose(a.ratio, s.ratio, rel_tol=1e-6, abs_tol=1e-9)


@SETTINGS
@given(
    values=st.lists(positive, min_size=MIN_POINTS, max_size=8, unique=True),
    c=st.floats(min_value=1e-3, max_value=1e3),
    q=st.floats(min_value=0.5, max_value=0.99),
)
def test_scaling_relative_target(values, c, q):
    # relative target (change −45 % … −1 % from 2015): the resolved target scales with the series
    tgt = Target("relative", 2030, change=q - 1.0, base_year=2015)
    a = assess(None, frame(values), direction="down", target=tgt, now_year=2030)
    s = assess(None, frame([v * c for v in values]), direction="down", target=tgt, now_year=2030)
    assert math.isclose(s.target_value, a.target_value * c, rel_tol=1e-9)
    assert same_status(a, s)


# --- 4. arbitrary input -----------------------------------------------------------------------------------
value_or_missing = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True, width=64),
    st.sampled_from([0.0, -0.0, 1.0, -1.0, float("nan")]),
)
rows = st.lists(
    st.tuples(
        st.integers(min_value=2008, max_value=2026),
        value_or_missing,
        st.sampled_from(["", "", "", "provisional", "break", None]),
    ),
    min_size=0,
    max_size=14,
)


def _expected_points(df: pd.DataFrame, base_year: int) -> int:
    breaks = df.loc[df["flag"].fillna("") == "break", "time"].tolist()
    valid = df[df["value"].notna()]
    since = valid[valid["year"] >= base_year]
    if breaks and len(since) and max(breaks) > since["time"].min():
        since = since[since["time"] >= max(breaks)]
    return len(since)


@settings(
    max_examples=EXAMPLES + EXAMPLES // 2, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(
    data=rows,
    target=st.one_of(st.none(), real, st.sampled_from([0.0, 1.0, -1.0])),
    direction=direction,
    base_year=st.sampled_from([2009, 2015, 2020]),
)
def test_arbitrary_input_raises_value_error_or_returns_a_status(data, target, direction, base_year):
    df = pd.DataFrame(data, columns=["year", "value", "flag"]).astype({"value": float})
    df["time"] = df["year"].astype(float)
    try:
        a = assess(
            None,
            df,
            direction=direction,
            target=None if target is None else absolute(target),
            base_year=base_year,
            now_year=2026,
        )
    except ValueError as exc:
        assert str(exc)  # a message a user can act on
        finite = df["value"].dropna()
        has_dup = df[df["value"].notna()]["year"].duplicated().any()
        assert has_dup or np.isinf(finite.to_numpy()).any(), f"unexpected ValueError: {exc}"
        return
    assert a.status in STATUSES
    expected = _expected_points(df, base_year)
    assert a.n_points == expected
    if expected < MIN_POINTS:
        assert a.status == INSUFFICIENT
        assert a.trend_status is None
    for lang in ("nb", "en"):
        text = explanation(a, lang)
        assert text and text.endswith(".") and "{" not in text and "None" not in text
        assert all(t and "{" not in t for t in note_texts(a, lang))


@SETTINGS
@given(
    values=st.lists(st.one_of(positive, real), min_size=0, max_size=MIN_POINTS - 1),
    target=st.one_of(st.none(), real),
    direction=direction,
)
def test_too_few_points_is_always_insufficient(values, target, direction):
    a = assess(
        None, frame(values), direction=direction, target=None if target is None else absolute(target), now_year=2030
    )
    assert a.status == INSUFFICIENT
    assert a.ratio is None and a.trend_status is None


# --- 5. issue 15: targets past their year, noise near a target ----------------------------------------------
@SETTINGS
@given(
    values=st.lists(st.one_of(positive, real), min_size=0, max_size=12),
    start=st.integers(2008, 2020),
    target=real,
    target_year=st.integers(2016, 2030),
    now_year=st.integers(2016, 2035),
    direction=direction,
    kind=st.sampled_from(["absolute", "keep"]),
)
def test_passing_the_target_year_never_yields_a_progress_status(
    values, start, target, target_year, now_year, direction, kind
):
    """Once the target year is over (by the calendar or by the data), the answer is reached, not reached or
    insufficient data: never "on track", "too slow", "limited" or "moving away"."""
    tgt = Target(kind, target_year, value=float(target))
    a = assess(None, frame(values, start), direction=direction, target=tgt, now_year=now_year)
    latest_time = start + len(values) - 1 if values else None
    passed = now_year > target_year or (latest_time is not None and latest_time >= target_year)
    assert a.target_year_passed == (passed and bool(values))
    if a.target_year_passed:
        assert a.status in ("achieved", "not_reached", INSUFFICIENT)
        assert a.required_rate is None and a.projection_year is None
    else:
        assert a.status != "not_reached"


@SETTINGS
@given(
    y0=positive,
    rate=st.floats(min_value=0.005, max_value=0.2),
    n=st.integers(MIN_POINTS, 12),
    target_factor=st.floats(min_value=1.01, max_value=20.0),
    direction=direction,
    noise=st.lists(st.floats(min_value=-1.0, max_value=1.0), min_size=12, max_size=12),
    shape=st.lists(st.floats(min_value=-1.0, max_value=1.0), min_size=12, max_size=12),
)
def test_improving_series_cannot_become_moving_away_by_noise_smaller_than_its_interval(
    y0, rate, n, target_factor, direction, noise, shape
):
    """An improving series (its whole slope interval in the desired direction, d·low > 0 in log space) plus
    noise smaller than half that interval's distance from zero per year of spacing is never "moving away":
    each pairwise slope moves by less than 2·δ/Δt ≤ d·low, so the Theil–Sen median stays on the improving side."""
    d = 1 if direction == "up" else -1
    logs = [math.log(y0) + d * rate * k + 0.3 * rate * shape[k] for k in range(n)]
    target = y0 * target_factor**d
    base = assess(None, frame([math.exp(v) for v in logs]), direction=direction, target=absolute(target), now_year=2030)
    assume(base.fit_slope_low is not None)
    margin = base.fit_slope_low if d > 0 else -base.fit_slope_high  # distance of the interval from zero
    assume(margin > 1e-6)
    delta = 0.49 * margin  # annual spacing: 2·δ/1 < margin
    noisy = assess(
        None,
        frame([math.exp(v + delta * e) for v, e in zip(logs, noise)]),
        direction=direction,
        target=absolute(target),
        now_year=2030,
    )
    assert noisy.status != "moving_away", (base.status, noisy.status, noisy.ratio)


@SETTINGS
@given(values=st.lists(st.one_of(positive, real), min_size=MIN_POINTS, max_size=10), target=real, direction=direction)
def test_an_interval_that_reaches_the_target_is_never_moving_away(values, target, direction):
    a = assess(None, frame(values), direction=direction, target=absolute(target), now_year=2030)
    if a.projected_low is not None and a.target_value is not None and a.status not in ("achieved", INSUFFICIENT):
        best = a.projected_high if direction == "up" else a.projected_low
        if (best - a.target_value) * (1 if direction == "up" else -1) >= 0:
            assert a.status != "moving_away"
