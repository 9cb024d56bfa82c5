"""A national-scale data set for the benchmarks: every municipality × ≥120 indicators × 25 years, deterministic.

The real catalog's indicators are joined by generated ones (`syn-001` …) that exist only in the bench's
extended catalog (`bench_catalog()`), never in indicators/catalog/. Areas are Asker plus 355 synthetic
municipalities ("Kommune 0301" …). Some indicators are also broken down by sex (kjønn=kvinner / kjønn=menn).
Output: bench/out/national.csv in the canonical long format (indicator_id,year,value,area,breakdown,flag,note).

    python bench/generate.py [--out bench/out] [--seed 2030]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from indicators.catalog import Catalog, Indicator, Source, Target, Text, load_catalog  # noqa: E402

OUT = ROOT / "bench" / "out"
SEED = 2030
N_MUNICIPALITIES = 356
N_INDICATORS = 122  # at least 120: the catalog's plus synthetic ones
YEARS = list(range(2000, 2025))  # 25 years
N_BY_SEX = 12  # indicators that also come broken down by sex
MISSING_SHARE = 0.004  # cells published as ".." (not available)


def municipalities(seed: int = SEED) -> list[str]:
    """Asker and 355 synthetic municipalities with stable four-digit codes (never Asker's 3203/3025/0220)."""
    rng = np.random.default_rng(seed)
    pool = np.array([c for c in range(101, 5700) if c not in (3203, 3025, 220, 627, 628)])
    codes = np.sort(rng.choice(pool, N_MUNICIPALITIES - 1, replace=False))
    return ["Asker"] + [f"Kommune {c:04d}" for c in codes]


def synthetic_indicators(catalog: Catalog, n: int) -> list[Indicator]:
    """`n` generated indicators spread over the 22 objectives; each has a plausible target."""
    objectives = [o.id for o in catalog.objectives]
    out = []
    for k in range(n):
        up = k % 3 != 0
        unit = ("percent", "per_1000", "count", "points")[k % 4]
        target = (
            Target("absolute", value=80.0 if up else 5.0)
            if k % 5
            else Target("relative", change=0.2 if up else -0.3, base_year=2015)
        )
        out.append(
            Indicator(
                id=f"syn-{k + 1:03d}",
                objective=objectives[k % len(objectives)],
                name=Text(f"Syntetisk indikator {k + 1}", f"Synthetic indicator {k + 1}"),
                unit=unit,
                direction="up" if up else "down",
                baseline_year=2015,
                target=target,
                source=Source("Benchmark", f"syn{k + 1:03d}"),
                sector=Text("Benchmark", "Benchmark"),
                frequency="annual",
                definition=Text("Generert for ytelsestester.", "Generated for benchmarks."),
                origin="catalog",
            )
        )
    return out


def bench_catalog(n_indicators: int = N_INDICATORS) -> Catalog:
    """The real catalog plus generated indicators, so the loader accepts every id in the national file."""
    real = load_catalog()
    extra = synthetic_indicators(real, max(0, n_indicators - len(real.indicators)))
    return Catalog(real.goals, [*real.indicators, *extra])


def _period_labels(ind: Indicator) -> list[str]:
    if ind.frequency == "school_year":
        return [f"{y}-{(y + 1) % 100:02d}" for y in YEARS]
    return [str(y) for y in YEARS]


def generate(out_dir: Path = OUT, seed: int = SEED) -> Path:
    """Write national.csv (and return its path). Same seed, same bytes."""
    out_dir.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    catalog = bench_catalog()
    areas = np.array(municipalities(seed), dtype=object)
    n_areas, n_years = len(areas), len(YEARS)
    frames = []
    by_sex = {i.id for i in catalog.indicators[:: max(1, len(catalog.indicators) // N_BY_SEX)][:N_BY_SEX]}
    for ind in catalog.indicators:
        level = {"percent": 50.0, "per_1000": 20.0, "count": 2000.0, "points": 40.0}.get(ind.unit, 100.0)
        base = level * rng.uniform(0.6, 1.4, n_areas)[:, None]
        trend = rng.normal(0, 0.01, n_areas)[:, None] * np.arange(n_years)[None, :]
        values = base * (1 + trend + rng.normal(0, 0.02, (n_areas, n_years)))
        periods = np.array(_period_labels(ind), dtype=object)
        groups = [("", 1.0)] + ([("kjønn=kvinner", 1.03), ("kjønn=menn", 0.97)] if ind.id in by_sex else [])
        for breakdown, factor in groups:
            v = np.round(values * factor, 1).ravel()
            if ind.unit == "percent":  # after the breakdown's factor: a share above 100 % is refused by the loader
                v = np.clip(v, 0, 100)
            text = v.astype(str).astype(object)
            text[rng.random(v.size) < MISSING_SHARE] = ".."
            flag = np.full(v.size, "", dtype=object)
            flag[np.tile(np.arange(n_years) == n_years - 1, n_areas)] = "provisional"
            frames.append(
                pd.DataFrame(
                    {
                        "indicator_id": ind.id,
                        "year": np.tile(periods, n_areas),
                        "value": text,
                        "area": np.repeat(areas, n_years),
                        "breakdown": breakdown,
                        "flag": flag,
                        "note": "",
                    }
                )
            )
    data = pd.concat(frames, ignore_index=True)
    # Municipality by municipality (as a national export is sorted), so the first rows already show every
    # indicator's period format and missing symbol: DuckDB's bare read_csv sniffs the types from them.
    order = pd.Categorical(data["area"], categories=areas, ordered=True).codes
    data = data.iloc[np.argsort(order, kind="stable")]
    path = out_dir / "national.csv"
    data.to_csv(path, index=False)
    return path


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    t0 = time.perf_counter()
    path = generate(args.out, args.seed)
    rows = sum(1 for _ in path.open(encoding="utf-8")) - 1
    print(f"wrote {path} ({rows:,} rows, {path.stat().st_size / 1e6:.1f} MB) in {time.perf_counter() - t0:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
