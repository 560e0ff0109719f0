"""What a PDF's first pages print besides title, authors and abstract: its DOI, its arXiv id (from
the margin stamp), its year and its venue. Only what is printed counts: a DOI in the metadata
alone, or an arXiv *submission preview* stamp ('arXiv:submit/…'), is no identifier."""

from __future__ import annotations

import re
from dataclasses import dataclass

from desktop.core.library.records import iso_date

_DOI = re.compile(
    r"(?:\bdoi\s*[:.]?\s*(?:https?://(?:dx\.)?doi\.org/)?|https?://(?:dx\.)?doi\.org/|digital object identifier:?\s*)"
    r"(10\.\d{4,9}/[^\s\"<>]+)",
    re.IGNORECASE,
)
_ARXIV_STAMP = re.compile(
    r"arXiv:\s*(\d{4}\.\d{4,5}|(?!submit/)[a-z-]+(?:\.[A-Z]{2})?/\d{7})(v\d+)?\s*\[([\w.-]+)\]\s*(.*)"
)
_ARXIV_LABEL = re.compile(r"^(?:preprint[.,]?\s*)?arXiv:\s*(\d{4}\.\d{4,5})(v\d+)?\b")
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?"
_DAY_MONTH_YEAR = re.compile(rf"\b(\d{{1,2}})\s+({_MONTH})\s+(\d{{4}})\b")
_MONTH_DAY_YEAR = re.compile(rf"\b({_MONTH})\s+(\d{{1,2}}),?\s+(\d{{4}})\b")
_YEAR = r"((?:19|20)\d{2})"
_COPYRIGHT_YEAR = re.compile(rf"(?:©|\(c\)|copyright|版权)\s*(?:©\s*)?{_YEAR}|{_YEAR}\s+copyright", re.IGNORECASE)
_DATED = re.compile(
    r"^(?:draft version|received|accepted|published(?: online)?|available online|this version|preprint)\b", re.I
)
_ACM_VENUE = re.compile(r"^([A-Z][A-Za-z&-]{1,15}\s*['’]\d{2})(?:,|\s|$)")
_PROCEEDINGS = re.compile(r"(Proceedings of (?:the )?[^,;()]{8,140}?)(?:,|\(|\.\s|\s+pages\b|$)")
_JOURNAL_HEADER = re.compile(r"^(IEEE (?:TRANSACTIONS|JOURNAL|SIGNAL|ACCESS)[A-Z ,]*?)(?:,\s*VOL|\s*$)")
_JOURNAL_CITATION = re.compile(rf"^([A-Z][A-Za-z&:. -]{{3,80}}?)\s+\d+\s*\({_YEAR}\)\s*\d")
_PLOS = re.compile(r"^(PLOS [A-Z][A-Za-z ]+?)\s*\|")
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


@dataclass
class Printed:
    doi: str = ""
    arxiv_id: str = ""
    date_written: str = ""
    date_iso: str = ""
    venue: str = ""


def printed_identifiers(lines: list[str], stamps: list[str]) -> Printed:
    """lines: the text lines of the paper's first page (after any cover page) in page order."""
    found = Printed()
    for stamp in [*stamps, *lines]:
        match = _ARXIV_STAMP.search(stamp)
        if match:
            found.arxiv_id = match.group(1)
            found.venue = found.venue or "arXiv"
            _set_date(found, match.group(4))
            break
    if not found.arxiv_id:
        for line in lines:
            labelled = _ARXIV_LABEL.match(line)
            if labelled:
                found.arxiv_id = labelled.group(1)
                break
    for line in lines:
        match = _DOI.search(line)
        if match:
            found.doi = match.group(1).rstrip(".,;)]}")
            break
    venue = _venue(lines)
    if venue:
        found.venue = venue
    if not found.date_iso:
        for line in lines:
            if _DATED.match(line) or _ACM_VENUE.match(line):
                _set_date(found, line)
            if found.date_iso:
                break
    if not found.date_iso:
        for line in lines:
            year = _COPYRIGHT_YEAR.search(line)
            if year:
                found.date_written = year.group(1) or year.group(2)
                found.date_iso = f"{found.date_written}-01-01"
                break
    return found


def _set_date(found: Printed, text: str) -> None:
    """A written date ('12 Dec 2025', 'May 18, 2022', 'June 19-24, 2017') in text."""
    day_first = _DAY_MONTH_YEAR.search(text)
    month_first = _MONTH_DAY_YEAR.search(text)
    if day_first:
        day, month, year = day_first.group(1), day_first.group(2), day_first.group(3)
        found.date_written = day_first.group(0)
    elif month_first:
        month, day, year = month_first.group(1), month_first.group(2), month_first.group(3)
        found.date_written = month_first.group(0)
    else:
        span = re.search(rf"\b({_MONTH})\s+(\d{{1,2}})\s*[-–]\s*\d{{1,2}},?\s+{_YEAR}", text)
        if not span:
            return
        month, day, year = span.group(1), span.group(2), span.group(3)
        found.date_written = f"{month} {day}, {year}"
    number = _MONTHS.index(month[:3].lower()) + 1
    found.date_iso = iso_date(f"{year}-{number:02d}-{int(day):02d}")


def _venue(lines: list[str]) -> str:
    for line in lines:
        for pattern in (_ACM_VENUE, _JOURNAL_HEADER, _PLOS, _JOURNAL_CITATION):
            match = pattern.match(line)
            if match:
                return " ".join(match.group(1).split()).rstrip(" ,")
        proceedings = _PROCEEDINGS.search(line)
        if proceedings:
            return " ".join(proceedings.group(1).split())
    return ""
