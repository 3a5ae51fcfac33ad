"""``crisis-desk`` command line. Each subcommand lives in its own module exposing
``register(subparsers)`` (adds its parser and sets ``func``) — ``func(args) -> int``.

Every :class:`~assistant.errors.CrisisDeskError` becomes its message on stderr and its
exit code (2 bad input, 3 model failed with ``--no-fallback``); never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from assistant.errors import CrisisDeskError

SUBCOMMANDS = ("draft", "scan", "replies", "export", "backup", "playbook", "incident", "drill", "deal", "report",
               "user", "verify")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="crisis-desk",
        description="Draft, check and export crisis statements (Vietnamese and English).",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for name in SUBCOMMANDS:
        importlib.import_module(f"assistant.cli.{name}_cmd").register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    from guardrails import TextTooLong

    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except CrisisDeskError as exc:
        print(f"crisis-desk {args.command}: {exc.message}", file=sys.stderr)
        return exc.exit_code
    except TextTooLong as exc:  # a text past the scanner's ceiling: bad input, named with its limit
        print(f"crisis-desk {args.command}: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
