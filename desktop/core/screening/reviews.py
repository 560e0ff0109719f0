"""Reviews kept with the library: each review's set of papers, its inclusion criteria and the order
of its decisions in the library's meta table, and every decision as a tag on its paper
(`screen:<review>:included`), so closing the app (or a crash) loses nothing. The tags are the
truth: a decision tag without a log entry (set from the CLI's `tag`, say) counts, last."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from desktop.core.base.errors import LibraryError
from desktop.core.library.annotations import LibraryAnnotations, clean_tag
from desktop.core.library.records import Paper
from desktop.core.screening.marks import Decision, decision_tag

INDEX_KEY = "screening:reviews"
REVIEW_KEY = "screening:review:"


class ReviewLibrary(Protocol):
    """What reviews need of the library (Library has it)."""

    @property
    def annotations(self) -> LibraryAnnotations: ...

    def meta(self, key: str) -> str | None: ...

    def set_meta(self, key: str, value: str) -> None: ...

    def update_meta(self, key: str, change: Callable[[str | None], str | None]) -> None: ...

    def get_many(self, ids: list[str]) -> dict[str, Paper]: ...


@dataclass
class Review:
    """A set of papers to screen and its decisions, in the order they were made."""

    name: str
    ids: list[str]
    criteria: str = ""
    created: float = field(default_factory=time.time)
    log: list[tuple[str, Decision]] = field(default_factory=list)

    @property
    def decisions(self) -> dict[str, Decision]:
        return dict(self.log)

    def count(self, decision: Decision) -> int:
        return sum(1 for _, made in self.log if made == decision)

    def to_json(self) -> str:
        return json.dumps(
            {"name": self.name, "ids": self.ids, "criteria": self.criteria, "created": self.created, "log": self.log}
        )


def review_name(text: str) -> str:
    """A review's name as kept in its tags: trimmed, single spaces, no ':' (the tag's separator)."""
    name = clean_tag(text.replace(":", " "))
    if not name:
        raise LibraryError("A review needs a name.")
    return name


class Reviews:
    """The library's reviews. Reads from any thread; writes (create, decide, undo, delete) go
    through the library's writer, so call them from a worker, not the GUI thread."""

    def __init__(self, library: ReviewLibrary) -> None:
        self.library = library

    def names(self) -> list[str]:
        return list(json.loads(self.library.meta(INDEX_KEY) or "[]"))

    def create(self, name: str, ids: list[str], criteria: str = "") -> Review:
        """A new review of these papers (a review of that name already there is opened instead,
        its set growing by the papers it lacks)."""
        name = review_name(name)
        if name in self.names():
            review = self.load(name)
            review.ids += [pid for pid in dict.fromkeys(ids) if pid not in set(review.ids)]
            review.criteria = criteria.strip() or review.criteria
        else:
            if not ids:
                raise LibraryError("There is nothing to screen: the set chosen holds no papers.")
            review = Review(name, list(dict.fromkeys(ids)), criteria.strip())
            self.library.update_meta(INDEX_KEY, lambda old: json.dumps([*json.loads(old or "[]"), name]))
        self._save(review)
        return review

    def load(self, name: str) -> Review:
        """The review with its decisions as the tags hold them."""
        data = json.loads(self.library.meta(REVIEW_KEY + name) or "null")
        if not data:
            raise LibraryError(f"No review named {name!r} in this library.")
        review = Review(data["name"], list(data["ids"]), data.get("criteria", ""), data.get("created", 0.0))
        tagged = self._tagged(name)
        logged = [(pid, Decision(made)) for pid, made in data.get("log", [])]
        kept = [(pid, made) for pid, made in logged if tagged.get(pid) == made]
        seen = {pid for pid, _ in kept}
        review.log = kept + [(pid, made) for pid, made in tagged.items() if pid not in seen]
        return review

    def _tagged(self, name: str) -> dict[str, Decision]:
        found: dict[str, Decision] = {}
        for decision in Decision:
            for paper_id in self.library.annotations.ids_with_tag(decision_tag(name, decision)):
                found[paper_id] = decision
        return found

    def decide(self, review: Review, paper_id: str, decision: Decision) -> None:
        """Records the decision (replacing an earlier one on that paper) in the tags and the log."""
        self._retag(paper_id, review.name, decision)
        review.log = [(pid, made) for pid, made in review.log if pid != paper_id] + [(paper_id, decision)]
        self._save(review)

    def undo(self, review: Review) -> tuple[str, Decision] | None:
        """Takes back the last decision; returns it (None when there was none)."""
        if not review.log:
            return None
        paper_id, decision = review.log.pop()
        self._retag(paper_id, review.name, None)
        self._save(review)
        return paper_id, decision

    def delete(self, name: str) -> None:
        """Forgets the review and removes its decision tags from every paper."""
        for decision in Decision:
            self.library.annotations.delete_tag(decision_tag(name, decision))
        self.library.update_meta(INDEX_KEY, lambda old: json.dumps([n for n in json.loads(old or "[]") if n != name]))
        self.library.set_meta(REVIEW_KEY + name, json.dumps(None))

    def _retag(self, paper_id: str, name: str, decision: Decision | None) -> None:
        paper = self.library.get_many([paper_id]).get(paper_id)
        if paper is None:
            raise LibraryError(f"The paper {paper_id[:10]} is no longer in the library (it was removed).")
        mine = {decision_tag(name, d) for d in Decision}
        tags = [tag for tag in paper.tags if tag not in mine]
        if decision is not None:
            tags.append(decision_tag(name, decision))
        self.library.annotations.set_tags(paper_id, tags)

    def _save(self, review: Review) -> None:
        self.library.set_meta(REVIEW_KEY + review.name, review.to_json())
