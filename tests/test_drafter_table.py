"""The writer's table test: every example and test brief, in every kind x channel x language
it supports, read the way a PR lead reads it — every required checklist item met, the
speaker's own voice, never the speaker in the third person (outside press releases), one
language only, the internal title never quoted, no lawyer finding under the real scanner,
and the channel's form (Instagram length, X posts, press release parts, video duration,
e-mail subject). A language the brief cannot support offline gives a clear error instead."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pytest

from assistant.brief import load_brief
from assistant.catalog import CHANNELS, INSTAGRAM_CAPTION_LIMIT, KINDS, X_POST_LIMIT
from assistant.services.drafting import draft
from assistant.drafting.context import build_context
from assistant.drafting.offline import MissingTranslations, missing_translations
from assistant.drafting.request import build_request
from guardrails.text import fold_plain
from tests import statement_checks as checks

ROOT = Path(__file__).resolve().parent.parent
BRIEFS = sorted([*ROOT.glob("examples/brief.*.yaml"), *ROOT.glob("tests/data/briefs/*.yaml")])
VI_PLURAL = ("chúng tôi", "chúng mình", "chúng em")


@lru_cache(maxsize=None)
def brief_of(path: Path):
    return load_brief(path)


def supported(brief) -> list[str]:
    """The brief's language, and the other one when every item has its translation."""
    out = [brief.language]
    other = "en" if brief.language == "vi" else "vi"
    if not any(missing_translations(build_request(brief, k, c, other)) for k in KINDS for c in CHANNELS):
        out.append(other)
    return out


def declared_self(brief, lang: str) -> str:
    """How the brief says the speaker refers to themselves in ``lang`` (read from the brief
    itself, not from the drafter)."""
    own = brief.text_in(brief.speaker.self_reference, lang)
    if own:
        return own
    primary = brief.speaker.self_reference or ""
    return "we" if primary.lower() in (*VI_PLURAL, "we") else "I"


def names_to_keep(brief, lang: str) -> list[str]:
    """Proper names a statement may carry as they are: page names, handles, addresses."""
    keep = [brief.speaker.handle, brief.contact, brief.text_in(brief.contact, lang)]
    keep += [brief.text_in(c, lang) for c in brief.official_channels]
    if brief.pr_contact:
        pr = brief.pr_contact
        keep += [pr.name, pr.email, pr.phone, brief.text_in(pr.organisation, lang)]
    return [k for k in keep if k]


CASES = [(path, lang, kind, channel) for path in BRIEFS for lang in supported(brief_of(path))
         for kind in KINDS for channel in CHANNELS]


def test_the_table_covers_every_brief_and_both_languages():
    assert len(BRIEFS) >= 9
    langs = {(p.name, lang) for p, lang, _, _ in CASES}
    assert sum(1 for p in BRIEFS if (p.name, "vi") in langs and (p.name, "en") in langs) >= 5
    assert len(CASES) >= len(BRIEFS) * len(KINDS) * len(CHANNELS)


def problems(path, lang, kind, channel) -> tuple[str, list[str]]:
    """The statement and what a reader would object to in it (empty: publishable)."""
    brief = brief_of(path)
    d = draft(brief, kind=kind, channel=channel, lang=lang, backend="offline")
    text, name, role = d.text, brief.speaker.name, brief.speaker.role
    self_ref = declared_self(brief, lang)
    keep = names_to_keep(brief, lang)
    found = [f"checklist: {c.id}" for c in d.scan.checklist if c.required and not c.met]
    found += [f"voice: {v}" for v in checks.voice(text, name=name, self_ref=self_ref, lang=lang, keep=keep)]
    if channel != "press_release":
        found += [f"third person: {t}" for t in
                  checks.third_person(text, name=name, role=role, self_ref=self_ref, lang=lang, keep=keep)]
    found += [f"other language: {w}" for w in checks.mixed_language(text, lang=lang, keep=[*keep, name])]
    if fold_plain(brief.incident.title) in fold_plain(text):
        found.append("internal title quoted")
    found += [f"seam: {s}" for s in checks.seams(text)]
    found += [f"lawyer: {f.category}: {f.text}" for f in d.scan.findings if f.route == "lawyer"]
    found += [f"form: {f}" for f in _channel_form(d, brief, lang, kind, channel)]
    return text, found


@pytest.mark.parametrize("path,lang,kind,channel", CASES,
                         ids=[f"{p.stem}-{lang}-{k}-{c}" for p, lang, k, c in CASES])
def test_statement_reads_as_published(path, lang, kind, channel):
    text, found = problems(path, lang, kind, channel)
    assert found == [], text


def _channel_form(d, brief, lang, kind, channel) -> list[str]:
    text, out = d.text, []
    if channel == "instagram":
        if len(text) > INSTAGRAM_CAPTION_LIMIT or [w for w in d.warnings if "Instagram" in w]:
            out.append(f"Instagram caption of {len(text)} characters")
    elif channel == "x":
        out += [f"post over {X_POST_LIMIT}" for p in d.posts if len(p) > X_POST_LIMIT]
        if kind == "holding" and len(d.posts) > 6:
            out.append(f"holding thread of {len(d.posts)} posts")
        bodies = [re.sub(r"^\d+/\d+ ", "", p) for p in d.posts]
        context = build_context(build_request(brief, kind, channel, lang))
        for item in [*context["facts"], *context["done"], *context["checking_inline"]]:
            core = item.rstrip(".")
            if len(core) < X_POST_LIMIT - 10 and not any(core in b for b in bodies) and core[:30] in text:
                out.append(f"list item split across posts: {item}")
    elif channel == "press_release":
        lines = text.splitlines()
        if not lines[0] or lines[0].endswith(".") or lines[1] != "":
            out.append("no headline")
        pr = brief.pr_contact
        if pr and pr.city and not lines[2].startswith(brief.text_in(pr.city, lang).upper() + ", "):
            out.append("no dateline city")
        if not re.search(r"\d", lines[2].split("—")[0]):
            out.append("no dateline date")
        if ("VỀ " if lang == "vi" else "ABOUT ") + brief.speaker.name.upper() not in lines:
            out.append("no About paragraph")
        contact = text.split("Liên hệ báo chí:" if lang == "vi" else "Media contact:")
        who = contact[1].strip().splitlines()[0].split(" — ")[0] if len(contact) > 1 else ""
        if not who or who == brief.speaker.name or (pr and who != pr.name):
            out.append("media contact is not the PR contact")
    elif channel == "video_script":
        if not (d.duration_seconds and re.match(r"(Kịch bản video|Video script) — ", text)):
            out.append("no speaking time")
    elif channel == "email" and not re.match(r"(Tiêu đề|Subject): \S", text):
        out.append("no subject line")
    return out


UNSUPPORTED = [(p, "en" if brief_of(p).language == "vi" else "vi") for p in BRIEFS
               if len(supported(brief_of(p))) == 1]


@pytest.mark.parametrize("path,lang", UNSUPPORTED, ids=[p.stem for p, _ in UNSUPPORTED])
def test_a_language_without_translations_is_refused_naming_the_items(path, lang):
    brief = brief_of(path)
    with pytest.raises(MissingTranslations) as info:
        draft(brief, kind="holding", channel="facebook", lang=lang, backend="offline")
    err = info.value
    assert err.exit_code == 2 and err.missing
    fields = [p.field for p in err.problems]
    assert any(f.startswith("confirmed_facts[") for f in fields)
    for field, text in err.missing:
        assert field in err.message and text in err.message
