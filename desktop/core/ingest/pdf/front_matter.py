"""A paper's front matter read from the layout of its first page: the title (the largest text
above the abstract, not a running header), the authors under it, the abstract block (after its
heading, up to the keywords, CCS concepts or the first section) and the keywords.

A cover page in front (ResearchGate, JSTOR, a repository's) is skipped. A paper with abstracts
in two languages (a Chinese one and an English one) keeps both, in printed order, as one paper."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from desktop.core.ingest.pdf.layout import MARK, WIDE, Line, Page
from desktop.core.ingest.pdf.names import looks_like_author_line, split_names
from desktop.core.text.cjk import CJK_TEXT_RANGES, has_cjk

MAX_ABSTRACT_CHARS = 8000
MIN_ABSTRACT_CHARS = 80
KEYWORDS_WITHIN_ROWS = 12  # how far after the abstract its keywords are looked for
MAX_TITLE_LINES = 4
_COVER = re.compile(
    r"see discussions, stats, and author profiles|researchgate\.net/publication|jstor is a not-for-profit|"
    r"your use of the jstor archive|this content downloaded from|all use subject to https?://about\.jstor\.org|"
    r"downloaded from https?://\S+ on|brought to you by core|view metadata, citation and similar papers",
    re.IGNORECASE,
)
_HEADING = re.compile(
    r"^\s*(?P<word>abstract|summary|摘\s*要|résumé|zusammenfassung)\s*(?P<rest>(?:[.:：—–-]\s*|\s+|$).*)$",
    re.IGNORECASE,
)
_STOP = re.compile(
    r"^\s*(?:key\s*words?|index terms|ccs concepts|acm reference format|general terms|categories and subject|"
    r"subjects?\b|jel\b|msc\b|pacs\b|mathematics subject classification|author summary|significance statement|"
    r"highlights|graphical abstract|关\s*键\s*词|中图分类号|文献标识码|(?:\d+|[IVX]+)\.?\s+introduction\b|"
    r"introduction\s*$|\d+\.?\s+[A-Z][a-z]+(?: [A-Za-z]+){0,4}\s*$|[IVX]+\.\s+[A-Z ]{4,}$|©|\(c\) \d{4}|"
    r"copyright\b|permission to make digital|this work is licensed|\*\s*corresponding|preprint\. under review)",
    re.IGNORECASE,
)
_KEYWORDS = re.compile(r"^\s*(?:key\s*words?|index terms|关\s*键\s*词)\s*[:：—–.-]?\s*", re.IGNORECASE)
_SPACED = re.compile(r"^(?:[A-Za-z] ){3,}[A-Za-z](?:\s{1,3}(?:[A-Za-z] ){1,}[A-Za-z])*$")
_HEADER_LINE = re.compile(
    r"^(?:draft version|typeset using|preprint|under review|accepted|published|received|vol\.|volume|"
    r"journal of|proceedings|arxiv|manuscript|research article|original article|article|letter|review)\b",
    re.IGNORECASE,
)
_BREAK_BETWEEN_CJK = re.compile(f"(?<=[{CJK_TEXT_RANGES}]) (?=[{CJK_TEXT_RANGES}])")


@dataclass
class FrontMatter:
    title: str = ""
    authors: list[str] = field(default_factory=list)
    abstract: str = ""
    keywords: list[str] = field(default_factory=list)
    page: Page | None = None  # the page the front matter was read from
    notes: list[str] = field(default_factory=list)  # how it was read, where it is unusual


PageAt = Callable[[int], "Page | None"]
MAX_COVER_PAGES = 2


def front_page(page_at: PageAt) -> tuple[Page, list[str]]:
    """The first page that is not a cover page, and a note when a cover was skipped."""
    first = page_at(1)
    assert first is not None  # a PDF has one page at least
    page = first
    while _COVER.search(page.text) and page.number <= MAX_COVER_PAGES:
        following = page_at(page.number + 1)
        if following is None or not following.lines:
            break
        page = following
    skipped = page.number - 1
    return page, [f"skipped {skipped} cover page{'s' if skipped > 1 else ''}"] if skipped else []


def read_front_matter(page_at: PageAt) -> FrontMatter:
    """page_at(n): page n laid out (asked for only when needed), None past the end."""
    page, notes = front_page(page_at)
    found = FrontMatter(page=page, notes=notes)
    headings = [line for line in page.lines if _heading(line)]
    block_page = page
    if not headings:  # the abstract may begin on the next page
        later = page_at(page.number + 1)
        if later is not None:
            headings = [line for line in later.lines if _heading(line)]
            block_page = later if headings else page
    blocks = [block for block in (_abstract_block(block_page, heading) for heading in headings) if block[0]]
    first_heading = headings[0] if headings and block_page is page else None
    english = _english_section(page, headings) if len(blocks) > 1 else None
    title_limit = english if english is not None else first_heading
    found.title, title_lines = _title(page, title_limit, english)
    found.authors = _authors(page, title_lines, english or first_heading)
    if not blocks:
        fallback = _first_paragraph(page, title_lines)
        if fallback:
            blocks = [(fallback, [])]
            found.notes.append("no 'Abstract' heading: the first paragraph under the authors was taken")
    found.abstract = "\n\n".join(text for text, _ in blocks)[:MAX_ABSTRACT_CHARS]
    found.keywords = list(dict.fromkeys(word for _, words in blocks for word in words))
    return found


def _heading(line: Line) -> bool:
    text = _unspaced(line.plain)
    match = _HEADING.match(text)
    if not match:
        return False
    rest = match.group("rest").strip(" .:：—–-")
    return not rest or (line.text[: len(match.group("word")) + 3] != "" and len(rest) > 20 and rest[:1].isupper())


def _unspaced(text: str) -> str:
    """'A B S T R A C T' → 'ABSTRACT' (letter-spaced headings)."""
    return text.replace(" ", "") if _SPACED.match(text) else text


def _abstract_block(page: Page, heading: Line) -> tuple[str, list[str]]:
    """The abstract under (or after, on the same line) a heading, and the keywords after it."""
    match = _HEADING.match(_unspaced(heading.plain))
    assert match is not None
    first = match.group("rest").strip().lstrip(".:：—–-").strip()
    below = [line for line in page.lines if line.y1 <= heading.y0 + heading.size * 0.3 and line is not heading]
    band = _band(heading, below, bool(first))
    lines = [line for line in below if _in_band(line, band)]
    texts = [first] if first else []
    body_size = 0.0
    pitch = 0.0
    previous = heading
    rows = _rows(lines)
    end = len(rows)
    for number, row in enumerate(rows):
        text = " ".join(line.plain for line in row)
        lead = row[0]
        if _KEYWORDS.match(text) or _STOP.match(text) or _heading(lead) or (texts and _bigger(lead, body_size)):
            end = number
            break
        gap = previous.y0 - lead.y1
        if (texts and pitch and gap > 2.2 * pitch) or (body_size and abs(lead.size - body_size) > 1.2):
            end = number
            break
        if texts and body_size:
            pitch = pitch or max(1.0, previous.y0 - lead.y0)
        body_size = body_size or lead.size
        if texts and lead.x0 > band[0] + 0.8 * lead.size and previous is not heading:
            texts.append("\n\n")  # an indented first line starts a paragraph
        texts.append(text)
        previous = lead
    return _joined(texts), _keywords_after(rows[end : end + KEYWORDS_WITHIN_ROWS])


def _keywords_after(rows: list[list[Line]]) -> list[str]:
    """The keywords printed just after an abstract (after CCS concepts, say), on the label's
    line or the lines under it."""
    for number, row in enumerate(rows):
        text = " ".join(line.plain for line in row)
        label = _KEYWORDS.match(text)
        if label:
            return _split_keywords(_joined([text[label.end() :], *_continuation(rows[number + 1 :], row[0])]))
        if number and (_heading(row[0]) or re.match(r"^\s*(?:\d+|[IVX]+)\.?\s+[A-Z]", text)):
            break
    return []


def _continuation(rows: list[list[Line]], first: Line) -> list[str]:
    """The rows that continue a block (keywords over two lines): close under it, not a new block."""
    texts, previous = [], first
    for row in rows:
        text = " ".join(line.plain for line in row)
        if previous.y0 - row[0].y1 > 0.8 * first.size or _STOP.match(text) or _heading(row[0]):
            break
        texts.append(text)
        previous = row[0]
    return texts


def _band(heading: Line, below: list[Line], inline: bool) -> tuple[float, float]:
    """The horizontal extent of the abstract's column: the heading line's own (inline abstracts)
    or the first text line under the heading that overlaps it."""
    if inline:
        return heading.x0, heading.x1
    for line in sorted(below, key=lambda candidate: -candidate.y1):
        if line.x0 <= heading.x1 and line.x1 >= heading.x0 and len(line.plain) > 30:
            return line.x0, line.x1
    return heading.x0, heading.x1


def _in_band(line: Line, band: tuple[float, float]) -> bool:
    left, right = band
    indent = 2.5 * line.size
    return line.x0 >= left - indent and line.x1 <= right + indent and line.x0 < right - indent


def _rows(lines: list[Line]) -> list[list[Line]]:
    """Lines at one height (a line pdfminer split at a wide gap) as one row, top down."""
    rows: list[list[Line]] = []
    for line in sorted(lines, key=lambda item: (-item.y1, item.x0)):
        if rows and abs(rows[-1][0].y1 - line.y1) < 0.3 * line.size:
            rows[-1].append(line)
        else:
            rows.append([line])
    return [sorted(row, key=lambda item: item.x0) for row in rows]


def row_texts(page: Page) -> list[str]:
    """The page's text a row at a time (lines at one height joined), top down."""
    return [" ".join(line.plain for line in row) for row in _rows(page.lines)]


