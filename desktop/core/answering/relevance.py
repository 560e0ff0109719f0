"""Which papers of the library are about a topic, and how surely: the bar lists, summaries and
abstention share.

A paper's relevance is its embedding's closeness to the topic plus how much of the topic's words
it holds, each word weighed by how rare it is in the library (a paper about "video generation"
holds "video"; one that only says "generation" does not pass). Chinese topics, which the bundled
English embedding model cannot place, are matched by their characters' pairs instead."""

from __future__ import annotations

import functools
import itertools
import math
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from desktop.core.answering.topic_parts import topic_alternatives, topic_examples
from desktop.core.base.filters import SearchFilters
from desktop.core.library.library import Library
from desktop.core.library.records import Paper
from desktop.core.models.embedding import Embedder
from desktop.core.search.hybrid import Searcher
from desktop.core.text.cjk import CJK_RUN, cjk_query, cjk_words, has_cjk
from desktop.core.text.keywords import fts_terms, query_terms
from desktop.core.text.sentences import split_sentences
from desktop.core.text.terms import content_stems

CANDIDATES = 120
MINILM_ON_TOPIC = 0.424  # abstention.ON_TOPIC_SIMILARITY, all-MiniLM-L6-v2's calibrated on-topic similarity
# Relevance = W_MEANING * similarity + W_WORDS * coverage; bars measured on the dev questions
# over the mixed library (bench/qa_run.py).
W_MEANING, W_WORDS = 1.0, 0.35
LIST_BAR = 0.65
LIST_RELATIVE = 0.60
TOPIC_RELATIVE = 0.75
CJK_BAR = 0.5
# Words that say what is asked, not what about.
_ASKING = frozenset(
    [
        "paper",
        "papers",
        "article",
        "articles",
        "work",
        "works",
        "study",
        "studies",
        "research",
        "library",
        "collection",
        "approach",
        "approaches",
        "method",
        "methods",
        "technique",
        "techniques",
        "model",
        "models",
        "propose",
        "proposed",
        "use",
        "used",
        "using",
        "about",
        "related",
        "topic",
        "topics",
        "recent",
        "new",
        "novel",
        "existing",
        "main",
        "key",
        "idea",
        "ideas",
        "overview",
        "summary",
        "summarize",
        "say",
        "says",
        "mine",
        "plus",  # "antihistamine plus pseudoephedrine": a joining word
        # how a researcher frames the question: "I'm writing the related-work section of a note…",
        # "what does my library tell me", "which papers touch on", "anything on"
        *("tell", "kind", "kinds", "sort", "meant", "actually", "basically", "really", "anything", "something"),
        *("get", "gets", "make", "makes", "thing", "things", "writing", "write", "section", "note", "touch"),
        *("touches", "cover", "covers", "look", "looking", "find", "need", "want", "help", "please", "become"),
        *("becomes", "related-work", "relatedwork", "know"),
    ]
)


@dataclass
class Relevant:
    paper: Paper
    similarity: float
    coverage: float
    score: float


@dataclass(frozen=True)
class TopicTerms:
    """The topic's content words with their weights (rare words weigh more), for each of its
    alternatives ("NeRF or Gaussian splatting" has two: a paper needs to hold one)."""

    alternatives: tuple[dict[str, float], ...]
    # for each alternative of two or three words, its neighbouring words: a paper holding them
    # apart ("domain" here, "generalization" there) holds less of "domain generalization"
    phrases: tuple[tuple[tuple[str, str], ...], ...] = ()

    @property
    def stems(self) -> dict[str, float]:
        merged: dict[str, float] = {}
        for alternative in self.alternatives:
            merged.update(alternative)
        return merged

    @property
    def empty(self) -> bool:
        return not self.alternatives


