"""The per-sentence check, the rephrasing test, questions, sentences and the calibrated thresholds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop.core.answering import abstention, grounding
from desktop.core.answering.citations import clean_citations, split_answer_sentences
from desktop.core.answering.evidence import Evidence, SentenceIndex
from desktop.core.answering.evidence_choice import choose_evidence, find_evidence
from desktop.core.answering.grounding import Trust, as_answer, check_answer, faithful
from desktop.core.answering.questions import QuestionKind, analyse
from desktop.core.library.records import Paper
from desktop.core.models.embedding import HashingEmbedder
from desktop.core.text.sentences import split_sentences

CALIBRATION = Path(__file__).resolve().parents[2] / "bench" / "calibration.json"
MUZERO = (
    "In this work we present the MuZero algorithm, which combines a tree-based search with a learned model. "
    "MuZero learns a model that, when applied iteratively, predicts the quantities most directly relevant to "
    "planning: the reward, the action-selection policy, and the value function. "
    "When evaluated on 57 different Atari games, our new algorithm achieved a new state of the art."
)
OTHER = "We study robots that grasp household objects with tactile sensors, and halve the number of dropped objects."


def paper(abstract: str, title: str = "") -> Paper:
    return Paper(abstract=abstract, title=title, sources=["t.txt"])


@pytest.mark.parametrize(
    ("draft", "ok"),
    [
        ("MuZero learns a model that predicts the reward, the action-selection policy, and the value function.", False),
        (
            "MuZero learns a model that, when applied iteratively, predicts the quantities most directly relevant to "
            "planning: the reward, the action-selection policy, and the value function.",
            True,
        ),
        ("MuZero is a tree-based search with a learned model.", True),
        ("MuZero is trained on a learning-based decision tree search algorithm.", False),  # the example
        (
            "MuZero learns a model that, when applied iteratively to planning: the reward, action-selection policy "
            "and value function.",
            False,
        ),  # dropped the middle and garbled it
        ("When evaluated on 58 different Atari games, the algorithm achieved a new state of the art.", False),
        ("MuZero is a benchmark of 40 tasks for testing robot grasping.", False),  # a worked example leaking in
    ],
)
def test_a_rephrasing_must_say_nothing_its_sentence_does_not(draft: str, ok: bool) -> None:
    assert faithful(draft, MUZERO, "What does MuZero learn?") is ok


def test_negations_and_identifiers_must_be_kept() -> None:
    source = "Fine-tuning a pruned model does not beat training it from scratch with Llama2-7B weights."
    assert not faithful(
        "Fine-tuning a pruned model does beat training it from scratch with Llama2-7B weights.", source, ""
    )
    assert not faithful(
        "Fine-tuning a pruned model does not beat training it from scratch with Llama3-7B weights.", source, ""
    )


def test_each_sentence_is_checked_against_each_abstract_it_cites() -> None:
    index = SentenceIndex(HashingEmbedder())
    papers = {1: paper(MUZERO), 2: paper(OTHER)}
    text = (
        "MuZero learns a model that predicts the reward, the action-selection policy, and the value function [1]. "
        "MuZero learns a model that predicts the reward, the action-selection policy, and the value function [2]. "
        "MuZero was evaluated on 99 different Atari games [1]. It plays every board game ever made."
    )
    checks = check_answer(text, papers, index)
    assert [c.trust for c in checks] == [Trust.BACKED, Trust.UNBACKED, Trust.UNBACKED, Trust.UNCITED]
    assert [c.supported for c in checks] == [True, False, False, None]
    assert checks[0].evidence is not None and checks[0].evidence.text.startswith("MuZero learns a model")
    assert checks[0].to_dict()["evidence"]["sentence"] == checks[0].evidence.text


def test_quoting_an_abstract_puts_it_in_the_third_person_and_cites_each_sentence() -> None:
    quoted = as_answer("We present X, a tool. Our results show it works; we release it.", 2)
    assert quoted == "The authors present X, a tool [2]. The authors' results show it works; they release it [2]."


def test_citation_markers() -> None:
    assert clean_citations("A [1, 2] B [Source 3] C [7] D [2-3].", {1, 2, 3}) == "A [1][2] B [3] C D [2][3]."
    assert split_answer_sentences("First claim. [1] Second claim [2].") == ["First claim. [1]", "Second claim [2]."]


def test_sentences_keep_their_offsets_and_ignore_abbreviations() -> None:
    text = (
        "We use e.g. CNNs (Fig. 3) and J. Smith et al. report 3.5 points. Perplexity drops to 23.7. 这是中文。第二句。"
    )
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == [
        "We use e.g. CNNs (Fig. 3) and J. Smith et al. report 3.5 points.",
        "Perplexity drops to 23.7.",
        "这是中文。",
        "第二句。",
    ]
    assert all(text[s.start : s.end] == s.text for s in sentences)


def test_chinese_sentences_ended_by_an_ascii_stop_are_split() -> None:
    text = "该文研究了时间同步协议的收敛问题.仿真实验表明收敛速度提高了3.5倍.Matlab实验也验证了结论."
    assert [s.text for s in split_sentences(text)] == [
        "该文研究了时间同步协议的收敛问题.",
        "仿真实验表明收敛速度提高了3.5倍.",
        "Matlab实验也验证了结论.",
    ]


def test_questions_name_what_they_ask_about() -> None:
    assert analyse("What is MuZero?").names == ["MuZero"] and analyse("What is MuZero?").kind is QuestionKind.DEFINITION
    assert analyse("How much faster is Q* search than A* search?").names == ["Q* search", "A* search"]
    assert analyse("How do Grad-CAM and CF-CAM differ?").kind is QuestionKind.COMPARISON
    assert analyse("How does the Deep GA train networks?").names == ["Deep GA"]
    follow_up = analyse("What does it predict?", ["What is MuZero?"])
    assert follow_up.names == ["MuZero"] and follow_up.inherited_names
    assert analyse("What is the capital of Australia?").names == []  # a proper noun, not a model or method


def test_a_sentence_that_leans_on_the_one_before_comes_with_it() -> None:
    abstract = (
        "Attention usually blends hidden units into one context vector for every step. Instead, we point at one "
        "input element with attention. We call this architecture a Pointer Net."
    )
    evidence = find_evidence(
        analyse("What is a Pointer Net?"), [(1, paper(abstract, "Pointer Networks"))], SentenceIndex(HashingEmbedder())
    )
    assert any(
        e.text.startswith("Instead, we point at one input element") and e.text.endswith("Pointer Net.")
        for e in evidence
    )


def test_the_thresholds_in_the_code_are_the_calibrated_ones() -> None:
    calibration = json.loads(CALIBRATION.read_text())
    assert calibration["grounding"]["backed_at"] == grounding.BACKED_AT
    assert calibration["grounding"]["weak_at"] == grounding.WEAK_AT
    assert calibration["abstention"]["threshold"] == abstention.ON_TOPIC_SIMILARITY
    assert calibration["grounding"]["agreement"] >= 0.95
    assert calibration["abstention"]["on_topic_without_known_name"]["min"] > abstention.ON_TOPIC_SIMILARITY
    assert calibration["abstention"]["off_topic"]["max"] < abstention.ON_TOPIC_SIMILARITY


def _evidence_of(abstract: str, scores: list[float]) -> list[Evidence]:
    paper = Paper(abstract=abstract, title="AgentShield")
    return [
        Evidence(1, paper, sentence, score, score)
        for sentence, score in zip(split_sentences(abstract), scores, strict=True)
    ]


def test_a_further_sentence_must_speak_to_a_part_of_the_question_left_out() -> None:
    ranked = _evidence_of(
        "AgentShield variants are trained on 1k samples from a curated data engine. "
        "Extensive experiments show that AgentShield reaches state-of-the-art safety on agent benchmarks. "
        "AgentShield is deployed as an online guardrail for web agents.",
        [1.0, 0.9, 0.85],
    )
    analysis = analyse("How are the AgentShield variants trained, and which guardrail setting is it deployed in?")
    chosen = [e.text for e in choose_evidence(ranked, analysis)]
    assert chosen[0].startswith("AgentShield variants are trained")
    assert any("guardrail" in text for text in chosen)  # adds "guardrail" and "deployed"
    assert not any("state-of-the-art" in text for text in chosen)  # repeats nothing asked


def test_a_number_question_keeps_the_sentence_with_another_number() -> None:
    ranked = _evidence_of(
        "AgentShield cuts the attack success rate of web agents. On the hardest benchmark it cuts it by 41%.",
        [1.0, 0.9],
    )
    chosen = choose_evidence(ranked, analyse("How much does AgentShield cut the attack success rate of web agents?"))
    assert any("41%" in e.text for e in chosen)


def test_a_number_in_a_name_is_no_answer_to_a_number_question() -> None:
    ranked = _evidence_of(
        "We derive the mass of the companion in the binary KOI-205-013. "
        "The mass of the companion of KOI-205-013 constrains stellar models. "
        "The spectroscopic orbit yields a companion mass of 0.124 solar masses.",
        [1.0, 0.7, 0.6],
    )
    chosen = [e.text for e in choose_evidence(ranked, analyse("What mass do the authors derive for KOI-205-013?"))]
    assert any("0.124" in text for text in chosen)  # the '205' of the name does not count as the number


def test_a_yes_no_question_keeps_the_finding() -> None:
    ranked = _evidence_of(
        "To determine whether AgentShield prevents prompt injection in web agents. "
        "This study shows that AgentShield is ineffective against indirect injections.",
        [1.0, 0.85],
    )
    chosen = [e.text for e in choose_evidence(ranked, analyse("Does AgentShield prevent prompt injection in web agents?"))]
    assert any("ineffective" in text for text in chosen)


def test_how_a_named_method_works_keeps_its_description_but_not_its_results() -> None:
    ranked = _evidence_of(
        "We propose AgentShield, a framework for detecting prompt injection in web agents. "
        "Experiments show that AgentShield achieves state-of-the-art results on four benchmarks. "
        "AgentShield measures the perturbation sensitivity and the rigidity of layer representations.",
        [1.0, 0.7, 0.6],
    )
    chosen = [e.text for e in choose_evidence(ranked, analyse("How does AgentShield detect prompt injection?"))]
    assert any("perturbation sensitivity" in text for text in chosen)
    assert not any("state-of-the-art" in text for text in chosen)


def test_a_weaker_sentence_naming_the_method_tells_how_it_works() -> None:
    # LaRA's "three metrics" sentence scored half the introduction's: named, it still answers "how"
    ranked = _evidence_of(
        "We propose AgentShield, a framework for detecting prompt injection in web agents. "
        "However, little work has studied prompt injection in web agents. "
        "AgentShield measures the perturbation sensitivity and the rigidity of layer representations.",
        [1.0, 0.5, 0.45],
    )
    chosen = [e.text for e in choose_evidence(ranked, analyse("How does AgentShield detect prompt injection?"))]
    assert any("perturbation sensitivity" in text for text in chosen)
    assert not any(text.startswith("However") for text in chosen)


def test_a_comparison_with_a_side_the_library_lacks_asks_about_the_side_it_has() -> None:
    from desktop.core.answering.focus import without_missing_side
    from desktop.core.answering.questions import QuestionKind

    papers = [
        Paper(title="DistilBERT, a distilled version of BERT", abstract="DistilBERT is 40% smaller than BERT."),
        Paper(title="Probing BERT", abstract="We probe BERT layers."),
        Paper(title="BERT for Search", abstract="BERT ranks passages."),
    ]
    analysis = analyse("How does DistilBERT compare with TinyBERT in how much they shrink BERT?")
    assert analysis.kind is QuestionKind.COMPARISON
    assert without_missing_side(analysis, ["TinyBERT"], papers)
    assert analysis.kind is QuestionKind.RESULT and "TinyBERT" not in analysis.subjects
    # a side every paper holds is no side: the comparison stays
    generic = analyse("Compare BERT with TinyBERT.")
    assert not without_missing_side(generic, ["TinyBERT"], papers)
    assert generic.kind is QuestionKind.COMPARISON
