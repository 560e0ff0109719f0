"""CLI commands that use the chat model: ask and summarize."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Generator
from typing import TextIO

from desktop.cli import emit_json
from desktop.core.answer import Answer, Answerer
from desktop.core.compare import compare
from desktop.core.config import Settings
from desktop.core.errors import AbstractaError
from desktop.core.llm import GenerationOptions, load_model
from desktop.core.session import open_session


def run(args: argparse.Namespace, settings: Settings) -> int:
    model = load_model(settings.llm_path, settings.n_ctx, settings.threads(), settings.n_gpu_layers)
    session = open_session(settings, read_only=True)
    try:
        for notice in model.notices + session.library.notices:
            print(f"note: {notice}", file=sys.stderr)
        options = GenerationOptions(max_tokens=settings.max_tokens, temperature=settings.temperature)
        answerer = Answerer(session.searcher, model, options)
        if args.command == "ask":
            stream = answerer.ask(args.question, k=settings.top_k_sources)
        else:
            papers = []
            for paper_id in args.ids:
                paper = session.library.get(paper_id)
                if paper is None:
                    raise AbstractaError(f"No paper with id {paper_id} in the library.")
                papers.append(paper)
            if args.compare:
                stream = compare(answerer, papers)
            elif len(papers) == 1:
                stream = answerer.tldr(papers[0])
            else:
                stream = answerer.synthesize(papers)
        answer = _drain(stream, sys.stderr if args.json else sys.stdout)
        if args.json:
            emit_json(answer.to_dict())
        else:
            _print_footer(answer)
        return 0
    finally:
        session.close()
        model.close()


def _drain(stream: Generator[str, None, Answer], echo: TextIO) -> Answer:
    """Writes pieces as they come (to stderr only when it is a terminal, under --json)."""
    show = echo is sys.stdout or echo.isatty()
    while True:
        try:
            piece = next(stream)
        except StopIteration as stop:
            if show and echo is sys.stderr:
                echo.write("\n")
            return stop.value  # type: ignore[no-any-return]
        if show:
            echo.write(piece)
            echo.flush()


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
