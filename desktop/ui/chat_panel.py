"""The chat panel: streamed Markdown answers with clickable citations, sources to untick, stop."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QKeyEvent, QTextCursor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core.answering.answer import Answer, AnswerPiece, Conversation, EvidenceFound
from desktop.core.library.records import Paper
from desktop.core.search.hybrid import Hit
from desktop.ui.qt_helpers import ElidedLabel, single_shot_timer
from desktop.ui.transcript import ChatEntry, entry_anchor


class ChatPanel(QWidget):
    send_requested = Signal(str, list)
    stop_requested = Signal()
    preview_requested = Signal(str)
    paper_opened = Signal(object)
    search_requested = Signal(str)  # "…and N more": the list's search
    export_requested = Signal()
    new_chat_requested = Signal()
    began = Signal()  # an answer or summary starts

    def __init__(self, colors: dict[str, str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.colors = colors
        self.entries: list[ChatEntry] = []
        self.conversation = Conversation()
        self.chat_id = 0
        self.pinned = False
        self.busy = False
        self.model_ready = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        header = QHBoxLayout()
        title = QLabel("Chat")
        title.setObjectName("heading")
        header.addWidget(title)
        self.status = ElidedLabel("")  # a long model name does not widen the panel
        self.status.setObjectName("muted")
        header.addWidget(self.status, 1)
        self.model_button = QToolButton()
        self.model_button.setObjectName("menuButton")  # its ▾ is the text's: the style draws no second arrow
        self.model_button.setText("Model ▾")
        self.model_button.setToolTip("Switch the chat model: the GGUF models found on this machine")
        self.model_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.model_menu = QMenu(self.model_button)
        self.model_button.setMenu(self.model_menu)
        header.addWidget(self.model_button)
        self.new_button = QPushButton("New chat")
        self.new_button.setToolTip("Start over: forget the conversation so far")
        self.export_button = QPushButton("Export…")
        self.export_button.setToolTip("Save the conversation as Markdown, with references")
        header.addWidget(self.new_button)
        header.addWidget(self.export_button)
        layout.addLayout(header)
        self.transcript = QTextBrowser()
        self.transcript.setOpenLinks(False)
        self.transcript.setOpenExternalLinks(False)
        self.transcript.setToolTip(
            "The evidence comes first; each answer sentence is marked ✓ backed, ◐ weakly backed or ⚠ not backed "
            "by the abstract it cites. Hover a sentence for its evidence; click it or a [n] to open the paper"
        )
        self.transcript.anchorClicked.connect(self._anchor)
        layout.addWidget(self.transcript, 3)
        self.timing = QLabel("")
        self.timing.setObjectName("muted")
        layout.addWidget(self.timing)
        self.preview_label = QLabel("Papers the answer will use (untick to leave one out):")
        self.preview_label.setObjectName("muted")
        layout.addWidget(self.preview_label)
        self.preview = QListWidget()
        self.preview.setMaximumHeight(96)
        self.preview.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # long titles end in …
        self.preview.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.preview.setToolTip("Retrieved for your question; untick papers the answer should not use")
        layout.addWidget(self.preview)
        row = QHBoxLayout()
        self.input = QPlainTextEdit()
        self.input.setPlaceholderText("Ask about your papers…  (Ctrl+Enter to send, Esc to stop)")
        self.input.setToolTip("Your question. Ctrl+Enter sends it; Esc stops an answer.")
        self.input.setMaximumHeight(64)
        row.addWidget(self.input, 1)
        self.send_button = QPushButton("Send")
        self.send_button.setObjectName("primary")
        self.send_button.setToolTip("Send the question (Ctrl+Enter)")
        self.stop_button = QPushButton("Stop")
        self.stop_button.setToolTip("Stop the answer being written (Esc)")
        row.addWidget(self.send_button)
        row.addWidget(self.stop_button)
        layout.addLayout(row)
        self.history = QuestionHistory()
        self.send_button.clicked.connect(self.send)
        self.stop_button.clicked.connect(self.stop_requested.emit)
        self.new_button.clicked.connect(self.new_chat_requested.emit)
        self.export_button.clicked.connect(self.export_requested.emit)
        self.input.installEventFilter(self)
        self._render_timer = single_shot_timer(self, 60, self.redraw)
        self._preview_timer = single_shot_timer(self, 450, self._request_preview)
        self.input.textChanged.connect(self._question_edited)
        self._update_buttons()
        self._show_preview_widgets(False)
        self.redraw()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Ctrl+Enter in the question box sends it; ↑ on its first line recalls the questions
        asked before, ↓ on its last line comes back."""
        if watched is self.input and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            control = event.modifiers() & Qt.KeyboardModifier.ControlModifier
            if control and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.send()
                return True
            if event.modifiers() == Qt.KeyboardModifier.NoModifier and self._recall(event.key()):
                return True
        return super().eventFilter(watched, event)

    def _recall(self, key: int) -> bool:
        cursor = self.input.textCursor()
        if key == Qt.Key.Key_Up and cursor.blockNumber() == 0:
            recalled = self.history.back(self.input.toPlainText())
        elif key == Qt.Key.Key_Down and cursor.blockNumber() == self.input.document().blockCount() - 1:
            recalled = self.history.forward()
        else:
            return False
        if recalled is None:
            return False
        self.input.setPlainText(recalled)
        self.input.moveCursor(QTextCursor.MoveOperation.End)
        return True

    # state
    def set_model_ready(self, ready: bool, status: str = "") -> None:
        self.model_ready = ready
        self.status.setText(status)
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.send_button.setEnabled(self.model_ready and not self.busy)
        self.stop_button.setEnabled(self.busy)
        self.export_button.setEnabled(bool(self.entries))

    def question(self) -> str:
        return self.input.toPlainText().strip()

    # sources preview
    def _question_edited(self) -> None:
        if not self.pinned:
            self._preview_timer.start()

    def _request_preview(self) -> None:
        if self.question():
            self.preview_requested.emit(self.question())
        else:
            self.preview.clear()

    def show_preview(self, hits: list[Hit], pinned: bool = False) -> None:
        self.pinned = pinned
        self.preview.clear()
        self._show_preview_widgets(bool(hits))
        for hit in hits:
            item = QListWidgetItem(hit.paper.display_title)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            item.setData(Qt.ItemDataRole.UserRole, hit)
            item.setToolTip(hit.paper.display_title)
            self.preview.addItem(item)
        self.preview_label.setText(
            "Answer from these papers only:" if pinned else "Papers the answer will use (untick to leave one out):"
        )

    def _show_preview_widgets(self, visible: bool) -> None:
        self.preview.setVisible(visible)
        self.preview_label.setVisible(visible)

    def chosen_hits(self) -> list[Hit]:
        return [
            self.preview.item(row).data(Qt.ItemDataRole.UserRole)
            for row in range(self.preview.count())
            if self.preview.item(row).checkState() == Qt.CheckState.Checked
        ]

    # conversation
    def send(self) -> None:
        question = self.question()
        if not question or self.busy or not self.model_ready:
            return
        hits = self.chosen_hits() if self.preview.count() else []
        self.send_requested.emit(question, hits)
        self.history.add(question)
        self.input.clear()  # the question is in the transcript (and ↑ brings it back)

    def begin(self, prompt: str) -> int:
        """Starts an entry; returns the id of the chat it belongs to."""
        self.entries.append(ChatEntry(prompt))
        self.busy = True
        self._show_preview_widgets(False)  # the answer takes the room; its sources are in it
        self.timing.setText("Thinking…")
        self._update_buttons()
        self.redraw()
        self.began.emit()
        return self.chat_id

    def receive(self, piece: AnswerPiece, chat_id: int) -> None:
        """A piece of the current answer: its evidence (shown at once), or text as it is written."""
        if chat_id != self.chat_id or not self.entries:
            return
        if isinstance(piece, EvidenceFound):
            self.entries[-1].receive(piece)
            self.redraw()
            return
        self.append(piece, chat_id)

    def append(self, piece: str, chat_id: int) -> None:
        if chat_id == self.chat_id and self.entries:
            self.entries[-1].text += piece
            if not self._render_timer.isActive():
                self._render_timer.start()

    def finish(self, answer: Answer | None) -> None:
        self._render_timer.stop()  # a pending streaming redraw would scroll back to the end
        self.busy = False
        if self.entries and answer is not None:
            entry = self.entries[-1]
            entry.answer = answer
            entry.text = answer.text
            entry.sources = list(answer.sources)
            entry.evidence = list(answer.evidence) or entry.evidence
            self.timing.setText(timing_text(answer))
        elif self.entries:
            self.timing.setText("Stopped")
        self.pinned = False
        self.preview.clear()
        self._show_preview_widgets(False)
        self._update_buttons()
        self.redraw(scroll_to_last=True)

    def fail(self, message: str) -> None:
        self.busy = False
        if self.entries:
            self.entries[-1].error = message
        self.timing.setText("")
        self._update_buttons()
        self.redraw()

    def clear(self) -> None:
        """A new chat: forgets the entries and the conversation; late pieces of an answer still
        running belong to the old chat and are ignored."""
        self.chat_id += 1
        self.busy = False
        self.entries.clear()
        self.conversation.clear()
        self.preview.clear()
        self._show_preview_widgets(False)
        self.pinned = False
        self.timing.setText("")
        self._update_buttons()
        self.redraw()

    def redraw(self, scroll_to_last: bool = False) -> None:
        """Redraws the transcript; while streaming it follows the end, when done it shows the
        start of the last answer."""
        if not self.entries:
            self.transcript.setHtml(
                f'<p style="color:{self.colors["muted"]}"><i>Ask a question about your papers. Each answer starts '
                "with its evidence, cites papers as [1], [2]… and marks how far each sentence is backed.</i></p>"
            )
            return
        rule = f'<hr style="color:{self.colors["border"]}">'
        self.transcript.setHtml(rule.join(entry.html(i, self.colors) for i, entry in enumerate(self.entries)))
        bar = self.transcript.verticalScrollBar()
        bar.setValue(bar.maximum())
        if scroll_to_last:
            QTimer.singleShot(0, self._scroll_to_last_entry)

    def _scroll_to_last_entry(self) -> None:
        if self.entries:
            self.transcript.scrollToAnchor(entry_anchor(len(self.entries) - 1))

    def cited_papers(self) -> list[Paper]:
        """The papers the conversation's answers cite, in order of first citation."""
        found: dict[str, Paper] = {}
        for entry in self.entries:
            answer = entry.answer
            if answer is None or answer.abstained:
                continue
            cited = {number for check in answer.sentences for number in check.cited}
            for source in answer.sources:
                if source.number in cited or not answer.sentences:
                    found.setdefault(source.paper.id, source.paper)
        return list(found.values())

    def export_markdown(self) -> str:
        return "# Abstracta conversation\n\n" + "\n\n".join(entry.markdown() for entry in self.entries) + "\n"

    def _anchor(self, url: QUrl) -> None:
        """cite:E:N, evidence:E:I or sentence:E:I: opens the paper (at the sentence)."""
        parts = url.toString().split(":")
        if len(parts) != 3 or not parts[1].isdigit() or not parts[2].isdigit():
            return
        entry = int(parts[1])
        if parts[0] == "search" and 0 <= entry < len(self.entries):
            answer = self.entries[entry].answer
            if answer is not None and answer.more_query:
                self.search_requested.emit(answer.more_query)
            return
        if 0 <= entry < len(self.entries):
            target = self.entries[entry].target(parts[0], int(parts[2]))
            if target is not None:
                self.paper_opened.emit(target)