_PREPOSITION = re.compile(r"\b(?:of|for|in|on|with|against|to|about|from|by|among|during)\b", re.I)
# A word at least this long is held by a longer word it begins ('neutrino' by 'neutrinoless').
PREFIX_HELD = 6
# The rarest word of an alternative of HEAD_WORDS words or more, if it weighs this many times the
# median of the others, is its head: a paper must hold it ('backdoor' in "backdoor attacks on
# neural networks").
HEAD_DOMINANCE, HEAD_WORDS = 1.5, 4
# A topic of two or three words held apart, not side by side, counts this share of its words.
PHRASE_APART, PHRASE_WORDS = 0.5, 3
# A paper whose title holds under half the topic and at most this share of its sentences half of it
# treats the topic as an aside.
ASIDE_HELD, ASIDE_SHARE = 0.5, 0.1
RARE_PAPERS = 5  # a word no more papers hold than this names a thing
# A paper naming the topic only in passing is listed only when its meaning is this close to it.
PASSING_SIMILARITY = 0.6


class RelevanceFinder:
    def __init__(self, library: Library, embedder: Embedder | None) -> None:
        self.library = library
        self.embedder = embedder
        self.searcher = Searcher(library, embedder)
        # Similarities on the scale of all-MiniLM-L6-v2, which the bars were measured with: another
        # embedding model declares the similarity its on-topic sentences reach (the hashing one does).
        declared = embedder.on_topic_similarity if embedder is not None else None
        self.meaning_scale = MINILM_ON_TOPIC / declared if declared else 1.0

    def terms(self, topic: str) -> TopicTerms:
        total = max(1, self.library.count())
        weights: dict[str, float] = {}

        def weight(key: str, word: str) -> float:
            if key not in weights:
                quoted = fts_terms(word)
                frequency = self.library.term_frequency(quoted[0]) if quoted else 0
                weights[key] = math.log((total + 1) / (frequency + 1)) + 0.1
            return weights[key]

        def weighted(part: str) -> dict[str, float]:
            alternative: dict[str, float] = {}
            for word in cjk_words(part):
                alternative[word] = weight(word, word)
            for word in query_terms(CJK_RUN.sub(" ", part)):  # "DGA" in "DGA进行…" is a word too
                stem = next(iter(content_stems(word)), "")
                if not stem or word.casefold() in _ASKING or stem in _ASKING:
                    continue
                alternative[stem] = weight(stem, word)
            return alternative

        alternatives = [alternative for part in topic_alternatives(topic) if (alternative := weighted(part))]
        phrases = [_neighbours(alternative) for alternative in alternatives]
        for example, kind in topic_examples(topic):
            # "antihistamine treatment of insect-bite reactions such as mosquito bites": the example
            # stands in for the phrase of the kind's rarest word and keeps the rest ("antihistamine
            # treatment of … mosquito bites"); "one-dimensional nanomaterials like nanowires" is
            # about nanowires, one-dimensional or not in their abstract's words
            rest = _without_rarest_phrase(kind, weighted)
            if own := weighted(example):
                alternatives.append({**rest, **own})
                phrases.append(_neighbours(own))
        return TopicTerms(tuple(alternatives), tuple(phrases))

    def coverage(self, terms: TopicTerms, paper: Paper) -> float:
        """The weighted share of the topic's words the paper's title and abstract hold (of its
        best-held alternative). Chinese words are held as written, others by their stems."""
        return self.text_coverage(terms, f"{paper.title} {paper.abstract}")

    def text_coverage(self, terms: TopicTerms, text: str) -> float:
        """The same share for any text: a sentence of a summary must hold its topic too."""
        present = _stems_held(text)
        best = 0.0
        for alternative, neighbours in zip(terms.alternatives, terms.phrases or [()] * len(terms.alternatives), strict=True):
            share = sum(w for key, w in alternative.items() if _holds(key, text, present)) / sum(alternative.values())
            for first, second in neighbours:
                if not (_holds(first, text, present) and _holds(second, text, present)):
                    continue  # a missing word is counted once, by the share, not again as words apart
                if not _side_by_side((first, second), text):
                    # held apart: "domain" here, "generalization" there; the less the rarer word
                    # carries the pair alone ("federated" in "federated learning")
                    lighter, heavier = sorted((alternative[first], alternative[second]))
                    share *= 1 - (1 - PHRASE_APART) * lighter / heavier / len(neighbours)
            best = max(best, share)
        return best

    def titles_a_rare_word(self, terms: TopicTerms, paper: Paper) -> bool:
        """Whether the paper's title holds the topic's rarest word, one that at most RARE_PAPERS
        papers hold: a name written in lower case ("What does the potfit program do?")."""
        stems = terms.stems
        if not stems:
            return False
        rarest = max(stems, key=lambda key: stems[key])
        total = max(1, self.library.count())
        if stems[rarest] < math.log((total + 1) / (RARE_PAPERS + 1)) + 0.1:
            return False
        return _holds(rarest, paper.title, _stems_held(paper.title))

    def in_passing(self, terms: TopicTerms, paper: Paper) -> bool:
        """Whether the paper names the topic only in passing: no word of it in the title, and each
        word at most once in the abstract (a survey of mixture of experts that mentions
        in-context learning once is not a paper on in-context learning)."""
        if has_cjk(paper.title) or any(has_cjk(key) for key in terms.stems):
            return False
        title = _stems_held(paper.title)
        if any(_holds(key, paper.title, title) for key in terms.stems):
            return False
        counts = _stem_counts(f"{paper.title} {paper.abstract}")  # the title holds none of the words
        for alternative in terms.alternatives:
            held = [_count(key, counts) for key in alternative]
            if sum(held) > len(alternative):
                return False
        return True

    def holds_a_head(self, terms: TopicTerms, paper: Paper) -> bool:
        """Whether the paper holds some alternative's head word (an alternative without one asks
        for none): a paper on attacks on neural networks is not about backdoor attacks."""
        text = f"{paper.title} {paper.abstract}"
        present = _stems_held(text)
        for alternative in terms.alternatives:
            head = _head(alternative)
            if head is None or _holds(head, text, present):
                return True
        return False

    def rank(
        self, topic: str, filters: SearchFilters | None = None, limit: int = CANDIDATES, terms: TopicTerms | None = None
    ) -> list[Relevant]:
        """The candidate papers for a topic with their relevance, best first."""
        filters = filters or SearchFilters()
        terms = terms or self.terms(topic)
        chinese = has_cjk(topic)
        similarity: dict[str, float] = {}
        vector: np.ndarray | None = None
        if self.embedder is not None and not chinese:
            vector = np.asarray(self.embedder.embed([topic])[0], dtype=np.float32)
            similarity = dict(self.searcher.semantic_ranking(vector, limit, filters))
        query = cjk_query(topic) if chinese else topic
        keyword = [pid for pid, _ in self.library.keyword_ranking(query, limit, filters)]
        ids = list(dict.fromkeys([*similarity, *keyword]))
        if vector is not None:
            missing = [pid for pid in ids if pid not in similarity]
            for pid, stored in self.library.embeddings_for(missing).items():
                similarity[pid] = float(np.dot(stored, vector))
        papers = self.library.get_many(ids)
        ranked = []
        for pid in ids:
            paper = papers.get(pid)
            if paper is None:
                continue
            held = self.coverage(terms, paper)
            meaning = similarity.get(pid, 0.0) * self.meaning_scale
            score = held if chinese or vector is None else W_MEANING * meaning + W_WORDS * held
            ranked.append(Relevant(paper, meaning, held, score))
        ranked.sort(key=lambda r: -r.score)
        return ranked

    def relevant(
        self, topic: str, filters: SearchFilters | None = None, relative: float = LIST_RELATIVE
    ) -> list[Relevant]:
        """The papers that pass the bar: absolutely, and near the best one (a topic summary asks
        for papers nearer the best than a list does)."""
        terms = self.terms(topic)
        ranked = self.rank(topic, filters, terms=terms)
        if not ranked:
            return []
        bar = CJK_BAR if has_cjk(topic) or self.embedder is None else LIST_BAR
        top = ranked[0].score
        passing = [
            r
            for r in ranked
            if r.score >= bar and r.score >= relative * top and r.coverage > 0 and self.holds_a_head(terms, r.paper)
        ]
        # mentions in passing give way to papers squarely on the topic, if the library has any
        central = [
            r
            for r in passing
            if r.similarity > PASSING_SIMILARITY or not (self.in_passing(terms, r.paper) or self.aside(terms, r.paper))
        ]
        return central or passing

    def aside(self, terms: TopicTerms, paper: Paper) -> bool:
        """Whether the paper treats the topic as an aside: not in its title, and in at most one
        sentence in ten (a review of antihistamines with a sentence on the heart does not examine
        their cardiac safety)."""
        if self.text_coverage(terms, paper.title) >= ASIDE_HELD:
            return False
        sentences = split_sentences(paper.abstract)
        holding = sum(self.text_coverage(terms, s.text) >= ASIDE_HELD for s in sentences)
        return holding <= ASIDE_SHARE * len(sentences)


