"""How a Paper is laid out in the store's rows: columns, values, the keyword index's text."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from desktop.core.library.dedup import canonical_key, title_key
from desktop.core.library.records import Paper
from desktop.core.text.keywords import segment_cjk

FIELDS = (
    "title, abstract, authors_json, author_count, date_written, date_iso, year, upvotes, lang, venue, doi, "
    "arxiv_id, pmid, url, keywords_json, categories, machine_summary, title_key, canonical_key, pdf_path"
)
COLUMNS = f"id, {FIELDS}, starred, rowid"
INSERT = f"INSERT INTO papers (id, {FIELDS}, starred, added_at) VALUES ({', '.join('?' * (FIELDS.count(',') + 4))})"
UPDATE = "UPDATE papers SET " + ", ".join(f"{name.strip()} = ?" for name in FIELDS.split(",")) + " WHERE id = ?"
OWN_KINDS = {"doi": "doi", "arxiv": "arxiv_id", "pmid": "pmid"}


def values(paper: Paper) -> list[Any]:
    """The FIELDS of a paper, in order."""
    return [
        paper.title,
        paper.abstract,
        json.dumps(paper.authors, ensure_ascii=False),
        paper.author_count,
        paper.date_written,
        paper.date_iso,
        paper.year,
        paper.upvotes,
        paper.lang,
        paper.venue,
        paper.doi,
        paper.arxiv_id,
        paper.pmid,
        paper.url,
        json.dumps(paper.keywords, ensure_ascii=False),
        paper.categories,
        paper.machine_summary,
        title_key(paper.title),
        canonical_key(paper.abstract),
        paper.pdf_path,
    ]


def index_text(paper: Paper) -> tuple[str, str, str]:
    """What the keyword index holds of a paper: title, abstract, authors (CJK spaced out)."""
    return segment_cjk(paper.title), segment_cjk(paper.abstract), segment_cjk("; ".join(paper.authors))


def paper_from_row(row: sqlite3.Row, sources: list[str], identifiers: list[tuple[str, str]]) -> Paper:
    paper = Paper(
        abstract=row["abstract"],
        title=row["title"],
        authors=list(json.loads(row["authors_json"])),
        author_count=row["author_count"],
        date_written=row["date_written"],
        date_iso=row["date_iso"],
        upvotes=row["upvotes"],
        lang=row["lang"],
        sources=sources,
        venue=row["venue"],
        doi=row["doi"],
        arxiv_id=row["arxiv_id"],
        pmid=row["pmid"],
        url=row["url"],
        keywords=list(json.loads(row["keywords_json"])),
        categories=row["categories"],
        machine_summary=row["machine_summary"],
        starred=bool(row["starred"]),
        pdf_path=row["pdf_path"],
    )
    own = set(paper.identifiers())
    paper.aliases = [f"{kind}:{value}" for kind, value in identifiers if (kind, value) not in own]
    return paper
