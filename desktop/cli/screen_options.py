"""The arguments of `screen` and `for-you` (registered by parser.py; run by screen_commands)."""

from __future__ import annotations

import argparse
from collections.abc import Callable

SCREEN_COMMANDS = frozenset({"screen", "for-you"})


def _set_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--source", default="", help="the papers of this dump")
    p.add_argument("--tag", default="", help="the papers with this tag")
    p.add_argument("--year", type=int, help="the papers of this year")
    p.add_argument("--query", default="", help="the results of this search")
    p.add_argument("-k", type=int, default=500, help="results of --query to take (default 500)")


def add_screen_commands(sub: argparse._SubParsersAction, common: Callable[[argparse.ArgumentParser], None]) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "screen",
        help="screen a review (i/e/m, u undo) or export its decisions; FILE --simulate replays a labelled file",
    )
    p.add_argument("target", nargs="?", metavar="REVIEW|FILE", help="a review's name, or with --simulate a CSV/TSV")
    _set_options(p)
    p.add_argument("--criteria", help="the inclusion criteria, in words (ranks the first records)")
    p.add_argument("--list", action="store_true", help="the reviews with their counts")
    p.add_argument("--status", action="store_true", help="a review's counts and recall curve")
    p.add_argument("--export", metavar="FILE.ris|FILE.csv", help="write the review's papers with their decisions")
    p.add_argument("--decision", choices=["included", "excluded", "maybe", "all"], default="all")
    p.add_argument("--simulate", action="store_true", help="replay the labels of a labelled FILE")
    p.add_argument("--label", metavar="COLUMN", help="--simulate: the column holding the decisions")
    p.add_argument("--prior-included", type=int, default=1, metavar="N", help="--simulate: random included to start")
    p.add_argument("--prior-excluded", type=int, default=1, metavar="N", help="--simulate: random excluded to start")
    p.add_argument("--seed", type=int, default=0, metavar="S")
    p.add_argument("--model", metavar="M", help="--simulate: CLASSIFIER+FEATURES (logreg+both, nb+tfidf/1g…) or random")
    p.add_argument("--json", action="store_true")
    common(p)

    p = sub.add_parser("for-you", help="papers ranked by your stars, tags, reading list, notes and Not interested")
    _set_options(p)
    p.add_argument("--within", type=int, default=500, metavar="N", help="rank the newest N papers of the set")
    p.add_argument("--json", action="store_true")
    common(p)
