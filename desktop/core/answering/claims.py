"""A paper's claim about a topic: the one sentence of its abstract a list line, a theme or a
TL;DR states, readable on its own (no "Specifically, they…", no TeX), in the third person.

The claim is the sentence closest to the topic that states what the paper does or finds (its
role: method or result), not its background; one that leans on the sentence before it is shown
with that sentence or passed over."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from desktop.core.answering.evidence import SentenceIndex, is_boilerplate
from desktop.core.answering.grounding import third_person
from desktop.core.answering.roles import ROLE_FLOOR, Role, label_roles
from desktop.core.library.records import Paper
from desktop.core.text.cjk import cjk_words, has_cjk
from desktop.core.text.sentences import Sentence, split_sentences
from desktop.core.text.terms import content_stems
from desktop.core.text.text_cleaning import tex_to_text

W_TOPIC, W_ROLE, W_WORDS, W_LEAN = 0.55, 0.25, 0.2, 0.4
MAX_CLAIM_WORDS = 60
_CONNECTIVE = re.compile(
    r"^(specifically|moreover|furthermore|additionally|in addition|also|however|therefore|thus|hence|finally|then"
    r"|besides|further|in particular|to this end|to that end|as a result|consequently|instead|meanwhile|notably"
    r"|importantly|first|second|third|lastly|overall|in contrast|similarly|on the other hand|on the one hand"
    r"|in this way|to answer it|to this aim|for this purpose|interestingly|surprisingly|crucially),?\s+",
    re.I,
)
_LEANS = re.compile(
    r"^(this|these|those|such|it|its|they|their|them|both|the latter|the former|the resulting|the proposed"
    r"|the method|the approach|the model|the framework|the system|the technique|our (method|approach|model))\b"
    r"|^(here|there)\b",
    re.I,
)
_OWN_SUBJECT = re.compile(r"^(this|the present|our) (paper|work|study|article|report|survey|review)\b", re.I)
_TEX_SPACING = re.compile(r"\\(raise|lower|kern|mkern|hspace|vspace|mskip)\s*\{?-?[\d.]+\s*(ex|em|pt|mu)\}?")
_TEX_ESCAPE = re.compile(r"\\([%&_#$])")
_TEX = re.compile(r"\\[A-Za-z]+|\$[^$]*\$|[{}]")


@dataclass
class Claim:
    number: int
    paper: Paper
    sentence: Sentence
    text: str  # as the answer states it: third person, readable
    score: float


def readable(text: str) -> str:
    """Text fit for an answer: TeX and markup turned to plain text, spaces collapsed."""
    text = _TEX_ESCAPE.sub(r"\1", _TEX_SPACING.sub("", text))
    if _TEX.search(text):
        text = tex_to_text(text)
        text = _TEX.sub("", text)
    return re.sub(r"\s+", " ", text).strip()


# "This paper delves into these issues": a sentence naming its own subject may still point back
_POINTS_BACK = re.compile(
    r"^(\S+\s+){0,6}?(these|those|such|the above|the aforementioned) (issues?|problems?|challenges?|limitations?"
    r"|questions?|gaps?|drawbacks?|shortcomings?|concerns?|difficulties|findings|observations)\b",
    re.I,
)


def leans_on_context(text: str) -> bool:
    """True when the sentence cannot stand alone: it opens by pointing back ('This method…',
    'This paper delves into these issues…')."""
    stripped = _CONNECTIVE.sub("", text.strip())
    if _POINTS_BACK.search(stripped):
        return True
    return bool(_LEANS.search(stripped)) and not _OWN_SUBJECT.search(stripped)


def standalone(text: str) -> str:
    """The sentence without an opening connective ('Moreover, …'), capitalised again."""
    stripped = _CONNECTIVE.sub("", text.strip())
    return stripped[:1].upper() + stripped[1:] if stripped else text


def stated(text: str) -> str:
    return third_person(standalone(readable(text)))


def topic_closeness(
    index: SentenceIndex,
    sentences: list[Sentence],
    vectors: np.ndarray,
    topic: str,
    topic_vector: np.ndarray | None,
    weights: Sequence[dict[str, float]] = (),
) -> np.ndarray:
    """Each sentence's closeness to the topic: by meaning, or by its words (weighed by rarity
    when weights are given: 'urticaria' counts more than 'treatment'), the share of the topic's
    best-held alternative ("black holes", or "perturbations of Einstein's equations")."""
    if weights:
        scores = []
        for sentence in sentences:
            present = set(content_stems(sentence.text, parts=True))
            scores.append(max(_share(alternative, sentence.text, present) for alternative in weights))
        by_words = np.asarray(scores, dtype=np.float32)
        if topic_vector is None or has_cjk(topic) or not len(sentences):
            return by_words
        return 0.5 * by_words + 0.5 * (vectors @ topic_vector)
    if has_cjk(topic) or topic_vector is None:
        chinese = cjk_words(topic)
        wanted = set(content_stems(topic)) - set(chinese)
        scores = []
        for sentence in sentences:
            held = sum(word in sentence.text for word in chinese) + len(wanted & set(content_stems(sentence.text)))
            total = len(chinese) + len(wanted)
            scores.append(held / total if total else 0.0)
        return np.asarray(scores, dtype=np.float32)
    return vectors @ topic_vector if len(sentences) else np.zeros(0, dtype=np.float32)


def _share(weights: dict[str, float], text: str, present: set[str]) -> float:
    held = sum(w for key, w in weights.items() if (key in text if has_cjk(key) else key in present))
    return held / (sum(weights.values()) or 1.0)


# A method sentence states the paper's claim when it is a contribution ("we propose X"), not how a
# trial was run ("The study was double-blind"); a result sentence when its cue is more than a hedge.
CLAIM_METHOD, CLAIM_RESULT = 0.7, 0.5
CLAIM_HELD = 0.5  # the share of the topic a claim holds to be raised by a claim bonus


def _states_a_claim(scores: dict[Role, float], roles: Sequence[Role]) -> bool:
    bars = {Role.METHOD: CLAIM_METHOD, Role.RESULT: CLAIM_RESULT}
    return any(scores.get(role, 0.0) >= bars.get(role, ROLE_FLOOR) for role in roles)


def paper_claims(
    index: SentenceIndex,
    number: int,
    paper: Paper,
    topic: str,
    topic_vector: np.ndarray | None,
    roles: Sequence[Role] = (Role.METHOD, Role.RESULT),
    limit: int = 1,
    weights: Sequence[dict[str, float]] = (),
    claim_bonus: float = 0.0,
) -> list[Claim]:
    """The paper's best sentences about the topic in the wanted roles, best first. Without a
    topic vector, closeness is read from the words (no sentence is embedded: fast for long lists).
    A claim_bonus raises a sentence that holds half the topic or more and plays a wanted role clearly (a
    list line states what the paper does or finds about the topic, not the background that names it)."""
    if topic_vector is None:
        sentences = split_sentences(paper.abstract)
        vectors = np.zeros((len(sentences), 1), dtype=np.float32)
    else:
        sentences, vectors = index.sentences([paper])[paper.id]
    if not sentences:
        return []
    closeness = topic_closeness(index, sentences, vectors, topic, topic_vector, weights)
    labelled = label_roles([s.text for s in sentences])
    topic_words = set(content_stems(topic))
    claims: list[Claim] = []
    for position, sentence in enumerate(sentences):
        text = sentence.text
        if is_boilerplate(text) or len(text.split()) > MAX_CLAIM_WORDS * 2:
            continue
        role = max((labelled[position].scores.get(r, 0.0) for r in roles), default=0.0)
        words = set(content_stems(text))
        overlap = len(words & topic_words) / len(topic_words) if topic_words else 0.0
        score = W_TOPIC * float(closeness[position]) + W_ROLE * min(1.0, role) + W_WORDS * overlap
        if leans_on_context(text):
            score -= W_LEAN
        elif claim_bonus and closeness[position] >= CLAIM_HELD and _states_a_claim(labelled[position].scores, roles):
            score += claim_bonus
        claims.append(Claim(number, paper, sentence, stated(text), score))
    claims.sort(key=lambda c: -c.score)
    return claims[:limit]
