"""Read any supported dump into a stream of Paper records."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field

from desktop.core.errors import DumpError
from desktop.core.formats import detect, listings, structured
from desktop.core.formats.decode import DecodedDump, open_dump
from desktop.core.records import MAX_RECORD_CHARS, Paper

__all__ = ["DumpError", "DumpReader", "read_dump"]


@dataclass
class DumpReader:
    """One dump: its format, its encoding, its warnings (filled while reading) and its records."""

    path: str
    format: str
    decoded: DecodedDump
    warnings: list[str] = field(default_factory=list)

    @property
    def source(self) -> str:
        return os.path.basename(self.path)

    @property
    def encoding(self) -> str:
        return self.decoded.encoding

    def records(self) -> Iterator[Paper]:
        """Papers in file order; over-long records are skipped with a warning."""
        for number, paper in enumerate(self._parse(), 1):
            if len(paper.abstract) + len(paper.title) > MAX_RECORD_CHARS:
                self.warnings.append(f"record {number} is longer than {MAX_RECORD_CHARS:,} characters; skipped")
                continue
            yield paper
        self.warnings.extend(self.decoded.warnings)
        self.decoded.warnings.clear()

    def _parse(self) -> Iterator[Paper]:
        lines = self.decoded.lines()
        source = self.source
        kind = self.format
        if kind == detect.DAILY_PAPERS:
            return listings.parse_blocks(lines, source)
        if kind == detect.TRENDING:
            return listings.parse_line_pairs(lines, source)
        if kind in (detect.ONE_PER_LINE, detect.TRANSLATED):
            return listings.parse_one_per_line(lines, source)
        if kind == detect.JSONL:
            return structured.parse_jsonl(lines, source, self.warnings)
        if kind == detect.JSON:
            return structured.parse_json(self.path, self.decoded.encoding, source)
        if kind in (detect.CSV, detect.TSV):
            return structured.parse_delimited(lines, source, "\t" if kind == detect.TSV else ",")
        return structured.parse_bibtex(lines, source, self.warnings)


def read_dump(path: str | os.PathLike[str]) -> DumpReader:
    """Open and sniff a dump; raises DumpError with the reason when it is not one."""
    decoded = open_dump(path)
    kind = detect.detect_format(decoded.head, decoded.head_complete)
    if kind is None:
        raise DumpError(decoded.path, "not a recognised paper dump (no abstracts found)")
    reader = DumpReader(decoded.path, kind, decoded)
    reader.warnings.extend(decoded.warnings)
    decoded.warnings.clear()
    return reader
