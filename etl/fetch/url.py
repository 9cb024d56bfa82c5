"""A stable download address (a file an agency publishes at a fixed URL): fetched as it is and read by the
ordinary readers, exactly like the same file uploaded by hand."""

from __future__ import annotations

from pathlib import PurePosixPath
from urllib.parse import urlparse

from etl.fetch.base import Area, Plan, Source
from etl.fetch.http import Client, Request
from indicators.catalog import FetchSpec, Indicator


class UrlSource(Source):
    agency = "url"

    def plan(self, client: Client, indicator: Indicator, spec: FetchSpec, areas: list[Area]) -> Plan:
        name = PurePosixPath(urlparse(spec.url).path).name or f"{indicator.id}.csv"
        return Plan([Request("url", spec.url, name)])
