"""What the window works with: one core session and the jobs its widgets start.

Qt-free. Thread rules: construct, change settings and close on the GUI thread; the job methods
(search, import_files, ask, remove_source…) run on worker threads and never touch widgets.
Library writes inside them go through the library's writer thread."""

from __future__ import annotations

import threading
from collections.abc import Callable, Generator, Sequence
from concurrent.futures import Future
from pathlib import Path

from desktop.core.answering.answer import Answer, AnswerPiece, Turn, retrieve
from desktop.core.answering.summaries import summarize
from desktop.core.base.choices import SearchMode, SummaryMode
from desktop.core.base.config import Settings
from desktop.core.base.filters import SearchFilters
from desktop.core.ingest.import_report import ImportReport
from desktop.core.ingest.pipeline import Progress, import_paths
from desktop.core.ingest.watch import FolderWatcher, import_watched
from desktop.core.library.library import Library
from desktop.core.library.records import Paper
from desktop.core.models.embedding import SentenceTransformerEmbedder
from desktop.core.models.llm import ChatModel
from desktop.core.search.hybrid import Hit, Searcher
from desktop.core.session import ModelFactory, load_configured_model, open_session


def in_background(work: Callable[[], None], name: str) -> Future[None]:
    """Runs work on a thread of its own; the future holds its outcome."""
    future: Future[None] = Future()

    def run() -> None:
        try:
            work()
        except BaseException as error:
            future.set_exception(error)
        else:
            future.set_result(None)

    threading.Thread(target=run, name=name, daemon=True).start()
    return future


class AppServices:
    def __init__(
        self, settings: Settings, config_dir: Path | None = None, model_factory: ModelFactory | None = None
    ) -> None:
        self.config_dir = config_dir
        self.model_factory = model_factory
        self.session = open_session(settings, writable=True, read_only_fallback=True)
        self.embedder_ready = False
        self._watcher: FolderWatcher | None = None

    @property
    def settings(self) -> Settings:
        return self.session.settings

    @settings.setter
    def settings(self, value: Settings) -> None:
        self.session.settings = value

    @property
    def library(self) -> Library:
        return self.session.library

    @property
    def model(self) -> ChatModel | None:
        return self.session.model

    @property
    def read_only_reason(self) -> str:
        return self.session.read_only_reason

    def searcher(self) -> Searcher:
        """Keyword ranking only until the embedding model has loaded."""
        return self.session.searcher(semantic=self.embedder_ready)

    # loading, in the background
    def load_embedder(self, cancel: threading.Event) -> Generator[str, None, bool]:
        """The embedding model and the vector index load side by side (in a large library, loading
        the index takes as long as the model); semantic search is ready when both are."""
        yield "Loading the embedding model…"
        index = in_background(lambda: self.library.vectors.warm_up(), "open-vector-index")  # opening included
        embedder = self.session.embedder
        if isinstance(embedder, SentenceTransformerEmbedder):
            embedder.load()
            embedder.embed(["warm up"], max_tokens=16)  # the first encode is slow: not in a user's search
        if not index.done():
            yield "Opening the vector index…"
        while not cancel.is_set():
            try:
                index.result(timeout=0.1)  # raises what opening the index raised
            except TimeoutError:
                continue
            self.embedder_ready = True
            return True
        return False

    def load_model(self, cancel: threading.Event) -> Generator[str, None, ChatModel]:
        """Loads the configured chat model; the caller switches to it (the old one stays in use
        if this fails)."""
        yield "Loading the chat model…"
        return (self.model_factory or load_configured_model)(self.settings)

    def use_model(self, model: ChatModel) -> None:
        self.session.replace_model(model)

    # jobs
    def search(self, query: str, mode: SearchMode, filters: SearchFilters, k: int = 50) -> list[Hit]:
        return self.searcher().search(query, k, mode, filters)

    def similar(self, paper_id: str, k: int = 30) -> list[Hit]:
        return self.searcher().similar(paper_id, k)

    def retrieve(self, question: str, history: Sequence[Turn], k: int) -> list[Hit]:
        return retrieve(self.searcher(), question, history, k)

    def import_files(self, files: list[str], cancel: threading.Event) -> Generator[Progress, None, ImportReport]:
        return (yield from import_paths(self.library, self.session.embedder, files, cancel=cancel))

    def import_watched(self, cancel: threading.Event) -> Generator[Progress, None, ImportReport | None]:
        """One look at the watched folders; what changed there imports (None: nothing did)."""
        folders = self.settings.watched_folders
        if self._watcher is None or self._watcher.folders != [Path(f).expanduser() for f in folders]:
            self._watcher = FolderWatcher(self.library, folders)
        return (yield from import_watched(self._watcher, self.session.embedder, cancel))

    def ask(
        self,
        question: str,
        history: Sequence[Turn],
        hits: list[Hit] | None,
        cancel: threading.Event,
        pinned: bool = False,
    ) -> Generator[AnswerPiece, None, Answer]:
        k = self.settings.top_k_sources
        return (yield from self.session.answerer().ask(question, history, hits, k, cancel, pinned))

    def summarize(
        self, papers: list[Paper], mode: SummaryMode, cancel: threading.Event
    ) -> Generator[AnswerPiece, None, Answer]:
        return (yield from summarize(self.session.answerer(), papers, mode, cancel))

    def remove_source(self, name: str) -> int:
        return self.library.remove_source(name)

    def remove_paper(self, paper_id: str) -> int:
        return self.library.remove_ids([paper_id])

    def set_starred(self, paper_id: str, starred: bool) -> None:
        self.library.set_starred(paper_id, starred)

    def close(self) -> None:
        self.session.close()
