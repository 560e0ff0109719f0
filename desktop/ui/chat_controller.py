"""The chat's jobs: load (or switch) the model, preview sources, ask, summarize, new chat.

Thread rules: every method runs on the GUI thread, which alone changes the conversation. A job
gets a snapshot of the history; its result is applied only if the chat it was asked in is still
the current one (New chat starts another and cancels the running answer)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog

from desktop.core.answering.answer import Answer
from desktop.core.base.choices import SummaryMode
from desktop.core.base.jsonfile import write_text_atomically
from desktop.core.library.exporters import to_bibtex
from desktop.core.library.records import Paper
from desktop.core.models.llm import ChatModel
from desktop.core.models.model_discovery import FoundModel, discover_models, model_label, total_ram_bytes
from desktop.core.search.hybrid import Hit
from desktop.core.session import Session
from desktop.ui.chat_panel import ChatPanel
from desktop.ui.workers import WorkerPool

ANSWER_JOB = "answer"
PREVIEW_JOB = "preview"
MODEL_JOB = "load-model"
SUMMARY_LABELS = {SummaryMode.TLDR: "TL;DR", SummaryMode.COMPARE: "Compare", SummaryMode.SYNTHESIS: "Summarize"}


class ChatController(QObject):
    model_ready = Signal()
    model_failed = Signal(object)
    answer_done = Signal()
    failed = Signal(object)
    model_chosen = Signal(str)  # a discovered model's path, picked from the chat's model menu

    def __init__(self, session: Session, pool: WorkerPool, chat: ChatPanel, status: Callable[[str], None]) -> None:
        super().__init__(chat)
        self.session, self.pool, self.chat, self.status = session, pool, chat, status
        chat.send_requested.connect(self.ask)
        chat.stop_requested.connect(self.stop)
        chat.preview_requested.connect(self.preview_sources)
        chat.new_chat_requested.connect(self.new_chat)
        chat.export_requested.connect(self.export_chat)
        chat.model_menu.aboutToShow.connect(self.fill_model_menu)
        self.models: list[FoundModel] = []
        self.loading = False  # a chat model is being loaded

    def export_chat(self, with_bibtex: bool = False) -> None:
        """Saves the conversation as Markdown (evidence, answers with trust marks, references), and
        with_bibtex, the BibTeX of the papers its answers cite at the end."""
        path, _ = QFileDialog.getSaveFileName(self.chat, "Export conversation", "abstracta-chat.md", "Markdown (*.md)")
        if not path:
            return
        text = self.chat.export_markdown()
        cited = self.chat.cited_papers()
        if with_bibtex and cited:
            text += "\n## BibTeX of the cited papers\n\n```bibtex\n" + to_bibtex(cited) + "```\n"
        write_text_atomically(Path(path), text)
        self.status(f"Saved {path}")

    def discover_models(self) -> None:
        """Looks for the GGUF models on this machine in the background (for the model menus)."""
        folders = list(self.session.settings.model_folders)
        self.pool.call(lambda: discover_models(extra=folders), "discover-models", self._models_found, lambda _: None)

    def _models_found(self, models: list[FoundModel]) -> None:
        self.models = models

    def fill_model_menu(self) -> None:
        menu = self.chat.model_menu
        menu.clear()
        current = str(self.session.model.path) if self.session.model is not None else ""
        n_ctx, ram = self.session.settings.n_ctx, total_ram_bytes()
        for model in self.models:
            label = model_label(model, n_ctx, ram)
            action = menu.addAction(label)
            action.setCheckable(True)
            action.setChecked(model.path == current)
            action.setEnabled(model.info is not None and not self.chat.busy)
            action.setToolTip("\n".join([model.path, *model.warnings]))
            action.triggered.connect(partial(self.model_chosen.emit, model.path))
        if not self.models:
            menu.addAction("Looking for models…").setEnabled(False)
        menu.addSeparator()
        menu.addAction("Look again", self.discover_models)

    # the model
    def load_model(self) -> None:
        """Loads the configured model in the background; on failure the previous one stays."""
        previous = self.session.model
        self.chat.set_model_ready(previous is not None, "Loading the chat model…")
        self.loading = True
        self.pool.start(self.session.load_model_job, MODEL_JOB, self.status, self._model_loaded, self._model_failed)

    def _model_loaded(self, model: ChatModel) -> None:
        self.loading = False
        self.session.replace_model(model)
        self.show_model_state()
        self.model_ready.emit()

    def show_model_state(self) -> None:
        """The chat header says 'ready' once an answer can start at once: the chat model loaded,
        and the embedding model too (the evidence is found with it)."""
        model = self.session.model
        if model is None or self.loading:
            return
        notices = model.notices
        state = "ready" if self.session.embedder_ready else "loaded; the embedding model is still loading…"
        self.chat.set_model_ready(True, f"{model.name} {state}" + (f" — {notices[0]}" if notices else ""))

    def _model_failed(self, error: BaseException) -> None:
        self.loading = False
        previous = self.session.model
        if previous is not None:
            self.chat.set_model_ready(True, f"Kept {previous.name}: {error}")
        else:
            self.chat.set_model_ready(False, f"Chat unavailable: {error}")
        self.model_failed.emit(error)

    # questions
    def stop(self) -> None:
        self.pool.cancel(ANSWER_JOB)

    def new_chat(self) -> None:
        self.pool.cancel(ANSWER_JOB)
        self.chat.clear()

    def preview_sources(self, question: str) -> None:
        k = self.session.settings.top_k_sources
        history = self.chat.conversation.history()
        self.pool.call(
            lambda: self.session.retrieve(question, history, k),
            PREVIEW_JOB,
            on_return=lambda hits: self.chat.show_preview(hits) if self.chat.question() == question else None,
            latest_only=True,
        )

    def ask_about(self, hits: list[Hit]) -> None:
        self.chat.show_preview(hits, pinned=True)
        self.chat.input.setFocus()

    def ask(self, question: str, hits: list[Hit]) -> None:
        pinned = self.chat.pinned
        chosen = hits if (hits or pinned) else None
        history = self.chat.conversation.history()
        chat_id = self.chat.begin(question)
        self.pool.start(
            lambda cancel: self.session.ask(question, history, chosen, cancel, pinned),
            ANSWER_JOB,
            lambda piece: self.chat.receive(piece, chat_id),
            lambda answer: self._answered(chat_id, question, answer),
            lambda error: self._answer_failed(chat_id, error),
            finishes_on_cancel=True,
        )

    def summarize(self, papers: list[Paper], mode: SummaryMode) -> None:
        if not papers or not self.chat.model_ready or self.chat.busy:
            return
        titles = "; ".join(p.display_title for p in papers[:3]) + ("…" if len(papers) > 3 else "")
        chat_id = self.chat.begin(f"{SUMMARY_LABELS[mode]}: {titles}")
        self.pool.start(
            lambda cancel: self.session.summarize(papers, mode, cancel),
            ANSWER_JOB,
            lambda piece: self.chat.receive(piece, chat_id),
            lambda answer: self._answered(chat_id, "", answer),
            lambda error: self._answer_failed(chat_id, error),
            finishes_on_cancel=True,
        )

    def _answered(self, chat_id: int, question: str, answer: Answer | None) -> None:
        if chat_id == self.chat.chat_id:
            self.chat.finish(answer)
            if question and answer is not None and answer.is_turn:
                self.chat.conversation.add(question, answer.text)
        self.answer_done.emit()

    def _answer_failed(self, chat_id: int, error: BaseException) -> None:
        if chat_id == self.chat.chat_id:
            self.chat.fail(str(error))
        self.failed.emit(error)
        self.answer_done.emit()
