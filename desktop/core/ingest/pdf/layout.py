"""A PDF's first pages as lines of text with their place, size and weight, read with pdfminer.six
(its layout analysis groups glyphs into lines; bench/pdf.py measures it against pypdf here).

What pdfminer gives is cleaned in three ways: glyphs drawn several times at one place (fake bold:
"汉汉汉语语语") are kept once; text set sideways (arXiv's margin stamp) is taken apart as stamps;
and superscripts (affiliation marks, footnote signs) are known, so author lines can drop them."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from pdfminer.layout import LAParams, LTAnno, LTChar, LTPage, LTTextBox, LTTextLine

LAYOUT = LAParams(boxes_flow=None)  # geometric box order: our own reading order follows
SUPERSCRIPT_SIZE = 0.8  # a glyph this much smaller than its line, and raised, is a superscript
WIDE_GAP_EM = 0.55  # a gap this wide (in ems) inside a line separates names or table cells (a word space is ~0.25)
_CID = re.compile(r"\(cid:\d+\)")
_LIGATURES = str.maketrans({"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"})
_BOLD = re.compile(r"bold|black|heavy|semibold|demi|medi|cmbx|\.b\b|-b\b", re.IGNORECASE)
WIDE = "\t"  # marks a wide gap in Line.text
MARK = "\u2063"  # stands for a superscript run in Line.marked

logging.getLogger("pdfminer").setLevel(logging.ERROR)  # its warnings about odd fonts are not ours


class PdfProblem(Exception):
    """Why a PDF cannot be read: a reason fit for the import report."""


@dataclass(frozen=True)
class Line:
    """One line of text. Coordinates are PDF points with y upwards (y1 is the top)."""

    text: str  # wide gaps as WIDE
    marked: str  # the same with each superscript run replaced by MARK
    x0: float
    y0: float
    x1: float
    y1: float
    size: float  # the body size of the line's glyphs (superscripts aside)
    bold: bool

    @property
    def plain(self) -> str:
        return " ".join(self.text.replace(WIDE, " ").split())


@dataclass
class Page:
    number: int
    width: float
    height: float
    lines: list[Line] = field(default_factory=list)
    stamps: list[str] = field(default_factory=list)  # sideways text, each run read in its direction

    @property
    def text(self) -> str:
        return "\n".join(line.plain for line in self.lines)


class PdfText:
    """An open PDF whose pages are laid out when first asked for (most papers need one page).
    Use as a context manager; raises PdfProblem for a file that cannot be read as a PDF."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._handle: BinaryIO | None = None
        self._pages: dict[int, Page] = {}
        self._pdf_pages: list[Any] = []
        self.info: dict[str, str] = {}  # the document information dictionary (a hint: printed text wins)

    def __enter__(self) -> PdfText:
        from pdfminer.converter import PDFPageAggregator
        from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
        from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
        from pdfminer.pdfpage import PDFPage
        from pdfminer.pdfparser import PDFParser

        try:
            self._handle = open(self.path, "rb")  # closed by __exit__
            try:
                document = PDFDocument(PDFParser(self._handle))
            except (PDFPasswordIncorrect, PDFEncryptionError) as error:
                raise PdfProblem("it is encrypted with a password; save an unprotected copy and import that") from error
            manager = PDFResourceManager(caching=True)
            self._device = PDFPageAggregator(manager, laparams=LAYOUT)
            self._interpreter = PDFPageInterpreter(manager, self._device)
            self._page_tree = PDFPage.create_pages(document)  # walked only as far as pages are asked for
            self.info = _info(document)
            self._more_pages(1)
        except PdfProblem:
            self.__exit__(None, None, None)
            raise
        except Exception as error:
            self.__exit__(None, None, None)
            raise _problem(error) from error
        if not self._pdf_pages:
            self.__exit__(None, None, None)
            raise PdfProblem("a damaged PDF (it has no pages)")
        return self

    def __exit__(self, *exc: object) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None

    def _more_pages(self, count: int) -> None:
        """Walks the page tree until it has count pages (or none are left)."""
        while len(self._pdf_pages) < count:
            following = next(self._page_tree, None)
            if following is None:
                return
            self._pdf_pages.append(following)

    def page(self, number: int) -> Page | None:
        """Page number (from 1), laid out; None past the last page."""
        if number not in self._pages:
            try:
                self._more_pages(number)
                if number > len(self._pdf_pages):
                    return None
                self._interpreter.process_page(self._pdf_pages[number - 1])
                self._pages[number] = _page(self._device.get_result(), number)
            except Exception as error:
                raise _problem(error) from error
        return self._pages[number]

    def pages(self, count: int) -> list[Page]:
        return [page for page in (self.page(n) for n in range(1, count + 1)) if page is not None]


def _problem(error: Exception) -> PdfProblem:
    if isinstance(error, OSError):
        return PdfProblem(f"cannot be read ({error.strerror or error})")
    # pdfminer raises many kinds of error for a damaged file
    return PdfProblem(f"a damaged PDF ({type(error).__name__}: {str(error)[:80] or 'no detail'})")


