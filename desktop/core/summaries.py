"""One dispatch for summaries: a TL;DR of one paper, a synthesis of several, or a comparison."""

from __future__ import annotations

import threading
from collections.abc import Generator

from desktop.core.answer import Answer, Answerer
from desktop.core.choices import SummaryMode
from desktop.core.compare import compare
from desktop.core.records import Paper


def summary_mode(papers: list[Paper], compare_requested: bool = False) -> SummaryMode:
    if compare_requested:
        return SummaryMode.COMPARE
    return SummaryMode.TLDR if len(papers) == 1 else SummaryMode.SYNTHESIS


def summarize(
    answerer: Answerer, papers: list[Paper], mode: SummaryMode, stop: threading.Event | None = None
) -> Generator[str, None, Answer]:
    if mode is SummaryMode.COMPARE:
        return (yield from compare(answerer, papers, stop))
    if mode is SummaryMode.TLDR:
        return (yield from answerer.tldr(papers[0], stop))
    return (yield from answerer.synthesize(papers, stop))
