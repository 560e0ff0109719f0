"""Keyword side of search: FTS5 query building, CJK segmentation and highlighted snippets."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from desktop.core.text.cjk import CJK_CHAR, CJK_RANGES, is_cjk_run

_TERM = re.compile(f"[{CJK_RANGES}]+|[^\\W_]+(?:[-'][^\\W_]+)*", re.UNICODE)
# "CBDNet's", "what's", "I'm": the word is the part before its clitic ("don't" stays whole)
CLITIC = re.compile(r"'(?:s|m|re|ve|ll|d)$", re.I)
STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "can",
        "do",
        "does",
        "for",
        "from",
        "has",
        "have",
        "how",
        "i",
        "in",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "that",
        "the",
        "their",
        "this",
        "to",
        "was",
        "what",
        "when",
        "where",
        "which",
        "who",
        "why",
        "will",
        "with",
    ]
)
SNIPPET_CHARS = 240


def segment_cjk(text: str) -> str:
    """Spaces out CJK characters so the unicode61 tokenizer indexes each one; phrases rejoin them."""
    return CJK_CHAR.sub(r" \g<0> ", text)


def query_terms(query: str) -> list[str]:
    """The words of a query worth matching, without stopwords, in order, without repeats."""
    terms: list[str] = []
    for match in _TERM.finditer(query):
        term = CLITIC.sub("", match.group(0))
        if term.casefold() in STOPWORDS and not is_cjk_run(term):
            continue
        if term.casefold() not in (t.casefold() for t in terms):
            terms.append(term)
    return terms


def fts_terms(query: str) -> list[str]:
    """The query's terms as quoted FTS5 phrases (CJK runs as phrases of single characters)."""
    parts = []
    for term in query_terms(query):
        cleaned = " ".join(segment_cjk(term).replace('"', "").split())
        if cleaned:
            parts.append(f'"{cleaned}"')
    return parts


def fts_query(query: str) -> str:
    """An FTS5 MATCH expression matching any of the query's terms."""
    return " OR ".join(fts_terms(query))


@dataclass
class Snippet:
    """A window of text with the spans (start, end) where query terms occur."""

    text: str
    spans: list[tuple[int, int]] = field(default_factory=list)

    def marked(self, left: str = "**", right: str = "**") -> str:
        out, last = [], 0
        for start, end in self.spans:
            out.append(self.text[last:start] + left + self.text[start:end] + right)
            last = end
        out.append(self.text[last:])
        return "".join(out)


def _term_pattern(terms: list[str]) -> re.Pattern[str] | None:
    pieces = []
    for term in terms:
        if is_cjk_run(term):
            pieces.append(re.escape(term))
        else:
            stem = term if len(term) <= 4 else term[: max(4, len(term) - 2)]
            pieces.append(r"\b" + re.escape(stem) + r"\w*")
    if not pieces:
        return None
    return re.compile("|".join(sorted(pieces, key=len, reverse=True)), re.IGNORECASE)


def term_spans(text: str, query: str) -> list[tuple[int, int]]:
    """Where the query's words (or their stems) occur in text."""
    pattern = _term_pattern(query_terms(query))
    return [(match.start(), match.end()) for match in pattern.finditer(text)] if pattern else []


def make_snippet(text: str, query: str, width: int = SNIPPET_CHARS) -> Snippet:
    """The part of text around the first query term, with every term occurrence marked."""
    pattern = _term_pattern(query_terms(query))
    first = pattern.search(text) if pattern else None
    start = 0
    if first and first.start() > width // 3:
        start = text.rfind(" ", 0, first.start() - width // 3) + 1
    end = min(len(text), start + width)
    if end < len(text):
        cut = text.rfind(" ", start, end)
        end = cut if cut > start + width // 2 else end
    window = ("…" if start > 0 else "") + text[start:end] + ("…" if end < len(text) else "")
    offset = 1 if start > 0 else 0
    spans: list[tuple[int, int]] = []
    if pattern:
        for match in pattern.finditer(text, start, end):
            spans.append((match.start() - start + offset, match.end() - start + offset))
    return Snippet(window, spans)
