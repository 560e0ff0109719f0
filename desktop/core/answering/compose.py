"""Writing an answer from its evidence, in the style the model does well.

- close (a model profile's choice): the model rephrases one evidence sentence at a time; a
  rephrasing that says anything the sentence does not is replaced by the sentence itself, in the
  third person. Every sentence of the answer then comes from one abstract and cites it.
- free (larger models): the model writes the answer from the sources (whole abstracts when they
  fit the context and the machine's prompt speed) and the evidence; every sentence is checked
  and marked afterwards.
- quote (models under a billion parameters, and no model): the evidence sentences themselves, in
  the third person, each citing its paper."""

from __future__ import annotations

import threading
from collections.abc import Generator, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

from desktop.core.answering import prompts
from desktop.core.answering.evidence import Evidence
from desktop.core.answering.grounding import as_answer, faithful
from desktop.core.library.records import Paper
from desktop.core.models.llm import ChatModel, GenerationOptions, Message
from desktop.core.text.sentences import split_sentences

SMALL_MODEL_PARAMETERS = 1_000_000_000
# The longest wait for a prompt that the sources may cost, at the model's measured prompt speed.
PROMPT_SECONDS = 12.0
REPHRASE_EXTRA_TOKENS = 16


class AnswerStyle(StrEnum):
    CLOSE = "close"
    FREE = "free"
    QUOTE = "quote"


def style_for(model: ChatModel | None) -> AnswerStyle:
    """The model's own style if it names one, else by its size."""
    if model is None:
        return AnswerStyle.QUOTE
    if model.answer_style:
        return AnswerStyle(model.answer_style)
    # A small model's one-sentence rephrasings were kept by the check only 12% of the time on the
    # dev questions (bench/qa_results.json: rephrasings_kept), at about a second each: its answers
    # are the evidence sentences themselves (quote), and "close" stays a choice in the model's profile.
    return AnswerStyle.QUOTE if 0 < model.parameters < SMALL_MODEL_PARAMETERS else AnswerStyle.FREE


@dataclass
class Drafted:
    text: str
    evidence: Evidence
    rephrased: bool


def compose_close(
    model: ChatModel | None,
    question: str,
    evidence: Sequence[Evidence],
    options: GenerationOptions,
    stop: threading.Event | None = None,
) -> Generator[str, None, list[Drafted]]:
    """Yields the answer one checked sentence at a time; returns what each sentence came from."""
    drafted: list[Drafted] = []
    for item in evidence:
        if stop is not None and stop.is_set():
            break
        draft = rephrase(model, question, item.text, options, stop) if model is not None else ""
        kept = bool(draft) and faithful(draft, item.text, question)
        text = as_answer(draft if kept else item.text, item.number)
        drafted.append(Drafted(text, item, kept))
        yield text + " "
    return drafted


def rephrase(
    model: ChatModel, question: str, sentence: str, options: GenerationOptions, stop: threading.Event | None
) -> str:
    """The model's one-sentence rephrasing of an evidence sentence as an answer (not yet checked)."""
    budget = model.count_tokens(sentence) * 3 // 2 + REPHRASE_EXTRA_TOKENS
    settings = replace(options, max_tokens=min(options.max_tokens, budget), temperature=0.0, single_paragraph=True)
    pieces = []
    for piece in model.stream(prompts.rephrase_messages(question, sentence), settings, stop):
        pieces.append(piece)
    text = "".join(pieces).strip()
    first = split_sentences(text)
    return first[0].text if first else ""


def source_budget(model: ChatModel, max_tokens: int, fixed_tokens: int) -> int:
    """Tokens the sources may take: what the context leaves, and what the machine processes in
    PROMPT_SECONDS at the model's measured prompt speed (when it has been measured)."""
    room = model.context_size - max_tokens - fixed_tokens
    if model.prompt_tokens_per_s > 0:
        room = min(room, int(model.prompt_tokens_per_s * PROMPT_SECONDS))
    return max(0, room)


def source_texts(
    model: ChatModel, papers: Sequence[tuple[int, Paper]], evidence: Sequence[Evidence], budget: int
) -> dict[int, str]:
    """Each source's text for the prompt: whole abstracts when they all fit the budget, else
    each source's evidence sentences first, then its other sentences in order, within its share."""
    whole = {number: paper.abstract for number, paper in papers}
    if sum(model.count_tokens(text) for text in whole.values()) <= budget:
        return whole
    share = budget // max(1, len(papers))
    texts = {}
    for number, paper in papers:
        own = [e.sentence for e in evidence if e.number == number]
        rest = [s for s in split_sentences(paper.abstract) if not any(s.start == o.start for o in own)]
        chosen, used = [], 0
        for sentence in [*own, *rest]:
            cost = model.count_tokens(sentence.text)
            if used + cost > share:
                continue
            chosen.append(sentence)
            used += cost
        texts[number] = " ".join(s.text for s in sorted(chosen, key=lambda s: s.start))
    return texts


def free_messages(
    question: str,
    sources: dict[int, str],
    titles: dict[int, str],
    evidence: Sequence[Evidence],
    history: list[Message],
) -> list[Message]:
    blocks = [prompts.source_block(n, titles[n], text) for n, text in sources.items()]
    quoted = [f"[{e.number}] {e.text}" for e in evidence]
    return [
        {"role": "system", "content": prompts.ANSWER_SYSTEM},
        *history,
        {"role": "user", "content": prompts.answer_user_message(blocks, quoted, question)},
    ]
