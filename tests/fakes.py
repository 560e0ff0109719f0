"""Deterministic stand-ins for the models: same output every run."""

from __future__ import annotations

import threading
import time
from collections.abc import Generator, Sequence
from pathlib import Path

import numpy as np

from desktop.core.models.embedding import HashingEmbedder
from desktop.core.models.llm import GenerationOptions, Message


class FakeChatModel:
    """Plays back a scripted reply token by token (words and spaces), recording the prompts.
    Writes freely (like a large model) unless given another answer_style."""

    name = "fake"

    def __init__(
        self,
        reply: str = "Weak models can supervise strong ones [1].",
        context_size: int = 2048,
        delay_s: float = 0.0,
        answer_style: str = "free",
    ) -> None:
        self.reply = reply
        self.context_size = context_size
        self.delay_s = delay_s
        self.answer_style = answer_style
        self.path = Path(f"{self.name}.gguf")
        self.parameters = 0
        self.prompt_tokens_per_s = 0.0
        self.notices: list[str] = []
        self.prompts: list[list[Message]] = []
        self.closed = False

    def count_tokens(self, text: str) -> int:
        return max(1, len(text) // 4)

    def tokens(self) -> list[str]:
        words = self.reply.split(" ")
        return [word + (" " if i < len(words) - 1 else "") for i, word in enumerate(words)]

    def next_reply(self, messages: list[Message]) -> str | None:
        """The reply to these messages (None: nothing at all); subclasses choose it."""
        return self.reply

    def stream(
        self,
        messages: list[Message],
        options: GenerationOptions,
        stop: threading.Event | None = None,
        prefill: str = "",
    ) -> Generator[str, None, None]:
        self.prompts.append(messages)
        reply = self.next_reply(messages)
        if reply is None:
            return
        self.reply = reply
        for count, token in enumerate(self.tokens()):
            if (stop is not None and stop.is_set()) or count >= options.max_tokens:
                return
            if self.delay_s:
                time.sleep(self.delay_s)
            yield token

    def close(self) -> None:
        self.closed = True


class ScriptedChatModel(FakeChatModel):
    """Replies from a queue, one per generation (multi-turn tests); the last reply repeats."""

    def __init__(self, replies: list[str], context_size: int = 2048, delay_s: float = 0.0) -> None:
        super().__init__(replies[0], context_size, delay_s)
        self.replies = list(replies)

    def next_reply(self, messages: list[Message]) -> str | None:
        return self.replies.pop(0) if len(self.replies) > 1 else self.replies[0]


class GatedEmbedder(HashingEmbedder):
    """Blocks in embed() until the test opens the gate (same name and vectors as HashingEmbedder)."""

    def __init__(self, timeout_s: float = 60.0) -> None:
        super().__init__()
        self.entered = threading.Event()
        self.gate = threading.Event()
        self.timeout_s = timeout_s

    def embed(self, texts: Sequence[str], max_tokens: int | None = None) -> np.ndarray:
        self.entered.set()
        self.gate.wait(self.timeout_s)
        return super().embed(texts, max_tokens)


class RephrasingModel(FakeChatModel):
    """A small model in the close style: rephrases a sentence from a table of answers (an empty
    reply for a sentence it has no entry for), recording which sentences it was asked about."""

    def __init__(self, rephrasings: dict[str, str], delay_s: float = 0.0) -> None:
        super().__init__("", delay_s=delay_s, answer_style="close")
        self.rephrasings = rephrasings
        self.asked: list[str] = []

    def next_reply(self, messages: list[Message]) -> str | None:
        sentence = messages[-1]["content"].split("Sentence: ", 1)[-1]
        self.asked.append(sentence)
        reply = next((reply for start, reply in self.rephrasings.items() if sentence.startswith(start)), "")
        return reply or None
