"""Pick a dump's format from its content, never from its file name."""

from __future__ import annotations

import json
import re

from desktop.core.formats.listings import (
    is_translation_note,
    looks_like_abstract,
    looks_like_title,
    parse_meta_block,
)

DAILY_PAPERS = "daily-papers"
TRENDING = "trending-list"
TRANSLATED = "translated-list"
ONE_PER_LINE = "one-abstract-per-line"
JSON = "json"
JSONL = "jsonl"
CSV = "csv"
TSV = "tsv"
BIBTEX = "bibtex"

_BIBTEX_ENTRY = re.compile(r"^\s*@\w+\s*[{(]", re.MULTILINE)


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
            return JSONL
        except json.JSONDecodeError:
            return JSON
    if text.startswith("["):
        return JSON
    if _BIBTEX_ENTRY.search(text[:20_000]):
        return BIBTEX
    header = first.casefold()
    if "abstract" in header or "summary" in header:
        if "\t" in first:
            return TSV
        if "," in first:
            return CSV
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
