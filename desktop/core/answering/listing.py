"""Answers that list or summarize the library's papers on a topic.

- A list names every paper that passes the relevance bar (up to LIST_SHOWN, then "and N more"
  that opens the search), one backed line each stating the paper's claim, grouped by theme when
  there are many, with the count said honestly.
- A topic summary gives the themes among the relevant papers, one or two backed sentences each
  with their citations, nothing off the topic."""

from __future__ import annotations

import threading
import time
from collections.abc import Generator, Sequence

import numpy as np

from desktop.core.answering.claims import Claim, paper_claims
from desktop.core.answering.evidence import SentenceIndex
from desktop.core.answering.grounding import check_quoted, with_citation
from desktop.core.answering.relevance import TOPIC_RELATIVE, RelevanceFinder, Relevant
from desktop.core.answering.results import (
    Answer,
    AnswerKind,
    AnswerLine,
    AnswerPiece,
    AnswerSection,
    EvidenceFound,
    Source,
)
from desktop.core.answering.roles import Role
from desktop.core.answering.routing import RoutedQuestion
from desktop.core.answering.themes import Theme, group
from desktop.core.base.filters import SearchFilters
from desktop.core.library.records import Paper
from desktop.core.text.cjk import has_cjk

LIST_SHOWN = 25
THEMES_FROM = 9  # a list this long is grouped by theme
TOPIC_PAPERS = 15
TOPIC_SENTENCES_PER_THEME = 2
TOPIC_SENTENCE_HELD = 0.5  # the weighted share of the topic's words a summary sentence holds
CLAIMS_READ = 3  # a paper's best claims read for one that holds the topic
LINE_CLAIM_BONUS = 0.3  # a list line states the paper's contribution or finding before its background


def filters_text(filters: SearchFilters) -> str:
    parts = []
    if filters.year:
        parts.append(f"from {filters.year}")
    if filters.lang:
        parts.append("in Chinese" if filters.lang == "zh" else "in English")
    if filters.author:
        parts.append(f"by {filters.author}")
    return (" " + " ".join(parts)) if parts else ""


def topic_vector(finder: RelevanceFinder, topic: str) -> np.ndarray | None:
    if finder.embedder is None or has_cjk(topic):
        return None
    return np.asarray(finder.embedder.embed([topic])[0], dtype=np.float32)


def answer_list(
    finder: RelevanceFinder,
    index: SentenceIndex,
    routed: RoutedQuestion,
    relevant: list[Relevant] | None = None,
    stop: threading.Event | None = None,
) -> Generator[AnswerPiece, None, Answer]:
    started = time.perf_counter()
    relevant = finder.relevant(routed.topic, routed.filters) if relevant is None else relevant
    answer = Answer(routed.text, kind=AnswerKind.LIST)
    where = filters_text(routed.filters)
    if not relevant:
        return (yield from declined(finder, routed, answer))
    shown = relevant[:LIST_SHOWN]
    answer.sources = [Source(i, r.paper, r.score, r.similarity, r.paper.abstract) for i, r in enumerate(shown, 1)]
    count = len(relevant)
    noun = "paper" if count == 1 else "papers"
    answer.intro = f"{count} {noun}{where} in your library {'is' if count == 1 else 'are'} about {routed.topic}:"
    answer.more = max(0, count - len(shown))
    answer.more_query = routed.topic
    yield EvidenceFound([], answer.sources)
    weights = finder.terms(routed.topic).alternatives
    claims = _claims(index, answer.sources, routed.topic, weights)  # by words: no sentence embedded
    themes = _themes(finder, answer.sources, routed.topic) if len(shown) >= THEMES_FROM else []
    yield from _lines(answer, claims, themes, index, stop)
    answer.timings.total_s = time.perf_counter() - started
    return answer


def answer_topic(
    finder: RelevanceFinder,
    index: SentenceIndex,
    routed: RoutedQuestion,
    relevant: list[Relevant] | None = None,
    stop: threading.Event | None = None,
    kind: str = AnswerKind.TOPIC,
) -> Generator[AnswerPiece, None, Answer]:
    started = time.perf_counter()
    if relevant is None:
        relevant = finder.relevant(routed.topic, routed.filters, TOPIC_RELATIVE)
    answer = Answer(routed.text, kind=kind)
    if not relevant:
        return (yield from declined(finder, routed, answer))
    chosen = relevant[:TOPIC_PAPERS]
    answer.sources = [Source(i, r.paper, r.score, r.similarity, r.paper.abstract) for i, r in enumerate(chosen, 1)]
    count = len(relevant)
    yield EvidenceFound([], answer.sources)
    terms = finder.terms(routed.topic)
    weights = terms.alternatives
    themes = _themes(finder, answer.sources, routed.topic)
    by_number = {s.number: s for s in answer.sources}
    sections: list[tuple[str, list[Claim]]] = []
    for theme in themes:
        best: list[Claim] = []
        for number in theme.numbers:
            source = by_number[number]
            # by the topic's rare words, no sentence embedded: 15 papers' sentences took seconds on 2 cores
            claims = paper_claims(
                index, number, source.paper, routed.topic, None, (Role.METHOD, Role.RESULT), CLAIMS_READ, weights
            )
            # a summary sentence holds its topic: "a novel RL algorithm" is not about offline RL (the
            # synthesis of chosen papers has no topic but their titles)
            held = TOPIC_SENTENCE_HELD if kind == AnswerKind.TOPIC else 0.0
            best += [c for c in claims if finder.text_coverage(terms, c.sentence.text) >= held][:1]
        best.sort(key=lambda c: -c.score)
        if best:
            sections.append((theme.heading if len(themes) > 1 else "", best[:TOPIC_SENTENCES_PER_THEME]))
    if len(sections) == 1:
        sections = [("", sections[0][1])]  # one theme left: no heading
    about = f" about {routed.topic}" if kind == AnswerKind.TOPIC else ""
    answer.intro = (
        f"{count} {'paper' if count == 1 else 'papers'}{filters_text(routed.filters)} in your library{' are' if count != 1 else ' is'}{about}"
        + (f"; they fall into {len(sections)} themes." if len(sections) > 1 else ".")
    )
    if count > len(chosen):
        answer.more, answer.more_query = count - len(chosen), routed.topic
    yield from _sections(answer, sections, index, stop)
    answer.timings.total_s = time.perf_counter() - started
    return answer


