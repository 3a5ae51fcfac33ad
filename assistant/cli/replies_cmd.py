"""``crisis-desk replies``: answer fan comments consistently with the approved statement."""

from __future__ import annotations

import argparse
import sys

from assistant.cli.files import read_text, write_output
from assistant.errors import InputError, Problem

HELP = "Triage fan comments, group near-duplicates and draft one grounded reply per group."
EPILOG = """\
Comments: a .csv export (Facebook, Instagram, YouTube, TikTok; en or vi headers; the
delimiter is detected) or a .txt/paste file with one comment per line; at most 10,000.
When the text column is unclear the command lists the candidates: pass --text-column.

Output: the replies CSV (UTF-8 with BOM; one row per comment with its class, group, reply,
guardrail findings, needs-review flag and action reply/hide/lawyer) to --out or stdout;
a summary on stderr. Harassment and spam get no reply (hide), legal threats go to the
lawyer. Exit status: 0 when the CSV was written — also when some replies need review
(see the "needs review" column); 2 bad usage or invalid input; 3 the model failed and
--no-fallback was given.

With --incident ID the replies are stored with the incident (database: --db URL or
CRISIS_DESK_DB), so a stopped run resumes without asking the model again; --brief may
then be omitted (the incident's brief is used)."""


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("replies", help=HELP, description=HELP, epilog=EPILOG,
                              formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--brief", metavar="FILE", help="incident brief (YAML or JSON)")
    p.add_argument("--statement", required=True, metavar="FILE", help="the approved statement (text file)")
    p.add_argument("--comments", required=True, metavar="FILE", help="comments: .csv export or .txt (one per line)")
    p.add_argument("--backend", choices=("auto", "offline", "openai"), default=None,
                   help="who writes the replies (default: CRISIS_DESK_BACKEND or auto)")
    p.add_argument("--model", default=None, metavar="NAME", help="model name (default: CRISIS_DESK_MODEL)")
    p.add_argument("--concurrency", type=int, default=4, metavar="N", help="model calls at the same time (default 4)")
    p.add_argument("--text-column", default=None, metavar="NAME", help="the CSV column that holds the comment text")
    p.add_argument("--no-fallback", action="store_true", help="exit 3 when the model fails instead of replying offline")
    p.add_argument("--out", default=None, metavar="FILE.csv", help="write the CSV here instead of stdout")
    p.add_argument("--lang", choices=("vi", "en"), default="en", help="language of the CSV headers (default en)")
    p.add_argument("--db", default=None, metavar="URL", help="store URL (default: CRISIS_DESK_DB or the user data folder)")
    p.add_argument("--incident", type=int, default=None, metavar="ID", help="keep the replies with this stored incident")
    p.set_defaults(func=run)


def summary_text(result) -> str:
    s = result.summary()
    lines = [f"{s.comments} comments in {s.groups} groups ({result.backend}; {s.model_calls} model calls, "
             f"{s.reused} groups reused from an earlier run)"]
    lines.append("by class: " + ", ".join(f"{k} {v}" for k, v in sorted(s.per_category.items(), key=lambda kv: -kv[1])))
    lines.append("actions: " + ", ".join(f"{k} {v}" for k, v in sorted(s.per_action.items())))
    lines.append(f"needs review: {s.needs_review} group(s)" + (f"; offline fallback: {s.fallbacks}" if s.fallbacks else ""))
    top = [g for g in result.groups if g.size > 1][:5]
    if top:
        lines.append("most asked: " + "; ".join(f"{g.size}× {g.sample[:50]!r}" for g in top))
    if result.stopped:
        lines.append("stopped before every group was answered: run again to resume")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    from assistant.brief import load_brief
    from assistant.services.replies import answer_comments
    from assistant.replies.export import to_csv_bytes
    from assistant.replies.importing import read_comments_file

    if args.concurrency < 1 or args.concurrency > 64:
        raise InputError("--concurrency", [Problem("--concurrency", "must be between 1 and 64", type="range")])
    if args.brief is None and args.incident is None:
        raise InputError("crisis-desk replies", [Problem("--brief", "required (or give --incident ID)", type="missing")])
    statement = read_text(args.statement, option="--statement", empty="the approved statement is empty")
    imported = read_comments_file(args.comments, text_column=args.text_column)
    for p in imported.problems:
        print(f"{imported.source}: {p.describe()}", file=sys.stderr)
    cache = None
    brief = load_brief(args.brief) if args.brief else None
    if args.incident is not None:
        from assistant.replies.storage import StoreReplyCache
        from assistant.store import open_store

        store = open_store(args.db)
        cache = StoreReplyCache(store, args.incident, actor="crisis-desk replies")
        brief = brief or store.get_incident(args.incident).brief
    result = answer_comments(imported.comments, brief, statement, backend=args.backend, model=args.model,
                             concurrency=args.concurrency, cache=cache, no_fallback=args.no_fallback)
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    data = to_csv_bytes(result, lang=args.lang)
    write_output(args.out, data)
    if cache is not None:
        cache.record_export(data, replies=len(result.replies))
    print(summary_text(result), file=sys.stderr)
    return 0
