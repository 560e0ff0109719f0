"""The session owns the library, the embedder, the chat model, one long-lived answerer with its
sentence cache, and the threads they use; closing it ends them all."""

from __future__ import annotations

import dataclasses
import os
import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from desktop.core.base.config import Settings
from desktop.core.base.jobs import drive
from desktop.core.models.embedding import HashingEmbedder
from desktop.core.session import Session, open_session
from tests.core.helpers import abstract, write
from tests.fakes import FakeChatModel

DUMP = "\n".join(
    f"{title}\n{abstract(topic)}"
    for title, topic in [
        ("Robot grasping with tactile sensing", "robot grasping with tactile sensors"),
        ("Protein folding with attention", "protein structure prediction"),
        ("Weak to strong generalization", "weak supervisors eliciting strong models"),
    ]
)


class CountingEmbedder(HashingEmbedder):
    """Counts the texts it embeds (to see what a cache spares)."""

    def __init__(self) -> None:
        super().__init__()
        self.texts = 0

    def embed(self, texts: Sequence[str], max_tokens: int | None = None) -> np.ndarray:
        self.texts += len(texts)
        return super().embed(texts, max_tokens)


def session_with_papers(tmp_path: Path, model: FakeChatModel | None = None) -> Session:
    settings = Settings(embedding_backend="hashing", library_dir=str(tmp_path / "lib"))
    session = open_session(settings, writable=True, model_factory=lambda _: model or FakeChatModel())
    report = drive(session.import_files([str(write(tmp_path / "papers.txt", DUMP))]))
    assert report.new == 3
    return session


def owned_threads(session: Session) -> list[threading.Thread]:
    return [session._ranker._thread, session._background._thread, session.library._thread._thread]


def test_one_answerer_keeps_its_sentence_cache_between_questions(tmp_path: Path) -> None:
    session = session_with_papers(tmp_path)
    counting = CountingEmbedder()
    session.embedder = counting
    try:
        session.load_model()
        first = drive(session.ask("How do robots grasp with tactile sensors?"))
        spent = counting.texts
        answerer = session.answerer()
        again = drive(session.ask("How do robots grasp with tactile sensors?"))
        assert session.answerer() is answerer and first.sources and again.sources
        # the second time only the question and the query are embedded: the sentences are cached
        assert counting.texts - spent < spent / 2
    finally:
        session.close()


def test_the_answerer_is_built_again_only_when_the_model_or_its_settings_change(tmp_path: Path) -> None:
    session = session_with_papers(tmp_path)
    try:
        first_model = session.load_model()
        answerer = session.answerer()
        session.settings = dataclasses.replace(session.settings, top_k_sources=3)  # read per question
        assert session.answerer() is answerer
        session.settings = dataclasses.replace(session.settings, max_tokens=77)
        rebuilt = session.answerer()
        assert rebuilt is not answerer and rebuilt.options.max_tokens == 77
        second = FakeChatModel("Another reply [1].")
        session.replace_model(second)
        assert first_model.closed and not second.closed  # type: ignore[attr-defined]
        assert session.answerer().model is second and session.answerer().index is rebuilt.index
    finally:
        session.close()


def test_closing_the_session_ends_its_model_and_threads(tmp_path: Path) -> None:
    model = FakeChatModel()
    session = session_with_papers(tmp_path, model)
    session.load_model()
    assert session.search("tactile grasping")  # the keyword ranker thread ran beside the embedding
    threads = owned_threads(session)
    assert all(thread.is_alive() for thread in threads)
    session.close()
    assert model.closed and not any(thread.is_alive() for thread in threads)


def test_the_jobs_are_the_ones_the_cli_runs(tmp_path: Path) -> None:
    session = session_with_papers(tmp_path)
    try:
        watched = tmp_path / "watched"
        write(watched / "more.txt", f"Graph search at scale\n{abstract('graph search')}\n")
        os.utime(watched / "more.txt", (1, 1))  # settled: old enough to import
        report = drive(session.import_watched(folders=[str(watched)]))
        assert report is not None and report.new == 1
        assert drive(session.import_watched(folders=[str(watched)])) is None  # nothing changed since
        hits = session.search("graph search", k=2)
        assert hits[0].paper.title == "Graph search at scale"
        assert session.similar(hits[0].paper.id, k=2)
        assert session.retrieve("What does graph search do?", k=2)
    finally:
        session.close()
