"""Answering with a fake model: prompt assembly, citations, abstention, history, stop, summaries."""

from __future__ import annotations

import threading
from pathlib import Path

from desktop.core.answer import ANSWER_PREFILL, Answer, Answerer, Conversation, repeats_itself
from desktop.core.compare import compare, parse_fields
from desktop.core.jobs import drive
from desktop.core.llm import GenerationOptions
from tests.core.helpers import abstract, small_library
from tests.fakes import FakeChatModel

DUMP = "\n".join(
    [
        "Weak-to-Strong Generalization",
        abstract("weak supervisors training strong models", "Weak labels elicit strong capabilities."),
        "Robot Grasping with Tactile Sensing",
        abstract("robot grasping"),
        "Protein Folding at Scale",
        abstract("protein folding"),
    ]
)


def drain(generator):  # type: ignore[no-untyped-def]
    """(the streamed text, the returned Answer)."""
    pieces: list[str] = []
    answer = drive(generator, pieces.append)
    return "".join(pieces), answer


def make_answerer(
    tmp_path: Path, reply: str, context: int = 2048, max_tokens: int = 64
) -> tuple[Answerer, FakeChatModel]:
    _, searcher, _ = small_library(tmp_path, {"a.txt": DUMP})
    model = FakeChatModel(reply, context_size=context)
    return Answerer(searcher, model, GenerationOptions(max_tokens=max_tokens), abstain_similarity=0.2), model


def test_answer_cites_maps_and_drops_unknown_numbers(tmp_path: Path) -> None:
    reply = " weak supervisors training strong models elicit strong capabilities [1]. Also see [9]. Bananas ripen quickly in tropical island climates [2]."
    answerer, model = make_answerer(tmp_path, reply)
    streamed, answer = drain(answerer.ask("How do weak supervisors train strong models?", k=2))
    assert streamed.startswith(ANSWER_PREFILL)
    assert "[9]" not in answer.text and "[1]" in answer.text
    citations = answer.citations()
    assert [c["n"] for c in citations] == [1, 2]
    assert citations[0]["title"] == "Weak-to-Strong Generalization" and citations[0]["supported"] is True
    assert citations[1]["supported"] is False
    assert any(s.uncited for s in answer.sentences)
    system, user = model.prompts[0][0], model.prompts[0][-1]
    assert system["role"] == "system" and "[1] Weak-to-Strong Generalization" in user["content"]
    assert user["content"].rstrip().endswith("Question: How do weak supervisors train strong models?")


def test_off_topic_question_abstains_with_closest_papers(tmp_path: Path) -> None:
    answerer, model = make_answerer(tmp_path, "should not be generated")
    _, answer = drain(answerer.ask("lasagna recipe with ricotta"))
    assert answer.abstained and "nothing on this" in answer.text
    assert answer.sources and model.prompts == []


def test_sources_are_shortened_to_fit_a_small_context(tmp_path: Path) -> None:
    answerer, model = make_answerer(tmp_path, "ok [1].", context=420, max_tokens=64)
    messages, sources = answerer.build_messages(
        "weak supervisors strong models", answerer.retrieve("weak supervisors", k=3)
    )
    total = sum(model.count_tokens(m["content"]) for m in messages)
    assert total + 64 <= 420
    assert any(source.text.endswith("…") or len(source.text) < len(source.paper.abstract) for source in sources)


def test_follow_up_keeps_history_and_trims_old_turns(tmp_path: Path) -> None:
    answerer, model = make_answerer(tmp_path, " weak supervisors [1].")
    conversation = Conversation()
    first = "How do weak supervisors train strong models?"
    _, answer = drain(answerer.ask(first, conversation.history()))
    assert conversation.turns == []  # the caller owns the conversation
    conversation.add(first, answer.text)
    drain(answerer.ask("And what do they elicit?", conversation.history()))
    follow_up = model.prompts[-1]
    assert [m["role"] for m in follow_up] == ["system", "user", "assistant", "user"]
    assert "weak supervisors" in answerer.retrieve("And what?", conversation.history())[0].paper.abstract
    for index in range(10):
        conversation.add(f"old question {index} " + "x " * 300, "old answer " + "y " * 300)
    messages, _ = answerer.build_messages("next", answerer.retrieve("weak"), conversation.history())
    assert len(messages) < 2 + 2 * 10


def test_stop_ends_the_stream_and_the_model_answers_again(tmp_path: Path) -> None:
    answerer, _model = make_answerer(tmp_path, " ".join(f"word{i}" for i in range(50)))
    stop = threading.Event()
    generator = answerer.ask("weak supervisors strong models", stop=stop)
    next(generator)
    next(generator)
    stop.set()
    _, answer = drain(generator)
    assert answer.stopped and answer.timings.tokens <= 2
    _, again = drain(answerer.ask("weak supervisors strong models"))
    assert not again.stopped and again.timings.tokens == 50


def test_loop_guard() -> None:
    looped = "the model repeats this same phrase over and over " * 3
    assert repeats_itself(looped)
    assert not repeats_itself("every word here is different from all of the other words that came before it")


def test_library_questions_come_from_metadata(tmp_path: Path) -> None:
    answerer, model = make_answerer(tmp_path, "unused")
    _, answer = drain(answerer.ask("Which dumps did I import?"))
    assert answer.from_metadata and "a.txt: 3 papers" in answer.text and model.prompts == []
    _, count = drain(answerer.ask("How many papers do I have?"))
    assert "3 papers" in count.text


def test_tldr_synthesis_and_compare(tmp_path: Path) -> None:
    answerer, _model = make_answerer(
        tmp_path, "Task: robot grasping\nMethod: tactile sensing improves grasping\nData: x\nResult: gains"
    )
    papers = [hit.paper for hit in answerer.searcher.search("robot grasping", 2)]
    _, tldr = drain(answerer.tldr(papers[0]))
    assert isinstance(tldr, Answer) and tldr.text.startswith("Task:")
    _, synthesis = drain(answerer.synthesize(papers))
    assert len(synthesis.sources) == 2
    _, table = drain(compare(answerer, papers))
    lines = table.text.splitlines()
    assert lines[0] == "| Paper | Task | Method | Data | Result |" and len(lines) == 4
    assert "robot grasping" in lines[2]


def test_parse_fields() -> None:
    assert parse_fields("**Task:** a\n- Method: b\nData: ...\nResult: c") == {"Task": "a", "Method": "b", "Result": "c"}
