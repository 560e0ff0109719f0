"""Reference-manager and database exports: RIS (Zotero, EndNote, Mendeley, Scopus, Web of Science)
and PubMed MEDLINE / .nbib. Both are read one record at a time."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from desktop.core.ingest.formats.attachments import ris_links
from desktop.core.ingest.formats.fields import Fields

RIS_TAG = re.compile(r"^([A-Z][A-Z0-9])  -( (.*))?$")
MEDLINE_TAG = re.compile(r"^([A-Z]{2,4})\s*- (.*)$")
_DIGITS = re.compile(r"^\d{1,9}$")
RIS_LIST_TAGS = ["A1", "A2", "A3", "A4", "AU", "KW", "N1", "UR", "L1", "L2"]  # rispy's, and the file links


def ris_records(lines: Iterable[str], warnings: list[str]) -> Iterator[Fields]:
    """Each TY … ER record, parsed by rispy; a record rispy refuses is named in the warnings."""
    chunk: list[str] = []
    number = 0
    for line in lines:
        line = line.lstrip("\ufeff")
        if not line.strip() and not chunk:
            continue
        chunk.append(line)
        if line.startswith("ER  -"):
            number += 1
            yield from _ris_record(chunk, number, warnings)
            chunk = []
    if any(line.startswith("TY  -") for line in chunk):
        yield from _ris_record([*chunk, "ER  - "], number + 1, warnings)


def _ris_record(chunk: list[str], number: int, warnings: list[str]) -> Iterator[Fields]:
    import rispy

    try:
        entries = rispy.loads("\n".join(_join_continuations(chunk)) + "\n", list_tags=RIS_LIST_TAGS)
    except Exception as error:  # rispy raises plain exceptions on malformed records
        warnings.append(f"RIS record {number} could not be read ({error}); skipped")
        return
    for entry in entries:
        yield _ris_fields(entry)


def _join_continuations(chunk: list[str]) -> list[str]:
    """Lines without a tag continue the field before them (long abstracts are wrapped)."""
    joined: list[str] = []
    for line in chunk:
        if RIS_TAG.match(line) or not joined:
            joined.append(line)
        elif line.strip():
            joined[-1] += " " + line.strip()
    return joined


def _ris_fields(entry: dict[str, Any]) -> Fields:
    urls = entry.get("urls") or []
    accession = str(entry.get("accession_number") or "")
    database = str(entry.get("name_of_database") or "").casefold()
    return {
        "title": entry.get("title") or entry.get("primary_title") or entry.get("translated_title") or "",
        "abstract": entry.get("abstract") or entry.get("notes_abstract") or "",
        "authors": entry.get("authors") or entry.get("first_authors") or [],
        "year": entry.get("year") or entry.get("publication_year") or "",
        "date": entry.get("date") or "",
        "doi": entry.get("doi") or "",
        "url": urls[0] if urls else "",
        "venue": entry.get("journal_name")
        or entry.get("secondary_title")
        or entry.get("alternate_title3")
        or entry.get("alternate_title1")
        or "",
        "keywords": entry.get("keywords") or [],
        "pmid": accession if _DIGITS.match(accession) and ("pubmed" in database or "medline" in database) else "",
        "pdf_links": ris_links(entry.get("file_attachments1")) + ris_links(entry.get("file_attachments2")),
    }


def medline_records(lines: Iterable[str]) -> Iterator[Fields]:
    """PubMed's MEDLINE format: four-letter tags, values continued on indented lines, records
    separated by blank lines."""
    tags: list[tuple[str, str]] = []
    for line in lines:
        if not line.strip():
            if tags:
                yield _medline_fields(tags)
                tags = []
            continue
        match = MEDLINE_TAG.match(line)
        if match and not line.startswith(" "):
            tags.append((match.group(1), match.group(2).strip()))
        elif tags:
            tags[-1] = (tags[-1][0], tags[-1][1] + " " + line.strip())
    if tags:
        yield _medline_fields(tags)


def _medline_fields(tags: list[tuple[str, str]]) -> Fields:
    values: dict[str, list[str]] = {}
    for tag, value in tags:
        values.setdefault(tag, []).append(value)

    def first(*names: str) -> str:
        return next((values[name][0] for name in names if values.get(name)), "")

    doi = next(
        (v.removesuffix(" [doi]") for v in values.get("LID", []) + values.get("AID", []) if v.endswith("[doi]")), ""
    )
    return {
        "title": first("TI", "BTI"),
        "abstract": " ".join(values.get("AB", [])),
        "authors": values.get("FAU") or values.get("AU") or [],
        "date": first("DP"),
        "year": first("DP")[:4],
        "venue": first("JT", "TA"),
        "pmid": first("PMID"),
        "doi": doi,
        "keywords": values.get("OT", []),
    }
