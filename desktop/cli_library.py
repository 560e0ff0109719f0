"""CLI commands over the library: import, search, similar, stats, remove."""

from __future__ import annotations

import argparse
import sys

from desktop.cli import emit_json
from desktop.core.config import Settings
from desktop.core.ingest import ImportReport, Progress, import_paths
from desktop.core.search import Hit, SearchFilters
from desktop.core.session import LibrarySession, open_session


def run(args: argparse.Namespace, settings: Settings) -> int:
    writes = args.command in ("import", "remove")
    session = open_session(settings, read_only=not writes)
    try:
        for notice in session.library.notices:
            print(f"note: {notice}", file=sys.stderr)
        if args.command == "import":
            return _import(args, session)
        if args.command == "search":
            filters = SearchFilters(args.source, args.lang, args.year)
            hits = session.searcher.search(args.query, args.k, args.mode, filters)
            return _print_hits(hits, args.json)
        if args.command == "similar":
            if session.library.get(args.id) is None:
                print(f"abstracta: no paper with id {args.id}", file=sys.stderr)
                return 1
            return _print_hits(session.searcher.similar(args.id, args.k), args.json)
        if args.command == "stats":
            stats = session.library.stats()
            if args.json:
                emit_json(stats.to_dict())
            else:
                print(f"{stats.papers} papers in {stats.folder}")
                for source, count in stats.sources.items():
                    print(f"  {count:6d}  {source}")
                print("languages: " + ", ".join(f"{k} {v}" for k, v in stats.languages.items()))
            return 0
        return _remove(args, session)
    finally:
        session.close()


def _import(args: argparse.Namespace, session: LibrarySession) -> int:
    generator = import_paths(session.library, session.embedder, args.paths)
    show = sys.stderr.isatty() and not args.json
    while True:
        try:
            progress = next(generator)
        except StopIteration as stop:
            report: ImportReport = stop.value
            break
        if show:
            _show_progress(progress)
    if show:
        sys.stderr.write("\n")
    if args.json:
        emit_json(report.to_dict())
    else:
        for item in report.files:
            if item.ok:
                print(
                    f"{item.path}: {item.format}, {item.records} records, {item.new} new, {item.duplicates} duplicates"
                )
            else:
                print(f"{item.path}: FAILED: {item.error}")
            for warning in item.warnings:
                print(f"    warning: {warning}")
        print(
            f"{report.new} new papers, {report.duplicates} duplicates, {len(report.failed)} failed files "
            f"in {report.elapsed_s:.1f}s; library holds {session.library.store.count()} papers"
        )
    return 1 if report.failed else 0


def _show_progress(progress: Progress) -> None:
    eta = f", ETA {progress.eta_s:.0f}s" if progress.eta_s is not None else ""
    sys.stderr.write(
        f"\r{progress.fraction:5.0%} {progress.file[:40]:40s} {progress.papers_seen} papers "
        f"({progress.papers_per_s:.1f}/s{eta})   "
    )
    sys.stderr.flush()


def _print_hits(hits: list[Hit], as_json: bool) -> int:
    if as_json:
        emit_json([hit.to_dict() for hit in hits])
        return 0
    if not hits:
        print("no results")
    for rank, hit in enumerate(hits, 1):
        paper = hit.paper
        date = f" · {paper.date_written}" if paper.date_written else ""
        print(f"{rank:2d}. {paper.display_title}  [{paper.id[:10]}]")
        print(f"    {', '.join(paper.sources)}{date} · score {hit.score:.4f}")
        print(f"    {hit.snippet.marked()}")
    return 0


def _remove(args: argparse.Namespace, session: LibrarySession) -> int:
    if args.source:
        removed = session.library.remove_source(args.source)
        print(f"removed source {args.source}: {removed} papers deleted (papers also in other sources were kept)")
        return 0
    paper = session.library.get(args.id)
    if paper is None:
        print(f"abstracta: no paper with id {args.id}", file=sys.stderr)
        return 1
    session.library.remove_ids([paper.id])
    print(f"removed {paper.display_title}")
    return 0
