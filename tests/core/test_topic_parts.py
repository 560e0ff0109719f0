"""A topic read as its alternatives: explanations and examples are not topics of their own, short
"or" pieces lean on the words they share, an alias in brackets stands for the words it names."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.core.answering.relevance import RelevanceFinder
from desktop.core.answering.topic_parts import topic_alternatives, topic_examples
from desktop.core.models.embedding import HashingEmbedder
from tests.core.helpers import titled_papers


@pytest.mark.parametrize(
    ("topic", "expected"),
    [
        # an explanation after "i.e." is no alternative: "features" alone is not machine unlearning
        ("machine unlearning, i.e. making a trained model forget specific data, skills or features", ["machine unlearning"]),
        ("hypernetworks (networks that generate the weights of another network)", ["hypernetworks"]),
        ("modular forms (in the number-theory sense)", ["modular forms"]),
        ("how physical urticarias (cold, cholinergic and dermographic urticaria) are treated", ["how physical urticarias are treated"]),
        # a short piece borrows the words it shares with the long one
        (
            "statistically extracting or modeling physical laws from experimental data",
            ["statistically extracting physical laws from experimental data", "modeling physical laws from experimental data"],
        ),
        ("中药或中西医结合治疗急性脑梗死", ["中药结合治疗急性脑梗死", "中西医结合治疗急性脑梗死"]),
        ("台风或热带气旋", ["台风", "热带气旋"]),  # jieba cuts 热带气旋 in two: still a term of its own
        # Chinese items share what follows the last one; a one-word item beside a phrase is short
        ("土壤、湖泊或河流沉积物中重金属污染", ["土壤沉积物中重金属污染", "湖泊沉积物中重金属污染", "河流沉积物中重金属污染"]),
        ("分析或预报灾害性天气", ["分析灾害性天气", "预报灾害性天气"]),
        ("城市园林绿化(大树移植、草坪)", ["城市园林绿化"]),  # a bracket listing with 、 gives examples
        ("NeRF or 3D Gaussian splatting", ["NeRF", "3D Gaussian splatting"]),  # a name stands alone
        # an acronym stands for as many words as its letters begin, a spelled-out alias for its length
        ("3D Gaussian splatting (3DGS)", ["3D Gaussian splatting", "3DGS"]),
        ("Bose-Einstein condensates (BECs)", ["Bose-Einstein condensates", "BECs"]),
        ("合成孔径雷达（SAR/InSAR）成像", ["合成孔径雷达成像", "SAR成像", "InSAR成像"]),  # each alias in the phrase
        ("reward over-optimization (reward hacking) in RLHF", ["reward over-optimization in RLHF", "reward hacking in RLHF"]),
        # what a dash adds only explains the topic
        (
            "continual or lifelong learning — learning new tasks without catastrophically forgetting old ones",
            ["continual learning", "lifelong learning"],
        ),
        ("levocetirizine -- its pharmacology and clinical effects", ["levocetirizine"]),
    ],
)
def test_what_a_topic_asks_for(topic: str, expected: list[str]) -> None:
    assert topic_alternatives(topic) == expected


def test_examples_stand_for_the_kind_they_exemplify() -> None:
    assert topic_examples("antihistamine treatment of insect-bite reactions such as mosquito bites") == [
        ("mosquito bites", "antihistamine treatment of insect-bite reactions")
    ]
    assert topic_examples("immunotherapy, such as oral or nasal routes") == [
        ("oral", "immunotherapy"),
        ("nasal routes", "immunotherapy"),
    ]
    assert topic_examples("quantum spin models, like Heisenberg chains") == [("Heisenberg chains", "quantum spin models")]
    assert topic_examples("灾害性天气 比如暴雨、冰雹") == [("暴雨", "灾害性天气"), ("冰雹", "灾害性天气")]
    assert topic_examples("城市园林绿化(大树移植、草坪)") == [("大树移植", "城市园林绿化"), ("草坪", "城市园林绿化")]
    assert topic_examples("分析或预报灾害性天气 比如暴雨") == [("暴雨", "分析灾害性天气"), ("暴雨", "预报灾害性天气")]
    assert topic_examples("backdoor attacks, including how to detect them") == []
    assert topic_examples("backdoor attacks") == []


PAPERS = [
    ("Mosquito Bite Reactions", "Cetirizine, an antihistamine, eased mosquito bites in a controlled treatment trial."),
    ("Insect Venom Allergy", "Wasp stings cause anaphylaxis; we report venom immunotherapy outcomes."),
    ("Antihistamines and Driving", "An antihistamine was given before a driving test; treatment did not impair it."),
]
# enough of an abstract for the dump parser to take each paragraph as one
SETTING = (
    "Patients were enrolled at two clinics over one season and followed for four weeks. Outcomes were "
    "scored by blinded raters, and the analysis plan was registered before the first visit."
)


def test_a_paper_on_an_example_holds_the_topic(tmp_path: Path) -> None:
    library, by_title = titled_papers(tmp_path, PAPERS, SETTING)
    finder = RelevanceFinder(library, HashingEmbedder())
    topic = "antihistamine treatment of insect-bite reactions such as mosquito bites"
    terms = finder.terms(topic)
    assert finder.coverage(terms, by_title["Mosquito Bite Reactions"]) == 1.0
    assert finder.coverage(terms, by_title["Mosquito Bite Reactions"]) > finder.coverage(
        terms, by_title["Antihistamines and Driving"]
    )
    without_examples = finder.terms("antihistamine treatment of insect-bite reactions")
    assert finder.coverage(without_examples, by_title["Mosquito Bite Reactions"]) < 1.0
    library.close()


APART = [
    ("Domain Generalization by Style Mixing", "We study domain generalization: a model trained on a few source domains must work on unseen ones."),
    ("A Survey of Domain Names", "Each domain of the web is ranked, and we discuss the generalization of the ranking to new registrars."),
    ("Text-to-Speech Synthesis for Low-Resource Languages", "A small text-to-speech synthesis model is trained on ten hours of audio."),
]


def test_a_short_topic_held_word_by_word_apart_holds_less(tmp_path: Path) -> None:
    library, by_title = titled_papers(tmp_path, APART, SETTING)
    finder = RelevanceFinder(library, HashingEmbedder())
    terms = finder.terms("domain generalization")
    assert finder.coverage(terms, by_title["Domain Generalization by Style Mixing"]) == 1.0
    assert 0 < finder.coverage(terms, by_title["A Survey of Domain Names"]) < 1.0  # both words, apart
    speech = finder.terms("speech synthesis")  # parts of a hyphenated word stand side by side
    assert finder.coverage(speech, by_title["Text-to-Speech Synthesis for Low-Resource Languages"]) == 1.0
    library.close()


def test_a_latin_name_inside_a_chinese_topic_is_a_word_of_it(tmp_path: Path) -> None:
    library, _ = titled_papers(tmp_path, APART, SETTING)
    terms = RelevanceFinder(library, HashingEmbedder()).terms("利用DGA进行变压器故障诊断")
    assert "dga" in terms.stems and "变压器" in terms.stems
    library.close()


REVIEWS = [
    (
        "Cardiac Safety of Antihistamines",
        "The cardiac safety of antihistamines was examined in 40 trials. QT prolongation and cardiac arrhythmias "
        "were rare with the newer drugs. Cardiac safety differed between older and newer antihistamines.",
    ),
    (
        "Second-Generation Antihistamines: A Review",
        "We review second-generation antihistamines for allergic rhinitis. Their efficacy matches older drugs. "
        "Sedation is rare. Dosing once daily helps adherence. Costs differ widely. Children tolerate them well. "
        "Interactions with food are few. Elderly patients need no dose change. Topical forms act faster. "
        "Some older ones raised cardiac safety concerns.",
    ),
]


def test_a_topic_in_one_sentence_of_ten_is_an_aside(tmp_path: Path) -> None:
    library, by_title = titled_papers(tmp_path, REVIEWS, SETTING)
    finder = RelevanceFinder(library, HashingEmbedder())
    terms = finder.terms("cardiac safety of antihistamines")
    assert not finder.aside(terms, by_title["Cardiac Safety of Antihistamines"])  # in its title
    assert finder.aside(terms, by_title["Second-Generation Antihistamines: A Review"])  # one sentence of many
    library.close()
