"""The model review against the REAL loopback Chat Completions server: behaviour, not
quality (the stub answers what each test scripts). One structured call per statement,
quotes mapped to exact spans (a quote not found verbatim is dropped and logged), never a
rule finding removed, the brief sent (facts, open items) but never a protected name,
cached by sentence, and any fault falls back to the offline stages with the warning."""

from __future__ import annotations

import json
import logging
import re

import pytest

from assistant.cli import main
from assistant.services import drafts
from assistant.services.drafting import draft
from assistant.services.scanning import clear_cache, offline_scan, scan_with_review
from tests.openai_stub import Behaviour

RISKY = "We will refund every buyer in full."
HONEST = "We are checking every report with the FreshBox quality team."
# sentences the offline stages leave clean (checked below): what only a model review can flag
TONE = "Our team has handled this very well so far."
CAUSE = "The kits were kept cold the whole way to your door."  # the brief: storage is still open
TEXT = f"{HONEST} {TONE} {CAUSE}"
REVIEW_TAIL = "only the offline checks ran"


@pytest.fixture
def reviewing(openai_stub, monkeypatch):
    openai_stub.configure(monkeypatch, key="sk-test-review", timeout=0.5)
    monkeypatch.setenv("CRISIS_DESK_MODEL_REVIEW", "auto")
    clear_cache()
    yield openai_stub
    clear_cache()


def answer(*findings: tuple[str, str, str, str]) -> Behaviour:
    return Behaviour(content=json.dumps({"findings": [
        {"quote": q, "category": c, "reason": r, "safer_wording": s} for q, c, r, s in findings]}))


def sent(payload: dict, tag: str):
    user = payload["messages"][1]["content"]
    return json.loads(re.search(rf"<{tag}>\n(.*?)\n</{tag}>", user, re.S).group(1))


def model_findings(report):
    return [f for f in report.findings if f.source == "model_review"]


def test_quotes_become_exact_spans_and_a_paraphrase_is_dropped(reviewing, brief_en, caplog):
    caplog.set_level(logging.INFO, logger="assistant.model_review")
    assert offline_scan(TEXT, brief_en, "en", "apology").findings == []
    reviewing.script = [answer(
        ("handled this very well", "minimizing", "Self-praise plays the harm down.", "We are still working on this."),
        (CAUSE, "unsupported_claim", "Storage temperature is still under investigation.",
         "We are still checking how the kits were stored during delivery."),
        ("handled it really well", "minimizing", "Paraphrase, not a quote.", "We are working on it."),
    )]
    report, notices = scan_with_review(TEXT, brief_en, "en", "apology")
    assert notices == [] and reviewing.calls == 1
    found = {(f.category, TEXT[f.start:f.end]) for f in model_findings(report)}
    assert found == {("minimizing", "handled this very well"), ("unsupported_claim", CAUSE)}
    claim = next(f for f in model_findings(report) if f.category == "unsupported_claim")
    assert claim.route == "lawyer" and claim.rationale == "Storage temperature is still under investigation."
    assert claim.suggestion == "We are still checking how the kits were stored during delivery."
    assert "dropped" in caplog.text and "handled it really well" in caplog.text
    assert "lawyer" in report.needs_review and "pr" in report.needs_review


def test_the_brief_goes_along_but_never_a_protected_name(reviewing, brief_en):
    name = brief_en.protected_names[0]
    reviewing.script = [answer()]
    text = f"{HONEST} We have spoken with {name} about it. {CAUSE}"
    scan_with_review(text, brief_en, "en", "holding")
    (payload,) = reviewing.requests
    assert payload["response_format"]["type"] == "json_schema"
    brief = sent(payload, "incident_brief")
    assert brief["confirmed_facts"] and brief["under_investigation"] == [
        i for i in brief_en.under_investigation if name not in i]
    assert name.lower() not in json.dumps(payload, ensure_ascii=False).lower()
    assert sent(payload, "sentences_to_review") == [HONEST, CAUSE]


def test_a_rule_finding_is_never_removed_or_repeated(reviewing, brief_en):
    text = f"{HONEST} {RISKY}"
    offline = offline_scan(text, brief_en, "en", "holding")
    rule = [f for f in offline.findings if f.category == "compensation_promise"]
    assert rule
    reviewing.script = [answer((RISKY[:-1], "compensation_promise", "A promise to pay.", "We are reviewing refunds."))]
    report, _ = scan_with_review(text, brief_en, "en", "holding")
    assert [f for f in report.findings if f.source != "model_review"] == offline.findings
    assert [f.category for f in report.findings].count("compensation_promise") == len(rule)


