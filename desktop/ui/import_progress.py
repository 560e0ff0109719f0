"""The import's progress in the status bar: a bar by bytes read, papers so far over all files, the
file being read, and a time left that moves every second."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QProgressBar, QPushButton, QSizePolicy, QWidget

from desktop.core.ingest.pipeline import Progress
from desktop.ui.qt_helpers import ElidedLabel

TICK_MS = 1000
LABEL_WIDTH = 520


class TimeLeft:
    """Seconds left from the recent rate of bytes read (smoothed, so one slow batch does not make
    it jump), counting down between the import's reports."""

    SMOOTHING = 0.35  # the weight of the newest rate

    def __init__(self) -> None:
        self.rate: float | None = None  # bytes per second
        self.last: tuple[float, int] | None = None  # (time, bytes done) of the last report
        self.bytes_left = 0

    def update(self, now: float, done: int, total: int) -> None:
        if self.last is not None and done > self.last[1] and now > self.last[0]:
            rate = (done - self.last[1]) / (now - self.last[0])
            self.rate = rate if self.rate is None else self.rate + self.SMOOTHING * (rate - self.rate)
        if self.last is None or done > self.last[1]:
            self.last = (now, done)
        self.bytes_left = max(0, total - done)

    def seconds(self, now: float) -> float | None:
        """None until a rate is known (after the first batch is stored)."""
        if not self.rate or self.last is None:
            return None
        return max(0.0, self.bytes_left / self.rate - (now - self.last[0]))


def format_seconds(seconds: float | None) -> str:
    if seconds is None:
        return ""
    if seconds < 60:
        return f"{max(1, round(seconds))} s"
    return f"{seconds / 60:.0f} min"


def progress_text(progress: Progress, seconds_left: float | None) -> str:
    """'Importing 3 files · 1,234 papers so far · about 12 s left · 40 papers/s · now b.json (2 of 3)':
    what matters first, so that a narrow status bar cuts the file name, not the time left."""
    what = f"{progress.file_count} files" if progress.file_count > 1 else progress.file
    parts = [f"Importing {what}", f"{progress.papers_seen:,} paper{'s' if progress.papers_seen != 1 else ''} so far"]
    if seconds_left is not None:
        parts.append(f"about {format_seconds(seconds_left)} left")
    if progress.papers_per_s >= 1:
        parts.append(f"{progress.papers_per_s:.0f} papers/s")
    if progress.file_count > 1:
        parts.append(f"now {progress.file} ({progress.file_number} of {progress.file_count})")
    return " · ".join(parts)


class ImportProgress(QWidget):
    """A progress bar with the text above it and Cancel: lives in the status bar."""

    cancel_requested = Signal()

    def __init__(self, parent: QWidget | None = None, clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(parent)
        self.clock = clock
        self.time_left = TimeLeft()
        self.last: Progress | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.label = ElidedLabel("")
        self.label.setMinimumWidth(LABEL_WIDTH)
        self.bar = QProgressBar()
        self.bar.setRange(0, 1000)
        self.bar.setFixedWidth(180)
        self.bar.setToolTip("Import progress, by the bytes of the files read")
        self.bar.setAccessibleName("Import progress")
        self.cancel = QPushButton("Cancel")
        self.cancel.setToolTip("Stop the import after the current batch; what is imported stays")
        self.cancel.setAccessibleName("Cancel the import")
        self.cancel.clicked.connect(self.cancel_requested.emit)
        self.cancel.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        layout.addWidget(self.label, 1)  # the text takes the room; the bar and Cancel keep their size
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel)
        self.ticker = QTimer(self)
        self.ticker.setInterval(TICK_MS)
        self.ticker.timeout.connect(self._show)
        self.hide()

    def start(self, waiting_for: str = "") -> None:
        """waiting_for: what the import waits for before its first paper (the embedding model)."""
        self.bar.setValue(0)
        self.cancel.setEnabled(True)
        self.time_left = TimeLeft()
        self.last = None
        self.label.setText(f"Importing… (waiting for {waiting_for})" if waiting_for else "Importing…")
        self.ticker.start()
        self.show()

    def update_progress(self, progress: Progress) -> None:
        self.last = progress
        self.time_left.update(self.clock(), progress.done_bytes, progress.total_bytes)
        self.bar.setValue(int(progress.fraction * 1000))
        self._show()

    def _show(self) -> None:
        if self.last is not None:
            self.label.setText(progress_text(self.last, self.time_left.seconds(self.clock())))

    def hideEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        self.ticker.stop()
        super().hideEvent(event)
