"""Fetch settings: the agencies' API addresses and limits, from ASKER2030_* environment variables
(README "Fetching")."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field

# Name -> (default, what it is). The README lists every one of them (tests/etl/test_fetch_docs.py checks it).
SETTINGS = {
    "ASKER2030_SSB_API": ("https://data.ssb.no/api/pxwebapi/v2", "SSB PxWebApi v2 base address"),
    "ASKER2030_FHI_API": ("https://statistikk-data.fhi.no/api/open/v1", "FHI Statistikk open API base address"),
    "ASKER2030_UDIR_API": (
        "https://api.statistikkbanken.udir.no/api/rest/v2",
        "Udir statistikkbanken API base address",
    ),
    "ASKER2030_SSB_MAX_REQUESTS": ("30", "requests SSB allows per window (SSB's user guide: 30 a minute)"),
    "ASKER2030_SSB_WINDOW_S": ("60", "length of SSB's rate-limit window in seconds"),
    "ASKER2030_SSB_MAX_CELLS": ("800000", "cells SSB returns per request; larger selections are split"),
    "ASKER2030_SSB_MAX_URL": ("2000", "longest request address; SSB answers 404 past about 2 100 characters"),
    "ASKER2030_FETCH_MAX_REQUESTS": ("60", "requests per window for the other agencies (FHI, Udir, downloads)"),
    "ASKER2030_FETCH_TIMEOUT_S": ("60", "seconds to wait for an answer"),
    "ASKER2030_FETCH_RETRIES": ("4", "retries of a transient failure (429, 502, 503, 504, a cut connection)"),
    "ASKER2030_FETCH_BACKOFF_S": ("2", "first wait before a retry; doubled each time"),
    "ASKER2030_FETCH_MAX_WAIT_S": ("120", "longest single wait, also when Retry-After asks for more"),
}


def _env(name: str) -> str:
    return os.environ.get(name) or SETTINGS[name][0]


@dataclass
class Settings:
    """Everything the fetch reads from the environment, so tests can pass their own (a local server, small
    limits, a fake clock) without touching os.environ."""

    ssb_api: str = SETTINGS["ASKER2030_SSB_API"][0]
    fhi_api: str = SETTINGS["ASKER2030_FHI_API"][0]
    udir_api: str = SETTINGS["ASKER2030_UDIR_API"][0]
    ssb_max_requests: int = 30
    ssb_window_s: float = 60.0
    ssb_max_cells: int = 800_000
    ssb_max_url: int = 2000
    max_requests: int = 60
    timeout_s: float = 60.0
    retries: int = 4
    backoff_s: float = 2.0
    max_wait_s: float = 120.0
    clock: Callable[[], float] = field(default=time.monotonic, repr=False)
    sleep: Callable[[float], None] = field(default=time.sleep, repr=False)

    @classmethod
    def from_env(cls) -> Settings:
        return cls(
            ssb_api=_env("ASKER2030_SSB_API").rstrip("/"),
            fhi_api=_env("ASKER2030_FHI_API").rstrip("/"),
            udir_api=_env("ASKER2030_UDIR_API").rstrip("/"),
            ssb_max_requests=int(_env("ASKER2030_SSB_MAX_REQUESTS")),
            ssb_window_s=float(_env("ASKER2030_SSB_WINDOW_S")),
            ssb_max_cells=int(_env("ASKER2030_SSB_MAX_CELLS")),
            ssb_max_url=int(_env("ASKER2030_SSB_MAX_URL")),
            max_requests=int(_env("ASKER2030_FETCH_MAX_REQUESTS")),
            timeout_s=float(_env("ASKER2030_FETCH_TIMEOUT_S")),
            retries=int(_env("ASKER2030_FETCH_RETRIES")),
            backoff_s=float(_env("ASKER2030_FETCH_BACKOFF_S")),
            max_wait_s=float(_env("ASKER2030_FETCH_MAX_WAIT_S")),
        )
