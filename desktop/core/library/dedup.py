"""When two records are one paper: an identifier matches (DOI, arXiv id, PMID; a DOI only when
the titles agree, since exports sometimes give a proceedings volume's DOI to each of its papers);
or the abstract is the same once case, spacing, TeX, markup and punctuation are set aside; or it
is a near-duplicate — the same specific title and nearly the same abstract (a few characters or a
revised sentence apart), or the same title and an abstract cut short ("…") in a listing. Generic
titles ("Introduction", "Editorial") never make a match.

The rule is measured on tests/core/test_dedup.py (both kinds of mistake)."""

from __future__ import annotations

import difflib
import hashlib
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from desktop.core.library.records import Paper
from desktop.core.text.cjk import has_cjk
from desktop.core.text.text_cleaning import repair

# Word-level similarity of two abstracts with the same title from which they are one paper:
# a revised sentence in a ten-sentence abstract still scores about 0.9 (tests/core/test_dedup.py).
NEAR_DUPLICATE_RATIO = 0.85
# A DOI match is trusted when the titles are at least this alike (a subtitle added or dropped
# still is); below it the two records are different papers given one volume DOI.
DOI_TITLE_AGREEMENT = 0.5
# A listing's abstract cut short is the full one's copy when it still has this many words.
MIN_TRUNCATED_WORDS = 20
MIN_TITLE_CHARS = 16
# Identifiers of an item in a reference manager's library (its key): a record with one a paper
# has, but another abstract, is that item edited, and its abstract replaces the stored one.
EDITABLE_KINDS = frozenset({"zotero"})
MIN_CJK_TITLE_CHARS = 6
GENERIC_TITLES = frozenset(
    [
        "introduction",
        "editorial",
        "preface",
        "foreword",
        "erratum",
        "errata",
        "corrigendum",
        "correction",
        "retraction",
        "reply",
        "response",
        "abstract",
        "abstracts",
        "untitled",
        "commentary",
        "comment",
        "conclusion",
        "conclusions",
        "discussion",
        "index",
        "contents",
        "news",
        "announcement",
        "obituary",
        "acknowledgments",
        "acknowledgements",
        "reviewers",
        "letter",
        "letters",
        "notes",
        "frontmatter",
        "backmatter",
        "bookreview",
        "bookreviews",
        "lettertotheeditor",
        "guesteditorial",
        "editorsnote",
        "inmemoriam",
        "tableofcontents",
    ]
)
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


class MatchKind(StrEnum):
    SAME = "same abstract"
    IDENTIFIER = "same identifier"
    SAME_TEXT = "same text without markup"
    NEAR = "near-duplicate"
    TRUNCATED = "abstract cut short"


def title_key(title: str) -> str:
    """The title as matched: letters and digits only; '' for a generic or too short title."""
    key = "".join(_WORD.findall(unicodedata.normalize("NFKC", title).casefold()))
    if key in GENERIC_TITLES:
        return ""
    return key if len(key) >= (MIN_CJK_TITLE_CHARS if has_cjk(key) else MIN_TITLE_CHARS) else ""


def canonical_key(abstract: str) -> str:
    """A hash of the abstract's words alone: TeX, HTML, punctuation, case and spacing set aside."""
    words = _WORD.findall(unicodedata.normalize("NFKC", repair(abstract, tex=True)).casefold())
    return hashlib.sha256(" ".join(words).encode("utf-8")).hexdigest()[:32]


def near_duplicate(first: str, second: str) -> bool:
    """Nearly the same abstract, word for word."""
    a, b = _WORD.findall(first.casefold()), _WORD.findall(second.casefold())
    if not a or not b or min(len(a), len(b)) < 0.8 * max(len(a), len(b)):
        return False
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio() >= NEAR_DUPLICATE_RATIO


def truncated_copy(first: str, second: str) -> bool:
    """One abstract is the other cut short (a listing's '…'); its last word may be cut too."""
    short, full = sorted((_WORD.findall(first.casefold()), _WORD.findall(second.casefold())), key=len)
    if len(short) < MIN_TRUNCATED_WORDS or len(short) >= len(full):
        return False
    return short[:-1] == full[: len(short) - 1] and full[len(short) - 1].startswith(short[-1])


def titles_agree(first: str, second: str) -> bool:
    """The same work's titles (one may be missing, or carry a subtitle the other lacks)."""
    a = "".join(_WORD.findall(unicodedata.normalize("NFKC", first).casefold()))
    b = "".join(_WORD.findall(unicodedata.normalize("NFKC", second).casefold()))
    if not a or not b or a in b or b in a:
        return True
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio() >= DOI_TITLE_AGREEMENT


