"""The `abstracta` command line: a stable contract for scripts, tests and the desktop app."""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Sequence

from desktop.cli.parser import ANSWER_COMMANDS, MODEL_COMMANDS, PAPER_COMMANDS, build_parser, settings_for
from desktop.cli.screen_options import SCREEN_COMMANDS
from desktop.core.base.errors import AbstractaError
from desktop.core.base.logs import configure_logging, log_file

log = logging.getLogger("desktop.cli")


def ensure_standard_streams() -> None:
    """A windowed bundle starts with sys.stdout/stderr set to None; give them somewhere to go."""
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115 - lives for the process


def main(argv: Sequence[str] | None = None) -> int:
    ensure_standard_streams()
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv:
        argv = ["gui"]
    args = build_parser().parse_args(argv)
    if args.command is None:
        build_parser().print_help()
        return 0
    configure_logging(verbose=args.verbose)
    log.info("abstracta %s started", args.command)
    try:
        settings = settings_for(args)
        if args.command == "gui":
            from desktop.ui.app import run_gui

            return run_gui(args, settings)
        if args.command in ANSWER_COMMANDS:
            from desktop.cli import answer_commands

            return answer_commands.run(args, settings)
        if args.command in MODEL_COMMANDS:
            from desktop.cli import model_commands

            return model_commands.run(args, settings)
        if args.command in SCREEN_COMMANDS:
            from desktop.cli import screen_commands

            return screen_commands.run(args, settings)
        if args.command in PAPER_COMMANDS:
            from desktop.cli import paper_commands

            return paper_commands.run(args, settings)
        from desktop.cli import library_commands

        return library_commands.run(args, settings)
    except AbstractaError as error:
        log.info("stopped: %s", error)
        print(f"abstracta: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("abstracta: interrupted", file=sys.stderr)
        return 130
    except Exception:  # a bug: its traceback goes to stderr and the log file a report can carry
        log.exception("unexpected error (the log file is %s)", log_file())
        return 1
