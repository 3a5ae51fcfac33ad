"""Scoring fan Q&A on a labelled set (tests/data/fanqa/*.csv): the route each comment gets,
its class, whether the reply carries what was asked, and replies to protected-person
comments. One scorer, used by the tests and printed by them."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "fanqa"
LOT = re.compile(r"\bKD[\s-]?(\d{4})\b", re.I)

# What a reply must carry for each thing a comment asks (any marker of the list). Markers are
# the brief's own language-neutral items: the hotline, the e-mail, dates, lot codes.
CONTACT = ("1900 6868", "hotro@havy.vn")
ASKED = {
    "refund": CONTACT,                       # how: send the order number to the hotline
    "send_info": CONTACT,
    # the next update, or the results' date (dd/mm in Vietnamese, "5 December" in English)
    "next_update": ("02/12/2026", "05/12", "2 December 2026", "5 December 2026"),
    "safety": ("05/12", "5 December 2026"),  # the open cause, with the date it will be answered by
}


@dataclass
class Row:
    id: str
    text: str
    category: str
    action: str
    asks: list[str]
    lot: str | None
    harm: bool


def rows(name: str) -> list[Row]:
    with open(DATA / f"{name}.csv", encoding="utf-8", newline="") as f:
        return [Row(r["id"], r["text"], r["category"], r["action"], [a for a in r["asks"].split(";") if a],
                    r["lot"] or None, r["harm"] == "y") for r in csv.DictReader(f)]


def lots(text: str) -> set[str]:
    return {f"KD-{m}" for m in LOT.findall(text)}


def carries(reply: str, asked: str, row: Row) -> bool:
    if asked == "lot":
        said = lots(reply)
        return (row.lot in said and said <= {row.lot}) if row.lot else "KD-0911" in said
    return any(m in reply for m in ASKED[asked])


@dataclass
class Score:
    n: int = 0
    route_ok: int = 0
    class_ok: int = 0
    asked: int = 0
    asked_ok: int = 0
    protected_replied: list[str] = field(default_factory=list)
    harm_hidden: list[str] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)

    @property
    def route_accuracy(self) -> float:
        return self.route_ok / self.n

    @property
    def class_accuracy(self) -> float:
        return self.class_ok / self.n

    @property
    def asked_rate(self) -> float:
        return self.asked_ok / self.asked if self.asked else 1.0

    def line(self, label: str) -> str:
        return (f"{label}: route {self.route_accuracy:.3f} ({self.route_ok}/{self.n}), class {self.class_accuracy:.3f}, "
                f"reply carries what was asked {self.asked_rate:.3f} ({self.asked_ok}/{self.asked}), "
                f"protected-person comments replied to {len(self.protected_replied)}, harm hidden {len(self.harm_hidden)}")


def score(labelled: list[Row], outcome: dict[str, tuple[str, str, str]]) -> Score:
    """``outcome``: comment id -> (class, route, reply text)."""
    s = Score()
    for row in labelled:
        category, action, reply = outcome[row.id]
        s.n += 1
        s.route_ok += action == row.action
        s.class_ok += category == row.category
        if action != row.action:
            s.misses.append(f"{row.id} route {action} != {row.action}: {row.text}")
        if "person" in row.asks and reply.strip():
            s.protected_replied.append(row.id)
        if row.harm and action == "hide":
            s.harm_hidden.append(row.id)
        if row.action in ("reply", "pr"):
            for asked in row.asks:
                if asked == "person":
                    continue
                s.asked += 1
                if carries(reply, asked, row):
                    s.asked_ok += 1
                else:
                    s.misses.append(f"{row.id} lacks {asked}: {row.text} -> {reply}")
    return s


def run_offline(name: str) -> Score:
    from assistant.brief import load_brief
    from assistant.services.replies import answer_comments
    from assistant.replies.models import Comment

    labelled = rows(name)
    brief = load_brief(DATA / "brief.vi.yaml")
    statement = (DATA / "statement.vi.txt").read_text(encoding="utf-8")
    result = answer_comments([Comment(id=r.id, text=r.text) for r in labelled], brief, statement, backend="offline")
    outcome = {}
    for t in result.triaged:
        reply = result.replies[t.group_key]
        outcome[t.comment.id] = (t.triage.category, reply.action, reply.text)
    return score(labelled, outcome)
