"""Grounded answers: retrieve → judge what the library has → evidence first → an answer written
from it, in the style the model does well → every sentence checked against the abstract it cites."""

from __future__ import annotations

import threading
import time
from collections.abc import Generator, Iterator, Sequence
from dataclasses import dataclass, field

from desktop.core.answering import abstention
from desktop.core.answering.citations import clean_citations
from desktop.core.answering.compose import (
    AnswerStyle,
    compose_close,
    free_messages,
    source_budget,
    source_texts,
    style_for,
)
from desktop.core.answering.evidence import Evidence, SentenceIndex, best_similarity, evidence_from, rank_evidence
from desktop.core.answering.grounding import SentenceCheck, Trust, check_answer, mark_rephrased
from desktop.core.answering.library_questions import answer_library_question
from desktop.core.answering.questions import QuestionAnalysis, analyse
from desktop.core.base.choices import SearchMode
from desktop.core.base.filters import SearchFilters
from desktop.core.library.records import Paper
from desktop.core.models.llm import ChatModel, GenerationOptions, Message
from desktop.core.search.hybrid import Hit, Searcher

HISTORY_TURNS = 3
PROMPT_MARGIN = 48
MESSAGE_TOKENS = 8  # the chat template's markers around each message
LOOP_WORDS = 8
EVIDENCE_SENTENCES = 3
Turn = tuple[str, str]


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
    """Seconds from the question: evidence on screen, first answer text, the whole answer."""

    evidence_s: float = 0.0
    ttft_s: float = 0.0
    tokens: int = 0
    total_s: float = 0.0
    decode_s: float = 0.0

    @property
    def tokens_per_s(self) -> float:
        return (self.tokens - 1) / self.decode_s if self.tokens > 1 and self.decode_s > 0 else 0.0

    def to_dict(self) -> dict[str, float]:
        return {
            "evidence_s": round(self.evidence_s, 3),
            "ttft_s": round(self.ttft_s, 3),
            "total_s": round(self.total_s, 3),
            "tokens": self.tokens,
            "tokens_per_s": round(self.tokens_per_s, 2),
        }


@dataclass
class EvidenceFound:
    """Yielded by ask() before the answer is written: what it will be written from."""

    evidence: list[Evidence]
    sources: list[Source]


AnswerPiece = str | EvidenceFound