def _bigger(line: Line, body_size: float) -> bool:
    return bool(body_size) and line.size > body_size + 1.0


def _joined(texts: list[str]) -> str:
    """Lines joined into running text: a word hyphenated at a line end is joined again."""
    out = ""
    for text in texts:
        if text == "\n\n":
            out = out.rstrip() + "\n\n" if out else out
            continue
        text = text.strip()
        if not text:
            continue
        if out.endswith("-") and text[:1].islower() and out[-2:-1].isalpha():
            out = out[:-1] + text
        elif (out and has_cjk(out[-1]) and has_cjk(text[:1])) or out.endswith("\n"):
            out += text
        else:
            out = f"{out} {text}" if out else text
    return _BREAK_BETWEEN_CJK.sub("", out).strip()


def _split_keywords(text: str) -> list[str]:
    parts = re.split(r"\s*[;；,，·•]\s*|\s{2,}", text.replace(WIDE, ";"))
    return [part.strip(" .") for part in parts if 1 < len(part.strip(" .")) < 80]


def _english_section(page: Page, headings: list[Line]) -> Line | None:
    """In a paper with a Chinese and an English front matter, the English abstract's heading."""
    english = [h for h in headings if h in page.lines and not has_cjk(h.plain)]
    chinese = [h for h in headings if h in page.lines and has_cjk(h.plain)]
    return english[0] if english and chinese else None