class StoredPapers(Protocol):
    """What matching needs to ask the store."""

    def known_ids(self, ids: Iterable[str]) -> set[str]: ...

    def ids_for_identifiers(self, pairs: Iterable[tuple[str, str]]) -> dict[tuple[str, str], list[tuple[str, str]]]:
        """(kind, value) → the papers with it, as (id, title)."""
        ...

    def ids_for_canonical(self, keys: Iterable[str]) -> dict[str, str]: ...

    def abstracts_for_titles(self, keys: Iterable[str]) -> dict[str, list[tuple[str, str]]]: ...


@dataclass
class Match:
    """Where a record goes: an existing paper (stored, or earlier in the same batch), or nowhere (new)."""

    target: str = ""
    kind: MatchKind | None = None
    fuller: bool = False  # the record's abstract takes the target's place (the whole of a cut-short one, an edit)

    @property
    def new(self) -> bool:
        return not self.target


def resolve(papers: Sequence[Paper], stored: StoredPapers) -> list[Match]:
    """For each record, the paper it is (checked against the store, then earlier records)."""
    ids = [paper.id for paper in papers]
    known = stored.known_ids(ids)
    by_identifier = stored.ids_for_identifiers({pair for paper in papers for pair in paper.identifiers()})
    canonical = [canonical_key(paper.abstract) for paper in papers]
    by_canonical = stored.ids_for_canonical(canonical)
    titles = [title_key(paper.title) for paper in papers]
    by_title = stored.abstracts_for_titles({key for key in titles if key})
    batch = _BatchIndex()
    matches = []
    for position, paper in enumerate(papers):
        match = _stored_match(
            paper,
            ids[position],
            known,
            by_identifier,
            canonical[position],
            by_canonical,
            by_title.get(titles[position], []),
        )
        if match.new:
            match = batch.match(paper, canonical[position], titles[position])
        if match.new:
            batch.add(paper, canonical[position], titles[position])
        else:
            batch.alias(paper, canonical[position], match.target)
        matches.append(match)
    return matches


def _stored_match(
    paper: Paper,
    paper_id: str,
    known: set[str],
    by_identifier: dict[tuple[str, str], list[tuple[str, str]]],
    canonical: str,
    by_canonical: dict[str, str],
    same_title: list[tuple[str, str]],
) -> Match:
    if paper_id in known:
        return Match(paper_id, MatchKind.SAME)
    for pair in paper.identifiers():
        for other_id, other_title in by_identifier.get(pair, []):
            if pair[0] in EDITABLE_KINDS:  # the same library item, its abstract edited since: it replaces
                return Match(other_id, MatchKind.IDENTIFIER, fuller=True)
            if pair[0] != "doi" or titles_agree(paper.title, other_title):
                return Match(other_id, MatchKind.IDENTIFIER)
    if canonical in by_canonical:
        return Match(by_canonical[canonical], MatchKind.SAME_TEXT)
    for other_id, abstract in same_title:
        if near_duplicate(paper.abstract, abstract):
            return Match(other_id, MatchKind.NEAR)
        if truncated_copy(paper.abstract, abstract):
            return Match(other_id, MatchKind.TRUNCATED, fuller=len(paper.abstract) > len(abstract))
    return Match()


class _BatchIndex:
    """The new papers of a batch so far, for records that repeat one of them."""

    def __init__(self) -> None:
        self.ids: set[str] = set()
        self.identifiers: dict[tuple[str, str], list[tuple[str, str]]] = {}
        self.canonical: dict[str, str] = {}
        self.titles: dict[str, list[tuple[str, str]]] = {}

    def match(self, paper: Paper, canonical: str, title: str) -> Match:
        return _stored_match(
            paper,
            paper.id,
            self.ids,
            self.identifiers,
            canonical,
            self.canonical,
            self.titles.get(title, []) if title else [],
        )

    def add(self, paper: Paper, canonical: str, title: str) -> None:
        self.ids.add(paper.id)
        for pair in paper.identifiers():
            self.identifiers.setdefault(pair, []).append((paper.id, paper.title))
        self.canonical.setdefault(canonical, paper.id)
        if title:
            self.titles.setdefault(title, []).append((paper.id, paper.abstract))

    def alias(self, paper: Paper, canonical: str, target: str) -> None:
        """A record found to be `target`: later copies of its own text are `target` too."""
        for pair in paper.identifiers():
            self.identifiers.setdefault(pair, []).append((target, paper.title))
        self.canonical.setdefault(canonical, target)
