"""What the window works with: the library, the models and the jobs that use them, as generators."""

from __future__ import annotations

import threading
from collections.abc import Callable, Generator
from dataclasses import dataclass, field
from pathlib import Path

from desktop.core import paths
from desktop.core.answer import Answer, Answerer, Conversation, retrieval_query
from desktop.core.compare import compare
from desktop.core.config import Settings
from desktop.core.embedding import Embedder, SentenceTransformerEmbedder, make_embedder
from desktop.core.errors import LibraryLockedError
from desktop.core.ingest import ImportReport, Progress, import_paths
from desktop.core.library import Library
from desktop.core.llm import ChatModel, GenerationOptions, load_model
from desktop.core.records import Paper
from desktop.core.search import Hit, Searcher, SearchFilters


@dataclass
class Status:
    """A line for the status bar: what is loading or ready."""

    text: str


@dataclass
class AppServices:
    settings: Settings
    config_dir: Path | None = None
    library: Library = field(init=False)
    embedder: Embedder = field(init=False)
    model_factory: Callable[[Settings], ChatModel] | None = None
    model: ChatModel | None = None
    embedder_ready: bool = False
    read_only_reason: str = ""

    def __post_init__(self) -> None:
        folder = paths.library_dir(self.settings.library_dir or None)
        try:
            self.library = Library(folder, self.settings.chroma_url, threads=self.settings.threads())
        except LibraryLockedError as error:
            self.read_only_reason = str(error)
            self.library = Library(folder, self.settings.chroma_url, read_only=True, threads=self.settings.threads())
        self.embedder = make_embedder(
            self.settings.embedding_dir, self.settings.embedding_backend, self.settings.threads()
        )

    @property
    def searcher(self) -> Searcher:
        return Searcher(self.library, self.embedder if self.embedder_ready else None)

    def answerer(self) -> Answerer:
        assert self.model is not None
        options = GenerationOptions(max_tokens=self.settings.max_tokens, temperature=self.settings.temperature)
        return Answerer(Searcher(self.library, self.embedder), self.model, options)

    # loading, in the background
    def load_embedder(self, cancel: threading.Event) -> Generator[Status, None, bool]:
        yield Status("Loading the embedding model…")
        if isinstance(self.embedder, SentenceTransformerEmbedder):
            self.embedder.load()
        if cancel.is_set():
            return False
        yield Status("Opening the vector index…")
        self.library.vectors.count()
        self.embedder_ready = True
        return True

    def load_model(self, cancel: threading.Event) -> Generator[Status, None, ChatModel]:
        yield Status("Loading the chat model…")
        s = self.settings
        if self.model_factory is not None:
            model: ChatModel = self.model_factory(s)
        else:
            model = load_model(s.llm_path, s.n_ctx, s.threads(), s.n_gpu_layers)
        self.model = model
        return model

    # jobs
    def search(self, query: str, mode: str, filters: SearchFilters, k: int = 50) -> Generator[None, None, list[Hit]]:
        effective = mode if self.embedder_ready else "keyword"
        hits = self.searcher.search(query, k, effective, filters)
        return hits
        yield  # a generator, so it runs on a worker like every other job

    def similar(self, paper_id: str, k: int = 30) -> Generator[None, None, list[Hit]]:
        return self.searcher.similar(paper_id, k)
        yield

    def import_files(self, files: list[str], cancel: threading.Event) -> Generator[Progress, None, ImportReport]:
        return (yield from import_paths(self.library, self.embedder, files, cancel=cancel))

    def retrieve(self, question: str, conversation: Conversation, k: int) -> Generator[None, None, list[Hit]]:
        return self.searcher.search(retrieval_query(question, conversation), k, "hybrid")
        yield

    def ask(
        self,
        question: str,
        conversation: Conversation,
        hits: list[Hit] | None,
        cancel: threading.Event,
        pinned: bool = False,
    ) -> Generator[str, None, Answer]:
        k = self.settings.top_k_sources
        return (yield from self.answerer().ask(question, conversation, hits, k, cancel, pinned))

    def summarize(self, papers: list[Paper], mode: str, cancel: threading.Event) -> Generator[str, None, Answer]:
        answerer = self.answerer()
        if mode == "compare":
            return (yield from compare(answerer, papers, cancel))
        if len(papers) == 1:
            return (yield from answerer.tldr(papers[0], cancel))
        return (yield from answerer.synthesize(papers, cancel))

    def close(self) -> None:
        if self.model is not None:
            self.model.close()
        self.library.close()
