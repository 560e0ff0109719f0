"""Grounded answers: retrieve → fit to the context → prompt → stream → citations, or abstain."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Generator, Sequence
from dataclasses import dataclass, field, replace

from desktop.core import prompts
from desktop.core.choices import SearchMode
from desktop.core.citations import SentenceCheck, check_sentences, clean_citations, content_words, split_sentences
from desktop.core.library_questions import answer_library_question
from desktop.core.llm import ChatModel, GenerationOptions, Message
from desktop.core.records import Paper
from desktop.core.search import Hit, Searcher, SearchFilters

# Best cosine similarity (all-MiniLM-L6-v2) below which the library is taken to know nothing.
# Measured on the seeds: 8 on-topic questions scored 0.37-0.60, 6 off-topic ones (recipes, sport,
# travel, plumbing) 0.10-0.23 (tests/core/test_real_models.py checks both sides).
ABSTAIN_SIMILARITY = 0.30
# Tokens of each abstract in the prompt: the sentences that best match the question. Small enough
# that 5 sources keep the default model's time to first token low (bench/), large enough to ground.
SOURCE_TOKEN_CAP = 48
HISTORY_TURNS = 3
PROMPT_MARGIN = 24
# The answer's opening words, given to the model: small models then cite and stay on source [1].
ANSWER_PREFILL = "According to [1],"
_DEFINITION = re.compile(r"^\s*(?:what|who)\s+(is|are|was|were)\s+(?:an?\s+|the\s+)?(.+?)\s*\??\s*$", re.IGNORECASE)


def answer_prefill(question: str) -> str:
    """'What is X?' opens with 'According to [1], X is'; other questions with 'According to [1],'."""
    match = _DEFINITION.match(question)
    if match and len(match.group(2).split()) <= 8:
        return f"{ANSWER_PREFILL} {match.group(2)} {match.group(1).lower()}"
    return ANSWER_PREFILL


LOOP_WORDS = 8


@dataclass
class Source:
    number: int
    paper: Paper
    score: float
    similarity: float | None
    text: str

    def to_dict(self) -> dict[str, object]:
        return {
            "n": self.number,
            "id": self.paper.id,
            "title": self.paper.display_title,
            "score": round(self.score, 6),
            "similarity": None if self.similarity is None else round(self.similarity, 4),
        }


@dataclass
class Timings:
    ttft_s: float = 0.0
    tokens: int = 0
    total_s: float = 0.0

    @property
    def tokens_per_s(self) -> float:
        decode = self.total_s - self.ttft_s
        return (self.tokens - 1) / decode if self.tokens > 1 and decode > 0 else 0.0

    def to_dict(self) -> dict[str, float]:
        return {"ttft_s": round(self.ttft_s, 3), "tokens": self.tokens, "tokens_per_s": round(self.tokens_per_s, 2)}


@dataclass
class Answer:
    question: str
    text: str = ""
    sources: list[Source] = field(default_factory=list)
    sentences: list[SentenceCheck] = field(default_factory=list)
    abstained: bool = False
    stopped: bool = False
    from_metadata: bool = False
    timings: Timings = field(default_factory=Timings)

    @property
    def is_turn(self) -> bool:
        """True for a generated answer a follow-up question can build on."""
        return bool(self.text) and not (self.stopped or self.abstained or self.from_metadata)

    def citations(self) -> list[dict[str, object]]:
        by_number = {source.number: source for source in self.sources}
        seen: dict[int, bool] = {}
        for sentence in self.sentences:
            for number in sentence.cited:
                seen[number] = seen.get(number, True) and sentence.supported is not False
        return [
            {"n": n, "id": by_number[n].paper.id, "title": by_number[n].paper.display_title, "supported": ok}
            for n, ok in sorted(seen.items())
            if n in by_number
        ]

    def to_dict(self) -> dict[str, object]:
        return {
            "question": self.question,
            "answer": self.text,
            "citations": self.citations(),
            "sources": [source.to_dict() for source in self.sources],
            "sentences": [sentence.to_dict() for sentence in self.sentences],
            "abstained": self.abstained,
            "stopped": self.stopped,
            "from_metadata": self.from_metadata,
            "timings": self.timings.to_dict(),
        }


Turn = tuple[str, str]


@dataclass
class Conversation:
    """The turns so far: follow-ups keep them, for retrieval and for the prompt.

    Thread rules: one thread owns a conversation (the GUI thread in the app); jobs on other threads
    get `history()`, an immutable snapshot, and the owner adds the turn when the answer returns."""

    turns: list[Turn] = field(default_factory=list)

    def add(self, question: str, answer: str) -> None:
        self.turns.append((question, answer))

    def clear(self) -> None:
        self.turns.clear()

    def history(self) -> tuple[Turn, ...]:
        return tuple(self.turns)


class Answerer:
    """Answers and summaries over one library with one chat model."""

    def __init__(
        self,
        searcher: Searcher,
        model: ChatModel,
        options: GenerationOptions | None = None,
        abstain_similarity: float = ABSTAIN_SIMILARITY,
    ) -> None:
        self.searcher = searcher
        self.model = model
        self.options = options or GenerationOptions()
        self.abstain_similarity = abstain_similarity

    # retrieval
    def retrieve(
        self, question: str, history: Sequence[Turn] = (), k: int = 5, filters: SearchFilters | None = None
    ) -> list[Hit]:
        return retrieve(self.searcher, question, history, k, filters)

    def is_weak(self, hits: list[Hit]) -> bool:
        if not hits:
            return True
        similarities = [hit.similarity for hit in hits if hit.similarity is not None]
        if not similarities:
            return all(hit.keyword_score is None for hit in hits)
        return max(similarities) < self.abstain_similarity

    # prompt assembly within the context window
    def fit_sources(self, hits: list[Hit], budget: int, query: str = "", cap: int = SOURCE_TOKEN_CAP) -> list[Source]:
        """Numbers the hits and shortens abstracts (by tokens) so that all fit the budget."""
        share = max(48, min(cap, budget // max(1, len(hits))))
        sources = []
        for number, hit in enumerate(hits, 1):
            text = self.focused_excerpt(hit.paper.abstract, query, share)
            sources.append(Source(number, hit.paper, hit.score, hit.similarity, text))
        return sources

    def focused_excerpt(self, abstract: str, query: str, limit: int) -> str:
        """The abstract's sentences that share most words with the query (earlier ones first on a
        tie), in their original order, within limit tokens."""
        if self.model.count_tokens(abstract) <= limit:
            return abstract
        sentences = split_sentences(abstract)
        wanted = content_words(query)
        ranked = sorted(range(len(sentences)), key=lambda i: (-len(content_words(sentences[i]) & wanted), i))
        chosen: list[int] = []
        used = 0
        for index in ranked:
            cost = self.model.count_tokens(sentences[index])
            if used + cost > limit:
                continue
            chosen.append(index)
            used += cost
        if not chosen:
            return self.truncate_to_tokens(sentences[ranked[0]], limit)
        return " ".join(sentences[i] for i in sorted(chosen))

    def truncate_to_tokens(self, text: str, limit: int) -> str:
        if self.model.count_tokens(text) <= limit:
            return text
        words = text.split()
        low, high = 1, len(words)
        while low < high:
            middle = (low + high + 1) // 2
            if self.model.count_tokens(" ".join(words[:middle])) <= limit - 1:
                low = middle
            else:
                high = middle - 1
        return " ".join(words[:low]) + " …"

    def _history_messages(self, history: Sequence[Turn], budget: int) -> list[Message]:
        messages: list[Message] = []
        used = 0
        for question, answer in reversed(list(history)[-HISTORY_TURNS:]):
            pair = [{"role": "user", "content": question}, {"role": "assistant", "content": answer}]
            cost = self.model.count_tokens(question + answer) + 8
            if used + cost > budget:
                break
            messages[:0] = pair
            used += cost
        return messages

    def build_messages(
        self, question: str, hits: list[Hit], history: Sequence[Turn] = ()
    ) -> tuple[list[Message], list[Source]]:
        fixed = self.model.count_tokens(prompts.ANSWER_SYSTEM + question) + PROMPT_MARGIN
        room = self.model.context_size - self.options.max_tokens - fixed
        earlier = self._history_messages(history, max(0, room // 4))
        room -= sum(self.model.count_tokens(m["content"]) + 4 for m in earlier)
        if room < 48 * max(1, len(hits)):
            hits = hits[: max(1, room // 48)]
        sources = self.fit_sources(hits, room - 8 * len(hits), question)
        blocks = [prompts.source_block(s.number, s.paper.display_title, s.text) for s in sources]
        messages = [
            {"role": "system", "content": prompts.ANSWER_SYSTEM},
            *earlier,
            {"role": "user", "content": prompts.answer_user_message(blocks, question)},
        ]
        return messages, sources

    # generation
    def generate(
        self,
        messages: list[Message],
        answer: Answer,
        stop: threading.Event | None,
        prefill: str = "",
        multiline: bool = False,
    ) -> Generator[str, None, None]:
        """Streams the model's pieces (after the prefill), with timings; stops on a loop."""
        started = time.perf_counter()
        pieces: list[str] = [prefill] if prefill else []
        if prefill:
            yield prefill
        options = self.options
        if getattr(self.model, "is_small", False) and not multiline:
            options = replace(self.options, single_paragraph=True)
        stream = self.model.stream(messages, options, stop, prefill)
        try:
            for piece in stream:
                if answer.timings.tokens == 0:
                    answer.timings.ttft_s = time.perf_counter() - started
                pieces.append(piece)
                answer.timings.tokens += 1
                yield piece
                if stop is not None and stop.is_set():
                    answer.stopped = True
                    break
                if repeats_itself("".join(pieces)):
                    break
        finally:
            close = getattr(stream, "close", None)
            if close is not None:
                close()
        answer.timings.total_s = time.perf_counter() - started
        answer.text = "".join(pieces).strip()

    def _finish_cited(self, answer: Answer) -> None:
        valid = {source.number for source in answer.sources}
        answer.text = clean_citations(answer.text, valid)
        abstracts = {source.number: source.paper.abstract for source in answer.sources}
        answer.sentences = check_sentences(answer.text, abstracts)

    def ask(
        self,
        question: str,
        history: Sequence[Turn] = (),
        hits: list[Hit] | None = None,
        k: int = 5,
        stop: threading.Event | None = None,
        pinned: bool = False,
    ) -> Generator[str, None, Answer]:
        """Streams the answer's text; returns the Answer with citations checked. Pinned hits are
        papers the user chose, so the answer uses them without the abstain check. The history is
        read, never changed: the caller adds the turn to its conversation."""
        answer = Answer(question)
        library_fact = answer_library_question(self.searcher.library, question)
        if library_fact is not None and hits is None:
            answer.text, answer.from_metadata = library_fact, True
            yield library_fact
            return answer
        hits = self.retrieve(question, history, k) if hits is None else hits
        if not (pinned and hits) and self.is_weak(hits):
            answer.abstained = True
            answer.sources = [Source(i, h.paper, h.score, h.similarity, "") for i, h in enumerate(hits[:3], 1)]
            answer.text = abstention_text(answer.sources)
            yield answer.text
            return answer
        messages, answer.sources = self.build_messages(question, hits, history)
        yield from self.generate(messages, answer, stop, answer_prefill(question))
        self._finish_cited(answer)
        return answer

    # summaries
    def tldr(self, paper: Paper, stop: threading.Event | None = None) -> Generator[str, None, Answer]:
        answer = Answer(f"TL;DR: {paper.display_title}")
        text = self.truncate_to_tokens(paper.abstract, self.model.context_size - self.options.max_tokens - 96)
        answer.sources = [Source(1, paper, 1.0, None, text)]
        messages = [
            {"role": "system", "content": prompts.TLDR_SYSTEM},
            {"role": "user", "content": prompts.tldr_user_message(paper.display_title, text)},
        ]
        yield from self.generate(messages, answer, stop)
        return answer

    def synthesize(self, papers: list[Paper], stop: threading.Event | None = None) -> Generator[str, None, Answer]:
        answer = Answer("Synthesis of " + ", ".join(p.display_title for p in papers))
        hits = [Hit(paper, 1.0) for paper in papers]
        room = self.model.context_size - self.options.max_tokens - 128
        answer.sources = self.fit_sources(hits, room, cap=SOURCE_TOKEN_CAP * 2)
        blocks = [prompts.source_block(s.number, s.paper.display_title, s.text) for s in answer.sources]
        messages = [
            {"role": "system", "content": prompts.SYNTHESIS_SYSTEM},
            {"role": "user", "content": prompts.synthesis_user_message(blocks)},
        ]
        yield from self.generate(messages, answer, stop)
        self._finish_cited(answer)
        return answer


def retrieval_query(question: str, history: Sequence[Turn] = ()) -> str:
    """A follow-up is searched together with the question before it."""
    recent = [q for q, _ in list(history)[-1:]]
    return " ".join([*recent, question])


def retrieve(
    searcher: Searcher, question: str, history: Sequence[Turn] = (), k: int = 5, filters: SearchFilters | None = None
) -> list[Hit]:
    """The papers a question (with its conversation) is answered from: the one retrieval path,
    used for the answer and for the preview the user sees before sending."""
    return searcher.search(retrieval_query(question, history), k, SearchMode.HYBRID, filters)


def repeats_itself(text: str, run: int = LOOP_WORDS) -> bool:
    """True once the text's last run of words already occurred earlier in it (a loop)."""
    words = text.split()
    if len(words) < run * 2:
        return False
    tail = tuple(words[-run:])
    return any(tuple(words[i : i + run]) == tail for i in range(len(words) - run))


def abstention_text(closest: list[Source]) -> str:
    lines = ["Your library has nothing on this, so I will not guess."]
    if closest:
        lines.append("\nThe closest papers are:\n")
        lines.extend(f"- [{s.number}] {s.paper.display_title}" for s in closest)
    return "\n".join(lines)
