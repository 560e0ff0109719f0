"""In the window: a dropped PDF becomes a paper whose reader shows its path and *Open PDF* (the
system viewer); File → Import from Zotero… imports the library Zotero uses here."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl

from desktop.ui import reader_view
from tests.core import pdf_layouts
from tests.core.helpers import write
from tests.core.test_zotero import sample_library
from tests.ui.helpers import DUMP, import_by_drop, search


def test_a_dropped_pdf_opens_in_the_system_viewer(  # type: ignore[no-untyped-def]
    qtbot, make_window, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[QUrl] = []
    monkeypatch.setattr(reader_view.QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    window = make_window()
    pdf, expected = pdf_layouts.acm_two_column(tmp_path)
    report = import_by_drop(qtbot, window, [pdf, write(tmp_path / "papers.txt", DUMP)])
    assert report.new == 3 and not report.failed
    search(qtbot, window, "grasping unknown objects touch")
    paper = next(hit.paper for hit in window.results.hits if hit.paper.title == expected.title)
    window.open_paper(paper)
    assert f"PDF: {pdf.resolve()}" in window.reader.plain_text()
    button = window.reader.pdf_button
    assert button.isVisible() and button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert [url.toLocalFile() for url in opened] == [str(pdf.resolve())]
    other = next(hit.paper for hit in window.session.search("grasping", "keyword") if not hit.paper.pdf_path)
    window.open_paper(other)
    assert not button.isVisible() and "PDF:" not in window.reader.plain_text()


def test_file_import_from_zotero(qtbot, make_window, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    zotero, _ = sample_library(tmp_path / "home" / "Zotero")
    zotero.close()
    window = make_window()
    with qtbot.waitSignal(window.import_done, timeout=30000) as blocker:
        window.zotero_action.trigger()
    window.importer.report_dialog.accept()
    assert blocker.args[0].new == 3 and "Zotero" in window.session.library.stats().sources
    search(qtbot, window, "tactile grasping")
    grasping = next(hit.paper for hit in window.results.hits if hit.paper.title == "Grasping from Touch")
    window.open_paper(grasping)
    assert "collection/Search" in grasping.tags and window.reader.pdf_button.isEnabled()
