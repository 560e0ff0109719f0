"""Questions of several sentences (asked.py), clitics, and the framing words of a question."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.core.answering.asked import asked
from desktop.core.answering.relevance import RelevanceFinder
from desktop.core.answering.routing import Route, route
from desktop.core.models.embedding import HashingEmbedder
from desktop.core.text.keywords import query_terms
from desktop.core.text.terms import content_stems
from tests.core.helpers import titled_papers

SCENE = (
    "I'm writing the related-work section of a note on Lie algebras and Lie superalgebras. "
    "Which math papers in my library touch on these?"
)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        (SCENE, "Which math papers in my library touch on Lie algebras and Lie superalgebras?"),
        (
            "Which papers are about nanowires? Please include the Chinese-language ones too.",
            "Which papers are about nanowires?",
        ),
        ("What is LoRA? Also, what is QLoRA?", "What is LoRA? Also, what is QLoRA?"),  # two questions stay
        ("LIMA was tuned on few prompts. How many exactly?", "LIMA was tuned on few prompts. How many exactly?"),
        ("How does prompt tuning work?", "How does prompt tuning work?"),
        ("有哪些论文？请包括英文的。", "有哪些论文？请包括英文的。"),
    ],
)
def test_the_asking_sentence_is_what_is_routed(question: str, expected: str) -> None:
    assert asked(question) == expected


def test_a_scene_then_a_question_lists_the_scenes_subject() -> None:
    routed = route(SCENE)
    assert routed.route is Route.LISTING
    assert routed.topic == "Lie algebras and Lie superalgebras"
    listing = route("Which papers in my library are about nanotubes or nanowires? Please include Chinese ones.")
    assert listing.topic == "nanotubes or nanowires"


def test_what_my_library_tells_me_about_a_drug_is_a_topic_summary() -> None:
    routed = route("What does my library tell me about docetaxel - which doses were tested?")
    assert routed.route is Route.TOPIC and routed.topic.startswith("docetaxel")


def test_a_clitic_is_no_part_of_the_word() -> None:
    assert query_terms("What's wrong with CBDNet's denoiser? I'm lost, don't ask") == [
        "wrong",
        "CBDNet",
        "denoiser",
        "lost",
        "don't",
        "ask",
    ]
    assert content_stems("the model's output") == ["model", "output"]


def test_how_a_researcher_frames_a_question_weighs_nothing(tmp_path: Path) -> None:
    papers = [
        ("Simple Lie superalgebras", "We classify simple modular Lie superalgebras of small rank."),
        ("Pruning neural networks", "We prune the weights of neural networks without retraining them."),
    ]
    filler = (
        "We describe the setup in detail and compare it with the strongest earlier designs. Results are "
        "reported with their uncertainties, and we discuss what remains open for future work."
    )
    library, _ = titled_papers(tmp_path, papers, filler)
    finder = RelevanceFinder(library, HashingEmbedder())
    framed = finder.terms("I'm writing the related-work section of a note that touches on Lie superalgebras")
    assert set(framed.stems) == set(finder.terms("Lie superalgebras").stems)
    library.close()


def test_a_casual_list_question_with_what_counts_after_it() -> None:
    routed = route("any papers on treating cough? chronic, acute or allergic cough all count")
    assert routed.route is Route.LISTING and routed.topic == "treating cough"


def test_or_before_a_preposition_joins_two_whole_topics() -> None:
    from desktop.core.answering.topic_parts import topic_alternatives

    topic = route("List the papers on black holes or on perturbations of Einstein's equations.").topic
    assert topic_alternatives(topic) == ["black holes", "perturbations of Einstein's equations"]
