"""Run core jobs off the GUI thread: a generator (each yield becomes a signal; cancel at a yield)
or a plain function. Signals carry data and exception objects; widgets decide how to show them.

Thread rules: start, cancel and the pool's methods are called on the GUI thread; the job itself
runs on the worker's own thread, and its signals reach their slots on the GUI thread."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Generator
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal

from desktop.core.base.errors import AbstractaError
from desktop.core.base.jobs import JobCancelled, drive

JobFactory = Callable[[threading.Event], Generator[Any, None, Any]]
ErrorSlot = Callable[[BaseException], None]
log = logging.getLogger(__name__)
_running: dict[int, str] = {}
_running_lock = threading.Lock()


def running_workers() -> list[str]:
    """Names of the jobs still running, in any pool (tests fail when one is left behind)."""
    with _running_lock:
        return sorted(_running.values())


class Worker(QThread):
    """One job on its own thread. `returned` carries the result (None when cancelled)."""

    yielded = Signal(object)
    returned = Signal(object)
    errored = Signal(object)

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.cancel_event = threading.Event()

    def cancel(self) -> None:
        """Asks the job to stop at its next yield."""
        self.cancel_event.set()

    @property
    def cancelled(self) -> bool:
        return self.cancel_event.is_set()

    def work(self) -> Any:
        raise NotImplementedError

    def start(self) -> None:  # type: ignore[override]
        with _running_lock:
            _running[id(self)] = self.objectName()
        super().start()

    def run(self) -> None:
        try:
            self._run()
        finally:
            with _running_lock:
                _running.pop(id(self), None)

    def _run(self) -> None:
        try:
            result = self.work()
        except JobCancelled:
            self.returned.emit(None)
        except AbstractaError as error:
            log.warning("the background job %r stopped: %s", self.objectName(), error)
            self.errored.emit(error)
        except Exception as error:
            log.exception("the background job %r failed", self.objectName())
            self.errored.emit(error)
        else:
            self.returned.emit(result)


class GeneratorWorker(Worker):
    """Drives a generator made by factory(cancel_event). Cancelling closes it at its next yield,
    unless finishes_on_cancel: then the generator sees the event itself and returns its result."""

    def __init__(
        self, factory: JobFactory, name: str, finishes_on_cancel: bool = False, parent: QObject | None = None
    ) -> None:
        super().__init__(name, parent)
        self.factory = factory
        self.finishes_on_cancel = finishes_on_cancel

    def work(self) -> Any:
        stop = None if self.finishes_on_cancel else self.cancel_event.is_set
        return drive(self.factory(self.cancel_event), self.yielded.emit, stop)


class FunctionWorker(Worker):
    """Calls a plain function; its return value is the result."""

    def __init__(self, function: Callable[[], Any], name: str, parent: QObject | None = None) -> None:
        super().__init__(name, parent)
        self.function = function

    def work(self) -> Any:
        return self.function()


class WorkerPool(QObject):
    """Keeps every running worker, so quitting can cancel them and wait; `idle` fires when the
    last one has finished. With latest_only, only the newest worker of a name reports back: a
    late result of an older search cannot overwrite a newer one."""

    changed = Signal()
    idle = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.workers: list[Worker] = []
        self._latest: dict[str, Worker] = {}

    def start(
        self,
        factory: JobFactory,
        name: str,
        on_yield: Callable[[Any], None] | None = None,
        on_return: Callable[[Any], None] | None = None,
        on_error: ErrorSlot | None = None,
        finishes_on_cancel: bool = False,
        latest_only: bool = False,
    ) -> Worker:
        worker = GeneratorWorker(factory, name, finishes_on_cancel, self)
        return self._launch(worker, on_yield, on_return, on_error, latest_only)

    def call(
        self,
        function: Callable[[], Any],
        name: str,
        on_return: Callable[[Any], None] | None = None,
        on_error: ErrorSlot | None = None,
        latest_only: bool = False,
    ) -> Worker:
        return self._launch(FunctionWorker(function, name, self), None, on_return, on_error, latest_only)

    def _launch(
        self,
        worker: Worker,
        on_yield: Callable[[Any], None] | None,
        on_return: Callable[[Any], None] | None,
        on_error: ErrorSlot | None,
        latest_only: bool,
    ) -> Worker:
        name = worker.objectName()
        if latest_only:
            previous = self._latest.get(name)
            if previous is not None:
                previous.cancel()
            self._latest[name] = worker

        def current() -> bool:
            return not latest_only or self._latest.get(name) is worker

        if on_yield is not None:
            worker.yielded.connect(lambda item: on_yield(item) if current() else None)
        if on_return is not None:
            worker.returned.connect(lambda result: on_return(result) if current() else None)
        if on_error is not None:
            worker.errored.connect(lambda error: on_error(error) if current() else None)
        worker.finished.connect(lambda: self._forget(worker))
        self.workers.append(worker)
        worker.start()
        self.changed.emit()
        return worker

    def _forget(self, worker: Worker) -> None:
        if worker in self.workers:
            self.workers.remove(worker)
            if self._latest.get(worker.objectName()) is worker:
                del self._latest[worker.objectName()]
            worker.deleteLater()
            self.changed.emit()
            if not self.workers:
                self.idle.emit()

    def busy(self, name: str) -> bool:
        return any(worker.objectName() == name and worker.isRunning() for worker in self.workers)

    def cancel(self, name: str) -> None:
        for worker in self.workers:
            if worker.objectName() == name:
                worker.cancel()

    def cancel_all(self) -> None:
        for worker in self.workers:
            worker.cancel()

    def wait_all(self, timeout_ms: int = 60_000) -> bool:
        """Blocks until every worker's thread ended (for use after the event loop has stopped);
        True when all ended in time."""
        return all(worker.wait(timeout_ms) for worker in list(self.workers))
