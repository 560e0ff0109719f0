"""CLI commands to decide what to read: `screen` (a review screened in the terminal, its
decisions exported, or a labelled file replayed with --simulate) and `for-you` (a set ranked by
your marks)."""

from __future__ import annotations

import argparse
import sys
import textwrap
from pathlib import Path

import numpy as np

from desktop.cli.output import emit_json, note
from desktop.core.base.config import Settings
from desktop.core.base.filters import SearchFilters
from desktop.core.base.jobs import drive
from desktop.core.base.jsonfile import write_text_atomically
from desktop.core.models.embedding import make_embedder
from desktop.core.screening.exports import export_decisions
from desktop.core.screening.for_you import ForYou
from desktop.core.screening.labelled import read_labelled
from desktop.core.screening.marks import Decision
from desktop.core.screening.models import DEFAULT, ModelSpec, feature_matrix
from desktop.core.screening.reviews import Review, Reviews
from desktop.core.screening.screener import Screener
from desktop.core.screening.simulation import RANDOM, simulate
from desktop.core.session import Session, open_session

KEYS = {"i": Decision.INCLUDED, "e": Decision.EXCLUDED, "m": Decision.MAYBE}


def run(args: argparse.Namespace, settings: Settings) -> int:
    if args.command == "screen" and args.simulate:
        return _simulate(args, settings)
    session = open_session(
        settings, writable=args.command == "screen" and not (args.list or args.status or args.export)
    )
    try:
        if args.command == "for-you":
            return _for_you(args, session)
        return _screen(args, session)
    finally:
        session.close()


def _model(text: str | None) -> ModelSpec | str | None:
    """The model --model names (None, said on stderr, for a name that is not one)."""
    if text == RANDOM:
        return RANDOM
    try:
        return ModelSpec.parse(text) if text else DEFAULT
    except ValueError as error:
        print(f"abstracta screen: {error}", file=sys.stderr)
        return None


def _simulate(args: argparse.Namespace, settings: Settings) -> int:
    if not args.target or not args.label:
        print("abstracta screen: --simulate needs a labelled FILE and --label COLUMN", file=sys.stderr)
        return 2
    spec = _model(args.model)
    if spec is None:
        return 2
    records = read_labelled(args.target, args.label)
    embeddings = None
    if isinstance(spec, ModelSpec) and spec.needs_embeddings:
        note(f"embedding {len(records)} records…")
        embeddings = make_embedder(settings.embedding_dir, settings.embedding_backend, settings.threads()).embed(
            records.texts
        )
    rows = None if isinstance(spec, str) else feature_matrix(spec, records.texts, embeddings)[0]
    job = simulate(spec, rows, records.labels, args.prior_included, args.prior_excluded, args.seed)
    show = sys.stderr.isatty() and not args.json
    result = drive(job, (lambda done: sys.stderr.write(f"\r{done} of {len(records)} screened")) if show else None)
    if show:
        sys.stderr.write("\n")
    summary = {"file": str(args.target), "label": args.label, **result.summary()}
    if args.json:
        emit_json(summary)
    else:
        print(
            f"{summary['records']} records, {summary['included']} included ({args.label}); model {summary['model']}, "
            f"seed {args.seed}\nWSS@95 {summary['wss95']:.3f} · recall at 10% screened {summary['recall_at_10pct']:.3f}"
            f" · 95% found after {summary['screened_to_95']} · all after {summary['screened_to_100']}"
        )
    return 0


def _screen(args: argparse.Namespace, session: Session) -> int:
    reviews = Reviews(session.library)
    if args.list:
        listed = [reviews.load(name) for name in reviews.names()]
        if args.json:
            emit_json([_status(review) for review in listed])
        for review in [] if args.json else listed:
            counts = ", ".join(f"{review.count(d)} {d.value}" for d in Decision)
            print(f"{review.name}: {len(review.ids)} papers, {counts}")
        return 0
    if not args.target:
        print("abstracta screen: name a review (or --list, or FILE --simulate)", file=sys.stderr)
        return 2
    if args.status or args.export:
        review = reviews.load(args.target)
        screener = Screener(session.library, review, DEFAULT)
        if args.export:
            return _export(args, screener)
        status = {**_status(review), "curve": screener.curve()}
        if args.json:
            emit_json(status)
        else:
            counts = ", ".join(f"{review.count(d)} {d.value}" for d in Decision)
            print(f"{review.name}: {len(screener.curve())} of {screener.total} screened ({counts})")
            hint = screener.quiet_hint()
            if hint:
                print(f"note: {hint}")
        return 0
    ids = _set_ids(args, session)
    if ids is None and args.target not in reviews.names():
        print("abstracta screen: a new review needs its set: --source, --tag, --year or --query", file=sys.stderr)
        return 2
    review = reviews.create(args.target, ids or [], args.criteria or "")
    return _screen_loop(Screener(session.library, review, DEFAULT, session.embedder.embed))


