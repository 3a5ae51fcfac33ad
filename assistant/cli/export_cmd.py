"""``crisis-desk export``: a saved draft version, or any text checked against a brief, as a
Word, PDF, Markdown or JSON file a lawyer can work in."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from assistant.catalog import CHANNELS, KINDS, LANGUAGES
from assistant.cli.files import read_text, write_output
from assistant.errors import InputError, Problem

FORMAT_CHOICES = ("docx", "pdf", "md", "json")
_SUFFIX_FORMATS = {".docx": "docx", ".pdf": "pdf", ".md": "md", ".markdown": "md", ".json": "json"}


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "export",
        help="export a draft version or a text as Word, PDF, Markdown or JSON",
        description="Export a saved draft version (DRAFT_ID) or a text file checked against a brief "
        "(--text FILE --brief FILE). Every exported text is scanned by the guardrails; Word files carry "
        "one comment per finding on the flagged words, PDF files highlight them.",
    )
    p.add_argument("draft_id", nargs="?", metavar="DRAFT_ID", help="id of a saved draft (uses the store: CRISIS_DESK_DB)")
    p.add_argument("--text", metavar="FILE", help="statement text file (UTF-8; '-' reads stdin)")
    p.add_argument("--brief", metavar="FILE", help="incident brief (YAML or JSON) the text is checked against")
    p.add_argument("--format", choices=FORMAT_CHOICES, help="output format (default: from the --out suffix)")
    p.add_argument("--out", metavar="FILE", required=True, help="output file ('-' writes to stdout)")
    p.add_argument("--version", type=int, metavar="N", help="version number of the draft (default: the latest)")
    p.add_argument("--kind", choices=KINDS, help="statement kind, for the principles checklist (with --text)")
    p.add_argument("--channel", choices=CHANNELS, help="channel the text is for (with --text)")
    p.add_argument("--lang", choices=LANGUAGES, help="language of the text (with --text; default: detected)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    fmt = _format(args)
    if args.draft_id is not None:
        doc = _from_store(args)
    else:
        doc = _from_files(args)
    from assistant.export import export

    data = export(doc, fmt)
    write_output(args.out, data)
    if args.draft_id is not None:
        from assistant.cli.user_cmd import _actor
        from assistant.services.identity import record_export

        record_export(_store_for_audit(), args.draft_id, doc.version, fmt, doc.sha256, actor=_actor())
    needs = ", ".join(doc.scan.needs_review) or "nobody"
    where = "stdout" if args.out == "-" else args.out
    print(
        f"exported {fmt} to {where}: {len(doc.scan.findings)} finding(s), review needed by {needs}, "
        f"sha256 {doc.sha256[:12]}",
        file=sys.stderr,
    )
    return 0


def _store_for_audit():
    from assistant.store import open_store

    return open_store()


def _format(args: argparse.Namespace) -> str:
    if args.format:
        return args.format
    fmt = _SUFFIX_FORMATS.get(Path(args.out).suffix.lower()) if args.out != "-" else None
    if fmt is None:
        raise InputError("--format", [Problem("--format", f"cannot tell the format from --out {args.out!r}; give --format {'|'.join(FORMAT_CHOICES)}")])
    return fmt


def _usage(message: str) -> InputError:
    return InputError("export", message=message)


def _from_store(args: argparse.Namespace):
    if args.text or args.brief:
        raise _usage("give either DRAFT_ID or --text FILE --brief FILE, not both")
    if args.kind or args.channel or args.lang:
        raise _usage("--kind, --channel and --lang apply to --text only: a saved draft has its own")
    try:
        draft_id = int(args.draft_id)
    except ValueError:
        raise _usage(f"DRAFT_ID must be a number, got {args.draft_id!r}") from None
    from assistant.services.exports import document_from_store
    from assistant.store import open_store

    store = open_store()
    return document_from_store(store, draft_id, args.version)


def _from_files(args: argparse.Namespace):
    if not args.text or not args.brief:
        raise _usage("give DRAFT_ID, or both --text FILE and --brief FILE")
    if args.version is not None:
        raise _usage("--version applies to DRAFT_ID only")
    from assistant.brief import load_brief
    from assistant.services.exports import document_from_text

    brief = load_brief(args.brief)
    text = read_text(args.text, empty="the text is empty: nothing to export")
    return document_from_text(text, brief, kind=args.kind, channel=args.channel, lang=args.lang)


