"""The engine's assessments of what the store holds: indicators.status on the store's headline observations."""

from __future__ import annotations

from indicators.catalog import Catalog
from indicators.progress import Assessment
from indicators.status import assess_observations
from store import queries


def assess_all(con, catalog: Catalog) -> dict[str, Assessment]:
    """One Assessment per catalog indicator (indicators without data get `insufficient`)."""
    return assess_observations(queries.headline_observations(con), catalog)
