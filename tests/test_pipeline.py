"""The drafting pipeline: prompt → back end → clean-up → channel form → guardrail scan.

Pure unit tests use a fake model at the back-end contract (it yields the answer word by
word, as a streaming server does); bulk drafting runs against the real loopback server.
"""

from __future__ import annotations

import asyncio
import json
import re
import threading
import unicodedata

import pytest
from pydantic import SecretStr

from assistant.backends import Backend, FallbackBackend, Finish, offline_backend, run
from assistant.backends.cleanup import clean_model_text, protected_name_in
from assistant.brief import IncidentBrief
from assistant.catalog import CHANNELS, KINDS, LANGUAGES, X_POST_LIMIT
from assistant.drafting import Draft, DraftStream, build_request
from assistant.drafting.pipeline import finish, model_request
from assistant.errors import BackendError, InputError
from assistant.services.drafting import adraft_many, draft, draft_many, draft_request, scan_draft, stream_draft
from assistant.settings import BackendSettings
from tests.openai_stub import Behaviour, OpenAIStub

CLI_JSON_KEYS = ["kind", "channel", "language", "backend", "model", "text", "posts", "warnings", "scan"]



@pytest.fixture(autouse=True)
def _no_backend_env(monkeypatch):
    """conftest clears the key/URL/model/timeout; these two are ours (a developer may set them)."""
    for var in ("CRISIS_DESK_BACKEND", "CRISIS_DESK_MAX_RETRIES"):
        monkeypatch.delenv(var, raising=False)


class FakeModelBackend:
    """A fake model at the contract: each call answers with the next scripted text,
    word by word (like a streaming server), and renders the real prompts."""

    name = "openai"
    model = "fake-model"

    def __init__(self, *answers: str):
        self.answers = iter(answers)
        self.prompts: list = []

    def execute(self, request):
        self.prompts.append(request.chat())
        yield from re.findall(r"\s*\S+|\s+", next(self.answers))
        yield Finish(reason="stop")


def wrapped(primary, fallback: bool = True) -> FallbackBackend:
    return FallbackBackend(primary, offline_backend() if fallback else None)


def run_chain(request, *answers: str, fallback: bool = True) -> Draft:
    backend = wrapped(FakeModelBackend(*answers), fallback)
    return finish(request, run(backend, model_request(request)), scan_draft)


def x_posts_are_well_formed(posts: list[str]) -> None:
    n = len(posts)
    for i, post in enumerate(posts, 1):
        assert post.startswith(f"{i}/{n} "), post[:10]
        assert len(post) <= X_POST_LIMIT


def test_backends_share_one_contract():
    assert isinstance(offline_backend(), Backend)
    assert isinstance(FakeModelBackend("x"), Backend)


# --------------------------------------------------------------------------- the chain (fake model)

MODEL_ANSWERS = [
    # id, channel, model answer, words that must survive, marks that must not
    ("fence", "facebook", "```text\nWe know some of you fell ill.\n\nWe are checking.\n```",
     ["We know some of you fell ill.", "We are checking."], ["```"]),
    ("heading-bold", "email", "# Our statement\n\nWe are **checking** every report.\n\n---\n\nMaya",
     ["Our statement", "We are checking every report.", "Maya"], ["#", "**", "---"]),
    ("crlf-blank-runs", "instagram", "First line.\r\n\r\n\r\n\r\nSecond line.", ["First line.\n\nSecond line."], ["\r"]),
]


@pytest.mark.parametrize("case", MODEL_ANSWERS, ids=[c[0] for c in MODEL_ANSWERS])
def test_model_markup_is_removed_words_kept(brief_en, case):
    _, channel, answer, kept, gone = case
    d = run_chain(build_request(brief_en, "holding", channel), answer)
    assert (d.backend, d.model, d.fallback_reason) == ("openai", "fake-model", None)
    for words in kept:
        assert words in d.text
    for mark in gone:
        assert mark not in d.text


def test_model_x_thread_is_resplit(brief_en):
    sentence = "We are checking every report about batch FB-2211 with the FreshBox quality team today. "
    long_post = sentence * 5  # ~450 characters: too long for one post
    answer = f"1/2 {long_post.strip()}\n\n2/2 Next update: 8 pm on 21 November 2026."
    d = run_chain(build_request(brief_en, "holding", "x"), answer)
    assert len(d.posts) >= 2 and len(answer) > X_POST_LIMIT
    x_posts_are_well_formed(d.posts)
    body = " ".join(p.split(" ", 1)[1] for p in d.posts)
    assert " ".join(body.split()).count("We are checking every report") == 5
    assert "1/2" not in body and "2/2" not in body and "Next update: 8 pm" in body  # numbering redone
    for f in d.scan.findings:
        assert d.text[f.start:f.end] == f.text


