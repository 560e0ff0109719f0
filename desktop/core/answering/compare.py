"""Compare papers: one row per paper with its task, method, data and main result.

Each cell is the abstract's own sentence of that role (roles.py), shortened at a clause, or "not
stated" when the abstract has no such sentence; every cell is checked against its abstract like
an answer sentence. No model writes the cells: a small one put sentences in the wrong columns and
took seconds per paper, and a cell the abstract states needs no rewriting."""

from __future__ import annotations

import threading
import time
from collections.abc import Generator, Sequence

import numpy as np
from scipy.optimize import linear_sum_assignment

from desktop.core.answering.claims import leans_on_context, readable, standalone
from desktop.core.answering.evidence import SentenceIndex
from desktop.core.answering.grounding import SentenceCheck, Trust, check_claims, third_person
from desktop.core.answering.results import Answer, AnswerKind, AnswerPiece, EvidenceFound, Source
from desktop.core.answering.roles import Role, label_roles
from desktop.core.library.records import Paper

FIELDS = ("Task", "Method", "Data", "Result")
FIELD_ROLES = {"Task": Role.TASK, "Method": Role.METHOD, "Data": Role.DATA, "Result": Role.RESULT}
NOT_STATED = "not stated"
CELL_WORDS = 30
MIN_CLAUSE_WORDS = 8
ROLE_FLOOR = 0.35
OWN_ROLE_SHARE = 0.8


def shorten(text: str, words: int = CELL_WORDS) -> str:
    """At most `words` words, ending at a clause (a comma or semicolon) when one is near the end."""
    parts = text.split()
    if len(parts) <= words:
        return text
    head = " ".join(parts[:words])
    cut = max(head.rfind(","), head.rfind(";"))
    if cut > 0 and len(head[:cut].split()) >= MIN_CLAUSE_WORDS:
        head = head[:cut]
    return head.rstrip(",;:") + "…"


def table_cell(text: str) -> str:
    """Markdown-safe cell: no pipes or newlines, HTML angle brackets escaped."""
    return text.replace("|", "\\|").replace("\n", " ").replace("<", "&lt;").replace(">", "&gt;")


def role_cells(sentences: Sequence[str]) -> dict[str, int | None]:
    """For each field, the sentence that plays its role (each sentence used once), or None: the
    assignment with the most role fit in all, so that a paper's one result sentence, which also
    names its benchmark, fills Result when another sentence can fill Data."""
    labelled = label_roles(sentences)
    fit = np.zeros((len(sentences), len(FIELDS)))
    for position, scores in enumerate(labelled):
        best = max(scores.scores.values(), default=0.0)
        for column, name in enumerate(FIELDS):
            score = scores.scores.get(FIELD_ROLES[name], 0.0)
            if score >= ROLE_FLOOR and score >= OWN_ROLE_SHARE * best:  # a cell only for a role the sentence plays
                penalty = 0.2 if leans_on_context(sentences[position]) else 0.0
                # a hair for the earlier sentence, so that ties go to it
                fit[position, column] = max(score - penalty, 1e-3) - 1e-6 * position
    chosen: dict[str, int | None] = dict.fromkeys(FIELDS)
    if not len(sentences):
        return chosen
    rows, columns = linear_sum_assignment(fit, maximize=True)
    for position, column in zip(rows, columns, strict=True):
        if fit[position, column] > 0:
            chosen[FIELDS[column]] = int(position)
    return chosen


def markdown_table(answer: Answer) -> str:
    header = "| Paper | " + " | ".join(FIELDS) + " |\n|" + "---|" * (len(FIELDS) + 1)
    rows = []
    per_row = len(FIELDS)
    for row, source in enumerate(answer.sources):
        cells = answer.sentences[row * per_row : (row + 1) * per_row]
        if len(cells) < per_row:
            continue
        rendered = [table_cell(c.text) if c.text else NOT_STATED for c in cells]
        rows.append(
            f"| [{source.number}] {table_cell(shorten(source.paper.display_title, 10))} | "
            + " | ".join(rendered)
            + " |"
        )
    return header + "\n" + "\n".join(rows)


def compare(
    index: SentenceIndex, papers: list[Paper], stop: threading.Event | None = None, question: str = ""
) -> Generator[AnswerPiece, None, Answer]:
    """Returns the Answer whose text is the table (Markdown) and whose sentences are its cells,
    row by row, each checked against its paper's abstract (an empty cell: not stated)."""
    started = time.perf_counter()
    answer = Answer(question or "Compare " + "; ".join(p.display_title for p in papers), kind=AnswerKind.COMPARE)
    answer.sources = [Source(n, paper, 1.0, None, paper.abstract) for n, paper in enumerate(papers, 1)]
    yield EvidenceFound([], answer.sources)
    by_number = {s.number: s.paper for s in answer.sources}
    for source in answer.sources:
        if stop is not None and stop.is_set():
            answer.stopped = True
            break
        answer.sentences += _row(index, source, by_number)
        if not answer.timings.ttft_s:
            answer.timings.ttft_s = time.perf_counter() - started
    answer.text = markdown_table(answer)
    answer.timings.total_s = time.perf_counter() - started
    yield answer.text
    return answer


def _row(index: SentenceIndex, source: Source, papers: dict[int, Paper]) -> list[SentenceCheck]:
    sentences, _ = index.sentences([source.paper])[source.paper.id]
    texts = [s.text for s in sentences]
    chosen = role_cells(texts)
    claims = []
    for name in FIELDS:
        position = chosen[name]
        cell = shorten(third_person(standalone(readable(texts[position])))) if position is not None else ""
        claims.append((cell, source.number))
    checks = check_claims(claims, papers, index)
    for check, name in zip(checks, FIELDS, strict=True):
        position = chosen[name]
        if position is not None and check.evidence is None:
            check.evidence = sentences[position]
            check.evidence_paper = source.paper.id
        if not check.text:
            check.trust = Trust.UNCITED
    return checks
