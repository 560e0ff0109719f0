"""Screenshots of For you and of a screening session with its curve, from the real app in a real
window (run under Xvfb: DISPLAY=:97 python tools/screening_shots.py docs/). The library is made
from the shared real exports: the Hugging Face papers feed with a few marks, then the day's
Hugging Face papers imported (For you ranks them); Cohen's antihistamines review screened by
key presses that follow its label2 decisions."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REALWORLD = Path(__file__).resolve().parents[2] / "shared" / "realworld"
MARKS = {"thesis ch. 3": "reasoning with large language models", "agents": "web agents and tool use"}
CRITERIA = "Trials of second-generation antihistamines (cetirizine, loratadine, fexofenadine) for allergic rhinitis or urticaria"
DECISIONS = 60


def cli(*args: str) -> str:
    run = "import sys; from desktop.cli import main; sys.exit(main(sys.argv[1:]))"
    done = subprocess.run([sys.executable, "-c", run, *args], capture_output=True, text=True, check=True)
    return done.stdout


def prepare() -> None:
    """The user's library before today: the feed imported, two topics tagged, one paper to read."""
    import json

    cli("import", str(REALWORLD / "hf_papers_feed.json"), str(REALWORLD / "cohen_antihistamines.csv"))
    for tag, query in MARKS.items():
        hits = json.loads(cli("search", query, "-k", "3", "--source", "hf_papers_feed.json", "--json"))
        for hit in hits:
            cli("tag", hit["id"], tag)
    first = json.loads(cli("search", "video generation", "-k", "1", "--source", "hf_papers_feed.json", "--json"))
    cli("reading", first[0]["id"], "to-read")


def wait(app: object, done: Callable[[], bool], seconds: float = 300) -> None:
    from PySide6.QtTest import QTest

    deadline = time.monotonic() + seconds
    while not done():
        if time.monotonic() > deadline:
            raise TimeoutError("the app did not get there in time")
        QTest.qWait(50)


def shoot(target: Path) -> None:
    # sentence-transformers (torch) imported here first: imported on the embedder's thread while
    # llama.cpp loaded the chat model on another, the two deadlocked once in the import lock
    import sentence_transformers  # noqa: F401
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QAction
    from PySide6.QtTest import QTest

    from desktop.core.base.config import Settings
    from desktop.ui.app import make_application, open_window

    app = make_application()
    window = open_window(Settings.load(), "light")
    window.resize(1400, 860)
    window.show()
    wait(app, lambda: window.session.embedder_ready, 900)
    QTest.qWait(5000)  # the chat model loads meanwhile (it would share the cores with the first rankings)
    view = window.for_you
    ranked: list[bool] = []
    view.ranked.connect(lambda: ranked.append(True))
    window.import_paths([str(REALWORLD / "hf_daily_metadata.txt")])
    wait(app, lambda: window.importer.report_dialog is not None and window.importer.report_dialog.isVisible())
    dialog = window.importer.report_dialog
    assert dialog is not None
    dialog.accept()
    wait(app, lambda: bool(ranked) and view.list.count() > 0)
    view.list.setCurrentRow(0)
    QTest.qWait(800)
    window.grab().save(str(target / "for-you.png"))

    labels = {}
    with open(REALWORLD / "cohen_antihistamines.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            labels[row["pubmedID"]] = row["label2"] == "I"
    next(a for a in window.findChildren(QAction) if a.text() == "&Screen a review…").trigger()
    screen = view.screens[-1]
    screen.resize(1300, 780)
    screen.set_choice.setCurrentIndex(
        next(i for i in range(screen.set_choice.count()) if "cohen_antihistamines" in screen.set_choice.itemText(i))
    )
    QTest.keyClicks(screen.name, "antihistamines")
    QTest.keyClicks(screen.criteria, CRITERIA)
    shown: list[bool] = []
    screen.shown_record.connect(lambda: shown.append(True))
    QTest.mouseClick(screen.start_button, Qt.MouseButton.LeftButton)
    for count in range(DECISIONS):
        wait(app, lambda count=count: len(shown) > count and not screen.busy)  # type: ignore[misc]
        assert screen.current is not None
        paper = screen.current.paper
        QTest.keyClick(screen, Qt.Key.Key_I if labels.get(paper.pmid) else Qt.Key.Key_E)
    wait(app, lambda: len(shown) > DECISIONS and not screen.busy)
    QTest.qWait(800)
    screen.grab().save(str(target / "screening.png"))
    screen.close()
    window.close()
    wait(app, lambda: window.is_closed, 60)


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "docs").resolve()
    with tempfile.TemporaryDirectory() as folder:
        os.environ["ABSTRACTA_HOME"] = str(Path(folder) / "library")
        os.environ["ABSTRACTA_CONFIG_DIR"] = str(Path(folder) / "config")
        prepare()
        shoot(target)
