"""How much one file may hold: bytes, rows, columns, cells and an .xlsx's unpacked size.

Each limit is checked before the work it bounds (the line count and the header before parsing, the zip's declared
sizes before unpacking), so a file over a limit is refused in about a second with a message naming the limit.
Columns, cells and the unpacked size can be raised with environment variables (named in the messages; the
dashboard's upload size is Streamlit's `server.maxUploadSize`)."""

from __future__ import annotations

import os
from dataclasses import dataclass

# limit -> (environment variable, default). Bytes and rows are set by the caller (upload page, command line).
SETTINGS = {
    "columns": ("ASKER2030_MAX_COLUMNS", 1_000),
    "cells": ("ASKER2030_MAX_CELLS", 20_000_000),
    "unpacked_mb": ("ASKER2030_MAX_XLSX_UNPACKED_MB", 200),
}


def setting(name: str) -> int:
    """The limit's value: its environment variable when set to a whole number above 0, else the default."""
    variable, default = SETTINGS[name]
    try:
        value = int(os.environ.get(variable, ""))
    except ValueError:
        return default
    return value if value > 0 else default


@dataclass(frozen=True)
class Limits:
    bytes: int = 50_000_000
    rows: int = 2_000_000
    columns: int = 0  # 0: from the setting
    cells: int = 0
    unpacked: int = 0  # bytes an .xlsx may unpack to

    def __post_init__(self):
        if not self.columns:
            object.__setattr__(self, "columns", setting("columns"))
        if not self.cells:
            object.__setattr__(self, "cells", setting("cells"))
        if not self.unpacked:
            object.__setattr__(self, "unpacked", setting("unpacked_mb") * 1_000_000)


def variable(name: str) -> str:
    return SETTINGS[name][0]
