"""Deterministic stand-ins for the models: same output every run."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

from desktop.core.llm import GenerationOptions, Message


class FakeChatModel:
    """Plays back a scripted reply token by token (words and spaces), recording the prompts."""

    name = "fake"

    def __init__(
        self, reply: str = "Weak models can supervise strong ones [1].", context_size: int = 2048, delay_s: float = 0.0
    ) -> None:
        self.reply = reply
        self.context_size = context_size
        self.delay_s = delay_s
        self.prompts: list[list[Message]] = []
        self.closed = False

    def count_tokens(self, text: str) -> int:
        return max(1, len(text) // 4)

    def tokens(self) -> list[str]:
        words = self.reply.split(" ")
        return [word + (" " if i < len(words) - 1 else "") for i, word in enumerate(words)]

    def stream(
        self,
        messages: list[Message],
        options: GenerationOptions,
        stop: threading.Event | None = None,
        prefill: str = "",
    ) -> Iterator[str]:
        self.prompts.append(messages)
        for count, token in enumerate(self.tokens()):
            if (stop is not None and stop.is_set()) or count >= options.max_tokens:
                return
            if self.delay_s:
                time.sleep(self.delay_s)
            yield token

    def close(self) -> None:
        self.closed = True
