"""The paper record, text normalisation and the content hash used for dedup."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field

from desktop.core.text.cjk import cjk_share

MAX_RECORD_CHARS = 20_000
READING_STATES = ("", "to read", "reading", "read")  # in order: a merge keeps the furthest
DERIVED_TITLE_WORDS = 12

_WHITESPACE = re.compile(r"\s+")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")
_MONTHS = {
    name: number
    for number, name in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1
    )
}
_DATE_WRITTEN = re.compile(r"^([A-Z][a-z]{2})[a-z]*\.? (\d{1,2})(?:, (\d{4}))?$")
_ISO_DATE = re.compile(r"^(\d{4})[-/](\d{1,2})(?:[-/](\d{1,2}))?(?!\d)")  # 2023-03-14, RIS 2023/03/14/, 2023/03//
_MEDLINE_DATE = re.compile(r"^(\d{4}) ([A-Z][a-z]{2})(?: (\d{1,2}))?\b")


def normalise_text(text: str) -> str:
    """NFKC, casefolded, whitespace collapsed: the form the dedup key is computed on."""
    return _WHITESPACE.sub(" ", unicodedata.normalize("NFKC", text).casefold()).strip()


def content_hash(abstract: str) -> str:
    """The dedup key: a hash of the normalised abstract."""
    return hashlib.sha256(normalise_text(abstract).encode("utf-8")).hexdigest()[:32]


def clean_text(text: str) -> str:
    """Collapse runs of whitespace; keep the text otherwise as written."""
    return _WHITESPACE.sub(" ", text).strip()


def clean_paragraphs(text: str) -> str:
    """Collapse whitespace within paragraphs; keep the breaks between them."""
    parts = [clean_text(part) for part in _PARAGRAPH_BREAK.split(text)]
    return "\n\n".join(part for part in parts if part)


def detect_language(text: str) -> str:
    """'zh' when a good share of the letters are CJK, else 'en'."""
    return "zh" if cjk_share(text[:2000]) > 0.2 else "en"


def iso_date(written: str) -> str:
    """An ISO date for a written date when it names a year ('Oct 9, 2023'), else ''."""
    written = written.strip()
    iso = _ISO_DATE.match(written)
    if iso:
        month, day = int(iso.group(2)), int(iso.group(3) or 1)
        if 1 <= month <= 12 and 1 <= day <= 31:
            return f"{iso.group(1)}-{month:02d}-{day:02d}"
    medline = _MEDLINE_DATE.match(written)  # PubMed: '2000 Feb 15', '2000 Feb'
    if medline and medline.group(2).lower() in _MONTHS:
        return f"{medline.group(1)}-{_MONTHS[medline.group(2).lower()]:02d}-{int(medline.group(3) or 1):02d}"
    match = _DATE_WRITTEN.match(written)
    if not match or not match.group(3):
        return ""
    named_month = _MONTHS.get(match.group(1).lower())
    if named_month is None:
        return ""
    return f"{match.group(3)}-{named_month:02d}-{int(match.group(2)):02d}"


def is_written_date(line: str) -> bool:
    """True for 'Oct 9, 2023' or 'Jan 31'."""
    match = _DATE_WRITTEN.match(line.strip())
    return match is not None and match.group(1).lower() in _MONTHS


def derived_title(abstract: str) -> str:
    """The first words of the abstract, for records that have no title."""
    if detect_language(abstract) == "zh":
        head = abstract[:30]
        return head + ("…" if len(abstract) > 30 else "")
    words = abstract.split()
    head = " ".join(words[:DERIVED_TITLE_WORDS])
    return head + ("…" if len(words) > DERIVED_TITLE_WORDS else "")


_ARXIV_ID = re.compile(
    r"^(?:arxiv:\s*)?((?:\d{4}\.\d{4,5})|(?:[a-z\-]+(?:\.[A-Z]{2})?/\d{7}))(?:v\d+)?$", re.IGNORECASE
)
_DOI = re.compile(r"(10\.\d{4,9}/\S+)")
_PMID = re.compile(r"^\d{1,9}$")
IDENTIFIER_KINDS = ("doi", "arxiv", "pmid")


def arxiv_id(value: str) -> str:
    """'arXiv:2101.00001v2' or '2101.00001' → '2101.00001' (the version stripped); '' otherwise."""
    match = _ARXIV_ID.match(value.strip().removeprefix("https://arxiv.org/abs/").removeprefix("http://arxiv.org/abs/"))
    return match.group(1) if match else ""


def doi(value: str) -> str:
    """The DOI in a DOI, a doi: name or a doi.org link, lowercased (DOIs ignore case); '' otherwise."""
    match = _DOI.search(value.strip())
    return match.group(1).rstrip(".,;").casefold() if match else ""


def pmid(value: str) -> str:
    text = value.strip().removeprefix("PMID:").strip()
    return text if _PMID.match(text) else ""


@dataclass
class Paper:
    """One paper as parsed from a dump (or merged from several). Identifiers: the first DOI,
    arXiv id and PMID seen; `aliases` holds every other one a merge brought ('pmid:11003455')."""

    abstract: str
    title: str = ""
    authors: list[str] = field(default_factory=list)
    author_count: int | None = None
    date_written: str = ""
    date_iso: str = ""
    upvotes: int | None = None
    lang: str = ""
    sources: list[str] = field(default_factory=list)
    venue: str = ""
    doi: str = ""
    arxiv_id: str = ""
    pmid: str = ""
    url: str = ""
    keywords: list[str] = field(default_factory=list)
    categories: str = ""
    machine_summary: str = ""
    aliases: list[str] = field(default_factory=list)
    starred: bool = False
    note: str = ""  # the reader's own: a note, tags and a reading state (see annotations)
    tags: list[str] = field(default_factory=list)
    reading_state: str = ""
    pdf_path: str = ""  # the paper's PDF on this machine, when one is known
    # From a library that changes (Zotero): a copy from a source the paper already lists may
    # still bring something (new tags, a note); not stored.
    revisable: bool = field(default=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        self.abstract = clean_paragraphs(self.abstract)
        self.title = clean_text(self.title)
        if not self.lang:
            self.lang = detect_language(self.abstract)
        if self.date_written and not self.date_iso:
            self.date_iso = iso_date(self.date_written)
        if self.authors and self.author_count is None:
            self.author_count = len(self.authors)
        self.doi = doi(self.doi) or self.doi.strip()
        self.arxiv_id = arxiv_id(self.arxiv_id) or self.arxiv_id.strip()
        self.pmid = pmid(self.pmid) or self.pmid.strip()

    @property
    def id(self) -> str:
        return content_hash(self.abstract)

    @property
    def display_title(self) -> str:
        return self.title or derived_title(self.abstract)

    @property
    def title_is_derived(self) -> bool:
        return not self.title

    @property
    def year(self) -> int | None:
        return int(self.date_iso[:4]) if self.date_iso else None

    @property
    def date_text(self) -> str:
        """The date as the dump wrote it, else the year."""
        return self.date_written or (str(self.year) if self.year else "")

    @property
    def authors_text(self) -> str:
        """'A. One, B. Two' or, when a dump gives only a count, '7 authors'."""
        if self.authors:
            return author_separator(self.authors).join(self.authors)
        if self.author_count:
            return f"{self.author_count} author" + ("s" if self.author_count != 1 else "")
        return ""

    def identifiers(self) -> list[tuple[str, str]]:
        """Every (kind, value) this paper is known by: its own DOI, arXiv id and PMID, and aliases."""
        own = [("doi", self.doi), ("arxiv", self.arxiv_id), ("pmid", self.pmid)]
        aliases = [tuple(alias.split(":", 1)) for alias in self.aliases if ":" in alias]
        return list(dict.fromkeys([(k, v) for k, v in own if v] + [(k, v) for k, v in aliases]))  # type: ignore[misc]

    def merge_from(self, other: Paper) -> bool:
        """Unions another copy of this paper into it (sources, authors, identifiers, fields it
        lacks); True when anything changed."""
        before = self.to_dict()
        for source in other.sources:
            if source not in self.sources:
                self.sources.append(source)
        for name in ("title", "date_written", "date_iso", "venue", "url", "categories", "machine_summary", "pdf_path"):
            if not getattr(self, name) and getattr(other, name):
                setattr(self, name, getattr(other, name))
        if not self.authors and other.authors:
            self.authors = list(other.authors)
            self.author_count = other.author_count
        elif self.author_count is None and other.author_count is not None:
            self.author_count = other.author_count
        if self.upvotes is None and other.upvotes is not None:
            self.upvotes = other.upvotes
        self.keywords += [k for k in other.keywords if k not in self.keywords]
        self.tags += [tag for tag in other.tags if tag not in self.tags]
        if other.note and other.note not in self.note:
            self.note = f"{self.note}\n\n{other.note}" if self.note else other.note
        if READING_STATES.index(other.reading_state) > READING_STATES.index(self.reading_state):
            self.reading_state = other.reading_state
        for kind, value in other.identifiers():
            attribute = {"doi": "doi", "arxiv": "arxiv_id", "pmid": "pmid"}.get(kind, "")
            if attribute and not getattr(self, attribute):
                setattr(self, attribute, value)
            elif (kind, value) not in self.identifiers():
                self.aliases.append(f"{kind}:{value}")
        return self.to_dict() != before

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "title": self.title,
            "display_title": self.display_title,
            "title_is_derived": self.title_is_derived,
            "abstract": self.abstract,
            "authors": list(self.authors),
            "author_count": self.author_count,
            "date": self.date_written,
            "date_iso": self.date_iso,
            "upvotes": self.upvotes,
            "lang": self.lang,
            "sources": list(self.sources),
            "venue": self.venue,
            "doi": self.doi,
            "arxiv_id": self.arxiv_id,
            "pmid": self.pmid,
            "url": self.url,
            "keywords": list(self.keywords),
            "categories": self.categories,
            "machine_summary": self.machine_summary,
            "identifiers": [f"{kind}:{value}" for kind, value in self.identifiers()],
            "starred": self.starred,
            "note": self.note,
            "tags": list(self.tags),
            "reading_state": self.reading_state,
            "pdf_path": self.pdf_path,
        }


def author_separator(names: list[str]) -> str:
    """'; ' between names written 'Last, First' (a comma would be ambiguous), else ', '."""
    return "; " if any("," in name for name in names) else ", "
