"""``crisis-desk playbook list|show``: the scenario playbooks (``playbooks/*.yaml``)."""

from __future__ import annotations

import argparse

from assistant.catalog import LANGUAGES

HELP = "List the scenario playbooks or show one (checklist, questions, risks, holding statement)."


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("playbook", help=HELP, description=HELP)
    sub = p.add_subparsers(dest="action", metavar="ACTION")
    sub.required = True
    ls = sub.add_parser("list", help="one scenario per line, its id first")
    ls.add_argument("--lang", choices=LANGUAGES, default="vi", help="language of the titles (default vi)")
    ls.set_defaults(func=run_list)
    show = sub.add_parser("show", help="everything a playbook holds")
    show.add_argument("id", metavar="ID", help="playbook id (see `crisis-desk playbook list`)")
    show.add_argument("--lang", choices=LANGUAGES, default="vi", help="language (default vi)")
    show.set_defaults(func=run_show)


def run_list(args: argparse.Namespace) -> int:
    from assistant.prepare.playbook import load_playbooks

    for pid, pb in load_playbooks().items():
        print(f"{pid}\t{pb.severity}\t{pb.title.pick(args.lang)}")
    return 0


HEADINGS = {
    "vi": ("Mức độ", "Việc cần làm trong giờ đầu", "bắt buộc", "Câu hỏi hồ sơ phải trả lời", "Rủi ro cần tránh",
           "Cần liên hệ", "Thông báo giữ chỗ (mẫu)", "Ô cần điền"),
    "en": ("Severity", "First-hour checklist", "required", "Questions the brief must answer", "Risks to avoid",
           "Stakeholders to contact", "Holding statement (template)", "Slots"),
}


def format_playbook(pb, lang: str) -> str:
    from guardrails.categories import describe_category

    h = HEADINGS[lang]
    lines = [f"{pb.id}: {pb.title.pick(lang)}", pb.summary.pick(lang), "", f"{h[0]}: {pb.severity}", "", f"{h[1]}:"]
    lines += [f"  [ ] {s.pick(lang)}" + (f" ({h[2]})" if s.required else "") + f"  [{s.id}]" for s in pb.checklist]
    lines += ["", f"{h[3]}:"] + [f"  - {q.pick(lang)}" for q in pb.questions]
    lines += ["", f"{h[4]}:"] + [f"  - {describe_category(r.category, lang)[0]} ({r.category}): {r.pick(lang)}"
                                 for r in pb.risks]
    lines += ["", f"{h[5]}:"] + [f"  - {s.pick(lang)}" for s in pb.stakeholders]
    lines += ["", f"{h[7]}:"] + [f"  {{{name}}}: {slot.pick(lang)}" + (f" ← {slot.from_brief}" if slot.from_brief else "")
                                 for name, slot in pb.slots.items()]
    lines += ["", f"{h[6]}:", pb.holding_template(lang), "", f"SHA-256: {pb.template_sha256(lang)}"]
    return "\n".join(lines)


def run_show(args: argparse.Namespace) -> int:
    from assistant.prepare.playbook import get_playbook

    print(format_playbook(get_playbook(args.id), args.lang))
    return 0
