"""The model menu and picker: discovered models with their details, one-click switching in the
background, and a model that fails to load leaving the previous one in place."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from desktop.core.base.config import Settings
from desktop.core.base.errors import ModelError
from tests.core.helpers import tiny_gguf
from tests.fakes import FakeChatModel


@pytest.fixture
def models_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    monkeypatch.setenv("HOME", str(home))
    for name in ("HF_HOME", "HF_HUB_CACHE"):
        monkeypatch.delenv(name, raising=False)
    tiny_gguf(home / ".lmstudio" / "models" / "org" / "repo" / "tiny-instruct.gguf", "Tiny Instruct")
    tiny_gguf(home / ".cache" / "huggingface" / "hub" / "models--org--base" / "tiny-base.gguf", "Tiny", template=False)
    (home / ".lmstudio" / "models" / "org" / "repo" / "corrupt-instruct.gguf").write_bytes(b"GGUF" + bytes(8))
    return home


def factory(settings: Settings) -> FakeChatModel:
    if "corrupt" in settings.llm_path:
        raise ModelError(f"The model {Path(settings.llm_path).name} could not be loaded; the file may be corrupt.")
    model = FakeChatModel()
    model.name = Path(settings.llm_path).stem or "bundled"  # type: ignore[misc]
    return model


def test_the_model_menu_lists_discovered_models_and_switches(qtbot, make_window, models_home: Path) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    window.session.model_factory = factory
    qtbot.waitUntil(lambda: len(window.chats.models) >= 3, timeout=20000)
    window.chats.fill_model_menu()
    labels = {action.text(): action for action in window.chat.model_menu.actions() if action.text()}
    tiny = next(label for label in labels if label.startswith("tiny-instruct — "))
    assert "[LM Studio]" in tiny and "MB" in tiny and "base model" not in tiny
    assert any(label.startswith("tiny-base — ") and label.endswith("base model") for label in labels)
    assert not next(action for label, action in labels.items() if label.startswith("corrupt-instruct")).isEnabled()

    with qtbot.waitSignal(window.model_ready, timeout=20000):
        labels[tiny].trigger()
    assert window.session.settings.llm_path.endswith("tiny-instruct.gguf")
    assert window.session.model.name == "tiny-instruct" and "tiny-instruct ready" in window.chat.status.text()
    assert window.search_bar.isEnabled()

    # a model that cannot be loaded: its reason is shown and the previous model stays
    corrupt = str(models_home / ".lmstudio" / "models" / "org" / "repo" / "corrupt-instruct.gguf")
    with qtbot.waitSignal(window.chats.model_failed, timeout=20000):
        window.chats.model_chosen.emit(corrupt)
    assert window.session.model.name == "tiny-instruct" and window.chat.model_ready
    assert "could not be loaded" in window.statusBar().currentMessage() + window.chat.status.text()


def test_settings_lists_the_models_found(make_window, qtbot, models_home: Path) -> None:  # type: ignore[no-untyped-def]
    from desktop.ui.settings_dialog import SettingsDialog

    window = make_window()
    dialog = SettingsDialog(window.session.settings, window)
    qtbot.addWidget(dialog)
    items = [dialog.model_choice.itemText(i) for i in range(dialog.model_choice.count())]
    assert items[0].startswith("Bundled SmolLM2") and any(item.startswith("tiny-instruct — ") for item in items)
    dialog.model_choice.setCurrentIndex(next(i for i, text in enumerate(items) if text.startswith("tiny-base")))
    assert dialog.edited().llm_path.endswith("tiny-base.gguf")
    dialog.reject()
    QApplication.processEvents()


def test_settings_edit_the_chosen_models_profile(make_window, qtbot, models_home: Path) -> None:  # type: ignore[no-untyped-def]
    from desktop.ui.settings_dialog import SettingsDialog

    window = make_window()
    dialog = SettingsDialog(window.session.settings, window)
    qtbot.addWidget(dialog)
    items = [dialog.model_choice.itemText(i) for i in range(dialog.model_choice.count())]
    tiny = next(i for i, text in enumerate(items) if text.startswith("tiny-instruct"))
    dialog.model_choice.setCurrentIndex(tiny)
    assert dialog.context.value() == 2048  # the model's own context, below the 4096 setting
    dialog.context.setValue(1024)
    dialog.answer_style.setCurrentIndex(dialog.answer_style.findData("close"))
    dialog.stops.setText("### | END")
    dialog.model_choice.setCurrentIndex(0)  # another model: its own profile shows, the edits are kept
    assert dialog.context.value() == 4096 and dialog.answer_style.currentData() == ""
    edited = dialog.edited()
    dialog.reject()
    path = dialog.model_choice.itemData(tiny)
    assert edited.model_profiles == {path: {"n_ctx": 1024, "stops": ["###", "END"], "answer_style": "close"}}
    assert edited.llm_path == ""
