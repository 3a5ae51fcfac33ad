"""``crisis-desk verify [--db URL]``: is the database unchanged since the app wrote it?
Exit 0 clean, 1 tampered (each problem printed with its audit row, draft and version)."""

from __future__ import annotations

import argparse
import sys


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "verify", help="check version hashes, approvals and the audit chain",
        description="Check every version's text against its SHA-256, every review and publication against "
                    "its version and audit entry, and the audit log's hash chain (and its signatures when "
                    "CRISIS_DESK_AUDIT_KEY is set). Exit 0 clean, 1 tampered.")
    parser.add_argument("--db", metavar="URL", default=None,
                        help="database URL (default: CRISIS_DESK_DB, else the SQLite file in the user data folder)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from assistant.services.identity import verify
    from assistant.store import open_store

    store = open_store(args.db)
    problems = verify(store)
    for p in problems:
        print(f"TAMPERED {p.describe()}")
    if problems:
        print(f"{store.url}: {len(problems)} problem(s); restore from a backup and find out who changed it",
              file=sys.stderr)
        return 1
    print(f"{store.url}: clean (versions, approvals and the audit chain check out)", file=sys.stderr)
    return 0