def _status(review: Review) -> dict[str, object]:
    return {
        "review": review.name,
        "papers": len(review.ids),
        "criteria": review.criteria,
        **{d.value: review.count(d) for d in Decision},
    }


def _set_ids(args: argparse.Namespace, session: Session) -> list[str] | None:
    if args.query:
        filters = SearchFilters(args.source, "", args.year, "", args.tag)
        return [hit.paper.id for hit in session.search(args.query, filters=filters, k=args.k)]
    if args.source or args.tag or args.year:
        return session.library.newest_ids(SearchFilters(args.source, "", args.year, "", args.tag), 1_000_000)
    return None


def _screen_loop(screener: Screener) -> int:
    """One record at a time: i include, e exclude, m maybe, u undo, q quit (all kept as you go)."""
    suggestion = screener.next()
    while suggestion is not None:
        paper = suggestion.paper
        curve = screener.curve()
        print(f"\n[{len(curve) + 1}/{screener.total} · {curve[-1] if curve else 0} included] {suggestion.reason}")
        print(f"{paper.display_title}  [{paper.id[:10]}]")
        if paper.authors_text:
            print(f"  {paper.authors_text}")
        print(textwrap.fill(paper.abstract, width=100, initial_indent="  ", subsequent_indent="  "))
        hint = screener.quiet_hint()
        if hint:
            print(f"note: {hint}")
        try:
            answer = input("[i]nclude [e]xclude [m]aybe [u]ndo [q]uit > ").strip().lower()[:1]
        except EOFError:
            answer = "q"
        if answer == "q":
            break
        if answer == "u":
            undone = screener.undo()
            print(f"undid {undone[1].value} of {undone[0][:10]}" if undone else "nothing to undo")
            suggestion = screener.next()
        elif answer in KEYS:
            suggestion = screener.decide(paper.id, KEYS[answer])
    counts = ", ".join(f"{screener.review.count(d)} {d.value}" for d in Decision)
    print(f"{screener.review.name}: {counts} of {screener.total} (kept in the library)")
    return 0


def _export(args: argparse.Namespace, screener: Screener) -> int:
    chosen = None if args.decision == "all" else Decision(args.decision)
    rows = screener.papers_with(chosen)
    target = Path(args.export)
    write_text_atomically(target, export_decisions(rows, screener.review.name, target.suffix))
    note(f"{len(rows)} papers written to {target}")
    return 0


def _for_you(args: argparse.Namespace, session: Session) -> int:
    filters = SearchFilters(args.source, "", args.year, "", args.tag)
    ids = session.library.newest_ids(filters, args.within)
    query = np.asarray(session.embedder.embed([args.query]))[0] if args.query else None
    feed = ForYou(session.library).rank(ids, query)
    shown = feed.ranked[: args.k]
    if args.json:
        emit_json(
            {
                "ranked": [
                    {
                        "id": r.paper.id,
                        "title": r.paper.display_title,
                        "score": round(r.score, 4),
                        "close": [p.id for p, _ in r.close],
                        "words": r.words,
                        "why": r.why,
                    }
                    for r in shown
                ],
                "by_tag": {tag: [r.paper.id for r in found] for tag, found in feed.by_tag.items()},
                "cold_start": feed.cold_start,
                "note": feed.note,
                "marked": feed.marked,
                "elapsed_s": round(feed.elapsed_s, 3),
            }
        )
        return 0
    if feed.note:
        note(feed.note)
    for rank, item in enumerate(shown, 1):
        print(f"{rank:2d}. {item.paper.display_title}  [{item.paper.id[:10]}]")
        if item.why:
            print(f"    {item.why}")
    for tag, found in feed.by_tag.items():
        print(f"{len(found)} new for #{tag}: " + "; ".join(r.paper.display_title[:50] for r in found))
    return 0
