"""A review's decisions out of the app: RIS (Zotero, EndNote, Rayyan, ASReview import it) with the
decision as a label, and CSV with one row per paper and its decision."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from desktop.core.library.exporters import to_ris
from desktop.core.library.records import Paper
from desktop.core.screening.marks import Decision

CSV_COLUMNS = [
    "order",
    "decision",
    "id",
    "title",
    "authors",
    "year",
    "venue",
    "doi",
    "pmid",
    "arxiv_id",
    "url",
    "abstract",
]


def decisions_ris(rows: Sequence[tuple[Paper, Decision | None]], review: str) -> str:
    """RIS records with `LB  - included` (the label field) and the review in a note; papers not
    yet screened get no label."""
    records = []
    for paper, decision in rows:
        text = to_ris([paper]).rstrip("\n")
        head, _, end = text.rpartition("ER  - ")
        extra = f"LB  - {decision.value}\n" if decision is not None else ""
        extra += f"N1  - Screening ({review}): {decision.value if decision else 'not screened'}\n"
        records.append(head + extra + "ER  - " + end + "\n")
    return "\n".join(records)


def decisions_csv(rows: Sequence[tuple[Paper, Decision | None]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for order, (paper, decision) in enumerate(rows, start=1):
        writer.writerow(
            [
                order if decision is not None else "",
                decision.value if decision is not None else "",
                paper.id,
                paper.display_title,
                "; ".join(paper.authors),
                paper.year or "",
                paper.venue,
                paper.doi,
                paper.pmid,
                paper.arxiv_id,
                paper.url,
                paper.abstract,
            ]
        )
    return out.getvalue()


def export_decisions(rows: Sequence[tuple[Paper, Decision | None]], review: str, suffix: str) -> str:
    """RIS for a .ris file, CSV for anything else (.csv, .tsv is not offered)."""
    return decisions_ris(rows, review) if suffix.lower() == ".ris" else decisions_csv(rows)
