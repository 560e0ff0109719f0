"""Which papers a list or a topic summary is about: the topic's alternatives, its head word, and
words held inside longer ones."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.core.answering.relevance import RelevanceFinder, Relevant
from desktop.core.answering.topic_parts import topic_alternatives
from desktop.core.models.embedding import HashingEmbedder
from tests.core.helpers import titled_papers

PAPERS = [
    ("Backdoor Triggers in Image Classifiers", "We plant backdoor attacks in neural networks with a hidden trigger."),
    ("Adversarial Attacks on Neural Networks", "Small perturbations attack neural networks and flip their outputs."),
    ("Membership Inference Attacks", "We attack neural networks to learn whether a record was in their training set."),
    ("Pruning Neural Networks", "Half the weights of neural networks can be removed without loss."),
    ("Graph Neural Networks for Molecules", "Neural networks on molecular graphs predict solubility."),
    ("A Search for Neutrinoless Double Beta Decay", "A germanium detector searches for neutrinoless double beta decay."),
]

METHODS = (
    "We describe the experimental setup in detail and compare it with the strongest earlier designs. "
    "Results on public data are reported with their uncertainties, and we discuss what remains open for "
    "future work and which assumptions the conclusions rest on."
)


@pytest.mark.parametrize(
    ("topic", "expected"),
    [
        ("speech recognition or speech synthesis", ["speech recognition", "speech synthesis"]),
        (
            "agents that operate web browsers, phones or graphical user interfaces",
            ["agents that operate web browsers", "agents that operate web phones", "graphical user interfaces", "GUI"],
        ),
        ("the cardiac safety of antihistamines, such as QT prolongation", ["the cardiac safety of antihistamines"]),
        ("neural radiance fields (NeRF)", ["neural radiance fields", "NeRF", "NRF"]),
        ("backdoor attacks on neural networks", ["backdoor attacks on neural networks"]),
    ],
)
def test_a_topic_is_read_as_its_alternatives(topic: str, expected: list[str]) -> None:
    assert topic_alternatives(topic) == expected


def test_a_paper_must_hold_the_head_word_of_a_long_topic(tmp_path: Path) -> None:
    library, by_title = titled_papers(tmp_path, PAPERS, METHODS)
    finder = RelevanceFinder(library, HashingEmbedder())
    terms = finder.terms("backdoor attacks on neural networks")
    assert finder.holds_a_head(terms, by_title["Backdoor Triggers in Image Classifiers"])
    assert not finder.holds_a_head(terms, by_title["Adversarial Attacks on Neural Networks"])
    assert finder.holds_a_head(finder.terms("neural networks"), by_title["Pruning Neural Networks"])  # no head
    neutrinos = finder.terms("neutrinos")
    assert finder.coverage(neutrinos, by_title["A Search for Neutrinoless Double Beta Decay"]) == 1.0
    assert finder.coverage(neutrinos, by_title["Pruning Neural Networks"]) == 0.0
    library.close()


def test_a_topic_named_once_in_passing_is_told_apart(tmp_path: Path) -> None:
    library, by_title = titled_papers(tmp_path, PAPERS, METHODS)
    finder = RelevanceFinder(library, HashingEmbedder())
    search = by_title["A Search for Neutrinoless Double Beta Decay"]
    assert finder.in_passing(finder.terms("germanium detectors"), search)  # once, not in the title
    assert not finder.in_passing(finder.terms("double beta decay"), search)  # in the title
    assert not finder.in_passing(finder.terms("neural networks"), by_title["Adversarial Attacks on Neural Networks"])
    library.close()


def test_mentions_in_passing_are_listed_when_nothing_is_more_on_the_topic(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    library, by_title = titled_papers(tmp_path, PAPERS, METHODS)
    finder = RelevanceFinder(library, HashingEmbedder())
    passing = Relevant(by_title["A Search for Neutrinoless Double Beta Decay"], 0.5, 1.0, 0.9)
    central = Relevant(by_title["Pruning Neural Networks"], 0.5, 1.0, 0.85)  # germanium in its title below
    central.paper.title = "Germanium Detectors for Pruned Networks"
    monkeypatch.setattr(finder, "rank", lambda *args, **kwargs: [passing])
    assert finder.relevant("germanium detectors") == [passing]  # in passing, but the best there is
    monkeypatch.setattr(finder, "rank", lambda *args, **kwargs: [passing, central])
    assert finder.relevant("germanium detectors") == [central]  # gives way to a paper on the topic
    library.close()


def test_an_example_stands_in_for_the_phrase_of_the_kind_it_is_an_example_of(tmp_path: Path) -> None:
    library, _ = titled_papers(tmp_path, PAPERS, METHODS)
    finder = RelevanceFinder(library, HashingEmbedder())
    nanowires = finder.terms("one-dimensional nanomaterials like nanotubes or nanowires")
    assert [set(a) for a in nanowires.alternatives[1:]] == [{"nanotub"}, {"nanowir"}]  # whatever they call it
    # the example stands for "pruning" (the rarest word here), not for the networks pruned
    pruning = finder.terms("pruning of neural networks such as ResNets")
    assert set(pruning.alternatives[1]) == {"neural", "network", "resnet"}
    library.close()
