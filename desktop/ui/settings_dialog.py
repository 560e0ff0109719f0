"""Settings: the chat model and its parameters, the embedding model, the library, watched folders,
the theme."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.core import paths
from desktop.core.choices import Theme, values
from desktop.core.config import Settings, available_cores


def _with_browse(edit: QLineEdit, on_browse: object, tip: str) -> QWidget:
    box = QWidget()
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    row.addWidget(edit, 1)
    button = QPushButton("Browse…")
    button.setToolTip(tip)
    button.clicked.connect(on_browse)  # type: ignore[arg-type]
    row.addWidget(button)
    return box


class SettingsDialog(QDialog):
    """Edits a copy of the settings; result() is the edited copy when accepted."""

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self.original = settings
        layout = QVBoxLayout(self)
        form = QFormLayout()
        layout.addLayout(form)

        self.model_choice = QComboBox()
        self.model_choice.setToolTip(
            "The GGUF chat model: the bundled SmolLM2, a file in models/, or one you browse to"
        )
        self.model_choice.addItem("Bundled SmolLM2-135M-Instruct (Q4_1)", "")
        for file in paths.user_gguf_files():
            self.model_choice.addItem(f"models/{file.name}", str(file))
        self.model_path = QLineEdit(settings.llm_path)
        self.model_path.setPlaceholderText("or a path to any .gguf file")
        self.model_path.setToolTip("A GGUF file; leave empty to use the choice above")
        index = self.model_choice.findData(settings.llm_path)
        self.model_choice.setCurrentIndex(max(0, index))
        if index >= 0:
            self.model_path.clear()
        self.model_choice.currentIndexChanged.connect(lambda _: self.model_path.clear())
        form.addRow("Chat model", self.model_choice)
        form.addRow("", _with_browse(self.model_path, self._browse_model, "Choose a .gguf file"))

        self.gpu_layers = self._spin(
            -1, 999, settings.n_gpu_layers, "Layers offloaded to the GPU: 0 = CPU only, -1 = all"
        )
        self.context = self._spin(512, 131072, settings.n_ctx, "Context window in tokens (prompt + answer)")
        self.threads = self._spin(
            0, 256, settings.n_threads, f"CPU threads; 0 = all {available_cores()} available cores"
        )
        self.max_tokens = self._spin(16, 8192, settings.max_tokens, "Longest answer, in tokens")
        self.temperature = QDoubleSpinBox()
        self.temperature.setRange(0.0, 2.0)
        self.temperature.setSingleStep(0.1)
        self.temperature.setValue(settings.temperature)
        self.temperature.setToolTip("Randomness of answers: 0 is most focused")
        self.top_k = self._spin(1, 20, settings.top_k_sources, "Papers retrieved for each question")
        form.addRow("GPU layers", self.gpu_layers)
        form.addRow("Context size", self.context)
        form.addRow("Threads", self.threads)
        form.addRow("Max answer tokens", self.max_tokens)
        form.addRow("Temperature", self.temperature)
        form.addRow("Papers per answer", self.top_k)

        self.embedding_dir = QLineEdit(settings.embedding_dir)
        self.embedding_dir.setPlaceholderText("bundled all-MiniLM-L6-v2")
        self.embedding_dir.setToolTip(
            "A sentence-transformers model folder (e.g. a multilingual model); a library keeps the model it was built with"
        )
        form.addRow(
            "Embedding model", _with_browse(self.embedding_dir, self._browse_embedding, "Choose a model folder")
        )
        self.library_dir = QLineEdit(settings.library_dir)
        self.library_dir.setPlaceholderText(str(paths.library_dir()))
        self.library_dir.setToolTip("Where the library is stored; takes effect after a restart")
        form.addRow("Library folder", _with_browse(self.library_dir, self._browse_library, "Choose a folder"))
        self.chroma_url = QLineEdit(settings.chroma_url)
        self.chroma_url.setPlaceholderText("empty: embedded store; or http://host:8000")
        self.chroma_url.setToolTip(
            "A Chroma server for libraries that outgrow one machine; takes effect after a restart"
        )
        form.addRow("Chroma server URL", self.chroma_url)
        form.addRow("Watched folders", self._watched_folders(settings.watched_folders))
        self.theme = QComboBox()
        self.theme.addItems(values(Theme))
        self.theme.setCurrentText(settings.theme)
        self.theme.setToolTip("Colour theme")
        form.addRow("Theme", self.theme)
        note = QLabel("Library, Chroma and embedding changes apply after a restart.")
        note.setObjectName("muted")
        layout.addWidget(note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _watched_folders(self, folders: list[str]) -> QWidget:
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        self.watched = QListWidget()
        self.watched.addItems(folders)
        self.watched.setMaximumHeight(80)
        self.watched.setToolTip(
            "Dumps that appear or change in these folders import by themselves, at start and while the app "
            "runs. Removing a file there keeps its papers; remove them by source in the library panel."
        )
        column.addWidget(self.watched)
        row = QHBoxLayout()
        add, remove = QPushButton("Add folder…"), QPushButton("Remove")
        add.setToolTip("Watch a folder for new dumps")
        remove.setToolTip("Stop watching the selected folder (its papers stay)")
        add.clicked.connect(self._add_watched)
        remove.clicked.connect(self._remove_watched)
        row.addWidget(add)
        row.addWidget(remove)
        row.addStretch(1)
        column.addLayout(row)
        return box

    def _add_watched(self) -> None:
        path = QFileDialog.getExistingDirectory(self, "Watch a folder for new dumps")
        if path and not self.watched.findItems(path, Qt.MatchFlag.MatchExactly):
            self.watched.addItem(path)

    def _remove_watched(self) -> None:
        for item in self.watched.selectedItems():
            self.watched.takeItem(self.watched.row(item))

    def watched_folders(self) -> list[str]:
        return [self.watched.item(row).text() for row in range(self.watched.count())]

    def _spin(self, low: int, high: int, value: int, tip: str) -> QSpinBox:
        spin = QSpinBox()
        spin.setRange(low, high)
        spin.setValue(value)
        spin.setToolTip(tip)
        return spin

    def _browse_model(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Choose a GGUF model", str(paths.models_dir()), "GGUF models (*.gguf)"
        )
        if path:
            self.model_path.setText(path)

    def _browse_embedding(self) -> None:
        path = QFileDialog.getExistingDirectory(self, "Choose a sentence-transformers folder", str(paths.models_dir()))
        if path:
            self.embedding_dir.setText(path)

    def _browse_library(self) -> None:
        path = QFileDialog.getExistingDirectory(self, "Choose the library folder")
        if path:
            self.library_dir.setText(path)

    def edited(self) -> Settings:
        model = self.model_path.text().strip() or str(self.model_choice.currentData() or "")
        return replace(
            self.original,
            llm_path=model,
            n_gpu_layers=self.gpu_layers.value(),
            n_ctx=self.context.value(),
            n_threads=self.threads.value(),
            max_tokens=self.max_tokens.value(),
            temperature=round(self.temperature.value(), 2),
            top_k_sources=self.top_k.value(),
            embedding_dir=self.embedding_dir.text().strip(),
            library_dir=self.library_dir.text().strip(),
            chroma_url=self.chroma_url.text().strip(),
            theme=self.theme.currentText(),
            watched_folders=self.watched_folders(),
        )
