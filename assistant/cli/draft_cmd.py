"""``crisis-desk draft``: one statement from an incident brief (cli.md)."""

from __future__ import annotations

import argparse
import json
import sys

from assistant.catalog import CHANNELS, KINDS, LANGUAGES
from assistant.cli.files import read_text, write_output

HELP = "Draft a statement from an incident brief (scanned by the guardrails)."
EPILOG = """\
The statement goes to stdout (or --out); a short guardrail summary and any fallback
warning go to stderr. Exit status: 0 when a draft was written — even when the guardrails
flag phrases for review (use `crisis-desk scan` to gate on findings); 2 bad usage or an
invalid brief; 3 the model failed and --no-fallback was given.

Back end: auto (default) uses the OpenAI-compatible model when OPENAI_API_KEY or
OPENAI_BASE_URL is set, else the offline drafter. Model: --model or CRISIS_DESK_MODEL;
time limit per call: CRISIS_DESK_TIMEOUT seconds (default 60)."""


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("draft", help=HELP, description=HELP, epilog=EPILOG,
                              formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--brief", required=True, metavar="FILE", help="incident brief (YAML or JSON)")
    p.add_argument("--kind", required=True, choices=KINDS, help="kind of statement")
    p.add_argument("--channel", required=True, choices=CHANNELS, help="where it will be published")
    p.add_argument("--lang", choices=LANGUAGES, default=None, help="language (default: the brief's)")
    p.add_argument("--backend", choices=("auto", "offline", "openai"), default=None,
                   help="who writes the draft (default: CRISIS_DESK_BACKEND or auto)")
    p.add_argument("--model", default=None, metavar="NAME", help="model name (default: CRISIS_DESK_MODEL)")
    p.add_argument("--no-fallback", action="store_true",
                   help="exit 3 when the model fails instead of using the offline draft")
    p.add_argument("--previous", action="append", default=[], metavar="FILE",
                   help="an earlier statement (repeatable; for --kind update)")
    p.add_argument("--format", choices=("text", "json"), default="text", help="output format")
    p.add_argument("--out", metavar="FILE", default=None, help="write the output here instead of stdout")
    p.set_defaults(func=run)


def findings_summary(d) -> str:
    """A few lines for stderr: what the guardrails flagged and what is missing."""
    report = d.scan
    lines = []
    if report.findings:
        routes = ", ".join(report.needs_review)
        lines.append(f"guardrails: {len(report.findings)} finding(s) need review by {routes}:")
        for f in report.findings[:10]:
            lines.append(f"  - {f.category} ({f.route}): {f.text!r}")
        if len(report.findings) > 10:
            lines.append(f"  … and {len(report.findings) - 10} more (see --format json)")
    else:
        lines.append("guardrails: no risky phrase found")
    missing = [c.id for c in report.checklist if c.required and not c.met]
    if missing:
        lines.append("checklist: missing " + ", ".join(missing))
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    from assistant.brief import load_brief
    from assistant.services.drafting import draft
    from assistant.settings import BackendSettings

    brief = load_brief(args.brief)
    previous = [read_text(path, option="--previous") for path in args.previous]
    settings = BackendSettings.from_env()
    d = draft(brief, kind=args.kind, channel=args.channel, lang=args.lang,
              backend=args.backend or "auto", model=args.model,
              no_fallback=args.no_fallback, previous=previous, settings=settings)
    for warning in d.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if args.format == "json":
        write_output(args.out, json.dumps(d.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n")
    else:
        write_output(args.out, d.thread_text() + "\n")
    print(findings_summary(d), file=sys.stderr)
    return 0
