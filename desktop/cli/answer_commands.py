"""CLI commands that use the chat model: ask and summarize."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import TextIO

from desktop.cli.output import emit_json, note
from desktop.core.answer import Answer
from desktop.core.config import Settings
from desktop.core.errors import AbstractaError
from desktop.core.jobs import drive
from desktop.core.session import open_session
from desktop.core.summaries import summarize, summary_mode


def run(args: argparse.Namespace, settings: Settings) -> int:
    session = open_session(settings)
    try:
        model = session.load_model()
        for notice in getattr(model, "notices", []) + session.library.notices:
            note(notice)
        answerer = session.answerer()
        if args.command == "ask":
            stream = answerer.ask(args.question, k=settings.top_k_sources)
        else:
            papers = []
            for paper_id in args.ids:
                paper = session.library.get(paper_id)
                if paper is None:
                    raise AbstractaError(f"No paper with id {paper_id} in the library.")
                papers.append(paper)
            stream = summarize(answerer, papers, summary_mode(papers, args.compare))
        echo: TextIO | None = sys.stdout if not args.json else (sys.stderr if sys.stderr.isatty() else None)
        answer: Answer = drive(stream, _writer(echo) if echo is not None else None)
        if echo is not None and args.json:
            echo.write("\n")  # the streamed text ends before the JSON
        if args.json:
            emit_json(answer.to_dict())
        else:
            _print_footer(answer)
        return 0
    finally:
        session.close()


def _writer(stream: TextIO) -> Callable[[str], None]:
    """Streams pieces as they come."""

    def write(piece: str) -> None:
        stream.write(piece)
        stream.flush()

    return write


def _print_footer(answer: Answer) -> None:
    print()
    if answer.sources and not answer.abstained:
        print("\nSources:")
        cited = {c["n"] for c in answer.citations()}
        for source in answer.sources:
            mark = "*" if source.number in cited else " "
            print(f" {mark}[{source.number}] {source.paper.display_title}  ({source.paper.id[:10]})")
    unsupported = [s.text for s in answer.sentences if s.supported is False]
    for sentence in unsupported:
        print(f"  ! not supported by its source: {sentence}")
    if answer.timings.tokens:
        t = answer.timings
        print(f"\n[{t.tokens} tokens, first after {t.ttft_s:.2f}s, {t.tokens_per_s:.1f} tokens/s]", file=sys.stderr)
