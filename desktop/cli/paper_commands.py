"""CLI commands for working with papers: export, note, tag, reading."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from desktop.cli.output import note as print_note
from desktop.cli.parser import WRITING_COMMANDS
from desktop.core.base.config import Settings
from desktop.core.base.jsonfile import write_text_atomically
from desktop.core.library.exporters import export
from desktop.core.library.library import Library
from desktop.core.library.records import Paper
from desktop.core.session import open_session


def run(args: argparse.Namespace, settings: Settings) -> int:
    session = open_session(settings, writable=args.command in WRITING_COMMANDS)
    library = session.library
    try:
        if args.command == "export":
            return _export(args, library)
        if args.command == "note":
            return _note(args, library)
        if args.command == "tag":
            return _tag(args, library)
        return _reading(args, library)
    finally:
        session.close()


def _paper(library: Library, given: str) -> Paper | None:
    paper = library.get(given)
    if paper is None:
        print(f"abstracta: no paper with id {given}", file=sys.stderr)
    return paper


def _export(args: argparse.Namespace, library: Library) -> int:
    ids: list[str] = []
    for given in args.ids:
        paper = _paper(library, given)
        if paper is None:
            return 1
        ids.append(paper.id)
    if args.tag:
        ids += library.annotations.ids_with_tag(args.tag)
    if args.starred:
        ids += [paper.id for paper in library.starred()]
    if args.reading:
        ids += [paper_id for paper_id, _, _ in library.annotations.reading_list()]
    if not (args.ids or args.tag or args.starred or args.reading):
        ids = library.all_ids()
    ids = list(dict.fromkeys(ids))
    papers = library.get_many(ids)
    text = export([papers[i] for i in ids if i in papers], args.format)
    if args.output:
        write_text_atomically(Path(args.output), text)
        print_note(f"{len(papers)} papers written to {args.output}")
    else:
        sys.stdout.write(text)
    return 0


def _note(args: argparse.Namespace, library: Library) -> int:
    paper = _paper(library, args.id)
    if paper is None:
        return 1
    if args.text is None:
        if paper.note:
            print(paper.note)
        return 0
    library.annotations.set_note(paper.id, args.text)
    return 0


def _tag(args: argparse.Namespace, library: Library) -> int:
    notes = library.annotations
    if args.rename:
        print_note(f"{notes.rename_tag(*args.rename)} papers renamed")
        return 0
    if args.delete:
        print_note(f"removed from {notes.delete_tag(args.delete)} papers")
        return 0
    if not args.id:
        for tag, count in notes.tag_counts().items():
            print(f"{count:6d}  {tag}")
        return 0
    paper = _paper(library, args.id)
    if paper is None:
        return 1
    if args.remove:
        kept = notes.set_tags(paper.id, [tag for tag in paper.tags if tag not in args.tags])
    elif args.tags:
        kept = notes.set_tags(paper.id, [*paper.tags, *args.tags])
    else:
        kept = paper.tags
    print(", ".join(kept))
    return 0


def _reading(args: argparse.Namespace, library: Library) -> int:
    if args.id is None:
        entries = library.annotations.reading_list()
        papers = library.get_many([paper_id for paper_id, _, _ in entries])
        for paper_id, state, _ in entries:
            if paper_id in papers:
                print(f"{state:8s}  {paper_id[:10]}  {papers[paper_id].display_title}")
        return 0
    paper = _paper(library, args.id)
    if paper is None:
        return 1
    if args.state is None:
        print(paper.reading_state or "not on the reading list")
        return 0
    library.annotations.set_reading(paper.id, "" if args.state == "none" else args.state.replace("-", " "))
    return 0
