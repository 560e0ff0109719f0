"""Compare papers: one row per paper with its task, method, data and main result.

The model fills the four fields from each abstract; a cell is kept only if that abstract backs it
(the same check as answer sentences), otherwise it becomes the abstract's own sentence for that
field, cut at a clause. Every cell carries its trust state, like an answer sentence."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Generator

from desktop.core.answering import prompts
from desktop.core.answering.answer import Answer, Answerer, AnswerPiece, EvidenceFound, Source
from desktop.core.answering.compose import AnswerStyle
from desktop.core.answering.grounding import SentenceCheck, Trust, check_claims, faithful
from desktop.core.library.records import Paper
from desktop.core.text.sentences import split_sentences

FIELDS = ("Task", "Method", "Data", "Result")
_CUES = {
    "Task": re.compile(r"\b(task|problem|challenge|aim|goal|study|address|question)", re.IGNORECASE),
    "Method": re.compile(
        r"\b(we (propose|present|introduce|develop|describe)|our (method|approach|model)|framework|technique)",
        re.IGNORECASE,
    ),
    "Data": re.compile(r"\b(dataset|benchmark|corpus|data|games|tasks|suite)\b", re.IGNORECASE),
    "Result": re.compile(
        r"\b(outperform|achiev|improv|state[- ]of[- ]the[- ]art|results? show|we find|speedup)", re.IGNORECASE
    ),
}
_FIELD_LINE = re.compile(r"^\s*[-*]?\s*\**(Task|Method|Data|Result)s?\**\s*:\s*(.+)$", re.IGNORECASE | re.MULTILINE)
CELL_WORDS = 20
MIN_CLAUSE_WORDS = 8


def parse_fields(text: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for match in _FIELD_LINE.finditer(text):
        name = match.group(1).capitalize()
        value = match.group(2).strip().strip("*").strip()
        if value and value not in ("...", "…") and name not in found:
            found[name] = value
    return found


def abstract_cell(abstract: str, name: str, used: set[str]) -> str:
    """The abstract's first unused sentence with the field's cue words, cut at a clause."""
    for sentence in split_sentences(abstract):
        if _CUES[name].search(sentence.text) and sentence.text not in used:
            used.add(sentence.text)
            return shorten(sentence.text)
    return ""


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


def _usable(cell: str, paper: Paper) -> str:
    """A model's cell, or '' when it is no cell: the paper's title again, a link, markup."""
    if re.search(r"https?://|\]\(|^\[", cell):
        return ""
    words = set(cell.casefold().split())
    title = set(paper.display_title.casefold().replace(":", " ").split())
    if words and len(words & title) / len(words) > 0.7:
        return ""
    return cell


def table_cell(text: str) -> str:
    """Markdown-safe cell: no pipes or newlines, HTML angle brackets escaped."""
    return text.replace("|", "\\|").replace("\n", " ").replace("<", "&lt;").replace(">", "&gt;")


def compare(
    answerer: Answerer, papers: list[Paper], stop: threading.Event | None = None
) -> Generator[AnswerPiece, None, Answer]:
    """Streams a progress line per paper, then returns the Answer whose text is the table and
    whose sentences are its cells, each checked against its paper's abstract."""
    started = time.perf_counter()
    answer = Answer("Compare " + ", ".join(p.display_title for p in papers), style=answerer.style.value)
    answer.sources = [Source(n, paper, 1.0, None, paper.abstract) for n, paper in enumerate(papers, 1)]
    yield EvidenceFound([], answer.sources)
    rows = []
    for source in answer.sources:
        if stop is not None and stop.is_set():
            answer.stopped = True
            break
        yield f"Reading [{source.number}] {source.paper.display_title}…\n"
        if not answer.timings.ttft_s:
            answer.timings.ttft_s = time.perf_counter() - started
        cells = _cells(answerer, source, answer, stop)
        answer.sentences += cells
        rows.append(
            f"| [{source.number}] {table_cell(shorten(source.paper.display_title, 10))} | "
            + " | ".join(table_cell(c.text) if c.text else "—" for c in cells)
            + " |"
        )
    header = "| Paper | " + " | ".join(FIELDS) + " |\n|" + "---|" * (len(FIELDS) + 1)
    answer.text = header + "\n" + "\n".join(rows)
    answer.timings.total_s = time.perf_counter() - started
    yield "\n" + answer.text
    return answer


def _cells(answerer: Answerer, source: Source, answer: Answer, stop: threading.Event | None) -> list[SentenceCheck]:
    """The row's cells: the model's where the abstract backs them, else the abstract's own."""
    fields: dict[str, str] = {}
    if answerer.model is not None:
        messages = [
            {"role": "system", "content": prompts.COMPARE_SYSTEM},
            {
                "role": "user",
                "content": prompts.compare_user_message(source.paper.display_title, source.paper.abstract),
            },
        ]
        reply = "".join(answerer.generate(messages, answer, stop, prefill="Task:"))
        fields = parse_fields("Task:" + reply)
    proposed = [(_usable(fields.get(name, ""), source.paper), source.number) for name in FIELDS]
    checks = check_claims(proposed, {source.number: source.paper}, answerer.index)
    close = answerer.style is not AnswerStyle.FREE  # a small model's cell must also pass the rephrasing test
    used: set[str] = set()
    cells = []
    for name, check in zip(FIELDS, checks, strict=True):
        if (
            check.text
            and check.trust is Trust.BACKED
            and (not close or faithful(check.text, source.paper.abstract, "", min_kept=0.0))
        ):
            check.rephrased = True
            cells.append(check)
            continue
        fallback = abstract_cell(source.paper.abstract, name, used)
        cells.append(check_claims([(fallback, source.number)], {source.number: source.paper}, answerer.index)[0])
    return cells
