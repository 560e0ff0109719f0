"""CLI commands that use the chat model: ask and summarize."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import TextIO

from desktop.cli.output import emit_json, note
from desktop.core.answering.answer import Answer, AnswerPiece, EvidenceFound
from desktop.core.answering.grounding import Trust
from desktop.core.answering.summaries import summary_mode
from desktop.core.base.config import Settings
from desktop.core.base.errors import AbstractaError
from desktop.core.base.jobs import drive
from desktop.core.session import open_session

TRUST_MARKS = {
    Trust.BACKED: "backed",
    Trust.WEAK: "weakly backed",
    Trust.UNBACKED: "NOT backed",
    Trust.UNCITED: "no citation",
}


def run(args: argparse.Namespace, settings: Settings) -> int:
    session = open_session(settings)
    try:
        model = session.load_model()
        for notice in model.notices + session.library.notices:
            note(notice)
        if args.command == "ask":
            stream = session.ask(args.question)
        else:
            papers = []
            for paper_id in args.ids:
                paper = session.library.get(paper_id)
                if paper is None:
                    raise AbstractaError(f"No paper with id {paper_id} in the library.")
                papers.append(paper)
            stream = session.summarize(papers, summary_mode(papers, args.compare))
        echo: TextIO | None = sys.stdout if not args.json else (sys.stderr if sys.stderr.isatty() else None)
        answer: Answer = drive(stream, _writer(echo) if echo is not None else None)
        if echo is not None:
            echo.write("\n")
        if args.json:
            emit_json(answer.to_dict())
        else:
            _print_footer(answer)
        return 0
    finally:
        session.close()


def _writer(stream: TextIO) -> Callable[[AnswerPiece], None]:
    """Streams the evidence, then the answer's text as it is written."""

    def write(piece: AnswerPiece) -> None:
        if isinstance(piece, EvidenceFound):
            if piece.evidence and piece.written_by_model:  # else the answer is the evidence: shown once
                stream.write("Evidence:\n")
                for item in piece.evidence:
                    stream.write(f"  [{item.number}] {item.text}\n")
                stream.write("\n")
        else:
            stream.write(piece)
        stream.flush()

    return write


def _print_footer(answer: Answer) -> None:
    if answer.missing and not answer.abstained:
        print("\nNot in your library: " + ", ".join(answer.missing))
    if answer.sources and not answer.abstained:
        print("\nSources:")
        cited = {c["n"] for c in answer.citations()}
        for source in answer.sources:
            mark = "*" if source.number in cited else " "
            print(f" {mark}[{source.number}] {source.paper.display_title}  ({source.paper.id[:10]})")
    if answer.sentences and not answer.abstained:
        print("\nHow far each sentence is backed by the abstract it cites:")
        for number, sentence in enumerate(answer.sentences, 1):
            print(f"  {number}. {TRUST_MARKS[sentence.trust]}: {sentence.text}")
    t = answer.timings
    if t.ttft_s:
        print(
            f"\n[evidence after {t.evidence_s:.2f}s, answer after {t.ttft_s:.2f}s, done after {t.total_s:.2f}s]",
            file=sys.stderr,
        )
