"""Questions about the library itself, answered from its metadata (never from an abstract):
counts (by year, language, author, dump), years, dumps, languages, authors, newest papers, tags,
the reading list and starred papers."""

from __future__ import annotations

import re

from desktop.core.answering.routing import LibraryAspect, RoutedQuestion
from desktop.core.base.filters import SearchFilters
from desktop.core.library.library import Library

LANGUAGE_NAMES = {"en": "English", "zh": "Chinese"}
SHOWN = 10


def answer_library_question(library: Library, routed: RoutedQuestion) -> str:
    """The factual answer to a question the router found to be about the library."""
    aspect = routed.aspect or LibraryAspect.COUNT
    stats = library.stats()
    if stats.papers == 0:
        return "Your library is empty: drop paper listings, exports or PDFs on the window to import them."
    if aspect is LibraryAspect.SOURCES:
        lines = [f"- {name}: {count} papers" for name, count in stats.sources.items()]
        return f"You imported {len(stats.sources)} dumps:\n\n" + "\n".join(lines)
    if aspect is LibraryAspect.LANGUAGES:
        parts = [
            f"{LANGUAGE_NAMES.get(code, code)}: {count} ({count / stats.papers:.0%})"
            for code, count in sorted(stats.languages.items(), key=lambda item: -item[1])
        ]
        return f"Your {stats.papers} papers by language: " + ", ".join(parts) + "."
    if aspect is LibraryAspect.YEARS:
        dated = sum(stats.years.values())
        if not stats.years:
            return f"None of your {stats.papers} papers carries a year."
        parts = [f"{year}: {count}" for year, count in sorted(stats.years.items(), reverse=True)]
        most = max(stats.years.values())
        peaks = " and ".join(str(year) for year, count in sorted(stats.years.items()) if count == most)
        return (
            f"Your dated papers span {min(stats.years)}–{max(stats.years)}; the most ({most}) are from {peaks}. "
            f"By year: {', '.join(parts)}. ({stats.papers - dated} of your {stats.papers} papers carry no year.)"
        )
    if aspect is LibraryAspect.AUTHORS:
        top = library.author_counts(SHOWN)
        if not top:
            return "None of your papers lists its authors."
        return "The authors with the most papers in your library:\n\n" + "\n".join(
            f"- {name}: {count}" for name, count in top
        )
    if aspect is LibraryAspect.NEWEST:
        ids = library.newest_ids(routed.filters, SHOWN)
        papers = library.get_many(ids)
        lines = [f"- {papers[i].display_title} ({papers[i].date_text or 'no date'})" for i in ids if i in papers]
        if routed.filters.active:
            count = len(library.filtered_ids(routed.filters))
            where = _filters_text(routed.filters)
            if not count:
                return f"Your library has no papers {where}."
            shown = f" (the {len(lines)} newest shown)" if count > len(lines) else ""
            return f"{count} papers {where}, newest first{shown}:\n\n" + "\n".join(lines)
        return "Your newest papers:\n\n" + "\n".join(lines)
    if aspect is LibraryAspect.OLDEST:
        ids = library.newest_ids(routed.filters, SHOWN, oldest=True)
        papers = library.get_many(ids)
        if not papers:
            return f"None of your {stats.papers} papers carries a date."
        lines = [f"- {papers[i].display_title} ({papers[i].date_text})" for i in ids if i in papers]
        return "Your oldest dated papers:\n\n" + "\n".join(lines)
    if aspect is LibraryAspect.TAGS:
        tags = library.annotations.tag_counts()
        if not tags:
            return "You have not tagged any papers yet."
        named = [tag for tag in tags if re.search(rf"(?<![\w-]){re.escape(tag)}(?![\w-])", routed.text, re.I)]
        if named:  # "How many papers are tagged 'to read'?"
            return " ".join(f"{tags[tag]} papers are tagged #{tag}." for tag in named)
        return f"You use {len(tags)} tags:\n\n" + "\n".join(f"- #{tag}: {count}" for tag, count in tags.items())
    if aspect is LibraryAspect.READING:
        entries = library.annotations.reading_list()
        if not entries:
            return "Your reading list is empty."
        papers = library.get_many([pid for pid, _, _ in entries])
        lines = [f"- {papers[pid].display_title} ({state})" for pid, state, _ in entries if pid in papers]
        return f"Your reading list holds {len(lines)} papers:\n\n" + "\n".join(lines[:25])
    if aspect is LibraryAspect.STARRED:
        starred = library.starred()
        if not starred:
            return "You have not starred any papers yet."
        return f"You starred {len(starred)} papers:\n\n" + "\n".join(f"- {p.display_title}" for p in starred[:25])
    source = _named_source(routed.text, list(stats.sources))
    if source:
        return f"{stats.sources[source]} of your {stats.papers} papers came from {source}."
    return _count(library, routed.filters, stats.papers, len(stats.sources), stats.years)


def _named_source(question: str, sources: list[str]) -> str:
    """The dump a question names by a word of its file name ('the Cohen antihistamines file')."""
    words = set(re.findall(r"[a-z0-9]{2,}", question.casefold())) - _NOT_NAMES
    best, held = "", 0
    for source in sources:
        parts = set(re.findall(r"[a-z0-9]{2,}", source.casefold())) - _EXTENSIONS
        overlap = len(words & parts)
        if overlap > held:
            best, held = source, overlap
    return best


_EXTENSIONS = frozenset(["txt", "csv", "tsv", "json", "jsonl", "ris", "bib", "nbib", "xml", "md", "pdf"])
_NOT_NAMES = (
    frozenset(
        [
            "how",
            "many",
            "papers",
            "paper",
            "file",
            "files",
            "dump",
            "dumps",
            "came",
            "come",
            "from",
            "in",
            "my",
            "the",
            "of",
            "are",
            "is",
            "do",
            "did",
            "have",
            "there",
        ]
    )
    | _EXTENSIONS
)


def _count(library: Library, filters: SearchFilters, total: int, dumps: int, years: dict[int, int]) -> str:
    if not filters.active:
        return f"Your library holds {total} papers from {dumps} dumps."
    count = len(library.filtered_ids(filters))
    if not count and filters.author and not (filters.lang or filters.year):
        return f"Your library has no papers by {filters.author}."
    text = f"You have {count} papers {_filters_text(filters)}."
    if filters.year:
        undated = total - sum(years.values())
        text += f" ({undated} of your {total} papers carry no year, so they are not counted.)"
    return text


def _filters_text(filters: SearchFilters) -> str:
    parts = []
    if filters.lang:
        parts.append(f"in {LANGUAGE_NAMES.get(filters.lang, filters.lang)}")
    if filters.author:
        parts.append(f"by {filters.author}")
    if filters.year:
        parts.append(f"dated {filters.year}")
    return " ".join(parts)
