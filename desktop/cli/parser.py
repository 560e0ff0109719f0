"""The `abstracta` command line: its arguments, and the settings they override."""

from __future__ import annotations

import argparse

from desktop import __version__
from desktop.cli.screen_options import add_screen_commands
from desktop.core.base.choices import ExportFormat, SearchMode, Theme, values
from desktop.core.base.config import Settings

# The commands that write to the library (and so need the writer lock).
WRITING_COMMANDS = frozenset({"import", "remove", "watch", "note", "tag", "reading", "reembed"})
ANSWER_COMMANDS = frozenset({"ask", "summarize"})  # answer_commands: they use the chat model
PAPER_COMMANDS = frozenset({"export", "note", "tag", "reading"})
MODEL_COMMANDS = frozenset({"models"})  # model_commands: what models this machine has


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--library", metavar="DIR", help="library folder (default: ABSTRACTA_HOME or the user data dir)"
    )
    parser.add_argument("--chroma-url", metavar="URL", help="use a Chroma server instead of the embedded store")
    parser.add_argument("--embedding-model", metavar="DIR", help="sentence-transformers model folder")
    parser.add_argument("-v", "--verbose", action="store_true", help="log every detail (stderr and the log file)")


def _model_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--model", metavar="PATH", help="a GGUF file (default: the bundled SmolLM2-135M)")
    parser.add_argument("--gpu-layers", type=int, metavar="N", help="layers to offload to the GPU (-1: all)")
    parser.add_argument("--max-tokens", type=int, metavar="N", help="longest answer, in tokens")
    parser.add_argument("--json", action="store_true", help="print one JSON object when done")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="abstracta", description="Abstracta: an offline reading assistant for paper abstracts."
    )
    parser.add_argument("--version", action="version", version=f"abstracta {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("import", help="import dumps (files or folders)")
    p.add_argument("paths", nargs="*", metavar="PATH")
    p.add_argument("--resume", action="store_true", help="finish an import that was stopped or killed")
    p.add_argument(
        "--zotero",
        nargs="?",
        const="",
        metavar="DIR",
        help="import a Zotero library (its data directory; default: the one Zotero uses, ~/Zotero)",
    )
    p.add_argument("--json", action="store_true")
    _common(p)

    p = sub.add_parser("watch", help="import dumps that appear or change in folders, until stopped")
    p.add_argument("folders", nargs="*", metavar="DIR", help="folders to watch (default: those in Settings)")
    p.add_argument("--interval", type=float, default=5.0, metavar="S", help="seconds between looks (default 5)")
    p.add_argument("--once", action="store_true", help="one look: import what changed, then exit")
    p.add_argument("--json", action="store_true", help="print each round's report as one JSON object")
    _common(p)

    p = sub.add_parser("search", help="search the library")
    p.add_argument("query")
    p.add_argument("-k", type=int, default=10)
    p.add_argument("--mode", choices=values(SearchMode), default=SearchMode.HYBRID.value)
    p.add_argument("--source", default="")
    p.add_argument("--lang", default="")
    p.add_argument("--year", type=int)
    p.add_argument("--author", default="", help="only papers with an author of this name")
    p.add_argument("--json", action="store_true")
    _common(p)

    p = sub.add_parser("similar", help="papers like a given paper")
    p.add_argument("id")
    p.add_argument("-k", type=int, default=10)
    p.add_argument("--json", action="store_true")
    _common(p)

    p = sub.add_parser("stats", help="what the library holds")
    p.add_argument("--json", action="store_true")
    _common(p)

    p = sub.add_parser("remove", help="remove a source or a paper")
    group = p.add_mutually_exclusive_group(required=True)
    group.add_argument("--source")
    group.add_argument("--id")
    _common(p)

    p = sub.add_parser("export", help="papers as BibTeX, RIS or CSL-JSON for Zotero, JabRef, EndNote…")
    p.add_argument("--format", choices=values(ExportFormat), default=ExportFormat.BIBTEX.value)
    p.add_argument("--tag", help="the papers with this tag")
    p.add_argument("--starred", action="store_true", help="the starred papers")
    p.add_argument("--reading", action="store_true", help="the papers on the reading list")
    p.add_argument("--ids", nargs="+", metavar="ID", default=[], help="these papers (ids or unique prefixes)")
    p.add_argument("-o", "--output", metavar="FILE", help="write here (default: standard output)")
    _common(p)

    p = sub.add_parser("note", help="show or set a paper's note")
    p.add_argument("id")
    p.add_argument("text", nargs="?", help="the new note ('' clears it); without it, the note is printed")
    _common(p)

    p = sub.add_parser("tag", help="tag papers; list, rename or remove tags")
    p.add_argument("id", nargs="?", help="a paper id (without one: list the tags with counts)")
    p.add_argument("tags", nargs="*", metavar="TAG")
    p.add_argument("--remove", action="store_true", help="remove these tags from the paper")
    p.add_argument("--rename", nargs=2, metavar=("OLD", "NEW"), help="rename a tag on every paper")
    p.add_argument("--delete", metavar="TAG", help="remove a tag from every paper")
    _common(p)

    p = sub.add_parser("reading", help="the reading list; set a paper's state")
    p.add_argument("id", nargs="?")
    p.add_argument("state", nargs="?", choices=["to-read", "reading", "read", "none"])
    _common(p)

    p = sub.add_parser("reembed", help="re-embed the library in place with another embedding model")
    p.add_argument("--json", action="store_true")
    _common(p)

    p = sub.add_parser("models", help="the GGUF chat models found on this machine, with their metadata")
    p.add_argument("--json", action="store_true")
    p.add_argument("--context", type=int, metavar="N", help="context size for the memory estimate (default: Settings)")
    _common(p)

    p = sub.add_parser("ask", help="ask a question; the answer cites your papers")
    p.add_argument("question")
    p.add_argument("-k", type=int, help="papers to retrieve (default 5)")
    _model_options(p)
    _common(p)

    p = sub.add_parser("summarize", help="TL;DR of one paper, a synthesis of several, or a comparison")
    p.add_argument("ids", nargs="+", metavar="ID")
    p.add_argument("--compare", action="store_true", help="a table of task, method, data and result")
    _model_options(p)
    _common(p)

    add_screen_commands(sub, _common)

    p = sub.add_parser("gui", help="open the desktop app")
    p.add_argument("--query", help="run this search once the window is up")
    p.add_argument("--ask", help="ask this question once the window is up")
    p.add_argument("--screenshot", metavar="PATH.png", help="save a PNG of the window, then quit")
    p.add_argument("--theme", choices=values(Theme))
    p.add_argument("--size", metavar="WxH", help="open the window at this size, e.g. 1366x768")
    _common(p)
    return parser


def settings_for(args: argparse.Namespace) -> Settings:
    """The saved settings with the command line's overrides."""
    settings = Settings.load()
    for option, name in (
        ("library", "library_dir"),
        ("chroma_url", "chroma_url"),
        ("embedding_model", "embedding_dir"),
        ("model", "llm_path"),
        ("gpu_layers", "n_gpu_layers"),
        ("max_tokens", "max_tokens"),
    ):
        value = getattr(args, option, None)
        if value is not None:
            setattr(settings, name, value)
    if args.command == "ask" and args.k is not None:
        settings.top_k_sources = args.k
    return settings
