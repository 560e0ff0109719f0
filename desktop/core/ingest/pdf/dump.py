"""One PDF read as a dump of one paper, with the same face as a text dump's reader (format,
records, warnings), so the import pipeline treats both alike: progress, cancel, resume, report."""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from desktop.core.base.errors import DumpError
from desktop.core.ingest.pdf.front_matter import FrontMatter, read_front_matter, row_texts
from desktop.core.ingest.pdf.identifiers import printed_identifiers
from desktop.core.ingest.pdf.layout import PdfProblem, PdfText
from desktop.core.ingest.pdf.names import is_name, names_from_metadata
from desktop.core.library.records import Paper

PDF_FORMAT = "pdf"
PDF_FORMAT_NAME = "PDF (read from its first page)"
MAGIC_BYTES = 1024  # a PDF's header may follow some junk, within the first kilobyte
_ZOTERO_KEY = re.compile(r"^[A-Z0-9]{8}$")
_PLACEHOLDER_TITLE = re.compile(r"^(?:microsoft word - |untitled|document\d*$|\S+\.(?:docx?|tex|dvi|pdf)$)", re.I)


def is_pdf(path: str | os.PathLike[str]) -> bool:
    try:
        with open(path, "rb") as handle:
            return b"%PDF-" in handle.read(MAGIC_BYTES)
    except OSError:
        return False


def pdf_source(path: Path) -> tuple[str, Path]:
    """The dump a PDF is listed under, and the folder that names it: the PDFs of one folder are
    one dump ('Downloads (PDFs)'); Zotero's storage/KEY/ folders are one 'Zotero storage'."""
    folder = path.resolve().parent
    if _ZOTERO_KEY.match(folder.name) and folder.parent.name == "storage":
        return "Zotero storage (PDFs)", folder.parent
    return f"{folder.name or folder} (PDFs)", folder


@dataclass
class PdfDump:
    """A PDF's one paper, read when the dump is opened (read_pdf raises for a PDF that cannot give one)."""

    path: str
    source: str
    paper: Paper
    warnings: list[str] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)
    mapping: str = ""
    format: str = PDF_FORMAT
    format_name: str = PDF_FORMAT_NAME
    encoding: str = ""

    @property
    def bytes_read(self) -> int:
        try:
            return os.path.getsize(self.path)
        except OSError:
            return 0

    def records(self) -> Iterator[Paper]:
        yield self.paper


def read_pdf(path: str | os.PathLike[str], source: str | None = None) -> PdfDump:
    """The paper a PDF prints on its first pages; DumpError names why there is none."""
    file = Path(path)
    name = source or pdf_source(file)[0]
    try:
        with PdfText(file) as pdf:
            if not _has_text(pdf):
                raise DumpError(str(path), "it has no text layer (a scan without OCR?); run OCR on it, then import it")
            front = read_front_matter(pdf.page)
            info = pdf.info
    except PdfProblem as problem:
        raise DumpError(str(path), str(problem)) from problem
    if not front.abstract:
        found = f" (title: {front.title})" if front.title else ""
        raise DumpError(str(path), f"no abstract found on its first pages{found}")
    paper = _paper(front, info, name, file)
    mapping = "; ".join(
        [f"title, authors and abstract from page {front.page.number if front.page else 1}", *front.notes]
    )
    return PdfDump(str(path), name, paper, mapping=mapping, warnings=_hints(front, info, paper))


def _has_text(pdf: PdfText) -> bool:
    """Text on page 1, or (a blank first page) on page 2."""
    first = pdf.page(1)
    return bool(first and first.lines) or any(page.lines for page in pdf.pages(2))


def _paper(front: FrontMatter, info: dict[str, str], source: str, file: Path) -> Paper:
    page = front.page
    printed = printed_identifiers(row_texts(page), page.stamps) if page is not None else None
    authors = front.authors or names_from_metadata(info.get("Author", ""))
    return Paper(
        abstract=front.abstract,
        title=front.title or _metadata_title(info),
        authors=authors,
        date_written=printed.date_written if printed else "",
        date_iso=printed.date_iso if printed else "",
        sources=[source],
        venue=printed.venue if printed else "",
        doi=printed.doi if printed else "",
        arxiv_id=printed.arxiv_id if printed else "",
        keywords=front.keywords,
        pdf_path=str(file.resolve()),
    )


def _metadata_title(info: dict[str, str]) -> str:
    title = " ".join(info.get("Title", "").split())
    return "" if not title or _PLACEHOLDER_TITLE.match(title) or is_name(title) else title


def _hints(front: FrontMatter, info: dict[str, str], paper: Paper) -> list[str]:
    """Where the PDF's metadata disagrees with what it prints (the printed text is kept)."""
    warnings = []
    hinted = _metadata_title(info)
    if front.title and hinted and hinted.casefold() != front.title.casefold():
        warnings.append(f"the PDF's metadata gives another title ({hinted!r}); the printed one is kept")
    if not front.title and hinted:
        warnings.append("no title found on the page; the PDF's metadata title is used")
    if not paper.title:
        warnings.append("no title found; the first words of the abstract stand for it")
    return warnings