class QuestionHistory:
    """The questions sent, for ↑ and ↓ in the question box (a shell's history: the draft being
    typed is kept while stepping back)."""

    def __init__(self) -> None:
        self.questions: list[str] = []
        self.position = 0
        self.draft = ""

    def add(self, question: str) -> None:
        if not self.questions or self.questions[-1] != question:
            self.questions.append(question)
        self.position = len(self.questions)

    def back(self, current: str) -> str | None:
        if self.position == 0:
            return None
        if self.position == len(self.questions):
            self.draft = current
        self.position -= 1
        return self.questions[self.position]

    def forward(self) -> str | None:
        if self.position >= len(self.questions):
            return None
        self.position += 1
        return self.draft if self.position == len(self.questions) else self.questions[self.position]


def timing_text(answer: Answer) -> str:
    """What the answer cost: evidence and first sentence when they came apart, and the total."""
    t = answer.timings
    if answer.from_metadata:
        return "Answered from your library's metadata"
    if answer.abstained or not t.total_s:
        return ""
    stopped = " · stopped" if answer.stopped else ""
    speed = f" · {t.tokens_per_s:.0f} tokens/s" if t.tokens_per_s else ""
    steps = []
    if t.evidence_s >= 0.005:
        steps.append(f"Evidence {t.evidence_s:.2f} s")
    if t.ttft_s >= 0.005 and t.ttft_s < t.total_s - 0.05:
        steps.append(f"first sentence {t.ttft_s:.2f} s")
    steps.append(f"done {t.total_s:.1f} s" if steps else f"Done in {t.total_s:.1f} s")
    return " · ".join(steps) + speed + stopped
