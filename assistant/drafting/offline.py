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

# Channels read aloud or cut into posts get lists as sentences instead of bullets.
_PROSE_CHANNELS = ("x", "video_script")


def _render_text(request: DraftRequest, compact: bool = False) -> str:
    context = build_context(request)
    context["prose"] = compact or request.channel in _PROSE_CHANNELS
    if compact:  # an Instagram caption over the limit: drop the summary first
        context["summary"] = None
    lang = request.language
    heading = tidy(render(f"offline/{lang}/heading.j2", **context))
    body = tidy(render(f"offline/{lang}/{request.kind}.j2", **context))
    return tidy(render(f"offline/{lang}/channel_{request.channel}.j2", heading=heading, body=body, **context))


def offline_form(request: DraftRequest) -> ChannelForm:
    """The offline statement in channel form (text, posts, duration, warnings)."""
    text = _render_text(request)
    if request.channel == "instagram" and len(text) > INSTAGRAM_CAPTION_LIMIT:
        text = _render_text(request, compact=True)
    return to_channel_form(text, request.channel, request.language)


def render_offline(request: DraftRequest) -> str:
    """The full statement text in channel form (see the module docstring)."""
    return offline_form(request).text
