"""The seams between the GUI thread, the workers and the library's writer (issue: one owner per
resource). Each test failed before the writer thread, latest-only results, the GUI-owned
conversation and the waiting quit were in place."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import Qt

from desktop.core.library.library import Library
from tests.core.helpers import abstract, write
from tests.fakes import GatedEmbedder, ScriptedChatModel
from tests.ui.helpers import DUMP, click_in_modal_dialog, import_by_drop, search


def many_papers(prefix: str, count: int) -> str:
    return "\n".join(f"{prefix} paper {i}\n{abstract(f'{prefix} topic {i}')}" for i in range(count)) + "\n"


def gate_the_embedder(window) -> GatedEmbedder:  # type: ignore[no-untyped-def]
    gated = GatedEmbedder()
    window.session.embedder = gated
    return gated


def select_dump(window, name: str) -> None:  # type: ignore[no-untyped-def]
    root = window.library_panel.sources_root
    item = next(root.child(i) for i in range(root.childCount()) if root.child(i).text(0) == name)
    window.library_panel.tree.setCurrentItem(item)


def test_removing_a_dump_during_an_import_leaves_the_window_responsive(qtbot, make_window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    import_by_drop(qtbot, window, [write(tmp_path / "papers.txt", DUMP)])
    gated = gate_the_embedder(window)
    window.import_paths([str(write(tmp_path / "big.txt", many_papers("big", 20)))])
    assert gated.entered.wait(10), "the import never started embedding"
    select_dump(window, "papers.txt")
    click_in_modal_dialog(qtbot, "Remove")
    qtbot.mouseClick(window.library_panel.remove_button, Qt.MouseButton.LeftButton)
    # the removal completes while the import is still embedding: the GUI thread was never blocked
    qtbot.waitUntil(lambda: "papers.txt" not in window.session.library.stats().sources, timeout=10000)
    assert not gated.gate.is_set() and window.pool.busy("import")
    with qtbot.waitSignal(window.import_done, timeout=30000):
        gated.gate.set()
    window.importer.report_dialog.accept()
    assert window.session.library.stats().sources == {"big.txt": 20}
    assert window.session.library.vectors.count() == 20


def test_the_results_pane_shows_the_newest_request(qtbot, make_window, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    import_by_drop(qtbot, window, [write(tmp_path / "papers.txt", DUMP)])
    search(qtbot, window, "grasping")
    paper = window.results.hits[0].paper
    gate = threading.Event()
    original_search, original_similar = window.session.search, window.session.similar

    def slow_search(*args, **kwargs):  # type: ignore[no-untyped-def]
        gate.wait(20)
        return original_search(*args, **kwargs)

    # a slow search, then "More like this": the late search result must not replace it
    monkeypatch.setattr(window.session, "search", slow_search)
    window.search_bar.query.setText("weak supervisors")
    window.search_bar.timer.stop()  # this test starts the search itself, once
    window.run_search()
    window.reader.similar_button.click()
    qtbot.waitUntil(lambda: window.results.summary.text().startswith("Papers like"), timeout=10000)
    gate.set()
    qtbot.waitUntil(lambda: not window.pool.workers, timeout=10000)
    qtbot.wait(50)
    assert window.results.summary.text().startswith("Papers like")

    # and the reverse: a slow "More like this", then a search
    gate.clear()
    monkeypatch.setattr(window.session, "search", original_search)

    def slow_similar(*args, **kwargs):  # type: ignore[no-untyped-def]
        gate.wait(20)
        return original_similar(*args, **kwargs)

    monkeypatch.setattr(window.session, "similar", slow_similar)
    window.reader.show_paper(paper)
    window.reader.similar_button.click()
    search(qtbot, window, "grasping")
    assert " for “grasping”" in window.results.summary.text()
    gate.set()
    qtbot.waitUntil(lambda: not window.pool.workers, timeout=10000)
    qtbot.wait(50)
    assert " for “grasping”" in window.results.summary.text()


def test_new_chat_during_an_answer_forgets_it(qtbot, make_window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    reply = " ".join(f"word{i}" for i in range(80)) + " [1]."
    window = make_window(reply=reply, delay_s=0.02)
    import_by_drop(qtbot, window, [write(tmp_path / "papers.txt", DUMP)])
    chat = window.chat
    qtbot.keyClicks(chat.input, "How do weak supervisors train strong models?")
    with qtbot.waitSignal(window.answer_done, timeout=20000):
        chat.send_button.click()
        qtbot.waitUntil(lambda: chat.busy and len(chat.entries[-1].text) > 20, timeout=5000)
        qtbot.mouseClick(chat.new_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.pool.busy("answer"), timeout=10000)
    assert chat.entries == [] and chat.conversation.turns == []
    assert "Ask a question" in chat.transcript.toPlainText()
    assert chat.send_button.isEnabled() or not chat.question()


def test_quitting_waits_for_a_job_that_is_writing(qtbot, make_window, tmp_path: Path, isolated_dirs: Path) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    gated = gate_the_embedder(window)
    window.import_paths([str(write(tmp_path / "big.txt", many_papers("big", 12)))])
    assert gated.entered.wait(10)
    window.close()
    # the job is still embedding: the window stays, the library stays open
    assert window.isVisible() and "Finishing" in window.loading_label.text()
    assert window.session.library.count() == 0
    with qtbot.waitSignal(window.closed, timeout=30000):
        gated.gate.set()
    assert not window.isVisible()
    reopened = Library(isolated_dirs / "library")
    try:
        assert reopened.count() == reopened.vectors.count() == 12
    finally:
        reopened.close()


def test_follow_up_questions_build_on_the_conversation(qtbot, make_window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    model = ScriptedChatModel(["Weak supervisors train strong models [1].", "They elicit strong capabilities [1]."])
    window = make_window(model=model)
    import_by_drop(qtbot, window, [write(tmp_path / "papers.txt", DUMP)])
    chat = window.chat
    for question in ("How do weak supervisors train strong models?", "And what do they elicit?"):
        qtbot.keyClicks(chat.input, question)
        with qtbot.waitSignal(window.answer_done, timeout=20000):
            chat.send_button.click()
    assert [turn[0] for turn in chat.conversation.turns] == [
        "How do weak supervisors train strong models?",
        "And what do they elicit?",
    ]
    second_prompt = model.prompts[-1]
    assert [m["role"] for m in second_prompt] == ["system", "user", "assistant", "user"]
    assert "Weak supervisors train strong models" in second_prompt[2]["content"]
    assert "They elicit strong capabilities" in chat.transcript.toPlainText()
