"""Untrusted text (titles, abstracts, model output) made inert before any widget renders it."""

from __future__ import annotations

import html
import re

from desktop.core.library.records import Paper, author_separator
from desktop.core.text.citation_marks import PLAIN_CITATION
from desktop.core.text.keywords import Snippet

_MARKDOWN_HTML = re.compile(r"[<>&]")


def text(value: str) -> str:
    """Plain text for a rich-text widget: every tag and entity shown literally."""
    return html.escape(value, quote=True)


def snippet_html(snippet: Snippet, mark_color: str) -> str:
    """The snippet with its query-term spans highlighted, everything else escaped."""
    out, last = [], 0
    for start, end in snippet.spans:
        out.append(text(snippet.text[last:start]))
        out.append(
            f'<span style="background-color:{mark_color}; font-weight:600">{text(snippet.text[start:end])}</span>'
        )
        last = end
    out.append(text(snippet.text[last:]))
    return "".join(out)


def marked(value: str, spans: list[tuple[int, int]], mark_color: str) -> str:
    """value with the given spans highlighted, everything escaped."""
    return snippet_html(Snippet(value, spans), mark_color)


def paper_meta(paper: Paper) -> str:
    parts = [
        short_authors(paper),
        paper.venue,
        paper.date_text,
        "中文" if paper.lang == "zh" else "",
        ", ".join(paper.sources),
    ]
    if paper.upvotes:
        parts.append(f"▲ {paper.upvotes}")
    return " · ".join(part for part in parts if part)


def short_authors(paper: Paper, most: int = 3) -> str:
    """'A. One, B. Two, C. Three et al.' or '7 authors'."""
    if len(paper.authors) > most:
        return author_separator(paper.authors).join(paper.authors[:most]) + " et al."
    return paper.authors_text


def identifiers_text(paper: Paper) -> str:
    """DOI, arXiv id, PMID and URL, as a line for the reader."""
    parts = [
        f"doi:{paper.doi}" if paper.doi else "",
        f"arXiv:{paper.arxiv_id}" if paper.arxiv_id else "",
        f"PMID {paper.pmid}" if paper.pmid else "",
        paper.url,
    ]
    return " · ".join(part for part in parts if part)


def markdown_safe(value: str) -> str:
    """Model or dump text for setMarkdown: HTML characters as entities, so tags stay literal."""
    return _MARKDOWN_HTML.sub(lambda m: {"<": "&lt;", ">": "&gt;", "&": "&amp;"}[m.group(0)], value)


def link_citations(markdown: str, valid: set[int]) -> str:
    """[n] becomes a link the chat panel turns into 'open paper n'."""

    def replace(match: re.Match[str]) -> str:
        number = int(match.group(1))
        return f"[\\[{number}\\]](cite:{number})" if number in valid else match.group(0)

    return PLAIN_CITATION.sub(replace, markdown)


def citation_text(paper: Paper) -> str:
    """A plain-text reference for the clipboard."""
    title = paper.display_title
    parts = [title]
    if paper.authors_text:
        parts.append(paper.authors_text)
    if paper.venue:
        parts.append(paper.venue)
    if paper.date_text:
        parts.append(paper.date_text)
    if paper.doi:
        parts.append(f"doi:{paper.doi}")
    elif paper.arxiv_id:
        parts.append(f"arXiv:{paper.arxiv_id}")
    parts.append(f"(from {', '.join(paper.sources)})")
    return ". ".join(parts)
