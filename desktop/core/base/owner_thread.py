"""One thread that owns a resource (a library's writes, a llama.cpp model, a reader): the work
for it runs there, one job at a time, in the order submitted (Anki's single-thread collection
executor is the model). With the UI's workers, this is one of the app's two thread mechanisms.

Thread rules: any thread may call `submit` or `run`; `close` from any thread but the owner."""

from __future__ import annotations

import logging
import os
import queue
import sys
import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import TypeVar

T = TypeVar("T")
log = logging.getLogger(__name__)


class OwnerThreadClosed(RuntimeError):
    """Work was submitted after close()."""


class OwnerThread:
    """nice: how much lower than the process's this thread's CPU priority is (Linux), for work
    that may take the cores only when nothing more urgent (a search, the window) wants them."""

    def __init__(self, name: str, nice: int = 0) -> None:
        self.name = name
        self.nice = nice
        self._jobs: queue.Queue[tuple[Callable[[], object], Future[object]] | None] = queue.Queue()
        self._closed = False
        self._close_lock = threading.Lock()
        self._thread = threading.Thread(target=self._own, name=name, daemon=True)
        self._thread.start()

    def _own(self) -> None:
        if self.nice:
            _lower_priority(self.nice)
        while (item := self._jobs.get()) is not None:
            work, result = item
            if not result.set_running_or_notify_cancel():
                continue
            try:
                result.set_result(work())
            except BaseException as error:  # handed to the caller
                result.set_exception(error)

    @property
    def on_thread(self) -> bool:
        return threading.current_thread() is self._thread

    def submit(self, work: Callable[[], T]) -> Future[T]:
        """Queues work; the future holds its result (or what it raised)."""
        with self._close_lock:
            if self._closed:
                raise OwnerThreadClosed(f"{self.name} is closed")
            result: Future[T] = Future()
            self._jobs.put((work, result))  # type: ignore[arg-type]
        return result

    def run(self, work: Callable[[], T]) -> T:
        """Runs work on the owner thread and waits for its result (directly when already there)."""
        if self.on_thread:
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
            log.warning("the thread %s did not finish within %.0f s", self.name, timeout)
            return False
        return True


def _lower_priority(nice: int) -> None:
    """Lowers the calling thread's CPU priority (Linux: a thread's id is a process id here; the
    threads it starts, such as torch's, inherit it). Elsewhere, or when refused, nothing changes."""
    if not sys.platform.startswith("linux"):
        return
    try:
        thread = threading.get_native_id()
        os.setpriority(os.PRIO_PROCESS, thread, os.getpriority(os.PRIO_PROCESS, thread) + nice)
    except OSError as error:
        log.info("could not lower the priority of a background thread: %s", error)
