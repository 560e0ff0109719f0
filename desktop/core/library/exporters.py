"""Papers out to the reference managers people use: BibTeX (JabRef, Zotero, LaTeX), RIS (Zotero,
EndNote, Mendeley) and CSL-JSON (Zotero, pandoc), with stable keys; and a formatted reference.

Abstracts, notes and tags travel along: `abstract`, `annote` / `N1` / `note`, and `keywords` (the
paper's keywords, then its tags)."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Sequence

from desktop.core.base.choices import ExportFormat
from desktop.core.library.records import Paper

_STOP_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "on",
        "in",
        "for",
        "to",
        "and",
        "with",
        "from",
        "by",
        "at",
        "is",
        "are",
        "towards",
        "toward",
        "via",
        "using",
    ]
)
_TEX_SPECIAL = re.compile(r"([\\{}%&$#_~^])")
_TEX_REPLACEMENT = {"\\": r"\textbackslash{}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}
_MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]


def ascii_word(text: str) -> str:
    """Letters and digits only, accents dropped (Núñez → nunez)."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^A-Za-z0-9]", "", folded).lower()


def family_name(author: str) -> str:
    """'Núñez, José' → 'Núñez'; 'José Núñez' → 'Núñez'; a CJK name as written."""
    name = _csl_name(author)
    return name.get("family", name.get("literal", ""))


def cite_keys(papers: Sequence[Paper]) -> dict[str, str]:
    """paper id → a key of author, year and the title's first significant word (nunez2023tactile),
    unique within the export: a clash gets a, b, c… in the order of the papers' ids (stable)."""
    base: dict[str, str] = {}
    for paper in papers:
        author = ascii_word(family_name(paper.authors[0])) if paper.authors else ""
        words = [ascii_word(w) for w in re.split(r"[\s\-:]+", paper.title)]
        word = next((w for w in words if w and w not in _STOP_WORDS), "")
        base[paper.id] = (author or "anon") + (str(paper.year) if paper.year else "") + word[:20] or paper.id[:10]
    keys: dict[str, str] = {}
    by_base: dict[str, list[str]] = {}
    for paper_id, key in base.items():
        by_base.setdefault(key, []).append(paper_id)
    for key, ids in by_base.items():
        if len(ids) == 1:
            keys[ids[0]] = key
            continue
        for number, paper_id in enumerate(sorted(ids)):
            keys[paper_id] = key + _suffix(number)
    return keys


def _suffix(number: int) -> str:
    letters = ""
    number += 1
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters


def tex_escape(text: str) -> str:
    """Text for a BibTeX field: TeX's special characters escaped (Unicode stays as it is)."""
    return _TEX_SPECIAL.sub(lambda m: _TEX_REPLACEMENT.get(m.group(1), "\\" + m.group(1)), text)


def _keywords(paper: Paper) -> list[str]:
    return list(dict.fromkeys([*paper.keywords, *paper.tags]))


def _identifier_note(paper: Paper) -> str:
    return f"PMID: {paper.pmid}" if paper.pmid else ""


def to_bibtex(papers: Sequence[Paper]) -> str:
    keys = cite_keys(papers)
    entries = []
    for paper in papers:
        kind = "article" if paper.venue else "misc"
        fields: list[tuple[str, str]] = [
            ("title", "{" + tex_escape(paper.display_title) + "}"),
            ("author", " and ".join(tex_escape(name) for name in paper.authors)),
            ("journal" if kind == "article" else "howpublished", tex_escape(paper.venue)),
            ("year", str(paper.year or "")),
            ("month", _MONTHS[int(paper.date_iso[5:7]) - 1] if len(paper.date_iso) >= 7 else ""),
            ("doi", paper.doi),
            ("eprint", paper.arxiv_id),
            ("archiveprefix", "arXiv" if paper.arxiv_id else ""),
            ("pmid", paper.pmid),
            ("url", paper.url),
            ("abstract", tex_escape(paper.abstract)),
            ("keywords", tex_escape(", ".join(_keywords(paper)))),
            ("annote", tex_escape(paper.note)),
            ("language", {"zh": "chinese", "en": "english"}.get(paper.lang, "")),
        ]
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields if value)
        entries.append(f"@{kind}{{{keys[paper.id]},\n{body}\n}}\n")
    return "\n".join(entries)


