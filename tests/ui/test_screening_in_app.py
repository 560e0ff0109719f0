"""For you and screening in the window, by real key presses and clicks: the page ranks an import by
the user's marks, Not interested takes a paper out and teaches the ranking; a review screened with
I, E, M and U keeps its decisions as tags, draws its curve and exports them."""

from __future__ import annotations

from pathlib import Path

import rispy
from PySide6.QtCore import Qt

from desktop.core.screening.marks import NOT_INTERESTED, Decision
from desktop.ui.screening_view import ScreeningWindow
from tests.core.helpers import abstract
from tests.ui.helpers import import_by_drop

TOPICS = ["robot grasping with tactile sensors", "protein folding with deep networks"]


def _dump(tmp_path: Path, name: str, per_topic: int) -> Path:
    lines = []
    for topic in TOPICS:
        for n in range(per_topic):
            lines += [f"{topic.title()} {name} {n}", abstract(topic, f"Variant {n} of {name}.")]
    path = tmp_path / f"{name}.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def test_for_you_ranks_a_new_import_by_the_marks_and_learns_from_not_interested(qtbot, make_window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    view = window.for_you
    with qtbot.waitSignal(view.ranked, timeout=30000):  # the first dump is ranked too (cold: no marks yet)
        import_by_drop(qtbot, window, [_dump(tmp_path, "older", 3)])
    assert "Star, tag" in view.note.text()
    library = window.session.library
    robots = [p for p in library.get_many(library.all_ids()).values() if "Robot" in p.title]
    for paper in robots[:2]:
        library.set_starred(paper.id, True)  # the user's marks (as the Star button would, on the writer)
    with qtbot.waitSignal(view.ranked, timeout=30000):
        import_by_drop(qtbot, window, [_dump(tmp_path, "today", 4)])  # For you ranks what came in
    assert window.stack.currentWidget() is view
    assert "today.txt" in view.scope.currentText()
    titles = [view.list.item(i).data(Qt.ItemDataRole.UserRole).title for i in range(view.list.count())]
    assert len(titles) == 8 and all("Robot" in t for t in titles[:4]), titles
    first_card = view.list.itemWidget(view.list.item(0))
    assert "like “Robot" in first_card.findChildren(type(view.note))[1].text()  # why: the starred paper it is near
    bottom = view.list.item(view.list.count() - 1).data(Qt.ItemDataRole.UserRole)
    bottom_card = view.list.itemWidget(view.list.item(view.list.count() - 1))
    with qtbot.waitSignal(view.ranked, timeout=30000):
        qtbot.mouseClick(bottom_card.button, Qt.MouseButton.LeftButton)
    assert view.list.count() == 7
    assert NOT_INTERESTED in library.get(bottom.id).tags
    assert bottom.id not in [view.list.item(i).data(Qt.ItemDataRole.UserRole).id for i in range(view.list.count())]
    top = view.list.item(0)  # clicking a paper opens it in the reader
    qtbot.mouseClick(view.list.viewport(), Qt.MouseButton.LeftButton, pos=view.list.visualItemRect(top).center())
    wanted = top.data(Qt.ItemDataRole.UserRole).id
    qtbot.waitUntil(lambda: window.reader.paper is not None and window.reader.paper.id == wanted, timeout=5000)


def test_a_review_screened_by_keys_keeps_its_decisions_and_exports_them(qtbot, make_window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    import_by_drop(qtbot, window, [_dump(tmp_path, "set", 5)])
    view_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&View")
    screen_action = next(a for a in view_menu.actions() if a.text() == "&Screen a review…")
    assert screen_action.shortcut().toString() == "Ctrl+Shift+R"
    screen_action.trigger()
    screens = window.for_you.screens
    assert len(screens) == 1
    screen: ScreeningWindow = screens[-1]
    qtbot.addWidget(screen)
    screen.set_choice.setCurrentIndex(screen.set_choice.findText("The dump set.txt (10)"))
    qtbot.keyClicks(screen.name, "grasping review")
    qtbot.keyClicks(screen.criteria, "robots grasping objects by touch")
    with qtbot.waitSignal(screen.shown_record, timeout=30000):
        qtbot.mouseClick(screen.start_button, Qt.MouseButton.LeftButton)
    assert "criteria" in screen.reason.text()
    decided = []
    for key in (Qt.Key.Key_I, Qt.Key.Key_E, Qt.Key.Key_M, Qt.Key.Key_I):
        decided.append(screen.current.paper.id)  # type: ignore[union-attr]
        with qtbot.waitSignal(screen.shown_record, timeout=30000):
            qtbot.keyClick(screen, key)
    assert screen.chart.points == [1, 1, 1, 2]
    assert "4 of 10 screened · 2 included · 1 excluded · 1 maybe" in screen.counts.text()
    with qtbot.waitSignal(screen.shown_record, timeout=30000):
        qtbot.keyClick(screen, Qt.Key.Key_U)
    assert screen.chart.points == [1, 1, 1] and screen.current.paper.id == decided[-1]  # type: ignore[union-attr]
    tags = window.session.library.get(decided[0]).tags
    assert tags == ["screen:grasping review:included"]
    assert window.session.library.get(decided[2]).tags == ["screen:grasping review:maybe"]
    count = screen.export_to(tmp_path / "included.ris", Decision.INCLUDED)
    assert count == 1 and [r["label"] for r in rispy.loads((tmp_path / "included.ris").read_text())] == ["included"]
    screen.close()
