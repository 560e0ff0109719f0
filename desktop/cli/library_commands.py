"""CLI commands over the library: import, search, similar, stats, remove."""

from __future__ import annotations

import argparse
import sys

from desktop.cli.output import emit_json, note, print_hits, show_progress
from desktop.cli.parser import WRITING_COMMANDS
from desktop.core.config import Settings
from desktop.core.filters import SearchFilters
from desktop.core.ingest import ImportReport, import_paths
from desktop.core.jobs import drive
from desktop.core.session import Session, open_session


def run(args: argparse.Namespace, settings: Settings) -> int:
    session = open_session(settings, writable=args.command in WRITING_COMMANDS)
    try:
        for notice in session.library.notices:
            note(notice)
        if args.command == "import":
            return _import(args, session)
        if args.command == "search":
            filters = SearchFilters(args.source, args.lang, args.year)
            print_hits(session.searcher().search(args.query, args.k, args.mode, filters), args.json)
            return 0
        if args.command == "similar":
            if session.library.get(args.id) is None:
                print(f"abstracta: no paper with id {args.id}", file=sys.stderr)
                return 1
            print_hits(session.searcher().similar(args.id, args.k), args.json)
            return 0
        if args.command == "stats":
            return _stats(args, session)
        return _remove(args, session)
    finally:
        session.close()


def _import(args: argparse.Namespace, session: Session) -> int:
    show = sys.stderr.isatty() and not args.json
    report: ImportReport = drive(
        import_paths(session.library, session.embedder, args.paths), show_progress if show else None
    )
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
            f"in {report.elapsed_s:.1f}s; library holds {session.library.count()} papers"
        )
    return 1 if report.failed else 0


def _stats(args: argparse.Namespace, session: Session) -> int:
    stats = session.library.stats()
    if args.json:
        emit_json(stats.to_dict())
        return 0
    print(f"{stats.papers} papers in {stats.folder}")
    for source, count in stats.sources.items():
        print(f"  {count:6d}  {source}")
    print("languages: " + ", ".join(f"{k} {v}" for k, v in stats.languages.items()))
    return 0


def _remove(args: argparse.Namespace, session: Session) -> int:
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
