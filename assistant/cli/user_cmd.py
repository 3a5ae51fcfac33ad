"""``crisis-desk user add|list|remove|password``: accounts and their roles per incident.

A password is never an argument (it would sit in the shell history and the process list):
``--password-stdin`` reads it from standard input, otherwise it is asked without echo.
"""

from __future__ import annotations

import argparse
import getpass
import sys

from assistant.errors import InputError, Problem
from assistant.store.accounts import ROLES

DB_HELP = "database URL (default: CRISIS_DESK_DB, else the SQLite file in the user data folder)"


def register(subparsers) -> None:
    parser = subparsers.add_parser("user", help="add, list and remove accounts (team mode)",
                                   description="Accounts for team mode and their roles per incident.")
    sub = parser.add_subparsers(dest="user_command", metavar="ACTION")
    sub.required = True
    add = sub.add_parser("add", help="create an account or give it one more role")
    add.add_argument("email", metavar="EMAIL")
    add.add_argument("--role", required=True, choices=ROLES)
    add.add_argument("--incident", type=int, metavar="ID", help="the incident (default: every incident)")
    add.add_argument("--name", default="", help="display name")
    add.add_argument("--password-stdin", action="store_true", help="read a local password from standard input")
    add.add_argument("--db", metavar="URL", help=DB_HELP)
    add.set_defaults(func=run_add)
    ls = sub.add_parser("list", help="every account and its roles")
    ls.add_argument("--db", metavar="URL", help=DB_HELP)
    ls.set_defaults(func=run_list)
    rm = sub.add_parser("remove", help="remove an account (or only one role with --role)")
    rm.add_argument("email", metavar="EMAIL")
    rm.add_argument("--role", choices=ROLES)
    rm.add_argument("--incident", type=int, metavar="ID")
    rm.add_argument("--db", metavar="URL", help=DB_HELP)
    rm.set_defaults(func=run_remove)
    pw = sub.add_parser("password", help="set a local account's password (asked, never echoed)")
    pw.add_argument("email", metavar="EMAIL")
    pw.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    pw.add_argument("--db", metavar="URL", help=DB_HELP)
    pw.set_defaults(func=run_password)


def _store(args):
    from assistant.store import open_store

    return open_store(args.db)


def _actor() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except Exception:  # noqa: BLE001 - no login name (a container): still say it was the command line
        return "cli"


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("New password: ")
    if getpass.getpass("Repeat it: ") != first:
        raise InputError("password", [Problem("password", "the two entries differ; nothing was changed")])
    return first


def run_add(args: argparse.Namespace) -> int:
    from assistant.services.identity import invite

    password = _read_password(True) if args.password_stdin else None
    user = invite(_store(args), args.email, args.role, args.incident, actor=_actor(), name=args.name,
                  password=password)
    where = f"incident {args.incident}" if args.incident is not None else "every incident"
    print(f"{user.email}: {args.role} on {where}" + (" (password set)" if password is not None else ""),
          file=sys.stderr)
    return 0


def run_list(args: argparse.Namespace) -> int:
    users = _store(args).list_users()
    if not users:
        print("no accounts (solo mode): add one with crisis-desk user add EMAIL --role owner", file=sys.stderr)
    for u in users:
        roles = ", ".join(f"{m.role}@{'*' if m.incident_id is None else m.incident_id}" for m in u.memberships) or "-"
        print(f"{u.email}\t{u.name or '-'}\t{'password' if u.has_password else 'no password'}\t{roles}")
    return 0


def run_remove(args: argparse.Namespace) -> int:
    store = _store(args)
    if args.role:
        store.revoke(args.email, args.role, args.incident, actor=_actor())
        print(f"{args.email}: no longer {args.role}", file=sys.stderr)
    else:
        store.remove_user(args.email, actor=_actor())
        print(f"{args.email}: removed", file=sys.stderr)
    return 0


def run_password(args: argparse.Namespace) -> int:
    from assistant.services.identity import set_password

    set_password(_store(args), args.email, _read_password(args.password_stdin), actor=_actor())
    print(f"{args.email}: password set", file=sys.stderr)
    return 0
