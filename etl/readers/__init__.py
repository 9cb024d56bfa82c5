"""File readers, one small class per format over a shared base (see base.py); `READERS` is tried in order."""

from etl.readers.base import ColumnMapping, Raw, ReadContext, Reader, Table
from etl.readers.canonical import CanonicalReader
from etl.readers.fhi import FhiReader
from etl.readers.jsonstat import JsonStatReader
from etl.readers.miljodir import MiljodirReader
from etl.readers.ssb import SsbCsv2Reader, SsbSemicolonReader
from etl.readers.udir import UdirReader

# Highest detect() score wins; on a tie the earlier reader does (more specific formats first).
READERS: list[Reader] = [
    MiljodirReader(),
    UdirReader(),
    FhiReader(),
    SsbSemicolonReader(),
    SsbCsv2Reader(),
    CanonicalReader(),
]
JSONSTAT = JsonStatReader()
CANONICAL = READERS[-1]
FORMATS = [r.format for r in READERS] + [JSONSTAT.format]

__all__ = ["READERS", "JSONSTAT", "CANONICAL", "FORMATS", "ColumnMapping", "Raw", "ReadContext", "Reader", "Table"]
