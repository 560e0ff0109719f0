"""Plain-text listings: Daily Papers pages, trending lists, translated lists, one abstract a line."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from desktop.core.library.records import Paper, detect_language, is_written_date

TITLE_MAX_CHARS = 300
CJK_TITLE_MAX_CHARS = 80
ABSTRACT_MIN_CHARS = 200
CJK_ABSTRACT_MIN_CHARS = 80


def looks_like_title(text: str) -> bool:
    """Short enough to be a title (CJK text packs more per character)."""
    limit = CJK_TITLE_MAX_CHARS if detect_language(text) == "zh" else TITLE_MAX_CHARS
    return len(text.strip()) <= limit


def looks_like_abstract(text: str) -> bool:
    limit = CJK_ABSTRACT_MIN_CHARS if detect_language(text) == "zh" else ABSTRACT_MIN_CHARS
    return len(text.strip()) >= limit


_PAGE_HEADERS = {
    "new",
    "subscribe",
    "daily papers",
    "get trending papers in your email inbox!",
    "get trending papers in your email inbox once a day!",
    "trending papers",
}
_GLUED_HEADER = re.compile(r"^(Subscribe)(?=[A-Z0-9])")
_AUTHORS = re.compile(r"^•\s*(\d+)\s+authors?$")
_DATE_WITH_UPVOTES = re.compile(r"^(.*?)(?:\s+(\d+))?$")
_TRANSLATED_BY = re.compile(r"^translated by\b", re.IGNORECASE)


def is_page_header(text: str) -> bool:
    """Lines that listing pages print around the papers, not part of any paper."""
    lowered = text.strip().casefold()
    return lowered in _PAGE_HEADERS or lowered.startswith("byak ") or is_written_date(text)


def is_translation_note(text: str) -> bool:
    return bool(_TRANSLATED_BY.match(text.strip()))


@dataclass
class Meta:
    authors: list[str] = field(default_factory=list)
    author_count: int | None = None
    date_written: str = ""
    upvotes: int | None = None


def parse_meta_block(lines: list[str]) -> Meta | None:
    """`• N authors` or an organisation, then `·`, then a date with optional upvotes."""
    stripped = [line.strip() for line in lines if line.strip()]
    if not stripped or not (_AUTHORS.match(stripped[0]) or "·" in stripped):
        return None
    meta = Meta()
    for line in stripped:
        authors = _AUTHORS.match(line)
        if authors:
            meta.author_count = int(authors.group(1))
            continue
        if line == "·":
            continue
        match = _DATE_WITH_UPVOTES.match(line)
        if is_written_date(line):
            meta.date_written = line
        elif match and match.group(2) and is_written_date(match.group(1)):
            meta.date_written = match.group(1)
            meta.upvotes = int(match.group(2))
        elif not meta.authors and not meta.author_count and not meta.date_written:
            meta.authors = [_dedupe_repeated_name(line)]
    return meta


def _dedupe_repeated_name(text: str) -> str:
    """Pages print organisations twice ('Lossfunk Lossfunk'); keep one."""
    words = text.split()
    half = len(words) // 2
    if len(words) % 2 == 0 and half and words[:half] == words[half:]:
        return " ".join(words[:half])
    return text


class TitleAbstractAssembler:
    """Pairs title units with abstract units, attaching meta blocks to the last paper."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.pending_title = ""
        self.last: Paper | None = None

    def feed(self, unit: list[str]) -> Iterator[Paper]:
        text = " ".join(line.strip() for line in unit).strip()
        if not text or is_translation_note(text):
            return
        meta = parse_meta_block(unit)
        if meta is not None:
            if self.last is not None:
                self.last.authors = meta.authors
                self.last.author_count = meta.author_count if meta.author_count else len(meta.authors) or None
                self.last.date_written = meta.date_written
                self.last.upvotes = meta.upvotes
                self.last.__post_init__()
            return
        if not self.pending_title and is_page_header(text):
            return
        text = _GLUED_HEADER.sub("", text)
        if self.pending_title or not looks_like_title(text):
            yield from self._flush()
            self.last = Paper(abstract=text, title=self.pending_title, sources=[self.source])
            self.pending_title = ""
        else:
            self.pending_title = text

    def _flush(self) -> Iterator[Paper]:
        if self.last is not None:
            yield self.last
            self.last = None

    def finish(self) -> Iterator[Paper]:
        yield from self._flush()


def blank_line_blocks(lines: Iterable[str]) -> Iterator[list[str]]:
    """Groups lines into blocks separated by blank lines."""
    block: list[str] = []
    for line in lines:
        if line.strip():
            block.append(line)
        elif block:
            yield block
            block = []
    if block:
        yield block


def parse_blocks(lines: Iterable[str], source: str) -> Iterator[Paper]:
    """Daily Papers pages: title block, abstract block, meta block."""
    assembler = TitleAbstractAssembler(source)
    for block in blank_line_blocks(lines):
        yield from assembler.feed(block)
    yield from assembler.finish()


def parse_line_pairs(lines: Iterable[str], source: str) -> Iterator[Paper]:
    """Trending and translated listings: a title line then an abstract line (titles optional)."""
    assembler = TitleAbstractAssembler(source)
    for line in lines:
        if line.strip():
            yield from assembler.feed([line])
    yield from assembler.finish()


def parse_one_per_line(lines: Iterable[str], source: str) -> Iterator[Paper]:
    """One abstract per line and no titles."""
    for line in lines:
        if line.strip() and not is_translation_note(line):
            yield Paper(abstract=line, sources=[source])
