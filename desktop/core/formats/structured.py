"""Structured dumps: JSON, JSON Lines (arXiv metadata fields), CSV/TSV and BibTeX."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from typing import Any

from desktop.core.errors import DumpError
from desktop.core.records import Paper

MAX_JSON_ARRAY_BYTES = 512 * 1024 * 1024
_TITLE_KEYS = ("title", "paper_title", "name")
_ABSTRACT_KEYS = ("abstract", "summary", "abstract_text", "description")
_DATE_KEYS = ("update_date", "date", "published", "year")


def _first(row: dict[str, Any], keys: tuple[str, ...]) -> str:
    lowered = {str(key).strip().casefold(): value for key, value in row.items()}
    for key in keys:
        value = lowered.get(key)
        if value not in (None, ""):
            return str(value)
    return ""


def _authors(value: Any) -> str:
    if isinstance(value, list):
        return f"{len(value)} authors"
    text = str(value or "").strip()
    if not text:
        return ""
    count = len([part for part in text.replace(" and ", ",").split(",") if part.strip()])
    return f"{count} author" + ("s" if count != 1 else "")


def paper_from_mapping(row: dict[str, Any], source: str) -> Paper | None:
    abstract = _first(row, _ABSTRACT_KEYS)
    if not abstract.strip():
        return None
    date = _first(row, _DATE_KEYS)
    return Paper(
        abstract=abstract,
        title=_first(row, _TITLE_KEYS),
        authors=_authors(row.get("authors") or row.get("author")),
        date_written=date,
        date_iso=date[:10]
        if len(date) >= 10 and date[4] == "-"
        else (f"{date}-01-01" if date.isdigit() and len(date) == 4 else ""),
        external_id=str(row.get("id") or row.get("arxiv_id") or row.get("doi") or ""),
        categories=str(row.get("categories") or ""),
        sources=[source],
    )


def parse_jsonl(lines: Iterable[str], source: str, warnings: list[str]) -> Iterator[Paper]:
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as error:
            warnings.append(f"line {number}: not valid JSON ({error.msg})")
            continue
        if isinstance(row, dict):
            paper = paper_from_mapping(row, source)
            if paper:
                yield paper


def parse_json(path: str, encoding: str, source: str) -> Iterator[Paper]:
    import os

    if os.path.getsize(path) > MAX_JSON_ARRAY_BYTES:
        raise DumpError(path, "a JSON array this large cannot be streamed; save it as JSON Lines instead")
    try:
        with open(path, encoding=encoding, errors="replace") as handle:
            data = json.load(handle)
    except json.JSONDecodeError as error:
        raise DumpError(path, f"not valid JSON (line {error.lineno}: {error.msg})") from error
    if isinstance(data, dict):
        data = data.get("papers") or data.get("records") or data.get("items") or [data]
    if not isinstance(data, list):
        raise DumpError(path, "JSON that holds no list of papers")
    for row in data:
        if isinstance(row, dict):
            paper = paper_from_mapping(row, source)
            if paper:
                yield paper


def parse_delimited(lines: Iterable[str], source: str, delimiter: str) -> Iterator[Paper]:
    csv.field_size_limit(10_000_000)
    reader = csv.DictReader(lines, delimiter=delimiter)
    for row in reader:
        paper = paper_from_mapping({k: v for k, v in row.items() if k is not None}, source)
        if paper:
            yield paper


def bibtex_entries(lines: Iterable[str]) -> Iterator[str]:
    """Splits a BibTeX stream at each line that opens an entry, so files stream."""
    entry: list[str] = []
    for line in lines:
        if line.lstrip().startswith("@") and entry:
            yield "\n".join(entry)
            entry = []
        entry.append(line)
    if entry:
        yield "\n".join(entry)


def parse_bibtex(lines: Iterable[str], source: str, warnings: list[str]) -> Iterator[Paper]:
    import bibtexparser

    for chunk in bibtex_entries(lines):
        library = bibtexparser.parse_string(chunk)
        for block in library.failed_blocks:
            warnings.append(f"a BibTeX entry could not be parsed: {str(block.raw)[:60]!r}")
        for entry in library.entries:
            fields = {field.key.casefold(): field.value for field in entry.fields}
            if "abstract" not in fields:
                continue
            fields.setdefault("id", entry.key)
            paper = paper_from_mapping(fields, source)
            if paper:
                yield paper
