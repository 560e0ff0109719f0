"""Questions about the library itself, answered from metadata rather than by the model guessing."""

from __future__ import annotations

import re

from desktop.core.base.filters import SearchFilters
from desktop.core.library.library import Library

_HOW_MANY = re.compile(r"\bhow many (?:papers|abstracts|records|items)\b", re.IGNORECASE)
_WHICH_SOURCES = re.compile(
    r"\b(?:which|what) (?:dumps|sources|files|listings)\b|\bdumps? (?:did|have) i\b", re.IGNORECASE
)
_LANGUAGES = re.compile(r"\bwhat languages?\b|\bwhich languages?\b", re.IGNORECASE)
_YEAR = re.compile(r"\b(19\d{2}|20\d{2})\b")
_LANGUAGE_NAMES = {"chinese": "zh", "english": "en"}


def answer_library_question(library: Library, question: str) -> str | None:
    """A factual answer when the question is about the library's contents, else None."""
    stats = library.stats()
    if _WHICH_SOURCES.search(question):
        if not stats.sources:
            return "You have not imported any dumps yet."
        lines = [f"- {name}: {count} papers" for name, count in stats.sources.items()]
        return f"You imported {len(stats.sources)} dumps:\n\n" + "\n".join(lines)
    if _LANGUAGES.search(question):
        parts = [f"{code}: {count}" for code, count in stats.languages.items()]
        return "Papers by language: " + ", ".join(parts) + "."
    if _HOW_MANY.search(question):
        year_match = _YEAR.search(question)
        lang = next((code for name, code in _LANGUAGE_NAMES.items() if name in question.casefold()), "")
        if year_match:
            year = int(year_match.group(1))
            count = len(library.filtered_ids(SearchFilters(lang=lang, year=year)))
            undated = stats.papers - sum(stats.years.values())
            return (
                f"You have {count} papers dated {year}. "
                f"({undated} of your {stats.papers} papers carry no year, so they are not counted.)"
            )
        if lang:
            count = stats.languages.get(lang, 0)
            return f"You have {count} papers in {'Chinese' if lang == 'zh' else 'English'}."
        return f"Your library holds {stats.papers} papers from {len(stats.sources)} dumps."
    return None
