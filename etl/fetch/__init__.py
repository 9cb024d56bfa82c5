"""Fetching indicator data from the agencies' open APIs (SSB, FHI, Udir) and stable download addresses: one small
module per agency over a shared base, answers read, checked and committed exactly like uploads (README "Fetching")."""

from etl.fetch.http import Client, FetchError, Request
from etl.fetch.run import ConnectionStore, IndicatorResult, PathStore, fetch, fetchable
from etl.fetch.settings import Settings

__all__ = [
    "Client",
    "ConnectionStore",
    "FetchError",
    "IndicatorResult",
    "PathStore",
    "Request",
    "Settings",
    "fetch",
    "fetchable",
]
