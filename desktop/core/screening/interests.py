"""What the user has shown interest in, read from their marks: starred papers, tags, the reading
list and notes (positives, each with why), and the **Not interested** mark (negatives), overall
and per tag. The app's own reserved tags (review decisions) are not interests."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from desktop.core.library.annotations import LibraryAnnotations
from desktop.core.library.records import Paper
from desktop.core.screening.marks import NOT_INTERESTED, is_reserved

MIN_TAG_PAPERS = 2  # a tag with fewer papers gets no suggestions of its own


class MarkedLibrary(Protocol):
    @property
    def annotations(self) -> LibraryAnnotations: ...

    def starred(self) -> list[Paper]: ...


@dataclass
class Interests:
    positives: dict[str, list[str]] = field(default_factory=dict)  # paper id → why ('starred', '#thesis')
    negatives: set[str] = field(default_factory=set)
    by_tag: dict[str, set[str]] = field(default_factory=dict)  # the user's tags with their papers

    @property
    def marked(self) -> set[str]:
        return set(self.positives) | self.negatives

    def add(self, paper_id: str, why: str) -> None:
        if paper_id not in self.negatives:
            self.positives.setdefault(paper_id, []).append(why)


def read_interests(library: MarkedLibrary) -> Interests:
    notes = library.annotations
    interests = Interests(negatives=set(notes.ids_with_tag(NOT_INTERESTED)))
    for paper in library.starred():
        interests.add(paper.id, "starred")
    for tag, count in notes.tag_counts().items():
        if is_reserved(tag):
            continue
        ids = set(notes.ids_with_tag(tag))
        for paper_id in ids:
            interests.add(paper_id, f"#{tag}")
        if count >= MIN_TAG_PAPERS:
            interests.by_tag[tag] = ids - interests.negatives
    for paper_id, state, _ in notes.reading_list():
        interests.add(paper_id, "on your reading list" if state != "read" else "read")
    for paper_id in notes.noted_ids():
        interests.add(paper_id, "noted")
    return interests