def test_model_output_in_nfd_becomes_nfc_and_is_scanned(brief_vi):
    answer = unicodedata.normalize("NFD", "Chúng tôi đang kiểm tra lô SR-12-1025.")
    d = run_chain(build_request(brief_vi, "holding", "facebook"), answer)
    assert d.text == unicodedata.normalize("NFC", d.text)
    assert "Chúng tôi đang kiểm tra lô SR-12-1025." in d.text
    assert d.scan.language == "vi"


@pytest.mark.parametrize("answer", ["", "   \n", "```\n```", "## \n"], ids=["empty", "blank", "fence", "heading"])
def test_empty_model_answer_falls_back(brief_en, answer):
    request = build_request(brief_en, "holding", "facebook")
    d = run_chain(request, answer)
    assert d.backend == "offline" and d.fallback_reason.code == "model_empty"
    assert d.text == draft(brief_en, "holding", "facebook", backend="offline").text
    with pytest.raises(BackendError, match="empty answer"):
        run_chain(request, answer, fallback=False)


@pytest.mark.parametrize(
    "answer",
    ["Chúng tôi đã gặp gia đình Trần Thị B.", "Chung toi da gap gia dinh tran thi b.",
     unicodedata.normalize("NFD", "Gia đình TRẦN THỊ B đã được hỗ trợ.")],
    ids=["nfc", "no-diacritics", "nfd-upper"],
)
def test_model_naming_a_protected_person_falls_back(brief_vi, answer):
    d = run_chain(build_request(brief_vi, "holding", "facebook"), answer)
    assert d.backend == "offline" and d.fallback_reason.code == "model_protected_name"
    assert d.fallback_reason.vi and d.fallback_reason.en
    assert protected_name_in(d.text, brief_vi.protected_names) is None


def test_a_protected_name_is_matched_as_words_only():
    assert protected_name_in("Trần Thị Bình", ["Trần Thị B"]) is None
    assert protected_name_in("tran thi b, 14", ["Trần Thị B"]) == "Trần Thị B"


def test_stream_through_the_chain(brief_en):
    request = build_request(brief_en, "holding", "facebook")
    answer = "We know some of you fell ill after eating the kits. We are checking."
    s = DraftStream(request, wrapped(FakeModelBackend(answer)), scan_draft)
    chunks = list(s)
    assert len(chunks) > 3 and "".join(chunks) == answer
    assert s.result.backend == "openai" and answer in s.result.text and not s.interrupted


@pytest.mark.parametrize(
    "text, channel, expected",
    [
        ("plain text\n\nstays", "facebook", "plain text\n\nstays"),
        ("1/3 One.\n\n2/3 Two.\n\n(3/3) Three.", "x", "One.\n\nTwo.\n\nThree."),
        ("1/3 One.", "facebook", "1/3 One."),  # numbering is only stripped for threads
        ("### Title ###\nBody", "email", "Title\nBody"),
        ("Keep __this__ and **that**.", "email", "Keep this and that."),
        ("#hashtag stays", "instagram", "#hashtag stays"),
        ("a  *b*  c", "email", "a  *b*  c"),
    ],
)
def test_clean_model_text(text, channel, expected):
    assert clean_model_text(text, channel) == expected
    assert clean_model_text(expected, channel) == expected  # idempotent


# --------------------------------------------------------------------------- offline, every combination

@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize("kind", KINDS)
def test_offline_draft_every_kind_channel_language(brief_vi, brief_en, kind, channel, lang):
    brief = brief_vi if lang == "vi" else brief_en
    d = draft(brief, kind=kind, channel=channel, backend="offline")
    assert (d.kind, d.channel, d.language, d.backend, d.model) == (kind, channel, lang, "offline", None)
    assert d.text.strip() and d.posts and d.fallback_reason is None
    data = d.model_dump(mode="json")
    assert list(data)[: len(CLI_JSON_KEYS)] == CLI_JSON_KEYS
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data
    assert data["scan"]["language"] == lang
    if channel == "x":
        x_posts_are_well_formed(d.posts)
    else:
        assert len(d.posts) == 1
    for f in d.scan.findings:
        assert d.text[f.start:f.end] == f.text
    assert protected_name_in(d.text, brief.protected_names) is None


