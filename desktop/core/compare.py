"""Compare papers: one Markdown row per paper with task, method, data and main result."""

from __future__ import annotations

import re
import threading
from collections.abc import Generator

from desktop.core import prompts
from desktop.core.answer import Answer, Answerer, Source
from desktop.core.citations import SUPPORT_THRESHOLD, split_sentences, support_score
from desktop.core.records import Paper

FIELDS = ("Task", "Method", "Data", "Result")
_CUES = {
    "Task": re.compile(r"\b(task|problem|challenge|aim|goal|study|address)", re.IGNORECASE),
    "Method": re.compile(
        r"\b(we (propose|present|introduce|develop)|our (method|approach|model)|framework)", re.IGNORECASE
    ),
    "Data": re.compile(r"\b(dataset|benchmark|corpus|data|games|tasks)\b", re.IGNORECASE),
    "Result": re.compile(r"\b(outperform|achiev|improv|state-of-the-art|results? show|find)", re.IGNORECASE),
}
_FIELD_LINE = re.compile(r"^\s*[-*]?\s*\**(Task|Method|Data|Result)s?\**\s*:\s*(.+)$", re.IGNORECASE | re.MULTILINE)
CELL_WORDS = 16


def parse_fields(text: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for match in _FIELD_LINE.finditer(text):
        name = match.group(1).capitalize()
        value = match.group(2).strip().strip("*").strip()
        if value and value not in ("...", "…") and name not in found:
            found[name] = value
    return found


def extract_field(abstract: str, name: str, used: set[str] | None = None) -> str:
    """A fallback cell: the abstract's first unused sentence with the field's cue words."""
    used = used if used is not None else set()
    sentences = split_sentences(abstract)
    chosen = next((s for s in sentences if _CUES[name].search(s) and s not in used), "")
    used.add(chosen)
    return shorten(chosen) if chosen else "—"


def fill_cells(fields: dict[str, str], abstract: str) -> list[str]:
    """The model's fields where the abstract supports them, else a sentence from the abstract."""
    used: set[str] = set()
    cells = []
    for name in FIELDS:
        value = fields.get(name, "")
        if value and support_score(value, abstract) >= SUPPORT_THRESHOLD:
            cells.append(shorten(value))
        else:
            cells.append(extract_field(abstract, name, used))
    return cells


def shorten(text: str, words: int = CELL_WORDS) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")


def table_cell(text: str) -> str:
    """Markdown-safe cell: no pipes or newlines, HTML angle brackets escaped."""
    return text.replace("|", "\\|").replace("\n", " ").replace("<", "&lt;").replace(">", "&gt;")


def compare(
    answerer: Answerer, papers: list[Paper], stop: threading.Event | None = None
) -> Generator[str, None, Answer]:
    """Streams a progress line per paper, then returns the Answer whose text is the table."""
    answer = Answer("Compare " + ", ".join(p.display_title for p in papers))
    rows = []
    for number, paper in enumerate(papers, 1):
        if stop is not None and stop.is_set():
            answer.stopped = True
            break
        text = answerer.truncate_to_tokens(paper.abstract, answerer.model.context_size - 200)
        answer.sources.append(Source(number, paper, 1.0, None, text))
        messages = [
            {"role": "system", "content": prompts.COMPARE_SYSTEM},
            {"role": "user", "content": prompts.compare_user_message(paper.display_title, text)},
        ]
        yield f"Reading [{number}] {paper.display_title}…\n"
        partial = Answer(paper.display_title)
        for _ in answerer.generate(messages, partial, stop, "Task:", multiline=True):
            pass
        if number == 1:
            answer.timings.ttft_s = partial.timings.ttft_s
        answer.timings.tokens += partial.timings.tokens
        answer.timings.total_s += partial.timings.total_s
        fields = parse_fields(partial.text)
        cells = fill_cells(fields, paper.abstract)
        rows.append(
            f"| [{number}] {table_cell(shorten(paper.display_title, 10))} | "
            + " | ".join(table_cell(c) for c in cells)
            + " |"
        )
    header = "| Paper | " + " | ".join(FIELDS) + " |\n|" + "---|" * (len(FIELDS) + 1)
    answer.text = header + "\n" + "\n".join(rows)
    yield "\n" + answer.text
    return answer
