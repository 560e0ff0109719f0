"""What the CLI prints: JSON for scripts, plain lines for people, progress on a terminal."""

from __future__ import annotations

import json
import sys
from typing import Any, TextIO

from desktop.core.ingest.pipeline import Progress
from desktop.core.search.hybrid import Hit


def emit_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def note(message: str) -> None:
    print(f"note: {message}", file=sys.stderr)


def show_progress(progress: Progress, stream: TextIO = sys.stderr) -> None:
    eta = f", ETA {progress.eta_s:.0f}s" if progress.eta_s is not None else ""
    stream.write(
        f"\r{progress.fraction:5.0%} {progress.file[:40]:40s} {progress.papers_seen} papers "
        f"({progress.papers_per_s:.1f}/s{eta})   "
    )
    stream.flush()


def print_hits(hits: list[Hit], as_json: bool) -> None:
    if as_json:
        emit_json([hit.to_dict() for hit in hits])
        return
    if not hits:
        print("no results")
    for rank, hit in enumerate(hits, 1):
        paper = hit.paper
        date = f" · {paper.date_text}" if paper.date_text else ""
        print(f"{rank:2d}. {paper.display_title}  [{paper.id[:10]}]")
        if paper.authors_text:
            print(f"    {paper.authors_text}")
        print(f"    {', '.join(paper.sources)}{date} · score {hit.score:.4f}")
        print(f"    {hit.snippet.marked()}")
