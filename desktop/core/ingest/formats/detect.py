"""Pick a dump's format from its content, never from its file name."""

from __future__ import annotations

import json
import re

from desktop.core.ingest.formats.blocks import looks_like_blocks
from desktop.core.ingest.formats.listings import (
    is_translation_note,
    looks_like_abstract,
    looks_like_title,
    parse_meta_block,
)
from desktop.core.ingest.formats.tabular import looks_like_header, map_by_content, read_rows, sniff_delimiter

DAILY_PAPERS = "daily-papers"
TRENDING = "trending-list"
TRANSLATED = "translated-list"
ONE_PER_LINE = "one-abstract-per-line"
JSON = "json"
JSONL = "jsonl"
CSV = "csv"
TSV = "tsv"
BIBTEX = "bibtex"
RIS = "ris"
MEDLINE = "pubmed-medline"
BLOCKS = "labelled-blocks"
FORMAT_NAMES = {
    DAILY_PAPERS: "Hugging Face Daily Papers page",
    TRENDING: "trending list",
    TRANSLATED: "machine-translated listing",
    ONE_PER_LINE: "one abstract per line",
    JSON: "JSON",
    JSONL: "JSON Lines",
    CSV: "CSV",
    TSV: "TSV",
    BIBTEX: "BibTeX",
    RIS: "RIS (Zotero, EndNote, Mendeley, Scopus, Web of Science)",
    MEDLINE: "PubMed MEDLINE",
    BLOCKS: "labelled text blocks",
}

_BIBTEX_ENTRY = re.compile(r"^\s*@\w+\s*[{(]", re.MULTILINE)
_RIS = re.compile(r"^\ufeff?TY  - ", re.MULTILINE)
_MEDLINE = re.compile(r"^PMID- ?\d+", re.MULTILINE)
CONSISTENT_SHARE = 0.8


def detect_format(head: str, complete: bool = True) -> str | None:
    """The format name for a dump's first chunk of text (the whole file when complete), or None."""
    text = head.lstrip("\ufeff \t\r\n")
    lines = text.splitlines()
    if not complete and len(lines) > 1:
        lines = lines[:-1]
    first = lines[0].strip() if lines else ""
    if text.startswith("{"):
        try:
            json.loads(first)
        except json.JSONDecodeError:
            return JSON
        return JSONL if sum(1 for line in lines if line.strip()) > 1 else JSON  # one line: a JSON document
    if text.startswith("["):
        return JSON
    if _RIS.search(text[:5000]):
        return RIS
    if _MEDLINE.search(text[:5000]):
        return MEDLINE
    if _BIBTEX_ENTRY.search(text[:20_000]):
        return BIBTEX
    if looks_like_blocks(lines[:80]):
        return BLOCKS
    tabular = _tabular(text, lines)
    if tabular:
        return tabular
    non_empty = [line for line in lines if line.strip()]
    if not any(looks_like_abstract(line) for line in non_empty):
        return None
    if sum(1 for line in non_empty if is_translation_note(line)) >= max(1, len(non_empty) // 4):
        return TRANSLATED
    blank_share = (len(lines) - len(non_empty)) / max(1, len(lines))
    has_meta = any(parse_meta_block([line]) for line in non_empty if line.strip().startswith("•"))
    if has_meta or blank_share > 0.3:
        return DAILY_PAPERS
    short = sum(1 for line in non_empty if looks_like_title(line))
    if short / len(non_empty) >= 0.25:
        return TRENDING
    return ONE_PER_LINE


def _tabular(text: str, lines: list[str]) -> str | None:
    """CSV or TSV: a header naming fields, or (without one) a consistent number of columns of
    which one is clearly prose (the abstract)."""
    delimiter = sniff_delimiter(text)
    kind = TSV if delimiter == "\t" else CSV
    rows = [row for row in read_rows(lines[:40], delimiter) if any(cell.strip() for cell in row)][:20]
    if not rows or len(rows[0]) < 2:
        return None
    if looks_like_header(rows[0]):
        return kind
    later_cells = [cell for row in rows for cell in row[1:] if cell]
    if delimiter != "\t" and sum(cell.startswith(" ") for cell in later_cells) > len(later_cells) // 2:
        return None  # prose cut at its commas ("…settings, and we…"), not columns
    widths = [len(row) for row in rows]
    consistent = sum(width == widths[0] for width in widths) / len(widths) >= CONSISTENT_SHARE
    enough = widths[0] >= (2 if delimiter == "\t" else 3)
    if consistent and enough and len(rows) >= 2 and "abstract" in map_by_content(rows):
        return kind
    return None
