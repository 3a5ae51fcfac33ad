"""What each role on an incident may do (pure, table-tested).

A lawyer may be an outside firm: review-only, seeing that incident's drafts and exports
and nothing else. A viewer reads everything of the incident and changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable

# action -> roles that may do it on the incident
ACTIONS: dict[str, frozenset[str]] = {
    "see_incident": frozenset({"owner", "drafter", "pr_lead", "lawyer", "viewer"}),
    "see_brief": frozenset({"owner", "drafter", "pr_lead", "viewer"}),
    "edit_brief": frozenset({"owner", "drafter"}),
    "write_draft": frozenset({"owner", "drafter"}),
    "submit": frozenset({"owner", "drafter"}),
    "review": frozenset({"owner", "drafter", "pr_lead", "lawyer", "viewer"}),  # the page; approving needs the role
    "approve_lawyer": frozenset({"lawyer"}),
    "approve_pr": frozenset({"pr_lead"}),
    "publish": frozenset({"owner", "pr_lead"}),
    "see_timeline": frozenset({"owner", "drafter", "pr_lead", "viewer"}),
    "replies": frozenset({"owner", "drafter", "pr_lead"}),
    "export": frozenset({"owner", "drafter", "pr_lead", "lawyer", "viewer"}),
    "manage_members": frozenset({"owner"}),
    "choose_model": frozenset({"owner", "drafter", "pr_lead"}),
}

# the page a role needs an action for (pages not listed need only to be signed in)
PAGE_ACTIONS = {
    "brief": "see_brief", "draft": "write_draft", "review": "review", "timeline": "see_timeline",
    "replies": "replies", "export": "export", "admin": "manage_members", "settings": "choose_model",
}


def can(roles: Iterable[str], action: str) -> bool:
    return bool(set(roles) & ACTIONS[action])


def review_action(review_role: str) -> str:
    return {"lawyer": "approve_lawyer", "pr": "approve_pr"}[review_role]
