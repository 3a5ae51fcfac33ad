"""The offline drafter: the default back end. No network, no key, deterministic.

``render_offline(request) -> str`` renders ``prompts/offline/<lang>/<kind>.j2`` (the body,
written for the brief's ``fault`` and the speaker's role), ``heading.j2`` (update number,
headline, e-mail subject) and ``channel_<channel>.j2`` (greeting, form, signature), then
puts the result in channel form with :func:`~assistant.drafting.channels.to_channel_form`
— so an X text is the numbered thread, posts separated by a blank line, and splitting it
again gives the same posts.
"""

from __future__ import annotations

from assistant.catalog import INSTAGRAM_CAPTION_LIMIT
from assistant.drafting.channels import ChannelForm, to_channel_form
from assistant.drafting.context import build_context
from assistant.drafting.request import DraftRequest
from assistant.drafting.templates import render, tidy
from assistant.errors import InputError, Problem

_LANGUAGE_NAMES = {"vi": "Vietnamese", "en": "English"}
# Only a press release uses these.
_PRESS_ONLY = ("pr_contact.", "speaker.about")


class MissingTranslations(InputError):
    """The statement's language lacks the text of some brief items (``missing``: field, text)."""

    def __init__(self, lang: str, missing: list[tuple[str, str]]):
        self.lang = lang
        self.missing = list(missing)
        name = _LANGUAGE_NAMES[lang]
        problems = [Problem(field, f"no {name} text for “{text}” — write the item as "
                            f"{{vi: …, en: …}}", type="translation_missing", value=text)
                    for field, text in missing]
        lines = [f"brief: cannot write the statement in {name} offline: {len(missing)} item(s) have no "
                 f"{name} text (add `{lang}:` to each, or use the model back end, which translates):"]
        lines += [f"  - {p.describe()}" for p in problems]
        super().__init__("brief", problems, "\n".join(lines))


def missing_translations(request: DraftRequest, context: dict | None = None) -> list[tuple[str, str]]:
    """The brief items this statement would use that have no text in its language."""
    context = context or build_context(request)
    press = request.channel == "press_release"
    return [(f, t) for f, t in context["missing"] if press or not f.startswith(_PRESS_ONLY)]

# Channels read aloud or cut into posts get lists as sentences instead of bullets.
_PROSE_CHANNELS = ("x", "video_script")


# An Instagram caption over the limit keeps this many items of each list (the rest is on the
# channels the caption points to), so its facts, next update, channels and contact stay in.
_COMPACT_ITEMS = 2
_LEFT_OUT = {
    "vi": "Chú thích Instagram: đã lược {n} mục để vừa {limit} ký tự (các kênh chính thức có đủ) — hãy kiểm tra.",
    "en": "Instagram caption: {n} item(s) left out to fit {limit} characters (the official channels have them all) — check it.",
}


def _compact(context: dict) -> int:
    """Shorten the lists in place; the number of items left out."""
    left = 0
    for key in ("facts", "checking", "checking_inline", "done", "planned"):
        items = context[key]
        if len(items) > _COMPACT_ITEMS:
            if key != "checking_inline":
                left += len(items) - _COMPACT_ITEMS
            context[key] = items[:_COMPACT_ITEMS]
    context["account"] = None
    return left


def _render_text(request: DraftRequest, compact: bool = False) -> tuple[str, int]:
    """The statement text, and how many list items a compact caption left out."""
    context = build_context(request)
    missing = missing_translations(request, context)
    if missing:
        raise MissingTranslations(request.language, missing)
    context["prose"] = compact or request.channel in _PROSE_CHANNELS
    context["left_out"] = _compact(context) if compact else 0
    lang = request.language
    heading = tidy(render(f"offline/{lang}/heading.j2", **context))
    body = tidy(render(f"offline/{lang}/{request.kind}.j2", **context))
    text = tidy(render(f"offline/{lang}/channel_{request.channel}.j2", heading=heading, body=body, **context))
    return text, context["left_out"]


def offline_form(request: DraftRequest) -> ChannelForm:
    """The offline statement in channel form (text, posts, duration, warnings)."""
    text, _ = _render_text(request)
    notes: list[str] = []
    if request.channel == "instagram" and len(text) > INSTAGRAM_CAPTION_LIMIT:
        text, left = _render_text(request, compact=True)
        if left:
            notes.append(_LEFT_OUT[request.language].format(n=left, limit=f"{INSTAGRAM_CAPTION_LIMIT:,}"))
    form = to_channel_form(text, request.channel, request.language)
    return form.model_copy(update={"warnings": [*notes, *form.warnings]}) if notes else form


def render_offline(request: DraftRequest) -> str:
    """The full statement text in channel form (see the module docstring)."""
    return offline_form(request).text
