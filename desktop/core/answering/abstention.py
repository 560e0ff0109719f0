"""When to say "your library has nothing on this": only when neither meaning nor keywords find
the question's subject. A question naming a model, method or dataset the library mentions is
always answered; one naming only things the library lacks is not; otherwise the best evidence
sentence's similarity decides, with thresholds calibrated on the evaluation set."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from desktop.core.answering.evidence import Evidence
from desktop.core.answering.questions import QuestionAnalysis
from desktop.core.models.embedding import Embedder

# Calibrated by `python -m bench --calibrate`: the best evidence-sentence similarity (all-MiniLM-L6-v2)
# halfway between the lowest on-topic question that names nothing known and the highest off-topic one.
ON_TOPIC_SIMILARITY = 0.424
# A named thing the library lacks is answered only if the meaning is unmistakable.
UNKNOWN_NAME_SIMILARITY = 0.75
# The share of a question's (rarity-weighed) words the best-matching paper must hold, and of a
# Chinese question's character pairs a sentence must hold; measured on the dev questions (bench/).
HELD_WORDS = 0.5
CJK_HELD = 0.35
RELEVANCE_CANDIDATES = 40
# The best paper holds this much of the question's words and its title the rarest ("potfit"): on topic.
TITLED_HELD = 0.6

Mentions = Callable[[str], bool]


def on_topic_threshold(embedder: Embedder | None) -> float:
    """Similarities depend on the embedding model: one may declare its own threshold (the hashing
    embedder of the tests does); the calibrated one is for all-MiniLM-L6-v2."""
    declared = None if embedder is None else embedder.on_topic_similarity
    return float(declared) if declared is not None else ON_TOPIC_SIMILARITY


@dataclass
class Coverage:
    """What the library has of a question's subject."""

    on_topic: bool
    found: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    similarity: float = 0.0
    reason: str = ""


def judge(
    analysis: QuestionAnalysis,
    ranked: list[Evidence],
    mentions: Mentions,
    threshold: float = ON_TOPIC_SIMILARITY,
    in_context: float = 0.0,
    held: float = 1.0,
    follow_up: bool = False,
    titled: bool = False,
) -> Coverage:
    """ranked: evidence candidates, best first; mentions(term): does any title or abstract contain it;
    threshold: the similarity an unnamed subject needs (see on_topic_threshold); in_context: the best
    similarity of the question read with the one before it (a follow-up's subject is there); held:
    how much of the question's words (weighed by rarity) the best-matching paper holds — in a large
    library from many fields, words such as "correction decoding" match a paper on another subject
    by meaning, and only the rare words ("quantum") tell; titled: that paper's title holds the
    question's rarest word, a name written in lower case ("potfit")."""
    similarity = max([in_context, *(e.similarity for e in ranked)])
    found = [name for name in analysis.subjects if mentions(name)]
    missing = [name for name in analysis.names if name not in found]
    missing += [noun for noun in analysis.proper_nouns if noun not in found and noun not in analysis.names]
    # a named thing the library holds ("the Universal Sentence Encoder") makes the question
    # half-known at worst, even when another name it asks about is absent
    found_names = [name for name in analysis.subjects if name in found] if analysis.names else []
    if found_names:
        return Coverage(True, found, missing, similarity, "names something in the library")
    if analysis.names:
        on_topic = similarity >= UNKNOWN_NAME_SIMILARITY
        return Coverage(on_topic, found, missing, similarity, "names only things the library lacks")
    if follow_up and in_context >= threshold:
        return Coverage(True, found, missing, similarity, "a follow-up on the conversation's subject")
    if titled:
        return Coverage(True, found, missing, similarity, "a rare word of the question is in the best paper's title")
    if held < HELD_WORDS:
        return Coverage(False, found, missing, similarity, f"the best paper holds {held:.2f} of the question's words")
    return Coverage(similarity >= threshold, found, missing, similarity, f"best evidence similarity {similarity:.2f}")


def judge_chinese(ranked: list[Evidence]) -> Coverage:
    """A Chinese question is on topic when a sentence holds enough of its character pairs."""
    best = max((e.similarity for e in ranked), default=0.0)
    return Coverage(best >= CJK_HELD, [], [], best, f"best sentence holds {best:.2f} of the question's character pairs")
