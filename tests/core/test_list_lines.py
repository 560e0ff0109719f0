"""A list line states what the paper does or finds, not the background sentence that names the
topic; themes are only drawn when the papers fall into groups (eleven and one are one group)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from desktop.core.answering.answer import Answerer
from desktop.core.answering.listing import answer_list
from desktop.core.answering.relevance import Relevant
from desktop.core.answering.results import AnswerKind
from desktop.core.answering.routing import route
from desktop.core.answering.themes import group
from desktop.core.base.jobs import drive
from desktop.core.library.records import Paper
from desktop.core.models.llm import GenerationOptions
from tests.core.helpers import small_library
from tests.fakes import FakeChatModel

STREAMING = (
    "Anchors for Streaming Video Generation",
    "Autoregressive video generation models produce frames one chunk at a time. Unlike standard video "
    "generation, the anchor here is a hidden state that moves with the clip. We propose AnchorFlow, which "
    "replaces the frozen first frame of a video model with a learned latent. Experiments show that "
    "AnchorFlow doubles the motion score of long clips.",
)


def test_a_list_line_states_the_claim_not_the_background(tmp_path: Path) -> None:
    library, searcher, report = small_library(tmp_path, {"daily.txt": "\n".join(STREAMING)})
    assert report.new == 1
    answerer = Answerer(searcher, FakeChatModel("unused", answer_style="quote"), GenerationOptions(max_tokens=64))
    (paper,) = library.get_many(library.all_ids()).values()
    routed = route("Which papers in my library are about video generation?")
    answer = drive(answer_list(answerer.finder, answerer.index, routed, [Relevant(paper, 0.9, 1.0, 0.9)]))
    assert answer.kind == AnswerKind.LIST and len(answer.sentences) == 1
    line = answer.sentences[0].text
    assert "AnchorFlow" in line, line  # its contribution or its finding
    assert not line.startswith(("Unlike standard", "Autoregressive video"))


def _paper(number: int, words: str) -> Paper:
    return Paper(title=f"{words} {number}", abstract=f"{words} paper number {number}.")


def test_eleven_papers_and_one_are_one_theme() -> None:
    papers = [(n, _paper(n, "video generation")) for n in range(1, 12)] + [(12, _paper(12, "story visualization"))]
    close, far = np.array([1.0, 0.0, 0.0]), np.array([0.0, 1.0, 0.0])
    vectors = {n: (close + 0.01 * n * np.array([0, 0, 1.0])) for n in range(1, 12)} | {12: far}
    themes = group(papers, {n: v / np.linalg.norm(v) for n, v in vectors.items()}, "video generation", themes=2)
    assert len(themes) == 1
    assert themes[0].numbers == list(range(1, 13))  # in the order given


def test_two_groups_and_a_stray_paper_are_two_themes_and_other() -> None:
    papers = [(n, _paper(n, "video generation" if n <= 4 else "video compression")) for n in range(1, 9)]
    papers.append((9, _paper(9, "story visualization")))
    axes = np.eye(3)
    vectors = {n: axes[0] if n <= 4 else axes[1] for n in range(1, 9)} | {9: axes[2]}
    vectors = {n: v + 0.01 * n for n, v in vectors.items()}
    themes = group(papers, {n: v / np.linalg.norm(v) for n, v in vectors.items()}, "video", themes=3)
    assert [sorted(t.numbers) for t in themes] == [[1, 2, 3, 4], [5, 6, 7, 8], [9]]
    assert themes[-1].heading == "Other"
