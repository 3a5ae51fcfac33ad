"""``crisis-desk backup FILE [--db URL]``: a consistent copy of the database while the
app runs (SQLite online backup). PostgreSQL is backed up with ``pg_dump``."""

from __future__ import annotations

import argparse
import sys


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "backup",
        help="copy the database to FILE (safe while the app runs)",
        description="Write a consistent copy of the Crisis Desk database to FILE, even while the "
                    "web app is running. SQLite only; for PostgreSQL use pg_dump.",
    )
    parser.add_argument("file", metavar="FILE", help="where to write the copy (a .db file)")
    parser.add_argument("--db", metavar="URL", default=None,
                        help="database URL (default: CRISIS_DESK_DB, else the SQLite file in the user data folder)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from assistant.errors import StoreError
    from assistant.store import db, open_store
    from assistant.store.messages import refusal

    url = args.db or db.default_url()
    if not db.is_sqlite(db.normalise(url)):
        raise refusal(StoreError, "store.backup_not_sqlite", url=db.printable(url))
    store = open_store(url)
    written = store.backup(args.file)
    print(f"backed up {store.url} to {written}", file=sys.stderr)
    return 0
