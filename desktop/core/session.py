"""The one owner of what a command or the app works with: the library (writable, or read-only
when another Abstracta holds it), the embedder, the chat model, the answerer with its sentence
cache, and the threads they use. The CLI and the window run the same jobs from here (search,
retrieve, ask, summarize, import, watch, re-embed); the window adds only workers and widgets.

Thread rules: open, change settings, replace the model and close on one thread (the main or GUI
thread). The jobs may run on any other thread; long ones are generators that yield progress and
stop at a yield when their cancel event is set. Library writes inside them go through the
library's writer thread."""

from __future__ import annotations

import threading
from collections.abc import Callable, Generator, Sequence
from pathlib import Path
from typing import TypeVar

from desktop.core.answering.answer import Answer, Answerer, AnswerPiece, Turn
from desktop.core.answering.evidence import SentenceIndex
from desktop.core.answering.role_model import shared_model
from desktop.core.base import paths
from desktop.core.base.choices import SearchMode, SummaryMode
from desktop.core.base.config import Settings
from desktop.core.base.errors import LibraryLockedError, ModelError
from desktop.core.base.filters import SearchFilters
from desktop.core.base.owner_thread import OwnerThread, OwnerThreadClosed
from desktop.core.ingest.import_report import ImportReport
from desktop.core.ingest.pipeline import Progress, import_paths, resume_import
from desktop.core.ingest.reembed import reembed
from desktop.core.ingest.watch import FolderWatcher, import_watched
from desktop.core.library.library import Library
from desktop.core.library.records import Paper
from desktop.core.models.embedding import Embedder, make_embedder
from desktop.core.models.gguf_info import read_gguf_info
from desktop.core.models.llm import ChatModel, GenerationOptions, gpu_offload_available, load_model
from desktop.core.models.model_profiles import ModelProfile, profile_for
from desktop.core.search.hybrid import Hit, Searcher

ModelFactory = Callable[[Settings], ChatModel]
# Settings the answerer is built from: a change builds it again (the sentence cache stays).
ANSWER_SETTINGS = ("max_tokens", "temperature")
# Imports, watched folders and re-embedding run this much below the app's CPU priority: a search
# typed meanwhile gets the cores first (docs/performance.md: search during an import).
BACKGROUND_NICE = 10
Item = TypeVar("Item")
Result = TypeVar("Result")


def load_configured_model(settings: Settings) -> ChatModel:
    """The chat model the settings name (the bundled one by default)."""

    def profile(path: Path) -> ModelProfile:
        try:
            info = read_gguf_info(path)
        except ModelError:
            info = None  # llama.cpp will say what is wrong with the file
        return profile_for(settings, str(path), info, gpu_offload_available())

    return load_model(
        settings.llm_path,
        settings.n_ctx,
        settings.threads(),
        settings.n_gpu_layers,
        tuple(settings.model_folders),
        profile,
    )


