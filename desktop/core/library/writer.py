"""One thread owns the writes to a library (Anki's single-thread collection executor is the model).

Thread rules: any thread may call `run` or `submit`; the work itself runs on the writer thread,
one job at a time, in the order submitted. `close` may be called from any thread but the writer."""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import TypeVar

from desktop.core.base.errors import LibraryError

T = TypeVar("T")
log = logging.getLogger(__name__)


class SerialWriter:
    def __init__(self, name: str = "library-writer") -> None:
        self._jobs: queue.Queue[tuple[Callable[[], object], Future[object]] | None] = queue.Queue()
        self._closed = False
        self._close_lock = threading.Lock()
        self._thread = threading.Thread(target=self._own, name=name, daemon=True)
        self._thread.start()

    def _own(self) -> None:
        while (item := self._jobs.get()) is not None:
            work, result = item
            if not result.set_running_or_notify_cancel():
                continue
            try:
                result.set_result(work())
            except BaseException as error:  # handed to the caller
                result.set_exception(error)

    @property
    def on_writer_thread(self) -> bool:
        return threading.current_thread() is self._thread

    def submit(self, work: Callable[[], T]) -> Future[T]:
        with self._close_lock:
            if self._closed:
                raise LibraryError("The library is closed; nothing more can be written.")
            result: Future[T] = Future()
            self._jobs.put((work, result))  # type: ignore[arg-type]
        return result

    def run(self, work: Callable[[], T]) -> T:
        """Runs work on the writer thread and waits for its result (directly when already there)."""
        if self.on_writer_thread:
            return work()
        return self.submit(work).result()

    def close(self, timeout: float = 60.0) -> bool:
        """Finishes the jobs already submitted, then stops; True when the thread ended in time."""
        with self._close_lock:
            if not self._closed:
                self._closed = True
                self._jobs.put(None)
        self._thread.join(timeout)
        if self._thread.is_alive():
            log.warning("the library writer did not finish within %.0f s", timeout)
            return False
        return True
