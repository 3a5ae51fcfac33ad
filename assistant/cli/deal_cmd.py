"""``crisis-desk deal``: advertising-deal records (issue 18).

    crisis-desk deal list                      every record: id, advertiser, product, posts
    crisis-desk deal show ID [--lang vi|en]    the record, the checklist of each post
    crisis-desk deal add FILE                  a new record from YAML (see examples/deal_*.yaml)
    crisis-desk deal ready ID POST_ID          mark a post ready (only when its checklist passes)
    crisis-desk deal export ID --out FILE      the record as Word (.docx) or PDF

Bad input (a file, a field, an unknown id, a post that fails its checklist) exits 2 with a
message naming what is wrong.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from pathlib import Path

from assistant.catalog import LANGUAGES
from assistant.errors import InputError


def register(subparsers) -> None:
    p = subparsers.add_parser("deal", help="advertising-deal records: list, show, add, ready, export",
                              description="Advertising-deal records: what was checked about an advertiser "
                                          "and a product before a sponsored post goes out.")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", metavar="URL", default=None,
                        help="database URL (default: CRISIS_DESK_DB, else the SQLite file in the user data folder)")
    common.add_argument("--by", metavar="NAME", default=None, help="who is acting (default: the login name)")
    sub = p.add_subparsers(dest="action", metavar="ACTION")
    sub.required = True

    def action(name: str, help: str) -> argparse.ArgumentParser:
        return sub.add_parser(name, help=help, parents=[common])

    ls = action("list", "every advertising-deal record")
    ls.add_argument("--format", choices=("text", "json"), default="text", dest="output_format")
    show = action("show", "one record with the checklist of each post")
    show.add_argument("deal_id", type=int, metavar="ID")
    show.add_argument("--lang", choices=LANGUAGES, default="vi")
    show.add_argument("--format", choices=("text", "json"), default="text", dest="output_format")
    add = action("add", "a new record from a YAML file")
    add.add_argument("file", metavar="FILE")
    ready = action("ready", "mark a post ready to publish (its checklist must pass)")
    ready.add_argument("deal_id", type=int, metavar="ID")
    ready.add_argument("post_id", type=int, metavar="POST_ID")
    ready.add_argument("--lang", choices=LANGUAGES, default="vi")
    export = action("export", "the record as a Word or PDF file")
    export.add_argument("deal_id", type=int, metavar="ID")
    export.add_argument("--out", metavar="FILE", required=True, help="FILE.docx or FILE.pdf ('-': stdout)")
    export.add_argument("--format", choices=("docx", "pdf"), default=None, help="default: from the --out suffix")
    export.add_argument("--lang", choices=LANGUAGES, default="vi")
    p.set_defaults(func=run)


def _say(text: str) -> None:
    try:
        print(text)
        sys.stdout.flush()
    except BrokenPipeError:  # `crisis-desk deal list | head`: the reader left, not an error
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - silence the flush at exit


def run(args: argparse.Namespace) -> int:
    from assistant.services import ads
    from assistant.store import open_store

    store = open_store(args.db)
    actor = args.by or getpass.getuser()
    if args.action == "list":
        deals = ads.list_deals(store)
        if args.output_format == "json":
            _say(json.dumps([d.model_dump(mode="json") for d in deals], ensure_ascii=False, indent=2))
        for d in deals if args.output_format == "text" else []:
            ready = sum(p.status == "ready" for p in d.posts)
            _say(f"{d.id}\t{d.advertiser}\t{d.product}\t{d.product_class}\t{len(d.posts)} post(s), {ready} ready")
        if not deals and args.output_format == "text":
            print("no advertising-deal records yet (crisis-desk deal add FILE)", file=sys.stderr)
        return 0
    if args.action == "add":
        from assistant.ads.schema import load_deal

        deal = ads.create_deal(store, load_deal(args.file), actor)
        print(f"deal {deal.id} added: {deal.product} ({len(deal.documents)} document(s), {len(deal.posts)} post(s))")
        return 0
    if args.action == "ready":
        post = ads.mark_ready(store, args.deal_id, args.post_id, actor, args.lang)
        print(f"post {post.id} of deal {args.deal_id} is ready (by {post.ready_by})")
        return 0
    if args.action == "export":
        return _export(store, args)
    return _show(store, args)


def _show(store, args) -> int:
    from assistant.ads.evidence import evidence_lines
    from assistant.ads.labels import ad_labels
    from assistant.services import ads

    deal = ads.get_deal(store, args.deal_id)
    if args.output_format == "json":
        data = deal.model_dump(mode="json")
        data["checklists"] = {str(p.id): [i.__dict__ for i in ads.post_readiness(store, deal.id, p.id, args.lang)]
                              for p in deal.posts}
        _say(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    L = ad_labels(args.lang)
    for line in evidence_lines(deal, args.lang):
        print(line)
    for post in deal.posts:
        print(f"\n{L.fields.posts} #{post.id} ({post.channel}, {post.status}):")
        print("  " + post.text.strip().replace("\n", "\n  "))
        for item in ads.post_readiness(store, deal.id, post.id, args.lang):
            mark = "x" if item.met else (" " if item.required else "-")
            evidence = f" — {item.evidence}" if item.evidence else ""
            print(f"  [{mark}] {L.checklist[item.id][0]}{evidence}")
    return 0


def _export(store, args) -> int:
    from assistant.cli.files import write_output
    from assistant.services import ads

    fmt = args.format or {".docx": "docx", ".pdf": "pdf"}.get(Path(args.out).suffix.lower())
    if fmt is None:
        raise InputError(args.out, message=f"{args.out}: --out: say --format docx|pdf or end the name in .docx/.pdf")
    write_output(args.out, ads.export_deal_record(store, args.deal_id, fmt, args.lang))
    print(f"exported deal {args.deal_id} as {fmt} to {'stdout' if args.out == '-' else args.out}", file=sys.stderr)
    return 0
