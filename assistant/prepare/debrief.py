"""A drill's debrief figures, computed from what the team did (pure: no database).

- time to the first approved statement, in scenario minutes, against the plan's target;
- the playbook's required checklist items ticked;
- guardrail findings left open (on texts not approved: the latest version of each
  unapproved draft and the latest answer to each inject);
- injects that needed an answer and got one;
- promises made (guardrail findings of the categories that commit the speaker).
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from guardrails.report import ScanReport

PROMISE_CATEGORIES = ("compensation_promise", "absolute_guarantee")


class DebriefScores(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    drill_id: int
    script_id: str
    team: str
    finished: bool
    minutes_played: float
    first_approved_minutes: float | None    # scenario minutes; None: no statement approved yet
    target_minutes: int
    required_items: list[str]
    items_done: list[str]
    open_findings: int
    injects_to_answer: list[str]            # due injects that needed an answer
    injects_answered: list[str]
    promises: list[str]                     # the promising phrases, as written

    @property
    def target_met(self) -> bool:
        return self.first_approved_minutes is not None and self.first_approved_minutes <= self.target_minutes

    @property
    def items_missing(self) -> list[str]:
        return [i for i in self.required_items if i not in self.items_done]


def open_findings(reports: list[ScanReport | None]) -> int:
    """Findings on texts nobody approved; a text whose scan failed counts as one."""
    return sum(1 if r is None else len(r.findings) for r in reports)


def promises(reports: list[ScanReport | None]) -> list[str]:
    return [f.text for r in reports if r is not None for f in r.findings if f.category in PROMISE_CATEGORIES]
