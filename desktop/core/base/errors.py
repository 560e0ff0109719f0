"""Errors whose message is fit to show a user as it is."""


class AbstractaError(Exception):
    """Base class: str(error) is a complete sentence for the user."""


class DumpError(AbstractaError):
    """A file could not be read as a dump."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class ModelError(AbstractaError):
    """A model (embedding or LLM) is missing, broken or does not fit."""


class LibraryError(AbstractaError):
    """The library store cannot be opened or written."""


class LibraryLockedError(LibraryError):
    """Another Abstracta process is writing this library."""


class GenerationStopped(AbstractaError):
    """Generation was stopped by the user."""
