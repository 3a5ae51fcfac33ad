"""``crisis-desk report INCIDENT_ID --format md|docx|pdf --out FILE [--db URL]``: the
post-incident report (summary, timeline, figures, charts, lessons, action items, recovery
plan) in the incident's language."""

from __future__ import annotations

import argparse
import sys

from assistant.cli.files import write_output

FORMATS = ("md", "docx", "pdf")


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "report",
        help="the post-incident report of an incident (Markdown, Word or PDF)",
        description="Write the post-incident report of INCIDENT_ID: summary, timeline, figures, charts "
        "(images in Word and PDF), lessons, action items and the recovery plan, in the incident's language. "
        "It works for an incident with nothing published yet, and says so.",
    )
    p.add_argument("incident_id", type=int, metavar="INCIDENT_ID", help="id of the incident (see the web UI's list)")
    p.add_argument("--format", choices=FORMATS, required=True, help="md, docx or pdf")
    p.add_argument("--out", metavar="FILE", required=True, help="output file ('-' writes to stdout)")
    p.add_argument("--db", metavar="URL", default=None,
                   help="database URL (default: CRISIS_DESK_DB, else the SQLite file in the user data folder)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from assistant.services.recovery import report_bytes
    from assistant.store import open_store

    store = open_store(args.db)
    data = report_bytes(store, args.incident_id, args.format)
    write_output(args.out, data)
    where = "stdout" if args.out == "-" else args.out
    print(f"report of incident {args.incident_id} written to {where} ({args.format}, {len(data):,} bytes)", file=sys.stderr)
    return 0
