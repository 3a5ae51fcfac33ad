"""Trust tracking: fan comments imported week by week after the incident, read through the
fan Q&A triage — volume, the shares that are negative and supportive, the top open questions."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable

from pydantic import BaseModel, ConfigDict, Field

from assistant.recovery.facts import comment_day
from assistant.recovery.models import BatchComment

NEGATIVE = frozenset({"criticism", "harassment", "legal_threat", "rumor"})
SUPPORTIVE = frozenset({"support"})
TOP_QUESTIONS = 3


class OpenQuestion(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    text: str   # one comment of the group, protected names masked
    count: int


class TrustWeek(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    week: dt.date  # the Monday the week starts on
    total: int
    negative: int
    supportive: int
    questions: list[OpenQuestion] = Field(default_factory=list)

    @property
    def negative_share(self) -> float:
        return self.negative / self.total if self.total else 0.0

    @property
    def supportive_share(self) -> float:
        return self.supportive / self.total if self.total else 0.0


def week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def trust_weeks(batches: Iterable[tuple[dt.datetime, list[BatchComment]]], tz: dt.tzinfo,
                mask: Callable[[str], str] = lambda text: text) -> list[TrustWeek]:
    """One row per week that has comments, oldest first. ``mask`` hides protected names in
    the question samples (they are shown to people and go into the report)."""
    weeks: dict[dt.date, list[BatchComment]] = defaultdict(list)
    for imported_at, comments in batches:
        for c in comments:
            weeks[week_start(comment_day(c, imported_at, tz))].append(c)
    rows = []
    for week, comments in sorted(weeks.items()):
        asked: Counter = Counter()
        sample: dict[str, str] = {}
        for c in comments:
            if c.category == "question":
                key = c.group_key or c.text.strip().lower()
                asked[key] += 1
                sample.setdefault(key, c.text.strip())
        questions = [OpenQuestion(text=mask(sample[k])[:300], count=n) for k, n in asked.most_common(TOP_QUESTIONS)]
        rows.append(TrustWeek(week=week, total=len(comments),
                              negative=sum(c.category in NEGATIVE for c in comments),
                              supportive=sum(c.category in SUPPORTIVE for c in comments), questions=questions))
    return rows
