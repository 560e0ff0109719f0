"""A question of several parts gets a sentence for each part."""

from __future__ import annotations

from desktop.core.answering.evidence import Evidence
from desktop.core.answering.question_parts import asking_sentences, cover_every_part, own_words, question_parts
from desktop.core.answering.questions import analyse
from desktop.core.library.records import Paper
from desktop.core.text.sentences import Sentence, split_sentences

PAPERS = [
    (
        "TinyTune: Less Data for Alignment",
        "Large language models are usually aligned with large instruction datasets and human feedback. "
        "We present TinyTune, a 7B language model fine-tuned on only 800 curated prompts and responses. "
        "The model follows unseen instructions, formats and tasks from that small set alone. "
        "In a controlled human study, TinyTune responses were judged equivalent or better than a strong "
        "baseline in 41% of cases. Almost all knowledge is learned in pretraining.",
    ),
    (
        "Grasping with Touch",
        "Robots that grasp unfamiliar objects drop them when vision alone guides the hand. We propose a "
        "tactile grasping controller that adjusts the grip from touch readings. In experiments with 40 "
        "household objects the controller halves the number of dropped objects.",
    ),
]


def test_a_question_is_cut_into_the_parts_it_asks() -> None:
    question = "On how many curated prompts was TinyTune fine-tuned, and in what share of cases was it judged better?"
    parts = question_parts(question)
    assert parts == ["On how many curated prompts was TinyTune fine-tuned", "in what share of cases was it judged better"]
    first, second = own_words(parts, ["TinyTune"])
    assert {"curat", "prompt"} <= first and "tinytun" not in first and "judg" in second
    assert question_parts("How were the prompts and responses of TinyTune chosen?") == [
        "How were the prompts and responses of TinyTune chosen"
    ]  # "and" between two nouns joins, it does not cut
    assert question_parts("BOD算法是如何工作的？它针对什么问题？") == ["BOD算法是如何工作的", "它针对什么问题"]
    assert question_parts("What mass and radius do the authors derive for the secondary?") == [
        "What mass do the authors derive for the secondary",
        "What radius do the authors derive for the secondary",
    ]  # two quantities asked for, each gets its number


def _evidence(paper: Paper, sentences: list[Sentence], scores: list[float]) -> list[Evidence]:
    return [Evidence(1, paper, sentence, score, score) for sentence, score in zip(sentences, scores, strict=True)]


def test_each_part_of_a_question_gets_its_sentence() -> None:
    title, abstract = PAPERS[0]
    paper = Paper(abstract, title)
    sentences = split_sentences(abstract)
    ranked = sorted(_evidence(paper, sentences, [0.3, 0.4, 0.5, 0.9, 0.2]), key=lambda e: -e.score)
    question = (
        "On how many curated prompts and responses was TinyTune fine-tuned, and in what share of "
        "cases were its responses judged equivalent or better than the baseline?"
    )
    analysis = analyse(question)
    chosen = ranked[:2]  # the 41% sentence and the one about following instructions
    assert "800" not in " ".join(e.text for e in chosen)
    covered = cover_every_part(ranked, chosen, analysis, limit=2)
    texts = [e.text for e in covered]
    assert len(texts) == 2 and "41%" in texts[0] and "800" in texts[1]  # the idle sentence gave way
    one_part = analyse("In what share of cases were TinyTune responses judged equivalent or better?")
    assert cover_every_part(ranked, chosen, one_part, limit=2) == chosen


def test_a_sentence_setting_the_scene_is_no_part_and_its_words_ask_nothing() -> None:
    question = "There's a dataset in my library of photos taken by one researcher. How many images does it hold?"
    assert question_parts(question) == ["How many images does it hold"]
    assert asking_sentences(question)[1].startswith("There's a dataset")


def test_the_papers_own_name_answers_no_part() -> None:
    paper = Paper(
        "HumanEval-V includes 108 Python coding tasks from CodeForces. We evaluate 19 models using HumanEval-V in all. "
        "GPT-4o reaches only 13% pass@1 on it.",
        "HumanEval-V: Evaluating Visual Understanding in Coding Tasks",
    )
    sentences = split_sentences(paper.abstract)
    ranked = sorted(_evidence(paper, sentences, [0.3, 0.6, 0.9]), key=lambda e: -e.score)
    analysis = analyse("humaneval-v: how many coding tasks does it have, and what pass@1 did GPT-4o manage on it?")
    covered = cover_every_part(ranked, ranked[:2], analysis, limit=2)
    assert [e.text[:16] for e in covered] == ["GPT-4o reaches o", "HumanEval-V incl"]  # not "We evaluate 19 …"


def test_a_part_asking_by_how_much_is_its_own_part() -> None:
    question = "How many children took part and by how much did the 10 mg dose reduce the symptom score?"
    assert question_parts(question) == [
        "How many children took part",
        "by how much did the 10 mg dose reduce the symptom score",
    ]


def test_an_introduction_answering_no_part_leaves_room_for_each_part() -> None:
    paper = Paper(
        "To address this, we introduce DocLayout-YOLO, a fast layout detector. "
        "Pre-training on the resulting DocSynth-300K dataset improves fine-tuning. "
        "To validate performance across different document types, we introduce a benchmark named DocStructBench.",
        "DocLayout-YOLO: Fast Document Layout Analysis",
    )
    sentences = split_sentences(paper.abstract)
    ranked = sorted(_evidence(paper, sentences, [0.9, 0.6, 0.5]), key=lambda e: -e.score)
    analysis = analyse(
        "What is the name of the synthetic pre-training dataset of DocLayout-YOLO, and what benchmark did the "
        "authors introduce to test different document types?"
    )
    covered = cover_every_part(ranked, ranked[:2], analysis, limit=2)
    assert len(covered) == 3 and "DocStructBench" in covered[2].text