def _info(document: Any) -> dict[str, str]:
    info: dict[str, str] = {}
    for entry in document.info or []:
        for key, value in entry.items():
            try:
                from pdfminer.pdftypes import resolve1
                from pdfminer.utils import decode_text

                raw = resolve1(value)
                text = decode_text(raw) if isinstance(raw, bytes) else str(raw)
            except Exception:  # a broken entry is no reason to refuse the PDF
                continue
            if text.strip():
                info[str(key)] = text.strip()
    return info


def _page(layout: LTPage, number: int) -> Page:
    page = Page(number, layout.width, layout.height)
    sideways: list[LTChar] = []
    for box in layout:
        if not isinstance(box, LTTextBox):
            continue
        for line in box:
            if isinstance(line, LTTextLine):
                built = _line(line, sideways)
                if built is not None:
                    page.lines.append(built)
    page.lines = _drawn_once(page.lines)
    page.lines.sort(key=lambda line: (-round(line.y1), line.x0))
    page.stamps = _stamps(sideways)
    return page


def _drawn_once(lines: list[Line]) -> list[Line]:
    """A whole line drawn again on top of itself (a fake bold drawn a line at a time) counts once."""
    kept: dict[str, list[Line]] = {}
    for line in lines:
        twins = kept.setdefault(line.text, [])
        if not any(
            abs(twin.x0 - line.x0) < 0.2 * line.size and abs(twin.y0 - line.y0) < 0.2 * line.size for twin in twins
        ):
            twins.append(line)
    return [line for twins in kept.values() for line in twins]


def _line(line: LTTextLine, sideways: list[LTChar]) -> Line | None:
    glyphs: list[LTChar | LTAnno] = []
    kept: list[LTChar] = []
    for item in line:
        if isinstance(item, LTChar):
            if not item.upright:
                sideways.append(item)
                continue
            if _drawn_again(item, kept):
                continue
            kept.append(item)
        glyphs.append(item)
    if not kept:
        return None
    size = _body_size(kept)
    baseline = min(char.y0 for char in kept if char.size >= size * SUPERSCRIPT_SIZE)
    text, marked = _texts(glyphs, size, baseline)
    if not text.strip():
        return None
    bold = sum(1 for char in kept if _BOLD.search(char.fontname)) > len(kept) / 2
    return Line(
        text.strip(),
        marked.strip(),
        min(c.x0 for c in kept),
        min(c.y0 for c in kept),
        max(c.x1 for c in kept),
        max(c.y1 for c in kept),
        round(size, 1),
        bold,
    )


def _drawn_again(char: LTChar, kept: list[LTChar]) -> bool:
    """The same glyph drawn again almost on top of one of the last few (a fake bold)."""
    for other in kept[-4:]:
        same_place = abs(other.x0 - char.x0) < 0.35 * max(other.width, 1.0)
        if same_place and other.get_text() == char.get_text() and abs(other.y0 - char.y0) < 0.35 * max(other.size, 1.0):
            return True
    return False


def _body_size(chars: list[LTChar]) -> float:
    """The size most of the line's glyphs have (weighted by count), so superscripts do not count."""
    counts: dict[float, int] = {}
    for char in chars:
        key = round(char.size, 1)
        counts[key] = counts.get(key, 0) + 1
    return max(counts.items(), key=lambda item: (item[1], item[0]))[0]


def _texts(glyphs: Iterable[LTChar | LTAnno], size: float, baseline: float) -> tuple[str, str]:
    """The line's text (wide gaps as WIDE), and the same with superscript runs as MARK."""
    text: list[str] = []
    marked: list[str] = []
    previous: LTChar | None = None
    in_superscript = False
    for glyph in glyphs:
        if isinstance(glyph, LTAnno):
            text.append(glyph.get_text().replace("\n", ""))
            if not in_superscript:
                marked.append(glyph.get_text().replace("\n", ""))
            continue
        if previous is not None and glyph.x0 - previous.x1 > WIDE_GAP_EM * size:
            text.append(WIDE)
            marked.append(WIDE)
            in_superscript = False
        glyph_text = _CID.sub("", glyph.get_text()).translate(_LIGATURES)
        superscript = glyph.size < size * SUPERSCRIPT_SIZE and glyph.y0 > baseline + 0.15 * size
        text.append(glyph_text)
        if superscript:
            if not in_superscript:
                marked.append(MARK)
        else:
            marked.append(glyph_text)
        in_superscript = superscript
        previous = glyph
    return "".join(text), "".join(marked)


def _stamps(chars: list[LTChar]) -> list[str]:
    """Sideways glyphs grouped into runs by their column, each read in its writing direction
    (upwards when turned anticlockwise, as arXiv's stamp is)."""
    columns: dict[int, list[LTChar]] = {}
    for char in chars:
        columns.setdefault(round(char.x0 / 3), []).append(char)
    stamps = []
    for group in columns.values():
        upwards = group[0].matrix[1] > 0
        group.sort(key=lambda char: char.y0, reverse=not upwards)
        parts: list[str] = []
        for before, char in zip([None, *group], group, strict=False):
            if before is not None and abs(char.y0 - before.y1 if upwards else before.y0 - char.y1) > 0.2 * char.size:
                parts.append(" ")
            parts.append(char.get_text())
        stamp = " ".join("".join(parts).split())
        if stamp:
            stamps.append(stamp)
    return stamps
