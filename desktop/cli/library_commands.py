"""CLI commands over the library: import, watch, search, similar, stats, remove."""

from __future__ import annotations

import argparse
import contextlib
import json
import signal
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from desktop.cli.output import emit_json, note, print_hits, show_progress
from desktop.cli.parser import WRITING_COMMANDS
from desktop.core.base.config import Settings
from desktop.core.base.filters import SearchFilters
from desktop.core.base.jobs import drive
from desktop.core.ingest.import_report import ImportReport, describe
from desktop.core.ingest.pipeline import unfinished_import
from desktop.core.ingest.zotero import DATABASE, find_data_dir
from desktop.core.session import Session, open_session


def run(args: argparse.Namespace, settings: Settings) -> int:
    session = open_session(settings, writable=args.command in WRITING_COMMANDS)
    try:
        for notice in session.library.notices:
            note(notice)
        if args.command == "import":
            return _import(args, session)
        if args.command == "reembed":
            return _reembed(args, settings, session)
        if args.command == "watch":
            return _watch(args, settings, session)
        if args.command == "search":
            filters = SearchFilters(args.source, args.lang, args.year, args.author)
            print_hits(session.search(args.query, args.mode, filters, args.k), args.json)
            return 0
        if args.command == "similar":
            if session.library.get(args.id) is None:
                print(f"abstracta: no paper with id {args.id}", file=sys.stderr)
                return 1
            print_hits(session.similar(args.id, args.k), args.json)
            return 0
        if args.command == "stats":
            return _stats(args, session)
        return _remove(args, session)
    finally:
        session.close()


def _import(args: argparse.Namespace, session: Session) -> int:
    show = sys.stderr.isatty() and not args.json
    unfinished = unfinished_import(session.library)
    if args.resume and not unfinished:
        note("no unfinished import to resume")
        return 0
    paths = list(args.paths)
    if args.zotero is not None:
        database = _zotero_database(args.zotero)
        if database is None:
            return 2
        paths.insert(0, str(database))
    if not args.resume and not paths:
        print("abstracta: name files or folders to import (or --resume, or --zotero)", file=sys.stderr)
        return 2
    given = {str(Path(path).resolve()) for path in paths}
    if unfinished and not args.resume and not set(unfinished) <= given:
        note(f"an import of {', '.join(unfinished)} did not finish; `abstracta import --resume` finishes it")
    job = session.resume_import() if args.resume else session.import_files(paths)
    report: ImportReport = drive(job, show_progress if show else None)
    if show:
        sys.stderr.write("\n")
    if args.json:
        emit_json(report.to_dict())
    else:
        _print_files(report)
        aside = f", {len(report.set_aside)} not paper listings (set aside)" if report.set_aside else ""
        print(
            f"{report.new} new papers, {report.duplicates} duplicates, {len(report.failed)} failed files{aside} "
            f"in {report.elapsed_s:.1f}s; library holds {session.library.count()} papers"
        )
    return 1 if report.failed else 0


def _zotero_database(given: str) -> Path | None:
    """zotero.sqlite in the named data directory, or in the one Zotero uses; None (said why) if none."""
    folder = Path(given).expanduser() if given else find_data_dir()
    if folder is None:
        print(
            "abstracta: no Zotero data directory found (looked in ~/Zotero and Zotero's profile prefs); "
            "name it: abstracta import --zotero DIR",
            file=sys.stderr,
        )
        return None
    database = folder if folder.name == DATABASE else folder / DATABASE
    if not database.is_file():
        print(f"abstracta: {folder} holds no {DATABASE} (is it Zotero's data directory?)", file=sys.stderr)
        return None
    return database


def _print_files(report: ImportReport) -> None:
    for item in report.files:
        first, *rest = describe(item)
        print(f"{item.path}: {first.replace('failed:', 'FAILED:')}")
        for line in rest:
            print(f"    {line}")


def _watch(args: argparse.Namespace, settings: Settings, session: Session) -> int:
    folders = args.folders or settings.watched_folders
    if not folders:
        print("abstracta: no folders to watch: name them, or add them in Settings", file=sys.stderr)
        return 2
    missing = [folder for folder in folders if not Path(folder).expanduser().is_dir()]
    if missing and len(missing) == len(folders):
        print(f"abstracta: not a folder: {', '.join(missing)}", file=sys.stderr)
        return 2
    if not args.json:
        note(f"watching {', '.join(folders)}" + ("" if args.once else " (Ctrl+C stops)"))
    failed = False
    stop = threading.Event()
    with _stop_on_interrupt(stop):
        while not stop.is_set():
            report = drive(session.import_watched(stop, folders=folders))
            if report is not None:
                failed = failed or bool(report.failed)
                if args.json:
                    print(json.dumps(report.to_dict(), ensure_ascii=False), flush=True)
                else:
                    _print_files(report)
                    print(
                        f"{time.strftime('%H:%M:%S')} {report.new} new papers; library holds "
                        f"{session.library.count()} papers",
                        flush=True,
                    )
            if args.once:
                return 1 if failed else 0
            stop.wait(max(0.5, args.interval))
    print("abstracta: interrupted", file=sys.stderr)
    return 130


@contextlib.contextmanager
def _stop_on_interrupt(stop: threading.Event) -> Iterator[None]:
    """Ctrl+C sets `stop` (the watch ends between steps, its writes finished) instead of raising
    wherever the main thread happens to be; off the main thread, Ctrl+C is left as it is."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, lambda *_: stop.set())
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _reembed(args: argparse.Namespace, settings: Settings, session: Session) -> int:
    if not args.embedding_model:
        print("abstracta: name the new model: abstracta reembed --embedding-model DIR", file=sys.stderr)
        return 2
    started = time.perf_counter()
    show = sys.stderr.isatty() and not args.json
    finished = drive(session.reembed(), show_progress if show else None)
    if show:
        sys.stderr.write("\n")
    if finished:
        saved = Settings.load()
        saved.embedding_dir = settings.embedding_dir
        saved.save()  # the library now needs this model: searches must use it too
    result = {"finished": finished, "model": session.embedder.name, "papers": session.library.count()}
    if args.json:
        emit_json({**result, "elapsed_s": round(time.perf_counter() - started, 3)})
    else:
        print(f"re-embedded {result['papers']} papers with {result['model']}; Settings now use it")
    return 0 if finished else 1


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
