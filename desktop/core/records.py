"""The paper record, text normalisation and the content hash used for dedup."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field

MAX_RECORD_CHARS = 20_000
DERIVED_TITLE_WORDS = 12

_WHITESPACE = re.compile(r"\s+")
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_MONTHS = {
    name: number
    for number, name in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1
    )
}
_DATE_WRITTEN = re.compile(r"^([A-Z][a-z]{2})[a-z]*\.? (\d{1,2})(?:, (\d{4}))?$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")


def normalise_text(text: str) -> str:
    """NFKC, casefolded, whitespace collapsed: the form the dedup key is computed on."""
    return _WHITESPACE.sub(" ", unicodedata.normalize("NFKC", text).casefold()).strip()


def content_hash(abstract: str) -> str:
    """The dedup key: a hash of the normalised abstract."""
    return hashlib.sha256(normalise_text(abstract).encode("utf-8")).hexdigest()[:32]


def clean_text(text: str) -> str:
    """Collapse runs of whitespace; keep the text otherwise as written."""
    return _WHITESPACE.sub(" ", text).strip()


def detect_language(text: str) -> str:
    """'zh' when a good share of the letters are CJK, else 'en'."""
    sample = text[:2000]
    letters = sum(1 for char in sample if char.isalpha())
    if letters == 0:
        return "en"
    return "zh" if len(_CJK.findall(sample)) / letters > 0.2 else "en"


def iso_date(written: str) -> str:
    """An ISO date for a written date when it names a year ('Oct 9, 2023'), else ''."""
    written = written.strip()
    iso = _ISO_DATE.match(written)
    if iso:
        return f"{iso.group(1)}-{iso.group(2)}-{iso.group(3)}"
    match = _DATE_WRITTEN.match(written)
    if not match or not match.group(3):
        return ""
    month = _MONTHS.get(match.group(1).lower())
    if month is None:
        return ""
    return f"{match.group(3)}-{month:02d}-{int(match.group(2)):02d}"


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


@dataclass
class Paper:
    """One paper as parsed from a dump (or merged from several)."""

    abstract: str
    title: str = ""
    authors: str = ""
    date_written: str = ""
    date_iso: str = ""
    upvotes: int | None = None
    lang: str = ""
    sources: list[str] = field(default_factory=list)
    external_id: str = ""
    categories: str = ""
    starred: bool = False

    def __post_init__(self) -> None:
        self.abstract = clean_text(self.abstract)
        self.title = clean_text(self.title)
        if not self.lang:
            self.lang = detect_language(self.abstract)
        if self.date_written and not self.date_iso:
            self.date_iso = iso_date(self.date_written)

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

    def merge_from(self, other: Paper) -> bool:
        """Fill what this paper lacks from another copy of it; True when anything changed."""
        changed = False
        for source in other.sources:
            if source not in self.sources:
                self.sources.append(source)
                changed = True
        for name in ("title", "authors", "date_written", "date_iso", "external_id", "categories"):
            if not getattr(self, name) and getattr(other, name):
                setattr(self, name, getattr(other, name))
                changed = True
        if self.upvotes is None and other.upvotes is not None:
            self.upvotes = other.upvotes
            changed = True
        return changed

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "title": self.title,
            "display_title": self.display_title,
            "title_is_derived": self.title_is_derived,
            "abstract": self.abstract,
            "authors": self.authors,
            "date": self.date_written,
            "date_iso": self.date_iso,
            "upvotes": self.upvotes,
            "lang": self.lang,
            "sources": list(self.sources),
            "external_id": self.external_id,
            "categories": self.categories,
            "starred": self.starred,
        }