@dataclass
class Answer:
    question: str
    text: str = ""
    sources: list[Source] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    sentences: list[SentenceCheck] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    style: str = ""
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
                seen[number] = seen.get(number, True) and sentence.trust is not Trust.UNBACKED
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
            "evidence": [item.to_dict() for item in self.evidence],
            "sentences": [sentence.to_dict() for sentence in self.sentences],
            "missing": self.missing,
            "style": self.style,
            "abstained": self.abstained,
            "stopped": self.stopped,
            "from_metadata": self.from_metadata,
            "timings": self.timings.to_dict(),
        }


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
    """Answers over one library with one chat model (None: answers quote the evidence)."""

    def __init__(
        self,
        searcher: Searcher,
        model: ChatModel | None,
        options: GenerationOptions | None = None,
        index: SentenceIndex | None = None,
        style: AnswerStyle | None = None,
    ) -> None:
        self.searcher = searcher
        self.model = model
        self.options = options or GenerationOptions()
        if index is None:
            if searcher.embedder is None:
                raise ValueError("answering needs the embedding model for its evidence")
            index = SentenceIndex(searcher.embedder)
        self.index = index
        self.style = style or style_for(model)

    def retrieve(
        self, question: str, history: Sequence[Turn] = (), k: int = 5, filters: SearchFilters | None = None
    ) -> list[Hit]:
        return retrieve(self.searcher, question, history, k, filters)

    def ask(
        self,
        question: str,
        history: Sequence[Turn] = (),
        hits: list[Hit] | None = None,
        k: int = 5,
        stop: threading.Event | None = None,
        pinned: bool = False,
    ) -> Generator[AnswerPiece, None, Answer]:
        """Yields the evidence (EvidenceFound), then the answer's text as it is written; returns
        the Answer with every sentence checked. Pinned hits are papers the user chose: the answer
        uses them whatever the library holds beyond them. The history is read, never changed."""
        started = time.perf_counter()
        answer = Answer(question, style=self.style.value)
        library_fact = answer_library_question(self.searcher.library, question)
        if library_fact is not None and hits is None:
            answer.text, answer.from_metadata = library_fact, True
            yield library_fact
            return answer
        analysis = analyse(question, [q for q, _ in history])
        hits = self.retrieve(question, history, k) if hits is None else hits
        answer.sources = [Source(i, h.paper, h.score, h.similarity, h.paper.abstract) for i, h in enumerate(hits, 1)]
        papers = [(source.number, source.paper) for source in answer.sources]
        ranked = rank_evidence(analysis, papers, self.index) if papers else []
        threshold = abstention.on_topic_threshold(self.searcher.embedder)
        in_context = best_similarity(ranked, self.index, retrieval_query(question, history)) if history else 0.0
        coverage = abstention.judge(analysis, ranked, self.searcher.library.mentions, threshold, in_context)
        answer.missing = coverage.missing
        if not (pinned and hits) and not coverage.on_topic:
            answer.abstained = True
            answer.sources = answer.sources[:3]
            answer.text = abstention_text(answer.sources, coverage.missing)
            yield answer.text
            return answer
        answer.evidence = evidence_from(ranked, analysis, self.index, EVIDENCE_SENTENCES)
        answer.timings.evidence_s = time.perf_counter() - started
        yield EvidenceFound(answer.evidence, answer.sources)
        rephrased: list[str] = []
        text = yield from self.timed(self._write(question, analysis, answer, history, stop, rephrased), answer, started)
        answer.stopped = stop is not None and stop.is_set()
        self.finish(answer, text, rephrased)
        return answer

    @staticmethod
    def timed(pieces: Iterator[str], answer: Answer, started: float) -> Generator[str, None, str]:
        """Passes the pieces on, timing the first one and the whole; returns the text they make."""
        text: list[str] = []
        for piece in pieces:
            if not text:
                answer.timings.ttft_s = time.perf_counter() - started
            text.append(piece)
            yield piece
        answer.timings.total_s = time.perf_counter() - started
        return "".join(text)

    def _write(
        self,
        question: str,
        analysis: QuestionAnalysis,
        answer: Answer,
        history: Sequence[Turn],
        stop: threading.Event | None,
        rephrased: list[str],
    ) -> Generator[str, None, None]:
        if self.style is AnswerStyle.FREE and self.model is not None:
            messages = self.free_messages(question, answer, history)
            yield from self.generate(messages, answer, stop)
            return
        model = self.model if self.style is AnswerStyle.CLOSE else None
        drafted = yield from compose_close(model, question, answer.evidence, self.options, stop)
        answer.timings.tokens = sum(len(d.text.split()) for d in drafted)
        rephrased += [d.text for d in drafted if d.rephrased]

    def free_messages(self, question: str, answer: Answer, history: Sequence[Turn]) -> list[Message]:
        """The prompt for a larger model: whole abstracts if they fit, the evidence, the question."""
        assert self.model is not None
        model = self.model
        earlier = self._history_messages(history, max(0, (model.context_size - self.options.max_tokens) // 4))
        titles = {s.number: s.paper.display_title for s in answer.sources}
        frame = free_messages(question, dict.fromkeys(titles, ""), titles, answer.evidence, earlier)
        fixed = sum(model.count_tokens(m["content"]) + MESSAGE_TOKENS for m in frame) + PROMPT_MARGIN
        budget = source_budget(model, self.options.max_tokens, fixed)
        papers = [(s.number, s.paper) for s in answer.sources]
        texts = source_texts(model, papers, answer.evidence, budget)
        for source in answer.sources:
            source.text = texts[source.number]
        return free_messages(question, texts, titles, answer.evidence, earlier)

    def _history_messages(self, history: Sequence[Turn], budget: int) -> list[Message]:
        assert self.model is not None
        messages: list[Message] = []
        used = 0
        for question, reply in reversed(list(history)[-HISTORY_TURNS:]):
            cost = self.model.count_tokens(question + reply) + 8
            if used + cost > budget:
                break
            messages[:0] = [{"role": "user", "content": question}, {"role": "assistant", "content": reply}]
            used += cost
        return messages

    def generate(
        self, messages: list[Message], answer: Answer, stop: threading.Event | None, prefill: str = ""
    ) -> Generator[str, None, None]:
        """Streams the model's pieces (after prefill, which the model continues from), counting
        tokens; stops on the user's stop or on a loop."""
        assert self.model is not None
        started = time.perf_counter()
        first = 0.0
        pieces: list[str] = []
        stream = self.model.stream(messages, self.options, stop, prefill)
        try:
            for piece in stream:
                if not pieces:
                    first = time.perf_counter()
                pieces.append(piece)
                answer.timings.tokens += 1
                yield piece
                if (stop is not None and stop.is_set()) or repeats_itself("".join(pieces)):
                    break
        finally:
            stream.close()
        if pieces:
            answer.timings.decode_s += time.perf_counter() - first
        answer.timings.total_s += time.perf_counter() - started

    def finish(self, answer: Answer, text: str, rephrased: Sequence[str] = ()) -> None:
        """Cleans the citations and checks every sentence against the abstracts it cites."""
        numbers = {source.number for source in answer.sources}
        answer.text = clean_citations(text.strip(), numbers)
        papers = {source.number: source.paper for source in answer.sources}
        answer.sentences = check_answer(answer.text, papers, self.index)
        if self.style is AnswerStyle.FREE:
            rephrased = [answer.text]  # every sentence is the model's own
        mark_rephrased(answer.sentences, rephrased)


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


def abstention_text(closest: list[Source], missing: list[str]) -> str:
    lines = ["Your library has nothing on this, so I will not guess."]
    if missing:
        lines.append("Nothing in it mentions " + ", ".join(missing) + ".")
    if closest:
        lines.append("\nThe closest papers are:\n")
        lines.extend(f"- [{s.number}] {s.paper.display_title}" for s in closest)
    return "\n".join(lines)
