"""Every kind of question gets the answer it asks for: routing, lists, topic themes, compare
tables, library facts, TL;DRs, Chinese questions, declined and half-known ones."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.core.answering import compare as compare_module
from desktop.core.answering import focus, listing
from desktop.core.answering.absent_names import absent_names
from desktop.core.answering.answer import Answer, Answerer
from desktop.core.answering.compare import FIELDS, role_cells
from desktop.core.answering.compared_items import compared_items
from desktop.core.answering.grounding import Trust
from desktop.core.answering.questions import analyse
from desktop.core.answering.results import AnswerKind
from desktop.core.answering.roles import Role, RoleScores, role_scores
from desktop.core.answering.routing import LibraryAspect, Route, route
from desktop.core.base.choices import SummaryMode
from desktop.core.base.jobs import drive
from desktop.core.models.llm import GenerationOptions
from tests.core.helpers import small_library
from tests.fakes import FakeChatModel

VIDEO = [
    (
        "Temporal Diffusion for Video Generation",
        "Generating long videos with consistent motion remains a challenge for diffusion models. We propose a "
        "temporal diffusion model for video generation that denoises frames jointly with a motion prior. "
        "On the UCF-101 benchmark it lowers the FVD score from 310 to 242.",
    ),
    (
        "Text-to-Video Generation with Keyframes",
        "Text-to-video generation models drift over long clips. We introduce a keyframe planner that first "
        "writes keyframes and then fills the video generation between them. Human raters preferred its videos "
        "in 71% of comparisons.",
    ),
    (
        "Camera Control for Video Generation Models",
        "Users cannot steer the camera of video generation models. We add camera-pose tokens to a video "
        "diffusion transformer so that the generated video follows a given camera path. The camera error falls "
        "by 40% on RealEstate10K.",
    ),
]
OTHERS = [
    (
        "Mastering Atari with a Learned Model",
        "Planning with a perfect simulator has worked well in games such as chess and Go. We present the MuZero "
        "algorithm, which combines a tree-based search with a learned model of the world. On 57 Atari games "
        "MuZero reached a new state of the art without being told the rules.",
    ),
    (
        "TabPFN: A Transformer That Solves Small Tabular Problems in a Second",
        "Tabular classification usually needs careful tuning of boosted trees. We present TabPFN, a trained "
        "Transformer that classifies small tabular datasets in less than a second. On 18 datasets TabPFN is "
        "230 times faster than the AutoML systems it matches.",
    ),
    (
        "Desloratadine in Chronic Urticaria",
        "Chronic idiopathic urticaria lowers the quality of life of many patients. In this randomised, "
        "double-blind trial 190 patients received desloratadine 5 mg or placebo for six weeks. Desloratadine "
        "reduced pruritus and the number of hives compared with placebo.",
    ),
    (
        "Tactile Grasping of Household Objects",
        "Robots that grasp unfamiliar objects drop them often when vision alone guides the hand. We propose a "
        "tactile grasping controller that adjusts the grip from touch readings. In experiments with 40 "
        "household objects the controller halves the number of dropped objects.",
    ),
    (
        "基于卷积神经网络的遥感图像分类",
        "针对遥感图像分类精度不高的问题,本文提出一种基于卷积神经网络的遥感图像分类方法。"
        "该方法在公开数据集上的分类精度达到百分之九十二,优于传统的支持向量机方法。"
        "实验使用了多个季节的多光谱影像,并分析了网络深度、训练样本数量和数据增强对遥感图像分类结果的影响。"
        "结果表明,卷积神经网络能够自动学习地物的空间特征,在复杂场景中也保持了较高的分类精度和稳定性。",
    ),
    (
        "列车运行的模糊控制方法",
        "针对列车运行控制中的多目标问题,本文提出一种模糊控制方法,通过模糊规则调节牵引力。"
        "仿真结果表明,该方法减少了能耗并提高了停车精度。"
        "文中给出了模糊控制器的结构、隶属函数和规则库的设计过程,并在不同线路条件下比较了模糊控制与传统比例积分控制。"
        "比较结果显示,模糊控制方法在坡道和弯道上的速度跟踪误差更小,乘客舒适度也有所提高。",
    ),
]


def dump(papers: list[tuple[str, str]]) -> str:
    return "\n".join(line for title, abstract in papers for line in (title, abstract))


@pytest.fixture
def answerer(tmp_path: Path) -> Answerer:
    _, searcher, report = small_library(tmp_path, {"daily.txt": dump(VIDEO + OTHERS[:4]), "zh.txt": dump(OTHERS[4:])})
    assert report.new == len(VIDEO) + len(OTHERS)
    return Answerer(searcher, FakeChatModel("unused", answer_style="quote"), GenerationOptions(max_tokens=64))


def ask(answerer: Answerer, question: str) -> Answer:
    return drive(answerer.ask(question))


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Which papers in my library are about video generation?", Route.LISTING),
        ("What approaches to video generation are in my library?", Route.LISTING),
        ("Do I have any papers on quantum dots?", Route.LISTING),
        ("Which of my 2023 papers are about reinforcement learning?", Route.LISTING),
        ("Summarize what my library says about reducing LLM inference cost", Route.TOPIC),
        ("Give me an overview of quantum cosmology in my papers.", Route.TOPIC),
        ("Compare MuZero and TabPFN", Route.COMPARE),
        ("How does MuZero differ from AlphaZero?", Route.COMPARE),
        ("How many papers do I have from 2023?", Route.LIBRARY),
        ("Which dumps did I import?", Route.LIBRARY),
        ("What languages are the papers in my collection written in?", Route.LIBRARY),
        ("Which language model did FlauBERT fine-tune?", Route.PAPER),  # "language" alone is no library word
        ("What is weak-to-strong generalization?", Route.PAPER),
        ("Which benchmark did LiveXiv evaluate on?", Route.PAPER),
        ("我的文献库里有哪些关于神经网络的论文？", Route.LISTING),
        ("我的论文里关于合成孔径雷达都讲了些什么？", Route.TOPIC),
        ("我有多少篇论文？", Route.LIBRARY),
        ("Which physics papers do I have on charm or bottom hadrons?", Route.LISTING),  # a kind of papers
        ("What do my astronomy papers tell me about star formation?", Route.TOPIC),
        # a summary that also asks how things compare is still a summary
        ("What does my library say about topical antihistamines and how they compare with oral ones?", Route.TOPIC),
        # one trial named by what it tested, "versus" and all
        ("In the two-week trial of loratadine versus a chlorpheniramine tablet, what share had dry mouth?", Route.PAPER),
        ("How do the decomposition method, CBA and the stability-gap paper differ in the problem they study?", Route.COMPARE),
    ],
)
def test_questions_are_routed_by_their_phrasing(question: str, expected: Route) -> None:
    assert route(question).route is expected


def test_the_router_reads_the_topic_and_the_filters() -> None:
    routed = route("Which of my 2023 papers are about reinforcement learning?")
    assert routed.topic == "reinforcement learning" and routed.filters.year == 2023
    assert route("Which papers deal with Bose-Einstein condensates?").topic == "Bose-Einstein condensates"
    counted = route("How many papers do I have from 2023?")
    assert counted.aspect is LibraryAspect.COUNT and counted.filters.year == 2023
    assert route("我的中文论文中有哪些是关于神经网络的？").filters.lang == "zh"


@pytest.mark.parametrize(
    ("question", "topic"),
    [
        ("Are there theoretical or numerical papers on quantum spin models in my collection?", "quantum spin models"),
        ("What work in my library uses graph neural networks as a core part of the method?", "graph neural networks"),
        ("Which papers work with model zoos?", "model zoos"),
        ("Which physics papers do I have on charm hadrons?", "charm hadrons"),
        ("Summarize what my library covers on autonomous driving", "autonomous driving"),
        ("我的文献库里有哪些讨论工业废水处理工艺的论文?", "工业废水处理工艺"),
        ("我收藏的文献里有哪些是分析灾害性天气的?", "分析灾害性天气"),
        ("我的文献库里有哪些关于中药治疗的论文?", "中药治疗"),  # 中 opens a word here, not a frame
    ],
)
def test_the_topic_is_what_is_asked_about_not_how_it_is_asked(question: str, topic: str) -> None:
    assert route(question).topic == topic


def test_a_list_names_every_relevant_paper_with_a_backed_claim(answerer: Answerer) -> None:
    answer = ask(answerer, "Which papers in my library are about video generation?")
    assert answer.kind == AnswerKind.LIST and not answer.abstained
    listed = [line.lead for section in answer.sections for line in section.lines]
    assert sorted(listed) == sorted(title for title, _ in VIDEO)
    assert answer.text.startswith("3 papers in your library are about video generation:")
    assert all(s.trust is Trust.BACKED and len(s.cited) == 1 for s in answer.sentences)
    assert all("video" in s.text.casefold() for s in answer.sentences)  # each claim is about the topic


def test_a_long_list_shows_the_first_and_says_how_many_more(
    answerer: Answerer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(listing, "LIST_SHOWN", 2)
    answer = ask(answerer, "Which papers in my library are about video generation?")
    assert answer.more == 1 and answer.more_query == "video generation" and len(answer.sources) == 2
    assert "…and 1 more" in answer.text


def test_a_list_on_nothing_in_the_library_is_declined(answerer: Answerer) -> None:
    answer = ask(answerer, "Which papers in my library are about quantum error correction?")
    assert answer.abstained and answer.kind == AnswerKind.DECLINED and "no papers" in answer.text


def test_a_topic_summary_cites_only_papers_on_the_topic(answerer: Answerer) -> None:
    answer = ask(answerer, "Summarize what my library says about video generation")
    assert answer.kind == AnswerKind.TOPIC and answer.sentences
    video_titles = {title for title, _ in VIDEO}
    by_number = {s.number: s.paper.display_title for s in answer.sources}
    assert all(by_number[n] in video_titles for s in answer.sentences for n in s.cited)


def test_compare_named_papers_gives_a_table_by_role(answerer: Answerer) -> None:
    answer = ask(answerer, "Compare MuZero and TabPFN")
    assert answer.kind == AnswerKind.COMPARE
    lines = answer.text.splitlines()
    assert lines[0] == "| Paper | " + " | ".join(FIELDS) + " |" and len(lines) == 4
    titles = [s.paper.display_title for s in answer.sources]
    assert titles == [
        "Mastering Atari with a Learned Model",
        "TabPFN: A Transformer That Solves Small Tabular Problems in a Second",
    ]
    results = answer.sentences[FIELDS.index("Result") :: len(FIELDS)]
    assert "57 Atari games" in results[0].text and "230 times faster" in results[1].text


def test_cells_go_to_the_role_each_sentence_plays() -> None:
    sentences = [
        "Tabular classification usually needs careful tuning of boosted trees.",
        "We present TabPFN, a trained Transformer that classifies small tabular datasets.",
        "We evaluate on 18 datasets from the OpenML-CC18 benchmark.",
        "TabPFN is 230 times faster than the AutoML systems it matches.",
    ]
    cells = role_cells(sentences, None)
    assert cells == {"Task": 0, "Method": 1, "Data": 2, "Result": 3}
    assert role_scores(sentences[3], 3, 4).best is Role.RESULT
    assert role_cells(["The code is available at https://github.com/x/y."], None)["Method"] is None  # not stated


@pytest.mark.parametrize(
    ("sentence", "role"),
    [
        ("Driving performance was measured in a standardized test 3 h after the morning dose.", Role.METHOD),
        ("The primary end point was coherence in a car-following task.", Role.METHOD),
        ("NesTools comprises a novel automatic data generation method for nested tool calls.", Role.METHOD),
        ("To mitigate overoptimization, we first propose a theoretical algorithm.", Role.METHOD),
        ("Both treatments were well tolerated.", Role.RESULT),
        ("There was no significant between-group difference in relief at any time point.", Role.RESULT),
        ("Our analysis identifies key failure modes of current tool-using agents.", Role.RESULT),
        ("Lane keeping was impaired after alcohol and diphenhydramine use.", Role.RESULT),
        ("Long-form question answering aims to provide thorough answers to complex questions.", Role.TASK),
    ],
)
def test_sentences_of_trials_and_of_systems_play_their_role(sentence: str, role: Role) -> None:
    # in the middle of a six-sentence abstract, where no place alone decides the role
    assert role_scores(sentence, 1 if role is Role.TASK else 3, 6).best is role


def test_cells_are_assigned_for_the_most_fit_in_all(monkeypatch: pytest.MonkeyPatch) -> None:
    # the one result sentence also names the benchmark; another sentence names only the data:
    # taking the first for Data (its best role) would leave Result empty
    scores = [
        {Role.TASK: 0.6},
        {Role.DATA: 0.7, Role.RESULT: 0.65},
        {Role.DATA: 0.5},
    ]
    monkeypatch.setattr(compare_module, "label_roles", lambda sentences: [RoleScores(s) for s in scores])
    cells = role_cells(["task", "evaluated on 20 tasks, it beats all", "we train on the DMC suite"], None)
    assert cells == {"Task": 0, "Method": None, "Data": 2, "Result": 1}


def test_cells_of_a_trial_and_of_a_dataset_paper() -> None:
    trial = [
        "Recent antihistamines have significantly improved the treatment of hay fever.",  # scene, not result
        "To compare the sedation of fexofenadine and cetirizine in drivers.",
        "Eighteen healthy young volunteers received each drug in a crossover design.",
        "At weeks 2, 3, and 4, sedation scores were significantly lower with fexofenadine (P < 0.01).",
    ]
    cells = role_cells(trial, None)
    assert cells["Data"] == 2 and cells["Result"] == 3  # "4, patients" is no head count; "Eighteen … volunteers" is
    dataset = [
        "Long-form answers are prone to hallucinations that are hard to localise.",
        "This work introduces HaluSpan, the first hallucination dataset with span-level error annotations.",
        "We train a feedback model on it that flags errors in generated answers.",
        "Refining answers with the feedback cuts hallucinations by 30%.",
    ]
    assert role_cells(dataset, None)["Data"] == 1


def test_a_name_with_its_expansion_in_brackets_is_one_paper_to_compare() -> None:
    question = "Compare CMM (The Curse of Multi-Modalities), DeCo and HaluQuestQA on hallucinations."
    assert compared_items(question, analyse(question).subjects) == ["Curse of Multi-Modalities", "DeCo", "HaluQuestQA"]


def test_described_papers_are_compared_by_their_descriptions() -> None:
    question = (
        "Compare CoReS, the stationary d-Simplex representations paper, and MUSCLE: what problem does each "
        "tackle, how do they approach it, and what do they report?"
    )
    assert compared_items(question, analyse(question).subjects) == ["CoReS", "stationary d-Simplex representations", "MUSCLE"]
    described = "Compare the M5 blue straggler study with the paper on how evaporation shapes the cluster mass function."
    assert compared_items(described) == ["M5 blue straggler", "how evaporation shapes the cluster mass function"]
    asked = "How do the Gaussian entropy model for images and the spatiotemporal entropy model compare in their design?"
    assert compared_items(asked) == ["Gaussian entropy model for images", "spatiotemporal entropy model"]
    assert compared_items("How does PODNet differ from iCaRL, and what does it report?", ["PODNet", "iCaRL"]) == [
        "PODNet",
        "iCaRL",
    ]
    grouped = "Compare the two charmed-baryon papers — the strong-decay study and the lifetime calculation: what do they compute?"
    assert compared_items(grouped) == ["strong-decay charmed-baryon", "lifetime charmed-baryon"]


def test_library_questions_are_answered_from_metadata(answerer: Answerer) -> None:
    dumps = ask(answerer, "Which dumps did I import?")
    assert dumps.kind == AnswerKind.LIBRARY and "daily.txt: 7 papers" in dumps.text and "zh.txt: 2 papers" in dumps.text
    languages = ask(answerer, "What languages are the papers in my collection written in?")
    assert "English: 7" in languages.text and "Chinese: 2" in languages.text
    named = ask(answerer, "How many papers came from the zh file?")
    assert "2 of your 9 papers came from zh.txt" in named.text
    trap = ask(answerer, "Which language model did TabPFN use?")
    assert trap.kind != AnswerKind.LIBRARY
    assert "English: 7 (78%)" in ask(answerer, "What share of my library is in English?").text
    assert ask(answerer, "How many papers by Hinton do I have?").text == "Your library has no papers by Hinton."
    assert ask(answerer, "What is the oldest paper in my library?").text == "None of your 9 papers carries a date."
    library = answerer.searcher.library
    library.annotations.add_tags(library.all_ids()[:3], ["to read"])
    assert ask(answerer, 'How many papers are tagged "to read"?').text == "3 papers are tagged #to read."


def test_a_tldr_states_method_and_result_in_two_sentences_that_stand_alone(answerer: Answerer) -> None:
    paper = next(h.paper for h in answerer.searcher.search("TabPFN", 1))
    answer = drive(answerer.summarize([paper], SummaryMode.TLDR))
    assert 1 <= len(answer.sentences) <= 2 and all(s.trust is Trust.BACKED for s in answer.sentences)
    assert "TabPFN" in answer.sentences[0].text and "230 times faster" in answer.text
    assert not answer.text.startswith(("This", "It ", "They"))


def test_a_chinese_question_is_answered_from_the_chinese_paper_on_its_topic(answerer: Answerer) -> None:
    answer = ask(answerer, "基于卷积神经网络的遥感图像分类方法的精度是多少？")
    assert not answer.abstained and answer.sentences
    cited = {answer.sources[n - 1].paper.display_title for s in answer.sentences for n in s.cited}
    assert cited == {"基于卷积神经网络的遥感图像分类"}
    assert any("English only" in note for note in answer.notes)  # the hashing model is not multilingual


def test_a_chinese_question_names_what_the_library_lacks(answerer: Answerer) -> None:
    answer = ask(answerer, "卷积神经网络和丁苯酞在遥感图像分类上的精度相比如何？")
    assert answer.missing == ["丁苯酞"]  # the segmenter's '丁苯', as the question writes it
    assert ask(answerer, "基于卷积神经网络的遥感图像分类方法的精度是多少？").missing == []


def test_an_unknown_drug_is_named_as_missing_and_the_known_part_answered(answerer: Answerer) -> None:
    answer = ask(
        answerer, "Does bilastine reduce pruritus and hives in chronic idiopathic urticaria like desloratadine?"
    )
    assert not answer.abstained and "bilastine" in answer.missing
    assert any("Desloratadine" in s.text for s in answer.sentences)


def test_a_comparison_with_a_drug_the_library_lacks_answers_the_known_part(answerer: Answerer) -> None:
    answer = ask(answerer, "How do desloratadine and bilastine compare for treating chronic idiopathic urticaria?")
    assert answer.kind is not AnswerKind.COMPARE  # no table with another paper standing in for bilastine
    assert not answer.abstained and "bilastine" in answer.missing
    assert any("desloratadine" in s.text.casefold() for s in answer.sentences)


def test_a_name_written_in_lower_case_is_found_by_its_title(answerer: Answerer) -> None:
    # "tabpfn" is no name to the question's analysis, but the one paper holding it has it in its title
    answer = ask(answerer, "what is tabpfn used for?")
    assert not answer.abstained and "TabPFN" in answer.text


def test_an_acronym_is_held_only_in_capitals(answerer: Answerer) -> None:
    # the library says "objects" (the grasping paper) but never "OBJECTS": an acronym it lacks
    library = answerer.searcher.library
    assert library.mentions("objects")
    assert absent_names(library, "Compare TabPFN and OBJECTS", ["TabPFN", "OBJECTS"]) == ["OBJECTS"]
    assert absent_names(library, "Compare TabPFN and MuZero", ["TabPFN", "MuZero"]) == []


def test_a_compound_of_held_words_describes_rather_than_names(answerer: Answerer) -> None:
    library = answerer.searcher.library
    assert library.mentions("tactile") and library.mentions("grasping") and not library.mentions("grasping-tactile")
    assert absent_names(library, "the grasping-tactile controller") == []
    assert absent_names(library, "the bilastine-grasping controller") == ["bilastine-grasping"]


def test_tex_never_reaches_an_answer() -> None:
    from desktop.core.answering.claims import readable

    assert (
        readable(r"a cost {\raise.17ex\scriptstyle\sim}10 times lower, 0.01\% of it")
        == "a cost ∼10 times lower, 0.01% of it"
    )


@pytest.mark.parametrize(
    ("question", "aspect", "year", "lang"),
    [
        ("How big is my library?", LibraryAspect.COUNT, None, ""),
        ("How many English papers do I have?", LibraryAspect.COUNT, None, "en"),
        ("How many papers are in Chinese?", LibraryAspect.COUNT, None, "zh"),
        ("How many papers were published in 2023?", LibraryAspect.COUNT, 2023, ""),
        ("What years do my papers cover?", LibraryAspect.YEARS, None, ""),
        ("Who has written the most papers in my collection?", LibraryAspect.AUTHORS, None, ""),
        ("What is the newest paper in my library?", LibraryAspect.NEWEST, None, ""),
        ("List my dumps", LibraryAspect.SOURCES, None, ""),
        ("What's the breakdown of my library by language?", LibraryAspect.LANGUAGES, None, ""),
        ("我的文献库里有多少篇2023年的论文？", LibraryAspect.COUNT, 2023, ""),
        ("哪位作者的论文最多？", LibraryAspect.AUTHORS, None, ""),
        ("Which year has the most papers in my library?", LibraryAspect.YEARS, None, ""),
        ("What is the oldest paper in my library?", LibraryAspect.OLDEST, None, ""),
        ("What share of my library is in English?", LibraryAspect.LANGUAGES, None, "en"),
        ("Which is the most common language in my library?", LibraryAspect.LANGUAGES, None, ""),
        ("How many different sources does my library have?", LibraryAspect.SOURCES, None, ""),
        ('How many papers are tagged "to read"?', LibraryAspect.TAGS, None, ""),
        # a listing with filters and no topic lists the papers the filters leave
        ("Which papers in my library are from 2009?", LibraryAspect.NEWEST, 2009, ""),
        ("Which of my papers are in Chinese?", LibraryAspect.NEWEST, None, "zh"),
        ("我的文献库里有哪些2009年的论文？", LibraryAspect.NEWEST, 2009, ""),
    ],
)
def test_library_questions_in_many_phrasings(question: str, aspect: LibraryAspect, year: int | None, lang: str) -> None:
    routed = route(question)
    assert (routed.route, routed.aspect, routed.filters.year, routed.filters.lang) == (
        Route.LIBRARY,
        aspect,
        year,
        lang,
    )


@pytest.mark.parametrize(
    "question", ["What year was the MuZero paper published?", "How many image-paired questions does WorldMem hold?"]
)
def test_questions_about_a_paper_are_not_library_questions(question: str) -> None:
    assert route(question).route is Route.PAPER


@pytest.mark.parametrize(
    "question",
    [
        "How many GPUs were used to train the model in the mixture of experts survey?",  # "survey" is no summary
        "What are the main findings of the meta-analysis on antihistamines in pregnancy?",
        "Name the dataset the authors release with the benchmark.",  # "name … paper" is no listing
        "How much faster is EarlyTom compared with the baseline?",  # "compared with" is no compare table
        "Which paper introduces LiveXiv?",  # one paper asked for
        "What does this paper list as its limitations?",
        "How does the proposed decoder compare with standard decoding in the paper?",
    ],
)
def test_questions_about_one_paper_are_not_routed_by_a_stray_word(question: str) -> None:
    assert route(question).route is Route.PAPER


@pytest.mark.parametrize(
    ("question", "expected", "topic"),
    [
        ("How many papers report results on ImageNet?", Route.LISTING, "ImageNet"),
        ("How many papers use diffusion models?", Route.LISTING, "diffusion models"),
        ("Which papers in my library compare RL with supervised fine-tuning?", Route.LISTING, None),
        ("Can you list the methods for model merging in my library?", Route.LISTING, "model merging"),
        ("What papers do I have from 2024 on agents?", Route.LISTING, "agents"),
        ("Give me an overview of quantum cosmology in my papers.", Route.TOPIC, "quantum cosmology"),
        ("Do I have papers that use 3D Gaussian splatting?", Route.LISTING, "3D Gaussian splatting"),
        ("What studies of sublingual immunotherapy are in my library?", Route.LISTING, "sublingual immunotherapy"),
        ("What approaches using hypernetworks are in my library?", Route.LISTING, "hypernetworks"),
    ],
)
def test_counts_and_lists_keep_their_topic(question: str, expected: Route, topic: str | None) -> None:
    routed = route(question)
    assert routed.route is expected
    if topic is not None:
        assert routed.topic == topic


GRADCAM = (
    "Grad-CAM: Visual Explanations from Deep Networks",
    "Explaining the predictions of image classifiers helps users trust them. We propose Grad-CAM, which uses "
    "the gradients of the target class flowing into the final convolutional layer to produce a localization "
    "map. In human studies, Grad-CAM explanations of predictions helped users trust image classifiers more.",
)


def test_a_comparison_answered_in_prose_states_what_the_known_side_does(tmp_path: Path) -> None:
    library, searcher, _ = small_library(tmp_path, {"d.txt": dump([GRADCAM, OTHERS[3]])})
    answerer = Answerer(searcher, FakeChatModel("unused", answer_style="quote"), GenerationOptions(max_tokens=64))
    paper = next(p for p in library.get_many(library.all_ids()).values() if p.title.startswith("Grad-CAM"))
    analysis = analyse("Compare Grad-CAM and LIME as methods for explaining the predictions of image classifiers.")
    ranked = focus.rank(analysis, [(1, paper)], answerer.index)
    method = next(e for e in ranked if "gradients" in e.text)
    background = next(e for e in ranked if e.text.startswith("Explaining"))
    assert method.score > background.score  # its method is lifted over the motivation it shares words with
