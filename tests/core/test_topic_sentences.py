"""A topic summary's sentences hold the topic: the best method sentence of a paper on the topic
that never names it gives way to the paper's sentence that does."""

from __future__ import annotations

from pathlib import Path

from desktop.core.answering.answer import Answerer
from desktop.core.answering.listing import answer_topic
from desktop.core.answering.relevance import Relevant
from desktop.core.answering.results import AnswerKind
from desktop.core.answering.routing import route
from desktop.core.base.jobs import drive
from desktop.core.models.llm import GenerationOptions
from tests.core.helpers import small_library
from tests.fakes import FakeChatModel

OFFLINE = [
    (
        "Conservative Critics for Offline Reinforcement Learning",
        "Offline reinforcement learning trains agents from logged data without exploring. We propose a "
        "conservative critic that lowers the value of unseen actions. On 12 locomotion tasks the critic "
        "outperforms prior methods by 9 points. Offline reinforcement learning with our critic needs no "
        "environment interaction.",
    ),
    (
        "Affine Networks for Offline Reinforcement Learning",
        "Logged datasets are offline and fixed. We present YANN, a novel reinforcement learning algorithm "
        "based on affine neural networks that achieves strong returns on continuous control benchmarks. "
        "The network keeps its value estimates bounded.",
    ),
    (  # two papers on reinforcement learning that is not offline: "offline" is the rare word
        "Exploration Bonuses for Online Agents",
        "Online reinforcement learning agents explore with a count bonus. Reinforcement learning in sparse "
        "mazes then finds the goal twice as often. The bonus costs one table lookup per step.",
    ),
    (
        "Reward Shaping in Games",
        "Reinforcement learning in board games is slowed by sparse rewards. We shape the reward with "
        "a learned potential, and reinforcement learning agents reach master level in half the games.",
    ),
    (
        "Grasping with Touch",
        "Robots that grasp unfamiliar objects drop them when vision alone guides the hand. We propose a "
        "tactile grasping controller that adjusts the grip from touch readings. In experiments with 40 "
        "household objects the controller halves the number of dropped objects.",
    ),
]


def test_every_summary_sentence_holds_the_topic(tmp_path: Path) -> None:
    dump = "\n".join(line for title, abstract in OFFLINE for line in (title, abstract))
    library, searcher, report = small_library(tmp_path, {"daily.txt": dump})
    assert report.new == len(OFFLINE)
    answerer = Answerer(searcher, FakeChatModel("unused", answer_style="quote"), GenerationOptions(max_tokens=64))
    routed = route("What does my library say about offline reinforcement learning?")
    papers = {p.title: p for p in library.get_many(library.all_ids()).values()}
    both = [Relevant(papers[title], 0.9, 1.0, 0.9) for title, _ in OFFLINE[:2]]
    answer = drive(answer_topic(answerer.finder, answerer.index, routed, both))
    assert answer.kind == AnswerKind.TOPIC and answer.sentences
    assert all("offline" in s.text.casefold() for s in answer.sentences)
    assert "YANN" not in answer.text  # its method sentence never says offline


def test_a_sentence_that_points_back_does_not_stand_alone() -> None:
    from desktop.core.answering.claims import leans_on_context

    assert leans_on_context("This paper delves into these issues, leveraging theory to design IDS.")
    assert leans_on_context("To address these limitations, we propose a new critic.")
    assert not leans_on_context("This paper presents the first study of hallucinations in LMMs.")
    assert not leans_on_context("We study the limitations of current critics and propose a new one.")
