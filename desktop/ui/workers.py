"""Run core generators off the GUI thread: each yield becomes a signal; cancel at a yield."""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable, Generator
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal

from desktop.core.errors import AbstractaError

JobFactory = Callable[[threading.Event], Generator[Any, None, Any]]


class GeneratorWorker(QThread):
    """Drives one generator on its own thread. Signals carry data; widgets decide how to show it."""

    yielded = Signal(object)
    returned = Signal(object)
    errored = Signal(str)

    def __init__(
        self, factory: JobFactory, name: str, finishes_on_cancel: bool = False, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.factory = factory
        self.finishes_on_cancel = finishes_on_cancel
        self.cancel_event = threading.Event()

    def cancel(self) -> None:
        """Asks the generator to stop at its next yield."""
        self.cancel_event.set()

    @property
    def cancelled(self) -> bool:
        return self.cancel_event.is_set()

    def run(self) -> None:
        generator: Generator[Any, None, Any] | None = None
        try:
            generator = self.factory(self.cancel_event)
            while True:
                try:
                    item = next(generator)
                except StopIteration as stop:
                    self.returned.emit(stop.value)
                    return
                self.yielded.emit(item)
                if self.cancel_event.is_set() and not self.finishes_on_cancel:
                    generator.close()
                    self.returned.emit(None)
                    return
        except AbstractaError as error:
            self.errored.emit(str(error))
        except Exception as error:
            traceback.print_exc()
            self.errored.emit(f"{type(error).__name__}: {error}")


class WorkerPool(QObject):
    """Keeps every running worker, so quitting can cancel them and wait."""

    changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.workers: list[GeneratorWorker] = []

    def start(
        self,
        factory: JobFactory,
        name: str,
        on_yield: Callable[[Any], None] | None = None,
        on_return: Callable[[Any], None] | None = None,
        on_error: Callable[[str], None] | None = None,
        finishes_on_cancel: bool = False,
    ) -> GeneratorWorker:
        worker = GeneratorWorker(factory, name, finishes_on_cancel, self)
        if on_yield is not None:
            worker.yielded.connect(on_yield)
        if on_return is not None:
            worker.returned.connect(on_return)
        if on_error is not None:
            worker.errored.connect(on_error)
        worker.finished.connect(lambda: self._forget(worker))
        self.workers.append(worker)
        worker.start()
        self.changed.emit()
        return worker

    def _forget(self, worker: GeneratorWorker) -> None:
        if worker in self.workers:
            self.workers.remove(worker)
            worker.deleteLater()
            self.changed.emit()

    def busy(self, name: str) -> bool:
        return any(worker.objectName() == name and worker.isRunning() for worker in self.workers)

    def cancel(self, name: str) -> None:
        for worker in self.workers:
            if worker.objectName() == name:
                worker.cancel()

    def shutdown(self, timeout_ms: int = 30_000) -> bool:
        """Cancels every worker and waits for them; True when all stopped in time."""
        for worker in list(self.workers):
            worker.cancel()
        stopped = True
        for worker in list(self.workers):
            stopped = worker.wait(timeout_ms) and stopped
        return stopped
