"""BibTeX from ACM, IEEE, Scopus, Google Scholar, Zotero and JabRef, entry by entry (so files
stream), with their quirks: text before the first entry, '}@ARTICLE{' on one line, keys with
spaces, commas or non-ASCII letters, duplicate keys, @string macros. TeX becomes Unicode later."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from desktop.core.ingest.formats.attachments import bibtex_file_links
from desktop.core.ingest.formats.fields import Fields

_ENTRY = re.compile(r"@\s*(\w+)\s*[{(]")
_GLUED = re.compile(r"(?<=\})\s*(?=@\s*\w+\s*[{(])")
_KEY = re.compile(r"^(\s*@\s*\w+\s*[{(])(.*?),(?=\s*[A-Za-z][\w\-:]*\s*=)", re.DOTALL)
SKIPPED_KINDS = frozenset({"preamble", "comment"})


def entries(lines: Iterable[str]) -> Iterator[str]:
    """The text of each entry; an entry glued to the end of the last ('}@ARTICLE{') starts anew."""
    current: list[str] = []
    for line in lines:
        for position, part in enumerate(_GLUED.split(line)):
            starts = position > 0 or part.lstrip().startswith("@")
            if starts and current:
                yield "\n".join(current)
                current = []
            current.append(part)
    if current:
        yield "\n".join(current)


def with_safe_key(entry: str, number: int) -> str:
    """The entry with its key replaced: keys holding spaces, commas or odd letters trip parsers,
    and a key repeated in the file would be dropped as a duplicate."""
    return _KEY.sub(lambda m: f"{m.group(1)}entry{number},", entry, count=1)


def bibtex_records(lines: Iterable[str], warnings: list[str]) -> Iterator[Fields]:
    import bibtexparser

    macros: list[str] = []
    for number, entry in enumerate(entries(lines), 1):
        kind = _ENTRY.match(entry.lstrip())
        if kind is None:
            continue  # text before the first entry
        name = kind.group(1).casefold()
        if name == "string":
            macros.append(entry)
            continue
        if name in SKIPPED_KINDS:
            continue
        library = bibtexparser.parse_string("\n".join(macros) + "\n" + with_safe_key(entry, number))
        for block in library.failed_blocks:
            warnings.append(f"a BibTeX entry could not be read: {str(block.raw).strip()[:60]!r}")
        for parsed in library.entries:
            yield _fields({field.key.casefold(): str(field.value) for field in parsed.fields})


def _fields(values: dict[str, str]) -> Fields:
    eprint = values.get("eprint", "")
    arxiv = eprint if values.get("archiveprefix", "arxiv").casefold() == "arxiv" else ""
    return {
        "title": values.get("title", ""),
        "abstract": values.get("abstract", ""),
        "authors": [name for name in re.split(r"\s+and\s+", values.get("author", "")) if name.strip()],
        "year": values.get("year", ""),
        "date": values.get("date", ""),
        "doi": values.get("doi", ""),
        "url": values.get("url", ""),
        "venue": values.get("journal") or values.get("booktitle") or values.get("journaltitle") or "",
        "keywords": values.get("keywords") or values.get("author_keywords") or "",
        "arxiv_id": arxiv,
        "pmid": values.get("pmid", ""),
        "pdf_links": bibtex_file_links(values.get("file", "")),
        "tex": True,
    }
