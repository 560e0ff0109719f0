"""The reserved tags screening and For you keep their marks in: a review's decision on a paper
(`screen:<review>:included`) and the feed's **Not interested** mark. They are ordinary tags, so
they live with the paper, survive re-imports and merges, and travel in exports."""

from __future__ import annotations

from enum import StrEnum

SCREEN_PREFIX = "screen:"
FEED_PREFIX = "feed:"
NOT_INTERESTED = "feed:not-interested"


class Decision(StrEnum):
    INCLUDED = "included"
    EXCLUDED = "excluded"
    MAYBE = "maybe"


def decision_tag(review: str, decision: Decision | str) -> str:
    return f"{SCREEN_PREFIX}{review}:{Decision(decision).value}"


def parse_decision_tag(tag: str) -> tuple[str, Decision] | None:
    """(review, decision) of a decision tag; None for any other tag."""
    if not tag.startswith(SCREEN_PREFIX):
        return None
    review, _, decision = tag[len(SCREEN_PREFIX) :].rpartition(":")
    if not review or decision not in {d.value for d in Decision}:
        return None
    return review, Decision(decision)


def is_reserved(tag: str) -> bool:
    """True for the tags the app writes itself (not the user's interests)."""
    return tag.startswith((SCREEN_PREFIX, FEED_PREFIX))
