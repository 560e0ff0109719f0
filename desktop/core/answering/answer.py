"""Grounded answers: retrieve → judge what the library has → evidence first → an answer written
from it, in the style the model does well → every sentence checked against the abstract it cites."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Generator, Iterator, Sequence

from desktop.core.answering import abstention, focus
from desktop.core.answering.absent_names import absent_words
from desktop.core.answering.citations import clean_citations
from desktop.core.answering.compare import compare
from desktop.core.answering.compose import (
    AnswerStyle,
    compose_close,
    free_messages,
    source_budget,
    source_texts,
    style_for,
)
from desktop.core.answering.evidence import Evidence, SentenceIndex, best_similarity
from desktop.core.answering.grounding import check_answer, mark_rephrased
from desktop.core.answering.library_questions import answer_library_question
from desktop.core.answering.listing import answer_list, answer_topic
from desktop.core.answering.question_parts import question_parts
from desktop.core.answering.questions import QuestionAnalysis, analyse
from desktop.core.answering.relevance import RelevanceFinder
from desktop.core.answering.results import (
    Answer,
    AnswerKind,
    AnswerPiece,
    Conversation,
    EvidenceFound,
    Source,
    Timings,
    Turn,
)
from desktop.core.answering.routing import Route, RoutedQuestion, route
from desktop.core.answering.summaries import summarize, synthesis
from desktop.core.base.choices import SearchMode, SummaryMode
from desktop.core.base.filters import SearchFilters
from desktop.core.library.records import Paper
from desktop.core.models.llm import ChatModel, GenerationOptions, Message
from desktop.core.search.hybrid import Hit, Searcher
from desktop.core.text.cjk import cjk_query, has_cjk

CROSS_LANGUAGE_NOTE = (
    "The embedding model reads English only, so this Chinese question was matched by its keywords. "
    "A multilingual model (Settings → Embedding model) also finds papers by meaning across languages."
)
OTHER_LANGUAGE_NOTE = (
    "The embedding model reads English only: the library's {papers} in Chinese meet an English question "
    "only through the words they share with it. A multilingual model (Settings → Embedding model) finds "
    "them by meaning."
)
__all__ = ["Answer", "AnswerPiece", "Answerer", "Conversation", "EvidenceFound", "Source", "Timings", "Turn"]

HISTORY_TURNS = 3
PROMPT_MARGIN = 48
MESSAGE_TOKENS = 8  # the chat template's markers around each message
LOOP_WORDS = 8
EVIDENCE_SENTENCES = 3


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
        self.finder = RelevanceFinder(searcher.library, searcher.embedder)

    def retrieve(
        self,
        question: str,
        history: Sequence[Turn] = (),
        k: int = 5,
        filters: SearchFilters | None = None,
        chinese: bool = False,
    ) -> list[Hit]:
        return retrieve(self.searcher, question, history, k, filters, chinese)

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
        routed = route(question)
        if hits is not None and pinned:
            special = self._about_selection(routed, [h.paper for h in hits], stop)
            if special is not None:
                return (yield from special)
        elif not history or routed.route is not Route.PAPER:
            # a list, a summary, a comparison or a library question finds its own papers (the
            # preview before sending showed them: see preview)
            special = self._by_route(routed, stop)
            if special is not None:
                return self._note_other_languages((yield from special), routed)
        answer = Answer(question, style=self.style.value)
        analysis = analyse(question, [q for q, _ in history])
        focus.drop_common_words(analysis, self.searcher.library)
        focus.add_phrase_subject(analysis, self.searcher.library)
        if hits is None:
            hits = self.retrieve(question, history, k, chinese=routed.chinese)
            hits = focus.with_named_papers(self.searcher, hits, analysis, k)
        answer.sources = [Source(i, h.paper, h.score, h.similarity, h.paper.abstract) for i, h in enumerate(hits, 1)]
        if routed.chinese and self.searcher.embedder is not None and not self.searcher.embedder.multilingual:
            answer.notes.append(CROSS_LANGUAGE_NOTE)
        papers = [(source.number, source.paper) for source in answer.sources]
        weights = focus.word_weights(self.searcher.library, question) if routed.chinese else None
        ranked = focus.rank(analysis, papers, self.index, weights) if papers else []
        coverage = self.coverage(question, history, analysis, ranked, routed.chinese)
        answer.missing = coverage.missing
        if not (pinned and hits) and not coverage.on_topic:
            answer.abstained = True
            answer.kind = AnswerKind.DECLINED
            answer.sources = answer.sources[:3]
            answer.text = abstention_text(answer.sources, coverage.missing)
            yield answer.text
            return self._note_other_languages(answer, routed)
        if focus.without_missing_side(analysis, coverage.missing, [paper for _, paper in papers]):
            ranked = focus.rank(analysis, papers, self.index, weights)
        answer.evidence = focus.choose(ranked, analysis, self.index, question)
        answer.timings.evidence_s = time.perf_counter() - started
        yield EvidenceFound(answer.evidence, answer.sources, self.style is not AnswerStyle.QUOTE)
        rephrased: list[str] = []
        text = yield from self.timed(self._write(question, analysis, answer, history, stop, rephrased), answer, started)
        answer.stopped = stop is not None and stop.is_set()
        self.finish(answer, text, rephrased)
        return answer

    def preview(self, question: str, history: Sequence[Turn] = (), k: int = 5) -> list[Hit]:
        """The papers the answer will use, shown before sending: a list's or a summary's most
        relevant papers, a comparison's papers, none for a library question, else the retrieval."""
        routed = route(question)
        if routed.route is Route.LIBRARY:
            return []
        if routed.route in (Route.LISTING, Route.TOPIC):
            found = self.finder.relevant(routed.topic, routed.filters)
            return [Hit(r.paper, r.score, r.similarity) for r in found[:k]]
        if routed.route is Route.COMPARE:
            papers = focus.compared_papers(self.finder, routed)
            if len(papers) >= 2:
                return [Hit(paper, 1.0) for paper in papers]
        analysis = analyse(question, [q for q, _ in history])
        focus.drop_common_words(analysis, self.searcher.library)
        hits = self.retrieve(question, history, k, chinese=routed.chinese)
        return focus.with_named_papers(self.searcher, hits, analysis, k)

    def summarize(
        self, papers: list[Paper], mode: SummaryMode, stop: threading.Event | None = None
    ) -> Generator[AnswerPiece, None, Answer]:
        """TL;DR, synthesis or comparison of papers the user chose."""
        return (yield from summarize(self.finder, self.index, papers, mode, stop))

    def _by_route(
        self, routed: RoutedQuestion, stop: threading.Event | None
    ) -> Generator[AnswerPiece, None, Answer] | None:
        """The answer for a question that is not about one paper (None: it is)."""
        if routed.route is Route.LIBRARY:
            return self._library_answer(routed)
        if routed.route is Route.LISTING:
            return answer_list(self.finder, self.index, routed, stop=stop)
        if routed.route is Route.TOPIC:
            return answer_topic(self.finder, self.index, routed, stop=stop)
        if routed.route is Route.COMPARE:
            papers = focus.compared_papers(self.finder, routed)
            if len(papers) >= 2:
                return compare(self.index, papers, stop, routed.text)
        return None

    def _about_selection(
        self, routed: RoutedQuestion, papers: list[Paper], stop: threading.Event | None
    ) -> Generator[AnswerPiece, None, Answer] | None:
        """Papers the user chose: compared, summarized, or asked about."""
        if routed.route is Route.COMPARE and len(papers) >= 2:
            return compare(self.index, papers, stop, routed.text)
        if routed.route is Route.TOPIC and len(papers) >= 2:
            return synthesis(self.finder, self.index, papers, stop)
        return None

    def _library_answer(self, routed: RoutedQuestion) -> Generator[AnswerPiece, None, Answer]:
        answer = Answer(routed.text, kind=AnswerKind.LIBRARY, from_metadata=True)
        answer.text = answer_library_question(self.searcher.library, routed)
        yield answer.text
        return answer

    def _note_other_languages(self, answer: Answer, routed: RoutedQuestion) -> Answer:
        """A declined English question may be on the library's Chinese papers, out of the English-only
        embedding model's reach: say so, and where to change it."""
        embedder = self.searcher.embedder
        if answer.abstained and not routed.chinese and embedder is not None and not embedder.multilingual:
            count = self.searcher.library.stats().languages.get("zh", 0)
            if count:
                answer.notes.append(OTHER_LANGUAGE_NOTE.format(papers=f"{count} paper" + ("s" if count > 1 else "")))
        return answer

    def coverage(
        self,
        question: str,
        history: Sequence[Turn],
        analysis: QuestionAnalysis,
        ranked: list[Evidence],
        chinese: bool,
    ) -> abstention.Coverage:
        """What the library has of the question's subject (see abstention.judge)."""
        if chinese:
            judged = abstention.judge_chinese(ranked)
            judged.missing = focus.absent_chinese_words(self.searcher.library, question)
            return judged
        threshold = abstention.on_topic_threshold(self.searcher.embedder)
        in_context = best_similarity(ranked, self.index, retrieval_query(question, history)) if history else 0.0
        library = self.searcher.library
        absent = absent_words(library, question, analysis.subjects)
        known = re.sub("|".join(rf"\b{re.escape(w)}\b" for w in absent), " ", question) if absent else question
        query = retrieval_query(known, history)
        terms = self.finder.terms(query)
        best = self.finder.rank(query, limit=abstention.RELEVANCE_CANDIDATES, terms=terms)[:1]
        held = best[0].coverage if best else 0.0
        parts = question_parts(known)
        if len(parts) > 1 and held < abstention.HELD_WORDS:
            # "How does prompt tuning work, and why does it become more attractive as …": the first
            # part names the subject, the others ask about it in words of their own
            first = retrieval_query(parts[0], history)
            first_terms = self.finder.terms(first)
            top = self.finder.rank(first, limit=abstention.RELEVANCE_CANDIDATES, terms=first_terms)[:1]
            if top and top[0].coverage > held:
                best, held, terms = top, top[0].coverage, first_terms
        titled = bool(best) and held >= abstention.TITLED_HELD and self.finder.titles_a_rare_word(terms, best[0].paper)
        if absent:  # a word the library lacks pulls the question's meaning away from what it has
            in_context = max(in_context, best_similarity(ranked, self.index, known))
        coverage = abstention.judge(
            analysis, ranked, library.mentions, threshold, in_context, held, bool(history), titled
        )
        coverage.missing += [word for word in absent if word.casefold() not in {m.casefold() for m in coverage.missing}]
        if absent and not coverage.found and not focus.compares(question):
            # "Does dupilumab reduce itching?": the thing asked about is absent, whatever else matches
            coverage.on_topic = False
        return coverage

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
    searcher: Searcher,
    question: str,
    history: Sequence[Turn] = (),
    k: int = 5,
    filters: SearchFilters | None = None,
    chinese: bool | None = None,
) -> list[Hit]:
    """The papers a question (with its conversation) is answered from: the one retrieval path,
    used for the answer and for the preview the user sees before sending. A Chinese question is
    found by its keywords when the embedding model reads English only."""
    query = retrieval_query(question, history)
    chinese = has_cjk(question) if chinese is None else chinese
    english_only = searcher.embedder is None or not searcher.embedder.multilingual
    if chinese and english_only:
        return searcher.search(cjk_query(query), k, SearchMode.KEYWORD, filters)
    return searcher.search(query, k, SearchMode.HYBRID, filters)


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
