"""Judging answers against the labelled question set, independently of the app's own checks.

- backed: bench/answer_checker.backed (numbers, content words and their order read off the cited
  abstracts; no embeddings).
- on the question: a sentence cites a paper labelled for the question and either overlaps a
  labelled answer sentence, holds a key fact, or holds one of the question's focus terms. A list
  line is on the question when the paper it names is labelled relevant.
- compare cells: the cell's sentence carries the labelled role of its column, or the cell says
  "not stated" and no sentence of the paper carries that role.
- library answers: the true value, counted here with SQL from the library's tables."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench import answer_checker
from bench.qa_set import LabelledQuestion

OVERLAP = 0.5
COLUMNS = {"Task": "task", "Method": "method", "Data": "data", "Result": "result"}


def words(text: str) -> set[str]:
    return set(answer_checker.content_words(text))


def overlap(sentence: str, labelled: str) -> float:
    mine = words(sentence)
    return len(mine & words(labelled)) / len(mine) if mine else 0.0


def holds_any(text: str, options: Sequence[str]) -> bool:
    haystack = answer_checker.normalise(text)
    return any(answer_checker.normalise(o) in haystack for o in options if o)


def key_fact_share(text: str, facts: list[list[str]]) -> float:
    if not facts:
        return 1.0
    return sum(holds_any(text, group) for group in facts) / len(facts)


def sentence_on_question(sentence: str, cited_ids: set[str], question: LabelledQuestion) -> bool:
    if not cited_ids & set(question.papers):
        return False
    if any(overlap(sentence, labelled) >= OVERLAP for labelled in question.answer_sentences):
        return True
    if any(holds_any(sentence, group) for group in question.key_facts):
        return True
    return holds_any(sentence, question.focus)


def judge_sentences(answer: Any, question: LabelledQuestion) -> list[dict[str, Any]]:
    """Each answer sentence: backed by its cited abstracts, and on the question."""
    by_number = {s.number: s.paper for s in answer.sources}
    judged = []
    for check in answer.sentences:
        if not check.text:
            continue
        cited = [by_number[n] for n in check.cited if n in by_number]
        ids = {p.id for p in cited}
        judged.append(
            {
                "text": check.text,
                "backed": answer_checker.backed(check.text, [p.abstract for p in cited]) if cited else False,
                "on_question": sentence_on_question(check.text, ids, question),
                "cited": sorted(ids),
            }
        )
    return judged


def listed_ids(answer: Any) -> list[str]:
    """The papers a list answer names: its lines' sources."""
    by_number = {s.number: s.paper.id for s in answer.sources}
    numbers = [line.number for section in answer.sections for line in section.lines if line.number]
    if not numbers:
        numbers = sorted({n for check in answer.sentences for n in check.cited})
    return [by_number[n] for n in numbers if n in by_number]


def list_scores(answer: Any, question: LabelledQuestion) -> dict[str, float]:
    listed = set(listed_ids(answer))
    relevant = set(question.papers)
    hit = len(listed & relevant)
    shown_cap = len(listed) + getattr(answer, "more", 0)
    recall_base = min(len(relevant), max(len(listed), 1) if getattr(answer, "more", 0) else len(relevant))
    return {
        "precision": hit / len(listed) if listed else 0.0,
        "recall": hit / len(relevant) if relevant else 1.0,
        "recall_shown": hit / recall_base if recall_base else 1.0,
        "listed": float(len(listed)),
        "claimed": float(shown_cap),
    }


def compare_cells(answer: Any, question: LabelledQuestion) -> list[bool]:
    """Whether each cell is right (see the module's docstring)."""
    by_paper: dict[str, list[dict[str, Any]]] = {}
    order = question.papers
    for label in question.roles:
        index = label.get("paper", 0)
        if 0 <= index < len(order):
            by_paper.setdefault(order[index], []).append(label)
    results = []
    fields = list(COLUMNS)
    for row, source in enumerate(answer.sources):
        labels = by_paper.get(source.paper.id)
        if not labels:
            continue
        cells = answer.sentences[row * len(fields) : (row + 1) * len(fields)]
        for name, cell in zip(fields, cells, strict=False):
            role = COLUMNS[name]
            has_role = [lab for lab in labels if role in lab["role"].split("|")]
            if not cell.text:
                results.append(not has_role)
                continue
            best = max(labels, key=lambda lab: overlap(cell.text, lab["sentence"]))
            results.append(role in best["role"].split("|"))
    return results


def library_truth(db: Path, spec: dict[str, Any]) -> list[str]:
    """Strings a right answer to a library question contains (any one of each is enough)."""
    connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return _truth(connection, spec)
    finally:
        connection.close()


def _truth(db: sqlite3.Connection, spec: dict[str, Any]) -> list[str]:
    ((what, value),) = spec.items()
    if what == "count":
        clauses, args = ["1"], []  # type: list[str], list[Any]
        if value.get("year"):
            clauses.append("year = ?")
            args.append(value["year"])
        if value.get("lang"):
            clauses.append("lang = ?")
            args.append(value["lang"])
        if value.get("source_contains"):
            clauses.append("id IN (SELECT paper_id FROM paper_sources WHERE lower(source) LIKE ?)")
            args.append(f"%{value['source_contains'].lower()}%")
        count = db.execute(f"SELECT count(*) FROM papers WHERE {' AND '.join(clauses)}", args).fetchone()[0]
        return [str(count)]
    if what == "sources":
        return [row[0] for row in db.execute("SELECT DISTINCT source FROM paper_sources")]
    if what == "languages":
        return [str(row[0]) for row in db.execute("SELECT count(*) FROM papers GROUP BY lang")]
    if what == "years":
        rows = db.execute(
            "SELECT year, count(*) FROM papers WHERE year IS NOT NULL GROUP BY year ORDER BY 2 DESC LIMIT 3"
        )
        return [f"{row[0]}: {row[1]}" for row in rows]
    if what == "authors_top":
        import json

        counts: dict[str, int] = {}
        for (authors,) in db.execute("SELECT authors_json FROM papers"):
            for name in json.loads(authors or "[]"):
                counts[name] = counts.get(name, 0) + 1
        best = max(counts.values(), default=0)
        return [name for name, count in counts.items() if count == best][:1]
    if what == "by_author":
        rows = db.execute("SELECT title FROM papers WHERE authors_json LIKE ?", [f"%{value}%"])
        return [row[0][:40] for row in rows][:1]
    if what == "newest":
        row = db.execute("SELECT title FROM papers ORDER BY date_iso DESC, rowid DESC LIMIT 1").fetchone()
        return [row[0][:40]] if row else []
    return []


def library_right(text: str, truth: list[str], spec: dict[str, Any]) -> bool:
    ((what, _),) = spec.items()
    if not truth:
        return False
    if what in ("sources", "languages", "years"):
        return all(t in text for t in truth)
    if what == "count":
        return re.search(rf"(?<![\d,]){re.escape(truth[0])}(?![\d,])", text.replace(",", "")) is not None
    return any(t in text for t in truth)


_LEANING = re.compile(
    r"^(specifically|moreover|furthermore|additionally|however|thus|therefore|also)?,?\s*"
    r"(this|these|those|such|it|its|they|their|them)\b",
    re.I,
)


def leans(sentence: str) -> bool:
    """A sentence that cannot stand alone: it opens by pointing back at one not shown."""
    return _LEANING.search(sentence.strip()) is not None