@pytest.mark.parametrize(
    "configured, asked, used",
    [("auto", "auto", "openai"), ("offline", "auto", "offline"), ("openai", "offline", "offline"),
     ("offline", "openai", "openai")],
)
def test_explicit_backend_wins_auto_defers_to_settings(brief_en, configured, asked, used):
    with OpenAIStub(script=[Behaviour(content="We are checking every report.")]) as stub:
        settings = BackendSettings(backend=configured, base_url=stub.base_url, max_retries=0)
        d = draft(brief_en, "holding", "email", backend=asked, settings=settings)
    assert d.backend == used and d.fallback_reason is None


def test_language_override_and_bad_input(brief_vi):
    assert draft(brief_vi, "holding", "email", lang="en", backend="offline").language == "en"
    with pytest.raises(InputError) as info:
        draft(brief_vi, kind="press", channel="email", backend="offline")
    assert "kind" in info.value.message and info.value.exit_code == 2


def test_cli_md_python_example_and_round_trip(brief_en):
    import assistant

    d = assistant.draft(brief_en, kind="holding", channel="x", lang=None, backend="offline")
    assert d.text and d.posts and d.scan.language == "en" and d.fallback_reason is None
    assert Draft.model_validate(d.model_dump(mode="json")) == d  # the store can keep it as JSON
    assert draft_request(build_request(brief_en, "holding", "x"), backend="offline") == d


def test_offline_stream_is_one_chunk(brief_en):
    s = stream_draft(brief_en, "apology", "instagram", backend="offline")
    chunks = list(s)
    assert len(chunks) == 1
    assert s.result == draft(brief_en, "apology", "instagram", backend="offline")
    assert list(s) == []  # a stream is consumed once


def test_result_without_iterating(brief_en):
    s = stream_draft(brief_en, "holding", "x", backend="offline")
    assert s.result.posts == draft(brief_en, "holding", "x", backend="offline").posts


@pytest.mark.parametrize("close", [False, True], ids=["stopped-early", "closed"])
def test_result_after_leaving_the_stream_early(brief_en, close):
    answer = "We know some of you fell ill after eating the kits. We are checking."
    request = build_request(brief_en, "holding", "facebook")
    s = DraftStream(request, wrapped(FakeModelBackend(answer, answer)), scan_draft)
    chunks = iter(s)
    assert next(chunks) == "We"
    if close:
        chunks.close()
    assert answer in s.result.text and s.result.backend == "openai"


def test_update_with_previous_statements(brief_en):
    previous = ["Update 1: we paused the promotion.", "Update 2: the batch test has started."]
    d = draft(brief_en, "update", "facebook", backend="offline", previous=previous)
    assert d.kind == "update" and d.text.strip()
    assert build_request(brief_en, "update", "facebook", previous=previous).update_number == 3


# --------------------------------------------------------------------------- bulk (real loopback server)

def _titled(brief: IncidentBrief, i: int) -> IncidentBrief:
    return brief.model_copy(update={"incident": brief.incident.model_copy(update={"title": f"Case {i} of the batch"})})


def _by_case(payload: dict) -> Behaviour:
    """Answers with the case number it finds in the prompt (case 3 gets a 500)."""
    prompt = json.dumps(payload, ensure_ascii=False)
    case = next(i for i in range(10) if f"Case {i} of the batch" in prompt)
    if case == 3:
        return Behaviour(status=500)
    return Behaviour(content=f"Statement for case {case}.")


@pytest.mark.parametrize("use_async", [False, True], ids=["batch", "abatch"])
def test_draft_many_keeps_order_bounds_concurrency_and_falls_back_per_item(brief_en, use_async):
    with OpenAIStub(responder=_by_case) as stub:
        stub.gate = threading.Barrier(2)  # each call waits for a second one in flight
        settings = BackendSettings(backend="openai", base_url=stub.base_url, api_key=SecretStr("k"),
                                   timeout=5, max_retries=0)
        requests = [build_request(_titled(brief_en, i), "holding", "email") for i in range(6)]
        if use_async:
            drafts = asyncio.run(adraft_many(requests, max_concurrency=2, settings=settings))
        else:
            drafts = draft_many(requests, max_concurrency=2, settings=settings)
    assert stub.peak_in_flight == 2
    assert [d.backend for d in drafts] == ["openai"] * 3 + ["offline"] + ["openai"] * 2
    for i, d in enumerate(drafts):
        if i != 3:
            assert f"Statement for case {i}." in d.text
    assert drafts[3].fallback_reason.code == "model_server_error"
    assert draft_many([], settings=settings) == []