def declined(finder: RelevanceFinder, routed: RoutedQuestion, answer: Answer) -> Generator[AnswerPiece, None, Answer]:
    """Nothing passes the bar: say so, with the closest papers."""
    closest = finder.rank(routed.topic, routed.filters, limit=20)[:3]
    answer.kind = AnswerKind.DECLINED
    answer.abstained = True
    answer.sources = [Source(i, r.paper, r.score, r.similarity, r.paper.abstract) for i, r in enumerate(closest, 1)]
    where = filters_text(routed.filters)
    answer.text = f"Your library has no papers{where} about {routed.topic}, so I will not guess."
    if closest:
        answer.text += "\n\nThe closest papers are:\n\n" + "\n".join(
            f"- [{s.number}] {s.paper.display_title}" for s in answer.sources
        )
    yield answer.text
    return answer


def _claims(
    index: SentenceIndex, sources: Sequence[Source], topic: str, weights: Sequence[dict[str, float]]
) -> dict[int, Claim]:
    found: dict[int, Claim] = {}
    for source in sources:
        claims = paper_claims(index, source.number, source.paper, topic, None, weights=weights, claim_bonus=LINE_CLAIM_BONUS)
        if claims:
            found[source.number] = claims[0]
    return found


def _themes(finder: RelevanceFinder, sources: Sequence[Source], topic: str) -> list[Theme]:
    stored = finder.library.embeddings_for([s.paper.id for s in sources])
    vectors = {s.number: stored[s.paper.id] for s in sources if s.paper.id in stored}
    papers: list[tuple[int, Paper]] = [(s.number, s.paper) for s in sources]
    return group(papers, vectors, topic)


def _lines(
    answer: Answer,
    claims: dict[int, Claim],
    themes: list[Theme],
    index: SentenceIndex,
    stop: threading.Event | None,
) -> Generator[str, None, None]:
    """One line per paper: its title, then its claim (checked against its abstract)."""
    papers = {s.number: s.paper for s in answer.sources}
    groups = themes or [Theme("", [s.number for s in answer.sources])]
    text = [answer.intro, ""]
    yield answer.intro + "\n"
    for theme in groups:
        section = AnswerSection(theme.heading if len(groups) > 1 else "")
        if section.heading:
            text.append(f"**{section.heading}**")
            yield f"\n{section.heading}\n"
        for number in theme.numbers:
            if stop is not None and stop.is_set():
                answer.stopped = True
                break
            claim = claims.get(number)
            line = AnswerLine([], number, papers[number].display_title)
            if claim is not None:
                check = check_quoted(with_citation(claim.text, [number]), number, papers[number], claim.sentence)
                line.sentences.append(len(answer.sentences))
                answer.sentences.append(check)
                rendered = f"- **{line.lead}** [{number}]: {claim.text}"
            else:
                rendered = f"- **{line.lead}** [{number}]"
            section.lines.append(line)
            text.append(rendered)
            yield rendered + "\n"
        answer.sections.append(section)
    if answer.more:
        tail = f"…and {answer.more} more: open the search for “{answer.more_query}”."
        text.append(tail)
        yield tail + "\n"
    answer.text = "\n".join(text)


def _sections(
    answer: Answer, sections: list[tuple[str, list[Claim]]], index: SentenceIndex, stop: threading.Event | None
) -> Generator[str, None, None]:
    papers = {s.number: s.paper for s in answer.sources}
    text = [answer.intro, ""]
    yield answer.intro + "\n"
    for heading, claims in sections:
        section = AnswerSection(heading)
        if heading:
            text.append(f"**{heading}**")
            yield f"\n{heading}\n"
        for claim in claims:
            if stop is not None and stop.is_set():
                answer.stopped = True
                break
            sentence = with_citation(claim.text, [claim.number])
            check = check_quoted(sentence, claim.number, papers[claim.number], claim.sentence)
            section.lines.append(AnswerLine([len(answer.sentences)], claim.number))
            answer.sentences.append(check)
            text.append(sentence)
            yield sentence + " "
        answer.sections.append(section)
    if answer.more:
        tail = f"…and {answer.more} more papers on it: open the search for “{answer.more_query}”."
        text.append(tail)
        yield "\n" + tail
    answer.text = "\n".join(text)
