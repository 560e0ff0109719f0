"""The fields every parser produces, the names other tools give them (in several languages), and
the one place a parsed record becomes a Paper: cleaned, checked, or skipped with a reason."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from typing import Any

from desktop.core.library.records import Paper, arxiv_id, doi, iso_date, pmid
from desktop.core.text.text_cleaning import clean_abstract, clean_field, placeholder_reason

Fields = dict[str, Any]

# Names of columns, JSON keys and labels for each field, compared without case, spaces or punctuation.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "title": (
        "title",
        "titles",
        "ti",
        "t1",
        "articletitle",
        "documenttitle",
        "papertitle",
        "primarytitle",
        "displayname",
        "标题",
        "题目",
        "题名",
        "论文标题",
        "中文标题",
        "titel",
        "titre",
        "título",
        "titulo",
        "titolo",
        "заголовок",
        "название",
        "タイトル",
        "題名",
        "제목",
    ),
    "abstract": (
        "abstract",
        "abstracts",
        "ab",
        "summary",
        "abstractnote",
        "description",
        "n2",
        "abstracttext",
        "摘要",
        "简明摘要",
        "中文摘要",
        "内容摘要",
        "概要",
        "zusammenfassung",
        "kurzfassung",
        "abstrakt",
        "résumé",
        "resume",
        "resumen",
        "resumo",
        "riassunto",
        "sommario",
        "аннотация",
        "要旨",
        "抄録",
        "초록",
        "요약",
    ),
    "authors": (
        "authors",
        "author",
        "au",
        "af",
        "authorfullnames",
        "creators",
        "creator",
        "作者",
        "著者",
        "autor",
        "autoren",
        "auteur",
        "auteurs",
        "autores",
        "autori",
        "авторы",
        "저자",
    ),
    "year": ("year", "publicationyear", "py", "pubyear", "年份", "年", "jahr", "année", "annee", "año", "ano", "anno"),
    "date": ("date", "publicationdate", "pubdate", "datepublished", "published", "dp", "da", "updatedate", "日期"),
    "doi": ("doi", "di", "do"),
    "pmid": ("pmid", "pubmedid", "pm"),
    "arxiv_id": ("arxiv", "arxivid", "eprint"),
    "url": ("url", "link", "ur", "pdf", "links", "链接", "网址"),
    "venue": (
        "journal",
        "sourcetitle",
        "so",
        "publicationtitle",
        "venue",
        "containertitle",
        "jo",
        "jf",
        "t2",
        "booktitle",
        "journalref",
        "期刊",
        "刊名",
        "zeitschrift",
        "revue",
        "revista",
        "rivista",
    ),
    "keywords": (
        "keywords",
        "authorkeywords",
        "de",
        "kw",
        "manualtags",
        "keyword",
        "关键词",
        "关键字",
        "schlagwörter",
        "schlagworte",
        "motsclés",
        "motscles",
        "palabrasclave",
    ),
    "categories": ("categories", "category", "subjects"),
}
_ALIASES = {alias: name for name, aliases in SYNONYMS.items() for alias in aliases}
_NAME = re.compile(r"[\W_]+", re.UNICODE)
_COUNT = re.compile(r"^(\d+)\s+authors?$", re.IGNORECASE)
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_MACHINE_SUMMARY = re.compile(r"\s*AI-generated summary\s*", re.IGNORECASE)
_LEADING_LABEL = re.compile(r"^\s*(abstract|summary)\s*[:.]?\s+", re.IGNORECASE)


def field_for(name: str) -> str:
    """The field a column name, JSON key or label stands for ('' when none)."""
    key = _NAME.sub("", unicodedata.normalize("NFKC", str(name)).casefold())
    return _ALIASES.get(key, "")


def split_authors(value: Any) -> list[str]:
    """Author names from a list, or from a string joined by ';' (PubMed, Scopus, Zotero), by
    ' and ' (BibTeX: 'Núñez, José and Smith, John') or by commas ('A. One, B. Two and C. Three')."""
    if isinstance(value, list):
        names = [_author_name(item) for item in value]
        return [name for name in names if name]
    text = str(value or "").strip()
    if not text:
        return []
    if ";" in text:
        parts = text.split(";")
    else:
        by_and = re.split(r"\s+and\s+", text)
        if len(by_and) > 1 and all("," in part for part in by_and):
            parts = by_and  # 'Last, First and Last, First'
        else:
            parts = ", ".join(by_and).split(",")
            if len(parts) == 2 and re.fullmatch(r"\s*[A-Z][A-Z.\s-]{0,6}", parts[1]):
                parts = [text]  # one 'Last, F.'
    return [name for name in (_author_id.sub("", clean_field(part)) for part in parts) if name]


_author_id = re.compile(r"\s*\(\d{6,}\)$")  # Scopus appends author ids: 'Moreau, Claire (57200000001)'


def _author_name(item: Any) -> str:
    if isinstance(item, dict):
        for key in ("name", "display_name", "literal", "full_name"):
            if item.get(key):
                return _author_id.sub("", clean_field(str(item[key])))
        author = item.get("author")
        if isinstance(author, dict):
            return _author_name(author)
        given, family = item.get("given", ""), item.get("family", "")
        return clean_field(f"{given} {family}")
    if isinstance(item, list):  # arXiv authors_parsed: [last, first, suffix]
        last, first = [*item, "", ""][:2]
        return clean_field(f"{first} {last}")
    return clean_field(str(item))


class PaperBuilder:
    """Turns parsed fields into Papers for one dump, counting the records it skips and why."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.skipped: Counter[str] = Counter()
        self.read_as: Counter[str] = Counter()  # how records were read (a JSON shape, block labels)

    def build(self, fields: Fields) -> Paper | None:
        if fields.get("read_as"):
            self.read_as[str(fields["read_as"])] += 1
        tex = bool(fields.get("tex"))
        raw_abstract = str(fields.get("abstract") or "")
        machine = str(fields.get("machine_summary") or "")
        if _MACHINE_SUMMARY.search(raw_abstract):  # "<machine summary> AI-generated summary <abstract>"
            before, raw_abstract = _MACHINE_SUMMARY.split(raw_abstract, maxsplit=1)
            machine = machine or _LEADING_LABEL.sub("", before)
        raw_abstract = _LEADING_LABEL.sub("", raw_abstract) if fields.get("labelled") else raw_abstract
        abstract = clean_abstract(raw_abstract, tex)
        reason = placeholder_reason(abstract)
        if reason:
            self.skipped[reason] += 1
            return None
        authors = fields.get("authors")
        count_match = _COUNT.match(str(authors)) if isinstance(authors, str) else None
        names = [] if count_match else split_authors(authors)
        date = clean_field(str(fields.get("date") or ""))
        year = str(fields.get("year") or "")
        return Paper(
            abstract=abstract,
            title=clean_field(str(fields.get("title") or ""), tex),
            authors=[clean_field(name, tex) for name in names],
            author_count=int(count_match.group(1)) if count_match else fields.get("author_count"),
            date_written=date,
            date_iso=_date_iso(date, year),
            upvotes=_int(fields.get("upvotes")),
            sources=[self.source],
            venue=clean_field(str(fields.get("venue") or ""), tex),
            doi=doi(str(fields.get("doi") or "")),
            arxiv_id=arxiv_id(str(fields.get("arxiv_id") or "")),
            pmid=pmid(str(fields.get("pmid") or "")),
            url=str(fields.get("url") or "").strip(),
            keywords=_keywords(fields.get("keywords")),
            categories=str(fields.get("categories") or ""),
            machine_summary=clean_abstract(machine),
            pdf_path=str(fields.get("pdf_path") or ""),
        )


def _date_iso(date: str, year: str) -> str:
    written = iso_date(date)
    if written:
        return written
    found = _YEAR.search(year) or _YEAR.search(date)
    return f"{found.group(1)}-01-01" if found else ""


def _int(value: Any) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def _keywords(value: Any) -> list[str]:
    if isinstance(value, list):
        items: Iterable[Any] = [part for item in value for part in str(item).split(";")]
    else:
        items = re.split(r"[;|]" if ";" in str(value or "") or "|" in str(value or "") else ",", str(value or ""))
    return list(dict.fromkeys(clean_field(str(item)) for item in items if clean_field(str(item))))
