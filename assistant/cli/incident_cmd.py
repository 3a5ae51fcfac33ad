"""``crisis-desk incident new --brief FILE [--playbook ID]``: a new incident in the store.

The brief inherits the standing do-not-say list and protected names of the speaker's
crisis plan. With ``--playbook`` the holding statement is drafted from the playbook's
template (slots from the brief, or ``--slot NAME=VALUE``) and submitted for review.
"""

from __future__ import annotations

import argparse
import sys

from assistant.errors import InputError, Problem

HELP = "Create an incident from a brief (optionally from a scenario playbook); prints its id."


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("incident", help=HELP, description=HELP)
    sub = p.add_subparsers(dest="action", metavar="ACTION")
    sub.required = True
    new = sub.add_parser("new", help=HELP, description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    new.add_argument("--brief", required=True, metavar="FILE", help="incident brief (YAML or JSON)")
    new.add_argument("--playbook", metavar="ID", default=None, help="scenario playbook (see `crisis-desk playbook list`)")
    new.add_argument("--slot", action="append", default=[], metavar="NAME=VALUE",
                     help="a holding-statement slot the brief does not fill (repeatable)")
    new.add_argument("--author", default="crisis-desk", metavar="NAME", help="who creates it (audit log)")
    new.add_argument("--db", default=None, metavar="URL", help="store URL (default: CRISIS_DESK_DB or the user data folder)")
    new.set_defaults(func=run_new)


def parse_slots(items: list[str]) -> dict[str, str]:
    out, problems = {}, []
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            problems.append(Problem("--slot", f"{item!r} must be NAME=VALUE", value=item))
        else:
            out[name.strip()] = value
    if problems:
        raise InputError("--slot", problems)
    return out


def run_new(args: argparse.Namespace) -> int:
    from assistant.brief import load_brief
    from assistant.services.prepare import create_incident
    from assistant.store import open_store

    brief = load_brief(args.brief)
    slots = parse_slots(args.slot)
    if slots and not args.playbook:
        raise InputError("--slot", message="--slot needs --playbook (slots belong to a playbook's holding statement)")
    if args.playbook:
        from assistant.prepare.playbook import get_playbook

        get_playbook(args.playbook)  # an unknown id fails before the database is opened
    started = create_incident(open_store(args.db), brief, actor=args.author, playbook_id=args.playbook, slots=slots)
    if started.draft is not None:
        print(f"holding statement: draft {started.draft.id} version {started.version.number} submitted for review "
              f"(template {args.playbook})", file=sys.stderr)
    print(started.incident.id)
    return 0
