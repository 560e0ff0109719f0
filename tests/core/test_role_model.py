"""The learned role reading of compare cells (role_model.py) and the Data phrase of compare.py."""

from __future__ import annotations

import pytest

from desktop.core.answering.compare import role_cells, table_cells
from desktop.core.answering.role_model import ROLES, RoleModel, load_corpus, shared_model
from desktop.core.answering.roles import Role

ALLOWED = {"task", "method", "data", "result", "other"}


def test_the_bundled_corpus_is_whole_abstracts_with_known_roles() -> None:
    corpus = load_corpus()
    assert len(corpus) >= 100
    for sentences, roles in corpus:
        assert len(sentences) == len(roles) >= 3
        assert all(role_set <= ALLOWED for role_set in roles)
    assert sum(any("\u4e00" <= ch <= "\u9fff" for ch in "".join(s)) for s, _ in corpus) >= 5  # Chinese ones too


def test_each_sentence_goes_to_the_column_of_its_role() -> None:
    sentences = [
        "Tabular classification usually needs careful tuning of boosted trees.",
        "We present TabPFN, a trained Transformer that classifies small tabular datasets.",
        "We evaluate on 18 datasets from the OpenML-CC18 benchmark.",
        "TabPFN is 230 times faster than the AutoML systems it matches.",
    ]
    assert role_cells(sentences, shared_model()) == {"Task": 0, "Method": 1, "Data": 2, "Result": 3}


def test_an_availability_note_fills_no_cell() -> None:
    cells = table_cells(["The code is available at https://github.com/x/y."], shared_model())
    assert all(text == "" for _, text, _ in cells.values())


def test_data_named_inside_the_result_sentence_fills_the_data_cell_with_its_phrase() -> None:
    sentences = [
        "World models let agents plan without acting.",
        "We propose DreamPlan, which learns a latent dynamics model and plans in it.",
        "Experimental results on 20 challenging visual control tasks show that DreamPlan outperforms prior agents by 15%.",
    ]
    cells = table_cells(sentences, shared_model())
    assert cells["Result"] == (2, sentences[2], True)
    assert cells["Data"] == (2, "20 challenging visual control tasks", False)


def test_without_data_anywhere_the_data_cell_stays_not_stated() -> None:
    sentences = [
        "Proving lower bounds for monotone circuits remains hard.",
        "We give a new combinatorial argument based on sunflowers.",
        "The bound improves the best known exponent to 1/3.",
    ]
    assert table_cells(sentences, shared_model())["Data"] == (None, "", False)


def test_the_model_learns_roles_from_its_training_abstracts() -> None:
    abstract = (
        ["Parsing is slow on long inputs.", "We propose a linear-time parser.", "It runs 3 times faster."],
        [{"task"}, {"method"}, {"result"}],
    )
    model = RoleModel([abstract] * 6, c=10.0)
    probabilities = model.probabilities(["Parsing is slow on long inputs.", "It runs 3 times faster."])
    assert probabilities.shape == (2, len(ROLES))
    task, result = ROLES.index(Role.TASK), ROLES.index(Role.RESULT)
    assert probabilities[0, task] > probabilities[0, result]
    assert probabilities[1, result] > probabilities[1, task]
    assert model.probabilities([]).shape == (0, len(ROLES))
    assert (probabilities[:, ROLES.index(Role.DATA)] == 0).all()  # a role it never saw is never predicted


@pytest.mark.parametrize("position", [0, 1, 2])
def test_probabilities_are_probabilities(position: int) -> None:
    sentences = ["A.", "We propose B.", "B improves C by 4%."]
    row = shared_model().probabilities(sentences)[position]
    assert ((row >= 0) & (row <= 1)).all()


def test_a_result_naming_its_data_stays_the_result() -> None:
    sentences = [
        "Constructing agents with planning capabilities has long been one of the main challenges of AI.",
        "In this work we present MuZero, which combines a tree-based search with a learned model.",
        "MuZero learns a model that, when applied iteratively, predicts the quantities most relevant to planning.",
        "When evaluated on 57 different Atari games, MuZero achieved a new state of the art.",
    ]
    cells = table_cells(sentences, shared_model())
    assert cells["Result"][0] == 3
    assert cells["Data"] == (3, "57 different Atari games", False)


def test_a_long_cell_loses_its_aside_before_what_it_states() -> None:
    from desktop.core.answering.compare import shorten

    sentence = (
        "When evaluated on 57 different Atari games - the canonical video game environment for testing AI "
        "techniques, in which model-based planning approaches have historically struggled - our new algorithm "
        "achieved a new state of the art."
    )
    assert (
        shorten(sentence)
        == "When evaluated on 57 different Atari games … our new algorithm achieved a new state of the art."
    )
    assert shorten("A short cell (kept whole).") == "A short cell (kept whole)."
