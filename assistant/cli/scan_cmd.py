"""``crisis-desk scan [FILE|-] [--brief FILE] [--lang vi|en] [--kind KIND] [--format text|json]``

Marks the phrases a lawyer or a PR lead must see. Exit 0 when nothing needs review, 1 when
something does, 2 for bad usage or unreadable input (the message names the file).
"""

from __future__ import annotations

import argparse
import json
import os
import sys

from assistant.catalog import KINDS, LANGUAGES
from assistant.cli.files import read_text
from assistant.errors import InputError
from assistant.services.scanning import scan_with_review
from guardrails.ads import SPONSORED_POST
from guardrails.report import ScanReport
from guardrails.categories import describe_category, describe_checklist_item
from guardrails.text import sentences

_WORDS = {
    "en": {
        "none": "Nothing needs review.",
        "omitted": "… and {count:,} more {label} finding(s) not listed (at most {limit} per category)",
        "review": "Needs review by: {routes}",
        "why": "Why",
        "instead": "Safer wording",
        "checklist": "Principles checklist",
        "met": "met",
        "missing": "missing",
        "optional": "optional",
        "routes": {"lawyer": "lawyer", "pr": "PR lead"},
    },
    "vi": {
        "none": "Không có gì cần duyệt.",
        "omitted": "… và {count:,} phát hiện {label} khác không liệt kê (tối đa {limit} mỗi loại)",
        "review": "Cần duyệt bởi: {routes}",
        "why": "Lý do",
        "instead": "Cách viết an toàn hơn",
        "checklist": "Danh sách nguyên tắc",
        "met": "đạt",
        "missing": "thiếu",
        "optional": "không bắt buộc",
        "routes": {"lawyer": "luật sư", "pr": "phụ trách PR"},
    },
}


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "scan",
        help="flag risky phrases in a draft (exit 1 when something needs review)",
        description="Flag the phrases of a draft a lawyer or a PR lead must review.",
    )
    parser.add_argument("file", nargs="?", default="-", metavar="FILE|-",
                        help="the draft (UTF-8 text); '-' or nothing reads standard input")
    parser.add_argument("--brief", metavar="FILE", help="incident brief (YAML/JSON): enables the brief-aware checks")
    parser.add_argument("--lang", choices=LANGUAGES, help="language of the draft (default: detected)")
    parser.add_argument("--kind", choices=(*KINDS, SPONSORED_POST),
                        help="statement kind: adds the principles checklist; sponsored_post: the advertising checks")
    parser.add_argument("--deal", type=int, metavar="ID",
                        help="with --kind sponsored_post: the advertising-deal record (crisis-desk deal list) as context")
    parser.add_argument("--format", choices=("text", "json"), default="text", dest="output_format",
                        help="text for people (default) or json: the report object")
    parser.set_defaults(func=run)


def read_draft(name: str) -> str:
    """The draft text from a file or stdin ('-'); InputError naming the file otherwise."""
    from guardrails import MAX_SCAN_CHARS

    text = read_text(name, empty="the draft is empty, nothing to scan")
    if len(text) > MAX_SCAN_CHARS:
        label = "standard input" if name == "-" else name
        raise InputError(label, message=f"{label}: {len(text):,} characters; a statement can be at most "
                         f"{MAX_SCAN_CHARS:,} characters (the scanner's limit) — split it")
    return text


def run(args: argparse.Namespace) -> int:
    brief = None
    if args.brief:
        from assistant.brief import (
            load_brief,  # only when asked: keeps `scan` start-up light
        )

        brief = load_brief(args.brief)
    text = read_draft(args.file)
    notices = []
    if args.kind == SPONSORED_POST:
        report = _scan_sponsored(text, brief, args)
    elif args.deal is not None:
        raise InputError("--deal", message="--deal: only with --kind sponsored_post")
    else:
        report, notices = scan_with_review(text, brief, args.lang, args.kind)
    for notice in notices:  # the model review fell back: the offline stages' report
        print(f"warning: {notice.en}", file=sys.stderr)
    output = (
        json.dumps({**report.model_dump(), **({"warnings": [n.en for n in notices]} if notices else {})},
                   ensure_ascii=False, indent=2)
        if args.output_format == "json"
        else render_text(text, report)
    )
    try:
        print(output)
        sys.stdout.flush()
    except BrokenPipeError:  # `crisis-desk scan … | head`: the reader left, not an error
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - silence the flush at exit
    return 1 if report.needs_review else 0


def _scan_sponsored(text: str, brief, args: argparse.Namespace) -> ScanReport:
    from assistant.services.ads import get_deal, scan_post

    deal = None
    if args.deal is not None:
        from assistant.store import open_store

        deal = get_deal(open_store(), args.deal)
    return scan_post(text, deal, lang=args.lang, brief=brief)


def _marked(text: str, start: int, end: int) -> str:
    """The sentence(s) around ``text[start:end]`` with the span between » and «."""
    spans = sentences(text) or [(0, len(text))]
    s_start = min((a for a, b in spans if b > start), default=start)
    s_start = min(s_start, start)
    s_end = max((b for a, b in spans if a < end), default=end)
    s_end = max(s_end, end)
    line = text[s_start:start] + "»" + text[start:end] + "«" + text[end:s_end]
    return " ".join(line.split())


def render_text(text: str, report: ScanReport) -> str:
    words = _WORDS[report.language]
    out: list[str] = []
    for number, f in enumerate(report.findings, 1):
        label, _ = describe_category(f.category, report.language)
        route = words["routes"][f.route]
        out.append(f"{number}. [{f.severity}] {label} ({f.category}) → {route}  @{f.start}-{f.end}")
        out.append(f"   {_marked(text, f.start, f.end)}")
        out.append(f"   {words['why']}: {f.rationale}")
        if f.suggestion:
            out.append(f"   {words['instead']}: {f.suggestion}")
        out.append("")
    for category, count in report.omitted.items():
        from guardrails.scanner import MAX_FINDINGS_PER_CATEGORY

        label, _ = describe_category(category, report.language)
        out.append(words["omitted"].format(count=count, label=label, limit=MAX_FINDINGS_PER_CATEGORY))
        out.append("")
    if report.checklist:
        out.append(words["checklist"] + ":")
        for item in report.checklist:
            label, _ = describe_checklist_item(item.id, report.language)
            state = words["met"] if item.met else words["missing"]
            extra = "" if item.required else f" ({words['optional']})"
            evidence = f" — “{item.evidence}”" if item.evidence else ""
            out.append(f"   [{'x' if item.met else ' '}] {label}: {state}{extra}{evidence}")
        out.append("")
    if report.needs_review:
        routes = ", ".join(words["routes"][r] for r in report.needs_review)
        out.append(words["review"].format(routes=routes))
    else:
        out.append(words["none"])
    return "\n".join(out)
