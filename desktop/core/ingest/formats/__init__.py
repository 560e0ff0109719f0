"""Read any supported dump into a stream of Paper records."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from desktop.core.base.errors import DumpError
from desktop.core.ingest.formats import detect, jsondocs, listings, not_listings
from desktop.core.ingest.formats.attachments import local_pdf
from desktop.core.ingest.formats.bibtex import bibtex_records
from desktop.core.ingest.formats.blocks import block_records
from desktop.core.ingest.formats.decode import DecodedDump, open_dump
from desktop.core.ingest.formats.fields import Fields, PaperBuilder
from desktop.core.ingest.formats.references import medline_records, ris_records
from desktop.core.ingest.formats.tabular import Mapping, parse_table, sniff_delimiter
from desktop.core.ingest.pdf.dump import PdfDump, is_pdf, read_pdf
from desktop.core.ingest.zotero import ZoteroDump, is_zotero_database, read_zotero
from desktop.core.library.records import MAX_RECORD_CHARS, Paper

__all__ = ["DumpError", "DumpReader", "PdfDump", "read_dump"]
PLAIN_LISTINGS = frozenset({detect.DAILY_PAPERS, detect.TRENDING, detect.TRANSLATED, detect.ONE_PER_LINE})


@dataclass
class DumpReader:
    """One dump: its format, its encoding, and, filled while reading, its warnings, the records
    skipped (by reason) and how its columns were mapped."""

    path: str
    format: str
    decoded: DecodedDump
    warnings: list[str] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)
    mapping: str = ""
    source_name: str = ""  # the dump's name in the library (default: the file name)
    _markdown: not_listings.MarkdownLines | None = None

    @property
    def source(self) -> str:
        return self.source_name or os.path.basename(self.path)

    @property
    def bytes_read(self) -> int:
        return self.decoded.bytes_read

    @property
    def format_name(self) -> str:
        return detect.FORMAT_NAMES.get(self.format, self.format)

    @property
    def encoding(self) -> str:
        return self.decoded.encoding

    def records(self) -> Iterator[Paper]:
        """Papers in file order; over-long records are skipped with a warning."""
        taken = 0
        for number, paper in enumerate(self._parse(), 1):
            if len(paper.abstract) + len(paper.title) > MAX_RECORD_CHARS:
                self.warnings.append(f"record {number} is longer than {MAX_RECORD_CHARS:,} characters; skipped")
                continue
            taken += 1
            yield paper
        if self._markdown is not None and self._markdown.left_out:
            self.warnings.append(self._markdown.warning(taken))
        self.warnings.extend(self.decoded.warnings)
        self.decoded.warnings.clear()

    def _parse(self) -> Iterator[Paper]:
        lines: Iterable[str] = self.decoded.lines()
        source, kind = self.source, self.format
        if kind in PLAIN_LISTINGS:  # Markdown around a listing (headings, tables) is no paper
            self._markdown = not_listings.MarkdownLines()
            lines = self._markdown.filter(lines)
        if kind == detect.DAILY_PAPERS:
            return listings.parse_blocks(lines, source)
        if kind == detect.TRENDING:
            return listings.parse_line_pairs(lines, source)
        if kind in (detect.ONE_PER_LINE, detect.TRANSLATED):
            return listings.parse_one_per_line(lines, source)
        return self._built(self._fields(lines))

    def _fields(self, lines: Iterable[str]) -> Iterator[Fields]:
        kind = self.format
        if kind == detect.JSONL:
            return jsondocs.jsonl_records(lines, self.warnings)
        if kind == detect.JSON:
            return jsondocs.json_records(self.path, self.decoded.encoding, self.decoded)
        if kind == detect.RIS:
            return ris_records(lines, self.warnings)
        if kind == detect.MEDLINE:
            return medline_records(lines)
        if kind == detect.BLOCKS:
            return block_records(lines)
        if kind in (detect.CSV, detect.TSV):
            return self._table(lines)
        return bibtex_records(lines, self.warnings)

    def _table(self, lines: Iterable[str]) -> Iterator[Fields]:
        mapping = Mapping()
        delimiter = "\t" if self.format == detect.TSV else sniff_delimiter(self.decoded.head)
        for number, fields in enumerate(parse_table(lines, delimiter, mapping)):
            if number == 0:
                self.mapping = mapping.describe()
            yield fields
        self.mapping = self.mapping or mapping.describe()

    def _built(self, records: Iterator[Fields]) -> Iterator[Paper]:
        builder = PaperBuilder(self.source)
        folder, unlinked = Path(self.path).parent, 0
        try:
            for fields in records:
                links = fields.get("pdf_links")
                if isinstance(links, list) and links:  # BibTeX `file`, RIS L1/L2: the PDF on this machine
                    fields["pdf_path"], missing = local_pdf(links, folder)
                    unlinked += bool(missing and not fields["pdf_path"])
                paper = builder.build(fields)
                if paper is not None:
                    yield paper
        finally:
            if unlinked:
                self.warnings.append(f"{unlinked} records link to a PDF that is not on this machine; kept without it")
            self.skipped.update(builder.skipped)
            if builder.read_as and not self.mapping:
                shapes = builder.read_as.most_common(3)
                self.mapping = "; ".join(shape if len(shapes) == 1 else f"{shape} ({n})" for shape, n in shapes)


def read_dump(path: str | os.PathLike[str], source: str = "") -> DumpReader | PdfDump | ZoteroDump:
    """Open and sniff a dump (a PDF is read at once: its one paper); raises DumpError with the
    reason when it is not one. source: the name its papers are listed under (default: the file's)."""
    if is_pdf(path):
        return read_pdf(path, source or None)
    if is_zotero_database(path):
        return read_zotero(path, source)
    decoded = open_dump(path)
    kind = detect.detect_format(decoded.head, decoded.head_complete)
    if kind is None or kind in PLAIN_LISTINGS:
        kind = _plain_listing(decoded, kind)
    reader = DumpReader(decoded.path, kind, decoded, source_name=source)
    reader.warnings.extend(decoded.warnings)
    decoded.warnings.clear()
    return reader


def _plain_listing(decoded: DecodedDump, kind: str | None) -> str:
    """A plain-text listing's format, read with its Markdown left out; NotAListing for a README,
    a licence or Markdown with no papers; DumpError for text that holds no abstracts."""
    reason = not_listings.notes_file_reason(os.path.basename(decoded.path)) or not_listings.content_reason(decoded.head)
    if reason:
        raise not_listings.NotAListing(decoded.path, f"not a paper listing: {reason}")
    markdown = not_listings.MarkdownLines()
    head = "\n".join(markdown.filter(decoded.head.splitlines()))
    if markdown.left_out:
        kind = detect.detect_format(head, decoded.head_complete)
    if kind is None:
        raise DumpError(decoded.path, "not a recognised paper dump (no abstracts found)")
    return kind
