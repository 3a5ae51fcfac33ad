"""The fixed vocabularies of the product: statement kinds, channels, languages, limits."""

from __future__ import annotations

from typing import Literal, get_args

Language = Literal["vi", "en"]
Kind = Literal["holding", "apology", "update", "correction", "closing", "sponsor_notice"]
Channel = Literal["facebook", "instagram", "x", "video_script", "press_release", "email"]
Fault = Literal["established", "partial", "disputed", "unknown", "none"]
Role = Literal["kol", "management", "brand"]
Scenario = Literal[
    "offensive_content",
    "product_issue",
    "misleading_ad",
    "personal_conduct",
    "charity_finance",
    "plagiarism",
    "privacy_leak",
    "misinformation_about_kol",
    "account_compromise",
    "other",
]

LANGUAGES: tuple[str, ...] = get_args(Language)
KINDS: tuple[str, ...] = get_args(Kind)
CHANNELS: tuple[str, ...] = get_args(Channel)
FAULTS: tuple[str, ...] = get_args(Fault)
ROLES: tuple[str, ...] = get_args(Role)
SCENARIOS: tuple[str, ...] = get_args(Scenario)

# Channel limits from cli.md (characters). None: no hard limit.
X_POST_LIMIT = 280
INSTAGRAM_CAPTION_LIMIT = 2200
CHANNEL_LIMITS: dict[str, int | None] = {
    "facebook": None,
    "instagram": INSTAGRAM_CAPTION_LIMIT,
    "x": X_POST_LIMIT,  # per post
    "video_script": None,
    "press_release": None,
    "email": None,
}