def _title(page: Page, limit: Line | None, english: Line | None) -> tuple[str, list[Line]]:
    """The largest text above the abstract (bold breaks a tie), with the lines that continue it."""
    top = limit.y1 if limit is not None else page.height * 0.35
    floor = _section_floor(page, english)
    candidates = [
        line
        for line in page.lines
        if floor >= line.y1 > top
        and len(line.plain) >= 4
        and not _HEADER_LINE.match(line.plain)
        and not line.plain.replace(" ", "").isdigit()
        and "@" not in line.plain
    ]
    if not candidates:
        return "", []
    best = max(candidates, key=lambda line: (line.size + (0.5 if line.bold else 0.0), line.y1))
    lines = [best]
    for line in sorted(candidates, key=lambda item: -item.y1):
        if line is best or len(lines) >= MAX_TITLE_LINES:
            continue
        near = min(abs(line.y1 - other.y0) for other in lines) < 0.8 * best.size
        if near and abs(line.size - best.size) < 0.3 and line.bold == best.bold and not _HEADING.match(line.plain):
            lines.append(line)
    lines.sort(key=lambda item: -item.y1)
    title = _joined([line.plain for line in lines]).rstrip(" .")
    return title, lines


def _section_floor(page: Page, english: Line | None) -> float:
    """The top of the English front matter: under the Chinese one's last line (its keywords)."""
    if english is None:
        return page.height
    above = [line for line in page.lines if line.y0 > english.y1 and _KEYWORDS.match(line.plain)]
    return min((line.y0 for line in above), default=page.height)


def _authors(page: Page, title_lines: list[Line], limit: Line | None) -> list[str]:
    """Names on the lines between the title and the abstract, in reading order (rows top down,
    left to right), from the lines set at the authors' size (affiliations are smaller or named)."""
    if not title_lines:
        return []
    bottom = limit.y1 if limit is not None else title_lines[-1].y0 - 12 * title_lines[-1].size
    between = [line for line in page.lines if title_lines[-1].y0 > line.y1 - 0.5 > bottom]
    candidates = [line for line in between if looks_like_author_line(line.marked)]
    if not candidates:
        return []
    size = max(line.size for line in candidates)
    chosen = [line for line in candidates if line.size >= size - 0.6]
    return split_names([_row_text(row) for row in _rows(chosen)])


def _row_text(row: list[Line]) -> str:
    return WIDE.join(line.marked for line in row)


def _first_paragraph(page: Page, title_lines: list[Line]) -> str:
    """Without an abstract heading: the first block of running text under the title."""
    top = title_lines[-1].y0 if title_lines else page.height
    block: list[str] = []
    previous: Line | None = None
    for row in _rows([line for line in page.lines if line.y1 < top]):
        line = row[0]
        text = " ".join(item.plain for item in row)
        prose = len(text) > 50 and not looks_like_author_line(line.marked) and MARK not in line.marked[:3]
        if previous is not None and block and (not prose or previous.y0 - line.y1 > 1.5 * line.size):
            break
        if prose:
            block.append(text)
            previous = line
    text = _joined(block)
    return text if len(text) >= MIN_ABSTRACT_CHARS * 3 else ""
