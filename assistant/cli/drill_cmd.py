"""``crisis-desk drill start ID`` / ``crisis-desk drill score DRILL_ID``: crisis drills on
a compressed clock (scripts in ``playbooks/drills/``), and their debrief figures."""

from __future__ import annotations

import argparse

from assistant.catalog import LANGUAGES

HELP = "Start a crisis drill from a scenario script, or print a drill's debrief figures."


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("drill", help=HELP, description=HELP)
    sub = p.add_subparsers(dest="action", metavar="ACTION")
    sub.required = True
    start = sub.add_parser("start", help="start a drill; prints the drill's id")
    start.add_argument("id", metavar="ID", help="drill scenario id (a file of playbooks/drills/, e.g. product_harm_drill)")
    start.add_argument("--lang", choices=LANGUAGES, default="vi", help="language of the drill (default vi)")
    start.add_argument("--team", default=None, metavar="NAME", help="team name for the history (default: the speaker)")
    start.add_argument("--author", default="crisis-desk", metavar="NAME", help="who starts it (audit log)")
    start.add_argument("--db", default=None, metavar="URL", help="store URL (default: CRISIS_DESK_DB or the user data folder)")
    start.set_defaults(func=run_start)
    score = sub.add_parser("score", help="the debrief figures of a drill")
    score.add_argument("drill_id", metavar="DRILL_ID", type=int, help="the id `drill start` printed")
    score.add_argument("--db", default=None, metavar="URL", help="store URL (default: CRISIS_DESK_DB or the user data folder)")
    score.set_defaults(func=run_score)


def run_start(args: argparse.Namespace) -> int:
    from assistant.prepare.drill import get_drill_script
    from assistant.services.drills import start_drill
    from assistant.store import open_store

    get_drill_script(args.id)  # an unknown id fails before the database is opened
    drill = start_drill(open_store(args.db), args.id, actor=args.author, lang=args.lang, team=args.team)
    print(drill.id)
    return 0


def format_scores(s) -> str:
    first = (f"{s.first_approved_minutes:g} min (target {s.target_minutes} min: "
             f"{'met' if s.target_met else 'missed'})") if s.first_approved_minutes is not None else \
        f"none yet (target {s.target_minutes} min)"
    lines = [
        f"drill {s.drill_id}: {s.script_id}, team {s.team}, {'finished' if s.finished else 'running'}, "
        f"{s.minutes_played:g} scenario minutes played",
        f"time to first approved statement: {first}",
        f"required checklist items: {len(s.items_done)}/{len(s.required_items)}"
        + (f" (missing: {', '.join(s.items_missing)})" if s.items_missing else ""),
        f"guardrail findings left open: {s.open_findings}",
        f"injects answered: {len(s.injects_answered)}/{len(s.injects_to_answer)}",
        f"promises made: {len(s.promises)}" + (": " + "; ".join(repr(p) for p in s.promises) if s.promises else ""),
    ]
    return "\n".join(lines)


def run_score(args: argparse.Namespace) -> int:
    from assistant.services.drills import score_drill
    from assistant.store import open_store

    print(format_scores(score_drill(open_store(args.db), args.drill_id)))
    return 0