def to_ris(papers: Sequence[Paper]) -> str:
    records = []
    for paper in papers:
        lines = [("TY", "JOUR" if paper.venue else "GEN"), ("TI", paper.display_title)]
        lines += [("AU", name) for name in paper.authors]
        lines += [
            ("PY", str(paper.year or "")),
            ("DA", paper.date_iso.replace("-", "/") if paper.date_iso else ""),
            ("T2", paper.venue),
            ("DO", paper.doi),
            ("UR", paper.url or (f"https://arxiv.org/abs/{paper.arxiv_id}" if paper.arxiv_id else "")),
            ("AB", _one_line(paper.abstract)),
            ("N1", _one_line(paper.note)),
            ("AN", paper.pmid),
            ("LA", paper.lang),
        ]
        lines += [("KW", keyword) for keyword in _keywords(paper)]
        text = "".join(f"{tag}  - {value}\n" for tag, value in lines if value)
        records.append(text + "ER  - \n")
    return "\n".join(records)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def to_csl_json(papers: Sequence[Paper]) -> str:
    keys = cite_keys(papers)
    items = []
    for paper in papers:
        item: dict[str, object] = {
            "id": keys[paper.id],
            "type": "article-journal" if paper.venue else "article",
            "title": paper.display_title,
            "author": [_csl_name(name) for name in paper.authors],
            "container-title": paper.venue,
            "DOI": paper.doi,
            "PMID": paper.pmid,
            "URL": paper.url or (f"https://arxiv.org/abs/{paper.arxiv_id}" if paper.arxiv_id else ""),
            "abstract": paper.abstract,
            "keyword": ", ".join(_keywords(paper)),
            "note": paper.note,
            "language": paper.lang,
        }
        if paper.date_iso:
            item["issued"] = {"date-parts": [[int(part) for part in paper.date_iso.split("-")]]}
        if paper.arxiv_id:
            item["number"] = f"arXiv:{paper.arxiv_id}"
        items.append({key: value for key, value in item.items() if value not in ("", [], None)})
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"


def _csl_name(name: str) -> dict[str, str]:
    if "," in name:
        family, given = (part.strip() for part in name.split(",", 1))
        return {"family": family, "given": given}
    parts = name.split()
    if len(parts) < 2:
        return {"literal": name}
    return {"family": parts[-1], "given": " ".join(parts[:-1])}


def export(papers: Sequence[Paper], kind: ExportFormat | str) -> str:
    kind = ExportFormat(kind)
    if kind is ExportFormat.BIBTEX:
        return to_bibtex(papers)
    if kind is ExportFormat.RIS:
        return to_ris(papers)
    return to_csl_json(papers)


def formatted_reference(paper: Paper) -> str:
    """An APA-like reference: Authors (Year). Title. Venue. https://doi.org/…"""
    names = [_apa_name(name) for name in paper.authors]
    if len(names) > 20:
        names = [*names[:19], "…", names[-1]]
    authors = (", ".join(names[:-1]) + ", & " + names[-1]) if len(names) > 1 else "".join(names)
    authors = authors or paper.authors_text
    year = f"({paper.year})" if paper.year else "(n.d.)"
    parts = [f"{authors} {year}." if authors else f"{year}.", f"{paper.display_title.rstrip('.')}."]
    if paper.venue:
        parts.append(f"{paper.venue}.")
    elif paper.arxiv_id:
        parts.append(f"arXiv:{paper.arxiv_id}.")
    link = f"https://doi.org/{paper.doi}" if paper.doi else paper.url
    if link:
        parts.append(link)
    return " ".join(parts)


def _apa_name(name: str) -> str:
    """'Núñez, José María' or 'José María Núñez' → 'Núñez, J. M.'; a one-word or CJK name as is."""
    csl = _csl_name(name)
    if "literal" in csl:
        return name
    initials = " ".join(f"{part[0]}." for part in re.split(r"[\s\-]+", csl["given"]) if part)
    return f"{csl['family']}, {initials}"
