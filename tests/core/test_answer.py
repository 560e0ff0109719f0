"""Answering with fake models: evidence first, the two styles, abstention, history, stop, summaries."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from desktop.core.answering.answer import Answer, Answerer, Conversation, EvidenceFound, repeats_itself
from desktop.core.answering.grounding import Trust
from desktop.core.base.choices import SummaryMode
from desktop.core.base.jobs import drive
from desktop.core.models.embedding import HashingEmbedder
from desktop.core.models.llm import GenerationOptions
from tests.core.helpers import small_library
from tests.fakes import FakeChatModel, RephrasingModel

TABPFN = (
    "Tabular classification usually needs careful tuning of boosted trees and long searches over settings. "
    "We present TabPFN, a trained Transformer that classifies small tabular datasets in less than a second. "
    "TabPFN performs in-context learning from labeled examples given in its input, without parameter updates. "
    "On 18 datasets TabPFN is 230 times faster than the AutoML systems it matches. "
    "Our code is available at https://github.com/example/tabpfn for everyone to use."
)
MUZERO = (
    "Planning with a perfect simulator has worked well in games such as chess and Go for many years. "
    "We present the MuZero algorithm, which combines a tree-based search with a learned model of the world. "
    "MuZero learns a model that predicts the reward, the action-selection policy and the value function. "
    "On 57 Atari games MuZero reached a new state of the art without being told the rules."
)
GRASPING = (
    "Robots that grasp unfamiliar objects drop them often when vision alone guides the hand. "
    "We propose a tactile grasping controller that adjusts the grip from touch readings many times a second. "
    "In experiments with 40 household objects the controller halves the number of dropped objects."
)
DUMP = "\n".join(
    [
        "TabPFN: A Transformer That Solves Small Tabular Problems in a Second",
        TABPFN,
        "Mastering Atari with a Learned Model",
        MUZERO,
        "Tactile Grasping of Household Objects",
        GRASPING,
    ]
)


def ask(answerer: Answerer, question: str, **kwargs: object) -> tuple[list[object], Answer]:
    pieces: list[object] = []
    answer = drive(answerer.ask(question, **kwargs), pieces.append)  # type: ignore[arg-type]
    return pieces, answer


def make_answerer(tmp_path: Path, model: FakeChatModel, context: int = 2048) -> Answerer:
    _, searcher, _ = small_library(tmp_path, {"papers.txt": DUMP})
    model.context_size = context
    return Answerer(searcher, model, GenerationOptions(max_tokens=64))


def test_evidence_comes_first_and_a_small_model_answer_quotes_it(tmp_path: Path) -> None:
    answerer = make_answerer(tmp_path, RephrasingModel({}))
    pieces, answer = ask(answerer, "What is TabPFN?")
    assert isinstance(pieces[0], EvidenceFound) and all(isinstance(p, str) for p in pieces[1:])
    best = answer.evidence[0]
    assert best.text.startswith("We present TabPFN, a trained Transformer") and best.paper.title.startswith("TabPFN")
    assert best.paper.abstract[best.sentence.start : best.sentence.end] == best.text
    assert answer.text.startswith("The authors present TabPFN, a trained Transformer")
    assert all(s.cited == [best.number] and s.trust is Trust.BACKED for s in answer.sentences)
    assert not any("github" in e.text for e in answer.evidence)  # boilerplate is never evidence
    assert any(answer.evidence[0].text[start:end].casefold() == "tabpfn" for start, end in best.marks)


def test_a_faithful_rephrasing_is_kept_and_an_unfaithful_one_is_replaced_by_the_quote(tmp_path: Path) -> None:
    model = RephrasingModel(
        {
            "We present TabPFN": "TabPFN is a trained Transformer that classifies small tabular datasets in less than a second.",
            "On 18 datasets": "TabPFN was invented by a large company in 1999.",
        }
    )
    answerer = make_answerer(tmp_path, model)
    _, answer = ask(answerer, "What is TabPFN?")
    texts = [s.text for s in answer.sentences]
    assert (
        texts[0] == "TabPFN is a trained Transformer that classifies small tabular datasets in less than a second [1]."
    )
    assert answer.sentences[0].rephrased
    assert not any("1999" in text or "company" in text for text in texts)
    assert texts[1] == "On 18 datasets TabPFN is 230 times faster than the AutoML systems it matches [1]."
    assert not answer.sentences[1].rephrased


def test_the_json_fields(tmp_path: Path) -> None:
    answerer = make_answerer(tmp_path, RephrasingModel({}))
    data = ask(answerer, "What does MuZero learn?")[1].to_dict()
    assert {"answer", "citations", "sources", "evidence", "sentences", "missing", "abstained", "timings"} <= set(data)
    sentence = data["sentences"][0]
    assert set(sentence) >= {"text", "cited", "supported", "trust", "evidence", "score"}
    assert sentence["supported"] is True and sentence["evidence"]["id"] == data["evidence"][0]["id"]
    assert sentence["evidence"]["sentence"] in data["evidence"][0]["text"]
    assert set(data["evidence"][0]) >= {"n", "id", "text", "start", "end", "score"}
    assert data["timings"]["evidence_s"] <= data["timings"]["ttft_s"] <= data["timings"]["total_s"]


def test_a_follow_up_inherits_what_the_conversation_is_about(tmp_path: Path) -> None:
    answerer = make_answerer(tmp_path, RephrasingModel({}))
    conversation = Conversation()
    _, first = ask(answerer, "What is TabPFN?")
    conversation.add("What is TabPFN?", first.text)
    _, follow_up = ask(answerer, "How fast is it?", history=conversation.history())
    assert not follow_up.abstained
    assert {e.paper.id for e in follow_up.evidence} == {first.evidence[0].paper.id}
    assert "less than a second" in follow_up.text or "230 times faster" in follow_up.text


def test_a_named_method_in_the_library_is_never_abstained_from(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(HashingEmbedder, "on_topic_similarity", 0.99)  # meaning alone would abstain
    answerer = make_answerer(tmp_path, RephrasingModel({}))
    assert not ask(answerer, "What is TabPFN used for?")[1].abstained
    _, unknown = ask(answerer, "What is GPT-7?")
    assert unknown.abstained and unknown.missing == ["GPT-7"] and "Nothing in it mentions GPT-7" in unknown.text


def test_off_topic_questions_abstain_and_name_the_closest_papers(tmp_path: Path) -> None:
    model = RephrasingModel({})
    answerer = make_answerer(tmp_path, model)
    pieces, answer = ask(answerer, "What is a good lasagna recipe?")
    assert answer.abstained and "nothing on this" in answer.text and model.asked == []
    assert not any(isinstance(p, EvidenceFound) for p in pieces) and len(answer.sources) <= 3
    assert answer.notes == []  # no paper in another language to point at


def test_a_declined_english_question_points_to_the_chinese_papers_it_cannot_reach(tmp_path: Path) -> None:
    chinese = (
        "刑事诉讼中的取保候审制度研究\n"
        "本文分析了我国刑事诉讼中取保候审制度的适用现状，指出保证金数额确定、执行监督和违反义务的处理等方面存在的问题，"
        "并从立法和司法两个层面提出完善建议，以保障犯罪嫌疑人的合法权利并维护诉讼秩序。"
    )
    _, searcher, report = small_library(tmp_path, {"papers.txt": DUMP, "zh.txt": chinese})
    assert report.new >= 2
    answerer = Answerer(searcher, RephrasingModel({}), GenerationOptions(max_tokens=64))
    answer = ask(answerer, "What is a good lasagna recipe?")[1]
    assert answer.abstained and any("1 paper in Chinese" in note and "Settings" in note for note in answer.notes)
    assert not ask(answerer, "What is TabPFN?")[1].notes  # answered: nothing to point at


def test_a_partial_answer_says_which_part_is_missing(tmp_path: Path) -> None:
    answerer = make_answerer(tmp_path, RephrasingModel({}))
    _, answer = ask(answerer, "How do TabPFN and FooNet-9 differ?")
    assert not answer.abstained and answer.missing == ["FooNet-9"]
    assert "FooNet" not in answer.text and "TabPFN" in answer.text


def test_pinned_papers_are_answered_from_whatever_they_are(tmp_path: Path) -> None:
    answerer = make_answerer(tmp_path, RephrasingModel({}))
    grasping = [h for h in answerer.searcher.search("tactile grasping", 3) if "Grasping" in h.paper.title]
    _, answer = ask(answerer, "What is a good lasagna recipe?", hits=grasping, pinned=True)
    assert not answer.abstained and answer.sources[0].paper.title.startswith("Tactile")


def test_free_style_streams_and_marks_every_sentence(tmp_path: Path) -> None:
    reply = (
        "TabPFN is a trained Transformer that classifies small tabular datasets in less than a second [1]. "
        "It was first built by sailors in 1850 for naval maps [1]. MuZero plans well [7]. Plain claim without a source."
    )
    model = FakeChatModel(reply)
    answerer = make_answerer(tmp_path, model)
    pieces, answer = ask(answerer, "What is TabPFN?")
    assert len([p for p in pieces if isinstance(p, str)]) > 5  # tokens, not sentences
    trust = [s.trust for s in answer.sentences]
    assert trust[0] is Trust.BACKED and trust[1] is Trust.UNBACKED and trust[-1] is Trust.UNCITED
    assert "[7]" not in answer.text  # a number that names no source is dropped
    prompt = model.prompts[0][-1]["content"]
    assert "Evidence:" in prompt and TABPFN in prompt  # whole abstracts: they fit the context


def test_a_small_context_gets_the_evidence_sentences_first(tmp_path: Path) -> None:
    model = FakeChatModel("TabPFN is fast [1].")
    answerer = make_answerer(tmp_path, model, context=300)
    ask(answerer, "What is TabPFN?")
    prompt = model.prompts[0][-1]["content"]
    assert TABPFN not in prompt and "We present TabPFN, a trained Transformer" in prompt
    assert sum(model.count_tokens(m["content"]) for m in model.prompts[0]) + 64 <= 300


def test_follow_up_prompts_carry_the_conversation(tmp_path: Path) -> None:
    model = FakeChatModel("TabPFN is a trained Transformer [1].")
    answerer = make_answerer(tmp_path, model)
    conversation = Conversation()
    _, answer = ask(answerer, "What is TabPFN?", history=conversation.history())
    assert conversation.turns == []  # the caller owns the conversation
    conversation.add("What is TabPFN?", answer.text)
    ask(answerer, "How fast is it?", history=conversation.history())
    assert [m["role"] for m in model.prompts[-1]] == ["system", "user", "assistant", "user"]


def test_stop_ends_the_answer_and_the_model_answers_again(tmp_path: Path) -> None:
    model = FakeChatModel(" ".join(f"word{i}" for i in range(50)))
    answerer = make_answerer(tmp_path, model)
    stop = threading.Event()
    generator = answerer.ask("What is TabPFN?", stop=stop)
    assert isinstance(next(generator), EvidenceFound)
    next(generator)
    stop.set()
    assert drive(generator).stopped
    assert not ask(answerer, "What is TabPFN?")[1].stopped


def test_loop_guard() -> None:
    assert repeats_itself("the model repeats this same phrase over and over " * 3)
    assert not repeats_itself("every word here is different from all of the other words that came before it")


def test_library_questions_come_from_metadata(tmp_path: Path) -> None:
    model = RephrasingModel({})
    answerer = make_answerer(tmp_path, model)
    _, answer = ask(answerer, "Which dumps did I import?")
    assert answer.from_metadata and "papers.txt: 3 papers" in answer.text and model.asked == []


def test_tldr_and_synthesis_quote_each_papers_main_claim(tmp_path: Path) -> None:
    answerer = make_answerer(tmp_path, RephrasingModel({}))
    papers = [
        h.paper
        for h in answerer.searcher.search("TabPFN MuZero", 3)
        if h.paper.title.startswith(("TabPFN", "Mastering"))
    ]
    tldr = drive(answerer.summarize(papers[:1], SummaryMode.TLDR))
    assert tldr.sentences and all(s.trust is Trust.BACKED and s.cited == [1] for s in tldr.sentences)
    assert "TabPFN" in tldr.text or "MuZero" in tldr.text
    synthesis = drive(answerer.summarize(papers, SummaryMode.SYNTHESIS))
    assert {n for s in synthesis.sentences for n in s.cited} == {1, 2}


def test_compare_fills_each_cell_from_the_sentence_of_its_role(tmp_path: Path) -> None:
    model = FakeChatModel("Task: millions of web pages about cooking")
    answerer = make_answerer(tmp_path, model)
    paper = next(h.paper for h in answerer.searcher.search("TabPFN", 1))
    table = drive(answerer.summarize([paper], SummaryMode.COMPARE))
    lines = table.text.splitlines()
    assert lines[0] == "| Paper | Task | Method | Data | Result |" and len(lines) == 3
    cells = {name: cell for name, cell in zip(("Task", "Method", "Data", "Result"), table.sentences, strict=True)}
    assert "230 times faster" in cells["Result"].text  # the result sentence, by its role
    assert "cooking" not in table.text and model.prompts == []  # no model writes the cells
    assert "Solves Small Tabular Problems" not in cells["Method"].text  # the title is not a cell
    assert all(cell.trust is Trust.BACKED for cell in table.sentences if cell.text)
