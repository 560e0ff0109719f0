"""Opening what a command or the app works with, from the settings: the library (writable, or
read-only when another Abstracta holds it), the embedder and, on demand, the chat model.

Thread rules: open and close on one thread (the main or GUI thread). `load_model` may run on a
worker; the other members are safe to read from any thread once set."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from desktop.core.answering.answer import Answerer
from desktop.core.base import paths
from desktop.core.base.config import Settings
from desktop.core.base.errors import LibraryLockedError, ModelError
from desktop.core.library.library import Library
from desktop.core.models.embedding import Embedder, make_embedder
from desktop.core.models.gguf_info import read_gguf_info
from desktop.core.models.llm import ChatModel, GenerationOptions, gpu_offload_available, load_model
from desktop.core.models.model_profiles import ModelProfile, profile_for
from desktop.core.search.hybrid import Searcher

ModelFactory = Callable[[Settings], ChatModel]


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


@dataclass
class Session:
    settings: Settings
    library: Library
    embedder: Embedder
    read_only_reason: str = ""
    model: ChatModel | None = None

    def searcher(self, semantic: bool = True) -> Searcher:
        """Semantic and hybrid search need the embedder; without it, keyword ranking only."""
        return Searcher(self.library, self.embedder if semantic else None)

    def load_model(self, factory: ModelFactory | None = None) -> ChatModel:
        self.model = (factory or load_configured_model)(self.settings)
        return self.model

    def replace_model(self, model: ChatModel) -> None:
        """Switches to an already loaded model and closes the one it replaces."""
        old, self.model = self.model, model
        if old is not None and old is not model:
            old.close()

    def answerer(self) -> Answerer:
        if self.model is None:
            raise RuntimeError("the chat model is not loaded")
        options = GenerationOptions(max_tokens=self.settings.max_tokens, temperature=self.settings.temperature)
        return Answerer(Searcher(self.library, self.embedder), self.model, options)

    def close(self) -> None:
        if self.model is not None:
            self.model.close()
            self.model = None
        self.library.close()


def open_session(settings: Settings, writable: bool = False, read_only_fallback: bool = False) -> Session:
    """A session on the configured library. writable takes the writer lock; with
    read_only_fallback, a library another Abstracta holds opens read-only and says why."""
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
    return Session(settings, library, embedder, reason)