def _without_rarest_phrase(kind: str, weighted: Callable[[str], dict[str, float]]) -> dict[str, float]:
    """The kind's words without its rarest, which the example stands in for; and when that word is
    the head of its phrase (between prepositions), without the words that modify it too: nanowires
    are "one-dimensional nanomaterials", but "oral" is an "allergen immunotherapy" still."""
    words = weighted(kind)
    if not words:
        return {}
    if has_cjk(kind):  # a Chinese kind's character pairs make no phrase: only the rarest goes
        rarest = max(words, key=lambda key: words[key])
        return {key: weight for key, weight in words.items() if key != rarest}
    order = {key: index for index, key in enumerate(words)}
    rarest = max(words, key=lambda key: (words[key], order[key]))  # of equally rare words, the head
    phrase = next((held for p in _PREPOSITION.split(kind) if rarest in (held := weighted(p))), {})
    if list(phrase)[-1:] == [rarest]:
        return {key: weight for key, weight in words.items() if key not in phrase}
    return {key: weight for key, weight in words.items() if key != rarest}


def _holds(key: str, text: str, present: frozenset[str]) -> bool:
    if has_cjk(key):
        return key in text
    return key in present or (len(key) >= PREFIX_HELD and any(stem.startswith(key) for stem in present))


def _count(key: str, counts: dict[str, int]) -> int:
    if key in counts:
        return counts[key]
    return sum(n for stem, n in counts.items() if len(key) >= PREFIX_HELD and stem.startswith(key))