class Session:
    def __init__(
        self,
        settings: Settings,
        library: Library,
        embedder: Embedder,
        read_only_reason: str = "",
        config_dir: Path | None = None,
        model_factory: ModelFactory | None = None,
        embedder_ready: bool = True,
        searches_beside_jobs: bool = False,
    ) -> None:
        self._settings = settings
        self.library = library
        self.embedder = embedder
        self.read_only_reason = read_only_reason
        self.config_dir = config_dir  # where the settings are saved (None: the user's config dir)
        self.model_factory = model_factory
        # False until load_embedder has run (the app): search is keyword-only until then
        self.embedder_ready = embedder_ready
        # the app searches while it imports: the embedder then readies a second copy for queries
        self.searches_beside_jobs = searches_beside_jobs
        self.model: ChatModel | None = None
        self._ranker = OwnerThread("keyword-ranker")  # keyword ranking beside the query's embedding
        self._background = OwnerThread("background-jobs", nice=BACKGROUND_NICE)  # imports, re-embedding
        self._answerer: Answerer | None = None
        self._sentences: SentenceIndex | None = None
        self._answerer_lock = threading.Lock()
        self._watcher: FolderWatcher | None = None

    # settings and the models
    @property
    def settings(self) -> Settings:
        return self._settings

    @settings.setter
    def settings(self, new: Settings) -> None:
        old, self._settings = self._settings, new
        if any(getattr(old, key) != getattr(new, key) for key in ANSWER_SETTINGS):
            self._answerer = None

    def load_embedder(self, cancel: threading.Event) -> Generator[str, None, bool]:
        """The embedding model and the vector index load side by side (in a large library, loading
        the index takes as long as the model); semantic search is ready when both are."""
        yield "Loading the embedding model…"
        index = self.library.open_vectors()  # on the library's thread, opening included
        self.embedder.warm_up()
        if not index.done():
            yield "Opening the vector index…"
        while not cancel.is_set():
            try:
                index.result(timeout=0.1)  # raises what opening the index raised
            except TimeoutError:
                continue
            self.embedder_ready = True
            shared_model()  # the compare reader's role model, trained once here, not at the first Compare
            return True
        return False

    def load_model_job(self, cancel: threading.Event) -> Generator[str, None, ChatModel]:
        """Loads the configured chat model; the caller switches to it with replace_model (the
        old one stays in use if this fails)."""
        yield "Loading the chat model…"
        return (self.model_factory or load_configured_model)(self.settings)

    def load_model(self) -> ChatModel:
        """Loads the configured chat model now and switches to it."""
        model = (self.model_factory or load_configured_model)(self.settings)
        self.replace_model(model)
        return model

    def replace_model(self, model: ChatModel) -> None:
        """Switches to an already loaded model and closes the one it replaces."""
        old, self.model = self.model, model
        self._answerer = None
        if old is not None and old is not model:
            old.close()

    def searcher(self, semantic: bool | None = None) -> Searcher:
        """Semantic and hybrid search need the embedder; until it is ready, keyword ranking only."""
        use_embedder = self.embedder_ready if semantic is None else semantic
        return Searcher(self.library, self.embedder if use_embedder else None, self._ranker)

    def answerer(self) -> Answerer:
        """The one answerer, kept between questions with its sentence cache; built again only
        when the model, the embedder or the answer settings change."""
        with self._answerer_lock:
            answerer = self._answerer
            if answerer is None or answerer.model is not self.model or answerer.searcher.embedder is not self.embedder:
                answerer = self._answerer = self._new_answerer()
            return answerer

    def _new_answerer(self) -> Answerer:
        """Without a chat model (not loaded yet), answers quote their evidence."""
        if self._sentences is None or self._sentences.embedder is not self.embedder:
            self._sentences = SentenceIndex(self.embedder)
        options = GenerationOptions(max_tokens=self.settings.max_tokens, temperature=self.settings.temperature)
        return Answerer(self.searcher(semantic=True), self.model, options, self._sentences)

    # jobs: the same for the CLI and the window
    def search(
        self, query: str, mode: str = SearchMode.HYBRID, filters: SearchFilters | None = None, k: int = 50
    ) -> list[Hit]:
        return self.searcher().search(query, k, mode, filters)

    def similar(self, paper_id: str, k: int = 30) -> list[Hit]:
        return self.searcher().similar(paper_id, k)

    def retrieve(self, question: str, history: Sequence[Turn] = (), k: int | None = None) -> list[Hit]:
        """The papers a question would be answered from (the preview before sending)."""
        return self.answerer().preview(question, history, k or self.settings.top_k_sources)

    def ask(
        self,
        question: str,
        history: Sequence[Turn] = (),
        hits: list[Hit] | None = None,
        cancel: threading.Event | None = None,
        pinned: bool = False,
    ) -> Generator[AnswerPiece, None, Answer]:
        answerer = self.answerer()
        return (yield from answerer.ask(question, history, hits, self.settings.top_k_sources, cancel, pinned))

    def summarize(
        self, papers: list[Paper], mode: SummaryMode, cancel: threading.Event | None = None
    ) -> Generator[AnswerPiece, None, Answer]:
        """A TL;DR, a synthesis or a comparison (SummaryMode.COMPARE) of the papers."""
        return (yield from self.answerer().summarize(papers, mode, cancel))

    def import_files(
        self, files: Sequence[str], cancel: threading.Event | None = None
    ) -> Generator[Progress, None, ImportReport]:
        return (yield from self._in_background(import_paths(self.library, self.embedder, files, cancel=cancel)))

    def resume_import(self, cancel: threading.Event | None = None) -> Generator[Progress, None, ImportReport]:
        return (yield from self._in_background(resume_import(self.library, self.embedder, cancel)))

    def import_watched(
        self, cancel: threading.Event | None = None, folders: Sequence[str] | None = None
    ) -> Generator[Progress, None, ImportReport | None]:
        """One look at the watched folders (those in the settings unless named); what changed
        there imports (None: nothing did)."""
        chosen = list(self.settings.watched_folders if folders is None else folders)
        if self._watcher is None or self._watcher.folders != [Path(f).expanduser() for f in chosen]:
            self._watcher = FolderWatcher(self.library, chosen)
        return (yield from self._in_background(import_watched(self._watcher, self.embedder, cancel)))

    def reembed(self, cancel: threading.Event | None = None) -> Generator[Progress, None, bool]:
        """Moves the library to this session's embedding model, in place (see ingest/reembed)."""
        finished = yield from self._in_background(reembed(self.library, self.embedder, cancel))
        self._answerer = None
        return finished

    def _in_background(self, job: Generator[Item, None, Result]) -> Generator[Item, None, Result]:
        """The job, each of its steps run on the low-priority background thread; the caller drives
        it as usual (progress at each yield, cancel at a yield, close() stops it). Searches meanwhile
        embed their query beside it (see Embedder.prepare_for_parallel_use)."""
        try:
            if self.searches_beside_jobs:
                self._background.run(self.embedder.prepare_for_parallel_use)
            while True:
                try:
                    item = self._background.run(lambda: next(job))
                except StopIteration as finished:
                    return finished.value  # type: ignore[no-any-return]
                yield item
        finally:
            # closed on the thread that runs its steps, after the one running now (a caller
            # interrupted while waiting would otherwise close a generator that is executing)
            try:
                self._background.run(job.close)
            except OwnerThreadClosed:
                job.close()

    def close(self) -> None:
        """Closes the model, the threads and the library (finishing the writes asked for)."""
        if self.model is not None:
            self.model.close()
            self.model = None
        self._answerer = None
        self._ranker.close()
        self._background.close()
        self.library.close()


def open_session(
    settings: Settings,
    writable: bool = False,
    read_only_fallback: bool = False,
    config_dir: Path | None = None,
    model_factory: ModelFactory | None = None,
    load_in_background: bool = False,
) -> Session:
    """A session on the configured library. writable takes the writer lock; with
    read_only_fallback, a library another Abstracta holds opens read-only and says why. With
    load_in_background (the app), search is keyword-only until load_embedder has run, and
    searches run beside imports."""
    folder = paths.library_dir(settings.library_dir or None)
    threads = settings.threads()
    reason = ""
    try:
        library = Library(folder, settings.chroma_url, read_only=not writable, threads=threads)
    except LibraryLockedError as error:
        if not read_only_fallback:
            raise
        reason = str(error)
        library = Library(folder, settings.chroma_url, read_only=True, threads=threads)
    embedder = make_embedder(settings.embedding_dir, settings.embedding_backend, threads)
    return Session(
        settings, library, embedder, reason, config_dir, model_factory, not load_in_background, load_in_background
    )
