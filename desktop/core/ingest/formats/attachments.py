"""The PDF a reference manager's export links to: BibTeX's `file` field (Zotero, JabRef, Mendeley,
Better BibTeX) and RIS's L1/L2 links. A link is kept when it names a PDF on this machine (a path
relative to the export is taken from the export's folder); others are counted, not kept."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlparse

_SPLIT = re.compile(r"(?<!\\);")
_FIELD = re.compile(r"(?<!\\):")


def bibtex_file_links(value: str) -> list[str]:
    """The paths in a `file` field: 'Full Text PDF:/path/a.pdf:application/pdf' (Zotero),
    ':papers/a.pdf:PDF' (JabRef, Mendeley), '/path/a.pdf;/path/b.pdf' (Better BibTeX), with
    JabRef's escapes ('C\\:\\\\Users\\\\…') undone."""
    links = []
    for part in _SPLIT.split(value):
        fields = _FIELD.split(part.strip())
        if len(fields) >= 3:  # description:path:type
            path, kind = ":".join(fields[1:-1]), fields[-1]
        elif len(fields) == 2 and fields[0] == "":
            path, kind = fields[1], ""
        else:
            path, kind = part.strip(), ""
        path = path.replace("\\:", ":").replace("\\;", ";").replace("\\\\", "\\").strip()
        if path and (path.casefold().endswith(".pdf") or "pdf" in kind.casefold()):
            links.append(path)
    return links


def ris_links(values: object) -> list[str]:
    """The L1/L2 values of an RIS record (one or a list), PDFs first."""
    items = values if isinstance(values, list) else [values] if values else []
    links = [str(item).strip() for item in items if str(item).strip()]
    return sorted(links, key=lambda link: not link.casefold().endswith(".pdf"))


def local_pdf(links: list[str], export_folder: Path) -> tuple[str, int]:
    """The first link that is a PDF file here (its absolute path), and how many links were not."""
    missing = 0
    for link in links:
        path = _as_path(link, export_folder)
        if path is not None and path.suffix.casefold() == ".pdf" and path.is_file():
            return str(path.resolve()), missing
        missing += 1
    return "", missing


def _as_path(link: str, export_folder: Path) -> Path | None:
    if link.startswith("file:"):
        link = unquote(urlparse(link).path)
    elif re.match(r"^[a-z][a-z0-9+.-]*://", link, re.IGNORECASE):
        return None  # a web link, or EndNote's internal-pdf:// (inside its own library)
    path = Path(link).expanduser()
    if path.is_absolute():
        return path
    beside = export_folder / path
    if not beside.exists() and Path("/" + link).exists():
        return Path("/" + link)  # Mendeley writes absolute paths without their leading '/'
    return beside
