"""Long work is a plain generator that yields progress (or tokens) and returns its result.

`drive` is the one loop that runs such a generator to its end: the CLI, the Qt workers, the
benchmark and the tests all use it."""

from __future__ import annotations

from collections.abc import Callable, Generator
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")


class JobCancelled(Exception):
    """Raised by `drive` when its `cancelled` check turned true at a yield (the job was closed)."""


def drive(
    job: Generator[Item, None, Result],
    on_item: Callable[[Item], object] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Result:
    """Runs job to its end, handing each yielded item to on_item, and returns what it returns.
    When cancelled() is true after an item, the job is closed and JobCancelled raised."""
    while True:
        try:
            item = next(job)
        except StopIteration as stop:
            return stop.value  # type: ignore[no-any-return]
        if on_item is not None:
            on_item(item)
        if cancelled is not None and cancelled():
            job.close()
            raise JobCancelled
