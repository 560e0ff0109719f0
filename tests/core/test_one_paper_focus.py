"""A question about one paper is answered from the paper it describes: capitalised ordinary words
("a Teacher agent guides a Student") name nothing, and a name most candidates hold ("GNN") is a
general term, so the paper that holds the rest of the question is the one meant."""

from __future__ import annotations

from pathlib import Path

from desktop.core.answering import focus
from desktop.core.answering.answer import Answerer
from desktop.core.answering.evidence import _DIGIT
from desktop.core.answering.questions import analyse
from desktop.core.base.jobs import drive
from desktop.core.models.llm import GenerationOptions
from tests.core.helpers import titled_papers
from tests.fakes import FakeChatModel

FILLER = "The work is discussed at length with its limits and the settings where it applies."
PAPERS = [
    (
        "Pre-Training Graph Neural Networks",
        "We pre-train a GNN on a large citation graph with a generative objective. The GNN is then "
        "fine-tuned on node classification, where it outperforms GNN baselines by up to 9.1%.",
    ),
    (
        "Self-Supervised GNN Tasks",
        "Several self-supervised tasks are combined to train one GNN. The GNN transfers to link "
        "prediction and node classification better than each task alone.",
    ),
    (
        "Learned Traffic Assignment for Road Network Design",
        "A GNN approximates the traffic assignment inside a genetic algorithm for road network design. "
        "On three road networks the genetic algorithm lands within 1.5% of the best solutions in 0.5% "
        "of the exact solver's time. We discuss heuristics that 1) cope with noise and 2) use the speed.",
    ),
    (
        "Distilling a Teacher into a Student",
        "A large teacher network is distilled into a small student network. The student matches the "
        "teacher on image classification; the teacher guides the student with soft labels, and every "
        "student layer imitates a teacher layer.",
    ),
]


def test_ordinary_capitalised_words_and_general_names_do_not_pick_the_paper(tmp_path: Path) -> None:
    library, papers = titled_papers(tmp_path, PAPERS, FILLER)
    analysis = analyse("Where a Teacher agent guides a Student, what does the GNN for road network design reach?")
    assert {"Teacher", "Student"} <= set(analysis.subjects)
    focus.drop_common_words(analysis, library)
    assert "Teacher" not in analysis.subjects and "Student" not in analysis.subjects
    assert "GNN" in analysis.subjects  # an acronym is a name, however common

    from desktop.core.models.embedding import HashingEmbedder
    from desktop.core.search.hybrid import Searcher

    answerer = Answerer(
        Searcher(library, HashingEmbedder()), FakeChatModel("unused", answer_style="quote"), GenerationOptions(max_tokens=64)
    )
    question = (
        "The hybrid approach that uses a GNN to approximate traffic assignment inside a genetic algorithm for road "
        "network design: how far from the best solutions does it land, and how much of the exact solver's time?"
    )
    answer = drive(answerer.ask(question))
    cited = {s.paper.title for s in answer.sources if s.number in {n for c in answer.sentences for n in c.cited}}
    assert cited == {"Learned Traffic Assignment for Road Network Design"}, answer.text
    assert "1.5%" in answer.text and "0.5%" in answer.text
    assert papers  # the library holds all four


def test_an_enumeration_mark_is_no_number() -> None:
    assert not _DIGIT.search("heuristics that 1) cope with noise and 2) use the speed")
    assert not _DIGIT.search("the steps (1) and (2)")
    assert _DIGIT.search("within 1.5% of the best") and _DIGIT.search("in 2023")


def test_a_short_plural_is_the_word_it_counts() -> None:
    from desktop.core.text.terms import stem

    assert stem("zoos") == stem("zoo") and stem("LLMs") == stem("LLM")
    assert stem("bias") == "bias" and stem("plus") == "plus" and stem("thus") == "thus"
