"""The question set of bench/questions/*.json, written from the abstracts by writers who did not
read the answering code, each question with its split (dev: tuned on; heldout: only reported).

Papers are named by a verbatim piece of their abstract ("key"), resolved here to the ids of the
library the set is asked on (the mixed library: the seeds and the realworld files)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop.core.library.library import Library

QUESTIONS = Path(__file__).resolve().parent / "questions"


@dataclass
class LabelledQuestion:
    id: str
    split: str
    kind: str
    text: str
    lang: str = "en"
    papers: list[str] = field(default_factory=list)  # resolved paper ids
    unresolved: list[str] = field(default_factory=list)
    key_facts: list[list[str]] = field(default_factory=list)
    answer_sentences: list[str] = field(default_factory=list)
    focus: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    library: dict[str, Any] = field(default_factory=dict)
    roles: list[dict[str, Any]] = field(default_factory=list)
    conversation: str = ""


def _normal(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


def load(library: Library, folder: Path = QUESTIONS) -> list[LabelledQuestion]:
    raw: list[dict[str, Any]] = []
    for path in sorted(folder.glob("*.json")):
        raw += json.loads(path.read_text(encoding="utf-8"))
    papers = library.get_many(library.all_ids())
    abstracts = [(pid, _normal(p.abstract), _normal(p.title)) for pid, p in papers.items()]
    questions = []
    for item in raw:
        question = LabelledQuestion(
            id=item["id"],
            split=item["split"],
            kind=item["kind"],
            text=item["question"],
            lang=item.get("lang", "en"),
            key_facts=item.get("key_facts", []),
            answer_sentences=item.get("answer_sentences", []),
            focus=item.get("focus", []),
            missing=item.get("missing", []),
            library=item.get("library", {}),
            roles=item.get("roles", []),
            conversation=item.get("conversation", ""),
        )
        for paper in item.get("papers", []):
            key = _normal(paper.get("key", ""))
            title = _normal(paper.get("title", ""))
            found = [pid for pid, abstract, _ in abstracts if key and key in abstract]
            if not found and title:
                found = [pid for pid, _, t in abstracts if t == title]
            if found:
                question.papers.append(found[0])
            else:
                question.unresolved.append(paper.get("key", "")[:40])
        questions.append(question)
    return questions