def test_reviews_are_cached_by_sentence(reviewing, brief_en):
    reviewing.script = [answer(("handled this very well", "minimizing", "Self-praise.", ""))]
    first, _ = scan_with_review(TEXT, brief_en, "en", "apology")
    scan_with_review(TEXT, brief_en, "en", "apology")
    assert reviewing.calls == 1  # nothing new to review: no call
    edited = TEXT.replace(HONEST, "We are checking every single report with the FreshBox team today.")
    reviewing.script = [answer()]
    again, _ = scan_with_review(edited, brief_en, "en", "apology")
    assert reviewing.calls == 2
    assert sent(reviewing.requests[-1], "sentences_to_review") == [edited.split(". ")[0] + "."]
    assert sent(reviewing.requests[-1], "statement") == edited  # the rest goes along as context
    [kept] = model_findings(again)
    assert edited[kept.start:kept.end] == "handled this very well"  # moved with its sentence


def test_a_safer_wording_is_offered_only_when_it_passes_the_offline_scan(reviewing, brief_en):
    reviewing.script = [answer(("handled this very well", "minimizing", "Self-praise.",
                                "We will refund every buyer in full."))]
    report, _ = scan_with_review(TEXT, brief_en, "en", "apology")
    [finding] = model_findings(report)
    assert finding.suggestion is None


FAULTS = [
    ("500", Behaviour(status=500), "server error (HTTP 500)"),
    ("hang", Behaviour(delay=2), "timeout after 0.5 s"),
    ("not-json", Behaviour(content="I found two problems: ..."), "not the JSON object asked for"),
    ("wrong-schema", Behaviour(content='{"findings": [{"quote": "x"}]}'), "wrong fields"),
    ("unknown-category", Behaviour(content='{"findings": [{"quote": "Sorry", "category": "rude", "reason": "r", '
                                           '"safer_wording": "s"}]}'), "wrong fields"),
    ("html-page", Behaviour(raw_body=b"<html>502</html>", content_type="text/html"), "not a Chat Completions"),
]


@pytest.mark.parametrize("case", FAULTS, ids=[c[0] for c in FAULTS])
def test_any_fault_falls_back_to_the_offline_stages_with_the_warning(reviewing, brief_en, case, capsys, tmp_path):
    _, behaviour, detail = case
    reviewing.script = [behaviour]
    report, notices = scan_with_review(TEXT, brief_en, "en", "apology")
    assert report == offline_scan(TEXT, brief_en, "en", "apology")
    [notice] = notices
    assert detail in notice.en and notice.en.endswith(REVIEW_TAIL) and notice.vi.startswith("Không dùng được mô hình")
    path = tmp_path / "s.txt"
    path.write_text(TEXT, encoding="utf-8")
    code = main(["scan", str(path), "--kind", "apology", "--lang", "en", "--format", "json"])
    captured = capsys.readouterr()
    assert code == 0 and f"warning: {notice.en}" in captured.err  # the offline stages found nothing
    assert json.loads(captured.out)["warnings"] == [notice.en]


def test_a_draft_and_its_saved_version_carry_the_review(reviewing, brief_en, tmp_db):
    from assistant.store import open_store

    reviewing.responder = lambda p: (answer(("handled this very well", "minimizing", "Self-praise.", ""))
                                     if "response_format" in p else Behaviour(content=f"{TONE} {HONEST}"))
    d = draft(brief_en, "apology", "email", backend="openai")
    assert d.backend == "openai" and any(f.source == "model_review" for f in d.scan.findings)
    store = open_store(tmp_db)
    incident = store.create_incident(brief_en, author="Linh")
    record, version = drafts.save_draft(store, incident.id, d, author="Linh")
    assert drafts.stored_scan(version) == d.scan  # stored as shown; the review page and export read it
    assert "pr" in store.required_roles(record.id, 1)


def test_a_fault_in_the_review_is_a_warning_of_the_draft(reviewing, brief_en):
    reviewing.responder = lambda p: (Behaviour(status=500) if "response_format" in p
                                     else Behaviour(content=f"{HONEST}"))
    d = draft(brief_en, "holding", "email", backend="openai")
    assert d.backend == "openai" and d.fallback_reason is None
    assert any(w.startswith("Model unavailable (server error") and w.endswith(REVIEW_TAIL) for w in d.warnings)


def test_offline_means_no_review(reviewing, brief_en):
    draft(brief_en, "holding", "email", backend="offline")
    assert reviewing.calls == 0


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_after_a_fault_the_model_is_left_alone_for_a_while(reviewing, brief_en):
    from assistant.backends import backend_for
    from assistant.model_review import RETRY_AFTER, review_statement
    from assistant.settings import BackendSettings

    clock, backend = FakeClock(), backend_for(BackendSettings.from_env())
    reviewing.script = [Behaviour(status=500)]
    first = review_statement(TEXT, brief_en, "en", "holding", backend, clock=clock)
    again = review_statement(TEXT + " One more sentence.", brief_en, "en", "holding", backend, clock=clock)
    assert reviewing.calls == 1 and first.failure is not None and again.failure is first.failure
    assert (first.calls, again.calls) == (1, 0)
    clock.now += RETRY_AFTER + 1
    reviewing.script = [answer()]
    later = review_statement(TEXT, brief_en, "en", "holding", backend, clock=clock)
    assert reviewing.calls == 2 and later.failure is None and later.calls == 1
