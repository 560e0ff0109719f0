"""Exports from other tools in the app: the import report says how a file was read, authors are
shown and searchable, and watched folders import by themselves."""

from __future__ import annotations

import os
import time
from pathlib import Path

from PySide6.QtCore import QUrl

from desktop.ui.settings_dialog import SettingsDialog
from tests.core.helpers import abstract, write
from tests.ui.helpers import import_by_drop

CHINESE_CSV = (
    "标题,简明摘要,作者\n"
    f'"基于触觉先验的\n机器人抓取","{abstract("触觉先验 robot grasping")}",张伟; 李娜\n'
    f'面向长文本的检索增强生成,"{abstract("retrieval augmented generation")}",王芳\n'
)
RIS = """TY  - JOUR
TI  - Tactile Priors for Dexterous Grasping
AU  - Núñez, María
AU  - Balázs, Csaba
PY  - 2023
DO  - 10.1145/3377811.3380399
AB  - {abstract}
ER  -
""".format(abstract=abstract("dexterous grasping with tactile priors"))


def test_report_names_the_format_and_how_columns_were_mapped(qtbot, make_window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    with qtbot.waitSignal(window.import_done, timeout=30000):
        window.importer.start([str(write(tmp_path / "摘要.csv", CHINESE_CSV))])
    report_text = window.importer.report_dialog.browser.toPlainText()
    window.importer.report_dialog.accept()
    assert "CSV" in report_text and "title ← 标题" in report_text and "abstract ← 简明摘要" in report_text
    assert "2 records · 2 new" in report_text
    titles = {p.title for p in window.session.library.get_many(window.session.library.all_ids()).values()}
    assert "基于触觉先验的机器人抓取" in titles


def test_authors_are_shown_searchable_and_clickable(qtbot, make_window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    import_by_drop(qtbot, window, [write(tmp_path / "export.ris", RIS), write(tmp_path / "more.csv", CHINESE_CSV)])
    with qtbot.waitSignal(window.search_done, timeout=10000):  # an author's name finds the paper
        window.search_bar.query.setText("Núñez")  # (QTest cannot type non-ASCII keys)
    assert window.results.hits[0].paper.title == "Tactile Priors for Dexterous Grasping"
    reader = window.reader.plain_text()
    assert "Núñez, María; Balázs, Csaba" in reader and "2023" in reader and "doi:10.1145/3377811.3380399" in reader
    window.search_bar.query.clear()
    with qtbot.waitSignal(window.search_done, timeout=10000):
        window.reader.browser.anchorClicked.emit(QUrl("author:" + "王芳"))
    assert window.search_bar.author.text() == "王芳"
    assert [hit.paper.title for hit in window.results.hits] == ["面向长文本的检索增强生成"]
    assert "by 王芳" in window.results.summary.text()


def test_watched_folder_imports_at_start_and_when_a_dump_appears(qtbot, make_window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "watched"
    old = time.time() - 60
    os.utime(write(folder / "first.txt", "\n".join([abstract("graph search"), abstract("tidal energy")])), (old, old))
    window = make_window(watched_folders=[str(folder)])
    qtbot.waitUntil(lambda: window.session.library.count() == 2, timeout=30000)
    qtbot.waitUntil(lambda: window.importer.report_dialog is not None and window.importer.report_dialog.isVisible())
    assert not window.importer.report_dialog.isModal()  # a watched import does not take the window
    window.importer.report_dialog.close()

    os.utime(write(folder / "second.ris", RIS), (old, old))
    with qtbot.waitSignal(window.import_done, timeout=30000) as blocker:
        window.importer.check_watched()
    window.importer.report_dialog.close()
    assert blocker.args[0].new == 1 and window.session.library.count() == 3
    window.importer.check_watched()  # nothing changed: no import, no report
    qtbot.wait(300)
    assert window.importer.report_dialog is not None and not window.importer.report_dialog.isVisible()


def test_settings_dialog_edits_watched_folders(make_window, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    gone = str(tmp_path / "gone")
    window = make_window(watched_folders=[gone])
    qtbot.waitUntil(lambda: window.importer.report_dialog is not None)  # a missing folder is reported
    assert "watched folder not found" in window.importer.report_dialog.browser.toPlainText()
    window.importer.report_dialog.close()
    dialog = SettingsDialog(window.session.settings, window)
    qtbot.addWidget(dialog)
    assert dialog.watched_folders() == [gone]
    dialog.watched.addItem(str(tmp_path))
    dialog.watched.setCurrentRow(0)
    dialog._remove_watched()
    edited = dialog.edited()
    dialog.reject()
    assert edited.watched_folders == [str(tmp_path)]


def test_an_import_cut_short_is_offered_and_resumed(qtbot, make_window, isolated_dirs: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from desktop.core.ingest.pipeline import import_paths
    from desktop.core.library.library import Library
    from desktop.core.models.embedding import HashingEmbedder

    dump = write(tmp_path / "big.txt", "\n".join(abstract(f"topic {i}") for i in range(300)))
    library = Library(isolated_dirs / "library")
    job = import_paths(library, HashingEmbedder(), [dump], batch_size=50)
    next(job)
    next(job)
    job.close()  # the app was killed part-way
    stored = library.count()
    library.close()
    window = make_window()
    qtbot.waitUntil(window.resume_action.isEnabled)
    assert "big.txt did not finish" in window.statusBar().currentMessage()
    with qtbot.waitSignal(window.import_done, timeout=30000) as blocker:
        window.resume_action.trigger()
    window.importer.report_dialog.accept()
    assert blocker.args[0].new == 300 - stored and window.session.library.count() == 300
    assert not window.resume_action.isEnabled()