def _head(alternative: dict[str, float]) -> str | None:
    if len(alternative) < HEAD_WORDS:
        return None
    ordered = sorted(alternative.items(), key=lambda item: -item[1])
    others = sorted(w for _, w in ordered[1:])
    median = others[len(others) // 2] if len(others) % 2 else (others[len(others) // 2 - 1] + others[len(others) // 2]) / 2
    return ordered[0][0] if ordered[0][1] >= HEAD_DOMINANCE * median else None


def _neighbours(alternative: dict[str, float]) -> tuple[tuple[str, str], ...]:
    keys = list(alternative)
    if not 2 <= len(keys) <= PHRASE_WORDS or any(has_cjk(key) for key in keys):
        return ()
    return tuple(itertools.pairwise(keys))


def _side_by_side(pair: tuple[str, str], text: str) -> bool:
    """Whether the two words stand next to each other in the text, in either order ("merging
    models", "model merging"), as whole words or as parts of hyphenated ones ("text-to-speech
    synthesis" holds "speech synthesis")."""
    first, second = pair
    for sequence in (_stem_sequence(text, False), _stem_sequence(text, True)):
        for here, after in itertools.pairwise(sequence):
            if (_is(here, first) and _is(after, second)) or (_is(here, second) and _is(after, first)):
                return True
    return False


def _is(stem: str, key: str) -> bool:
    return stem == key or (len(key) >= PREFIX_HELD and stem.startswith(key))


@functools.lru_cache(maxsize=4096)
def _stem_sequence(text: str, parts: bool) -> tuple[str, ...]:
    return tuple(content_stems(text, parts=parts))


@functools.lru_cache(maxsize=4096)  # the same candidates come back question after question
def _stem_counts(text: str) -> dict[str, int]:
    return dict(Counter(content_stems(text, parts=True)))


def _stems_held(text: str) -> frozenset[str]:
    return frozenset(_stem_counts(text))


def topic_words(topic: str) -> list[str]:
    """The topic's content words as written (for headings and messages)."""
    return [w for w in re.findall(r"[\w-]+", topic) if w.casefold() not in _ASKING and len(w) > 2]
