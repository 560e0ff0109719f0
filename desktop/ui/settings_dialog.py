"""Settings: the chat model and its parameters, the embedding model, the library, watched folders,
the theme."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
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
    QScrollArea,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.core.base import paths
from desktop.core.base.choices import Theme, values
from desktop.core.base.config import Settings, available_cores
from desktop.core.models.llm import gpu_offload_available, llama_build
from desktop.core.models.model_discovery import (
    FoundModel,
    discover_embedding_models,
    discover_models,
    model_label,
    total_ram_bytes,
)
from desktop.core.models.model_profiles import ModelProfile, default_profile, overrides, profile_for

DIALOG_WIDTH = 640


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

    def __init__(
        self, settings: Settings, parent: QWidget | None = None, models: list[FoundModel] | None = None
    ) -> None:
        """models: the chat models already found (the window looks for them in the background);
        without them the dialog looks itself."""
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self.original = settings
        layout = QVBoxLayout(self)
        self.tabs = QTabWidget()
        self.forms: list[QFormLayout] = []
        layout.addWidget(self.tabs, 1)
        form = self._tab("Chat model")

        self.model_choice = QComboBox()
        self.model_choice.addItem("Bundled SmolLM2-135M-Instruct (Q4_1): the default", "")
        ram = total_ram_bytes()
        found = models if models else discover_models(extra=settings.model_folders)
        self.found = {model.path: model for model in found}
        self.profiles = {path: dict(values) for path, values in settings.model_profiles.items()}
        for model in self.found.values():
            if model.origin == "bundled" and model.path == str(paths.default_llm_file()):
                continue
            self.model_choice.addItem(model_label(model, settings.n_ctx, ram), model.path)
            index = self.model_choice.count() - 1
            self.model_choice.setItemData(index, "\n".join([model.path, *model.warnings]), Qt.ItemDataRole.ToolTipRole)
        self.model_choice.setToolTip(
            "The GGUF chat models found on this machine (models/, LM Studio, Ollama, GPT4All, the Hugging Face "
            "cache, your folders), with size, quantization and memory at this context size."
        )
        # a long model label neither widens the dialog past the screen nor takes its list off it
        self.model_choice.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.model_choice.setMinimumContentsLength(36)
        self.model_choice.view().setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.model_path = QLineEdit(settings.llm_path)
        self.model_path.setPlaceholderText("or a path to any .gguf file")
        self.model_path.setToolTip("A GGUF file; leave empty to use the choice above")
        index = self.model_choice.findData(settings.llm_path)
        self.model_choice.setCurrentIndex(max(0, index))
        if index >= 0:
            self.model_path.clear()
        form.addRow("Chat model", self.model_choice)
        form.addRow("", _with_browse(self.model_path, self._browse_model, "Choose a .gguf file"))
        self.build = QLabel(llama_build())
        self.build.setObjectName("muted")
        self.build.setToolTip(
            "The llama.cpp that llama-cpp-python was built with. GPU layers need a CUDA, Metal or Vulkan build "
            "(see the README: GPU offload)."
        )
        form.addRow("llama.cpp build", self.build)

        self.gpu_layers = self._spin(
            -1, 999, settings.n_gpu_layers, "This model's layers offloaded to the GPU: 0 = CPU only, -1 = all"
        )
        self.context = self._spin(512, 131072, settings.n_ctx, "This model's context window in tokens")
        self.threads = self._spin(
            0, 256, settings.n_threads, f"CPU threads for this model; 0 = all {available_cores()} available cores"
        )
        self.template = QComboBox()
        self.template.addItem("The model's own (ChatML if it has none)", "")
        self.template.addItem("ChatML", "chatml")
        self.template.setToolTip("How chat messages are written for this model")
        self.answer_style = QComboBox()
        for value, label in (
            ("", "By model size"),
            ("close", "Close to the evidence"),
            ("free", "Free, from whole abstracts"),
            ("quote", "Quote the evidence"),
        ):
            self.answer_style.addItem(label, value)
        self.answer_style.setToolTip("How this model writes answers: small models stay close to the evidence sentences")
        self.stops = QLineEdit()
        self.stops.setPlaceholderText("extra stop strings, separated by |")
        self.stops.setToolTip("Text that ends this model's answers, besides its template's own stops")
        self._profile_path = ""
        self._show_profile()
        self.model_choice.currentIndexChanged.connect(self._model_changed)
        self.model_path.editingFinished.connect(self._show_profile)
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
        form.addRow("Chat template", self.template)
        form.addRow("Answer style", self.answer_style)
        form.addRow("Stop strings", self.stops)
        form.addRow("Max answer tokens", self.max_tokens)
        form.addRow("Temperature", self.temperature)
        form.addRow("Papers per answer", self.top_k)
        self.model_folders = QLineEdit("; ".join(settings.model_folders))
        self.model_folders.setPlaceholderText("more folders with GGUF models, separated by ;")
        self.model_folders.setToolTip("Folders searched for GGUF chat models besides the usual places")
        form.addRow("Model folders", self.model_folders)

        form = self._tab("Search and library")
        self.embedding_dir = QLineEdit(settings.embedding_dir)
        self.embedding_dir.setPlaceholderText("bundled all-MiniLM-L6-v2")
        self.embedding_dir.setToolTip(
            "A sentence-transformers model folder (e.g. a multilingual model); a library keeps the model it was built with"
        )
        self.embedding_choice = QComboBox()
        self.embedding_choice.addItem("Choose a found model…", "")
        for name, folder in discover_embedding_models():
            self.embedding_choice.addItem(name, str(folder))
        self.embedding_choice.setToolTip(
            "sentence-transformers models found in models/ and the Hugging Face cache. A library keeps the model "
            "it was built with: move it to another with `abstracta reembed --embedding-model DIR`"
        )
        self.embedding_choice.activated.connect(self._embedding_chosen)
        form.addRow("Embedding model", self.embedding_choice)
        form.addRow("", _with_browse(self.embedding_dir, self._browse_embedding, "Choose a model folder"))
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

        form = self._tab("Appearance")
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
        self._label_fields()

    def _tab(self, title: str) -> QFormLayout:
        """A page of the dialog: a form in a scroll area, so that a small screen scrolls it."""
        page = QWidget()
        column = QVBoxLayout(page)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        column.addLayout(form)
        column.addStretch(1)  # the rows keep their height; the room left is below them
        self.forms.append(form)
        scroll = QScrollArea()
        scroll.setWidget(page)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.tabs.addTab(scroll, title)
        return form

    def _label_fields(self) -> None:
        """Each field is named by its form label, for screen readers (and Alt+letter is not needed)."""
        for form in self.forms:
            for row in range(form.rowCount()):
                label = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
                field = form.itemAt(row, QFormLayout.ItemRole.FieldRole)
                name = label.widget() if label is not None else None
                text = name.text() if isinstance(name, QLabel) else ""
                widget = field.widget() if field is not None else None
                if text and widget is not None and not widget.accessibleName():
                    widget.setAccessibleName(text)

    def showEvent(self, event: QShowEvent) -> None:
        """Opens no taller than the screen it is on (768 px included) and centred on the window."""
        super().showEvent(event)
        parent = self.parentWidget()
        screen = (parent.screen() if parent is not None else None) or self.screen()
        room = screen.availableGeometry()
        content = max(form.sizeHint().height() for form in self.forms) + 24  # 24: the page's margins
        shown = self.tabs.currentWidget()
        chrome = self.sizeHint().height() - (shown.sizeHint().height() if shown is not None else 0)
        width = min(max(self.sizeHint().width(), DIALOG_WIDTH), room.width() - 40)
        self.resize(width, min(content + chrome + 8, room.height() - 80))  # 80: the title bar and a panel
        centre = parent.frameGeometry().center() if parent is not None else room.center()
        frame = self.frameGeometry()
        frame.moveCenter(centre)
        left = min(max(frame.left(), room.left()), room.right() - frame.width())
        top = min(max(frame.top(), room.top()), room.bottom() - frame.height())
        self.move(left, top)

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

    def _embedding_chosen(self, index: int) -> None:
        if index > 0:
            self.embedding_dir.setText(str(self.embedding_choice.itemData(index)))

    def _model_changed(self) -> None:
        self.model_path.clear()
        self._show_profile()

    def _chosen_path(self) -> str:
        return self.model_path.text().strip() or str(self.model_choice.currentData() or paths.default_llm_file() or "")

    def _show_profile(self) -> None:
        """The chosen model's profile in the fields (the one shown before is kept first)."""
        self._keep_profile()
        path = self._chosen_path()
        found = self.found.get(path)
        info = found.info if found else None
        profile = profile_for(replace(self.original, model_profiles=self.profiles), path, info, gpu_offload_available())
        self.gpu_layers.setValue(profile.n_gpu_layers)
        self.context.setValue(profile.n_ctx)
        self.threads.setValue(profile.n_threads)
        self.template.setCurrentIndex(max(0, self.template.findData(profile.chat_template)))
        self.answer_style.setCurrentIndex(max(0, self.answer_style.findData(profile.answer_style)))
        self.stops.setText(" | ".join(profile.stops))
        self._profile_path = path

    def _keep_profile(self) -> None:
        if not self._profile_path:
            return
        found = self.found.get(self._profile_path)
        default = default_profile(self.original, found.info if found else None, gpu_offload_available())
        shown = ModelProfile(
            n_ctx=self.context.value(),
            n_threads=self.threads.value(),
            n_gpu_layers=self.gpu_layers.value(),
            chat_template=str(self.template.currentData() or ""),
            stops=[stop.strip() for stop in self.stops.text().split("|") if stop.strip()],
            answer_style=str(self.answer_style.currentData() or ""),
        )
        changed = overrides(shown, default)
        if changed:
            self.profiles[self._profile_path] = changed
        else:
            self.profiles.pop(self._profile_path, None)

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
        self._keep_profile()
        return replace(
            self.original,
            llm_path=model,
            model_profiles=dict(self.profiles),
            max_tokens=self.max_tokens.value(),
            temperature=round(self.temperature.value(), 2),
            top_k_sources=self.top_k.value(),
            embedding_dir=self.embedding_dir.text().strip(),
            library_dir=self.library_dir.text().strip(),
            chroma_url=self.chroma_url.text().strip(),
            theme=self.theme.currentText(),
            watched_folders=self.watched_folders(),
            model_folders=[part.strip() for part in self.model_folders.text().split(";") if part.strip()],
        )
