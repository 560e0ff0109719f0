"""Opening what a command or the app needs from the settings: library, embedder, searcher."""

from __future__ import annotations

from dataclasses import dataclass

from desktop.core import paths
from desktop.core.config import Settings
from desktop.core.embedding import Embedder, make_embedder
from desktop.core.library import Library
from desktop.core.search import Searcher


@dataclass
class LibrarySession:
    library: Library
    embedder: Embedder

    @property
    def searcher(self) -> Searcher:
        return Searcher(self.library, self.embedder)

    def close(self) -> None:
        self.library.close()


def open_session(settings: Settings, read_only: bool = False) -> LibrarySession:
    library = Library(
        paths.library_dir(settings.library_dir or None),
        chroma_url=settings.chroma_url,
        read_only=read_only,
        threads=settings.threads(),
    )
    embedder = make_embedder(settings.embedding_dir, settings.embedding_backend, settings.threads())
    return LibrarySession(library, embedder)
