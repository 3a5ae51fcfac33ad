"""The review rules, pure and table-testable (no database here).

A version needs the approval of every role its guardrail findings route to (``lawyer``,
``pr``); a version without findings needs at least one approval of either role. Approval
is bound to the version number and the SHA-256 of its text: a new version starts with no
approval. For each role the most recent decision counts, so a reviewer can change their
mind; any role whose latest decision is ``changes_requested`` blocks the version.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

ROLE_ORDER = ("lawyer", "pr")


def text_sha256(text: str) -> str:
    """SHA-256 of the UTF-8 text, exactly as given (no Unicode normalisation)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def required_roles(scan: Any) -> list[str]:
    """Roles that must approve a version with this scan report: a report (``needs_review``
    and ``findings`` with a ``route``), its JSON text as stored, or ``None``.

    A missing report (not scanned, or the scanner failed) is the riskiest case: both roles.
    """
    if scan is None:
        return list(ROLE_ORDER)
    if isinstance(scan, str):
        scan = json.loads(scan)
    if isinstance(scan, dict):
        routes = set(scan.get("needs_review", ())) | {f.get("route") for f in scan.get("findings", ())}
    else:
        routes = set(scan.needs_review) | {f.route for f in scan.findings}
    return [r for r in ROLE_ORDER if r in routes]


@dataclass(frozen=True)
class Decision:
    role: str
    decision: str


def latest_by_role(decisions: Iterable[Decision]) -> dict[str, str]:
    """The most recent decision of each role (``decisions`` in time order)."""
    latest: dict[str, str] = {}
    for d in decisions:
        latest[d.role] = d.decision
    return latest


def review_status(required: list[str], decisions: Iterable[Decision]) -> str:
    """``in_review``, ``approved`` or ``changes_requested`` for a submitted version."""
    latest = latest_by_role(decisions)
    if "changes_requested" in latest.values():
        return "changes_requested"
    return "approved" if not missing_approvals(required, latest) else "in_review"


def missing_approvals(required: list[str], latest: dict[str, str]) -> list[str]:
    """Who still has to approve (``["lawyer or pr"]`` when any one approval will do)."""
    approved = {role for role, decision in latest.items() if decision == "approved"}
    if not required:
        return [] if approved else ["lawyer or pr"]
    return [r for r in required if r not in approved]


def is_approved(required: list[str], decisions: Iterable[Decision]) -> bool:
    return review_status(required, decisions) == "approved"
