"""Scenario playbooks and drill scripts as data: every file validates, the holding
statements filled with their example values pass the real scanner with no lawyer finding,
and a PR lead's mistake in a file is reported with the file, the field and the line."""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import pytest

from assistant.brief import IncidentBrief
from assistant.errors import InputError
from assistant.prepare.drill import load_drill_scripts
from assistant.prepare.playbook import get_playbook, load_playbooks
from assistant.prepare.template import check_slots, filled_spans, placeholders, render, template_sha256
from guardrails import scan

ROOT = Path(__file__).resolve().parent.parent
PLAYBOOKS = ROOT / "playbooks"
REQUIRED = {  # the scenarios -> our playbook ids
    "product harm": "product_harm", "offensive content": "offensive_content",
    "misinformation or impersonation": "misinformation", "charity money": "charity_money",
    "undisclosed advertising or sponsor conflict": "undisclosed_ad", "legal accusation": "legal_accusation",
    "personal-life rumour": "personal_rumour", "account hack or data leak": "account_hack",
    "event cancellation": "event_cancellation",
}
CASES = [(pid, lang) for pid in sorted(REQUIRED.values()) for lang in ("vi", "en")]


def test_every_required_scenario_has_a_playbook():
    assert set(REQUIRED.values()) <= set(load_playbooks())
    assert len(load_playbooks()) >= 9


@pytest.mark.parametrize("pid, lang", CASES)
def test_holding_statement_with_example_values_has_no_lawyer_finding(pid, lang):
    pb = get_playbook(pid)
    text = render(pb.holding_template(lang), pb.example_slots(lang))
    report = scan(text, lang=lang, kind="holding")
    lawyer = [(f.category, f.text) for f in report.findings if f.route == "lawyer"]
    assert lawyer == [], text
    assert "{" not in text and "}" not in text


@pytest.mark.parametrize("pid, lang", CASES)
def test_holding_statement_passes_with_a_brief_holding_the_example_values(pid, lang):
    """The brief-aware checks (unsupported figures and names, do-not-say) see the values
    as coming from the brief, which is how an incident fills them (a slot no brief field
    fills, such as the event, is named in the brief's summary)."""
    pb = get_playbook(pid)
    ex = pb.example_slots(lang)
    brief = IncidentBrief.model_validate({
        "language": lang, "speaker": {"name": ex["speaker"]}, "fault": "unknown",
        "incident": {"title": pb.title.pick(lang), "scenario": pb.scenario,
                     "summary": " ".join([pb.summary.pick(lang)] + [ex[n] for n, s in pb.slots.items() if not s.from_brief])},
        "next_update": ex["next_update"], "official_channels": [ex["channel"]], "contact": ex.get("contact"),
    })
    text = render(pb.holding_template(lang), ex)
    assert [f.category for f in scan(text, brief=brief, lang=lang, kind="holding").findings
            if f.route == "lawyer"] == [], text


@pytest.mark.parametrize("pid", sorted(REQUIRED.values()))
def test_playbook_has_every_part_in_both_languages(pid):
    pb = get_playbook(pid)
    assert pb.checklist and pb.questions and pb.risks and pb.stakeholders and pb.required_steps()
    for lang in ("vi", "en"):
        assert set(placeholders(pb.holding_template(lang))) == set(pb.slots)
        assert all(s.pick(lang) for s in pb.checklist + pb.questions + pb.stakeholders)
    assert pb.template_sha256("vi") != pb.template_sha256("en")


def _copy_with(tmp_path, monkeypatch, pid: str, old: str, new: str) -> Path:
    folder = tmp_path / "books"
    folder.mkdir()
    text = (PLAYBOOKS / f"{pid}.yaml").read_text(encoding="utf-8")
    assert old in text
    (folder / f"{pid}.yaml").write_text(text.replace(old, new, 1), encoding="utf-8")
    monkeypatch.setenv("CRISIS_DESK_PLAYBOOKS", str(folder))
    return folder / f"{pid}.yaml"


@pytest.mark.parametrize("old, new, field, words", [
    ("severity: high", "severity: high\nsevrity: low", "sevrity", "unknown field"),
    ("category: regulated_claim", "category: health_claims", "risks[0].category", "not a guardrail category"),
    ("{contact}.", "{contatc}.", "(top level)", "slots"),
    ("id: collect_reports", "id: pause_promotion", "(top level)", "unique"),
    ("  en: Product harm\n", "", "title.en", "required field is missing"),
])
def test_a_mistake_in_a_playbook_names_file_field_and_line(tmp_path, monkeypatch, old, new, field, words):
    path = _copy_with(tmp_path, monkeypatch, "product_harm", old, new)
    with pytest.raises(InputError) as info:
        load_playbooks()
    assert str(path) in info.value.message
    assert any(p.field == field and words in p.message for p in info.value.problems), info.value.problems
    assert all(p.line for p in info.value.problems)


def test_a_new_playbook_needs_no_python(tmp_path, monkeypatch):
    path = _copy_with(tmp_path, monkeypatch, "event_cancellation", "id: event_cancellation", "id: concert_delay")
    path.rename(path.with_name("concert_delay.yaml"))
    assert list(load_playbooks()) == ["concert_delay"]


def test_file_name_and_id_must_agree(tmp_path, monkeypatch):
    _copy_with(tmp_path, monkeypatch, "event_cancellation", "id: event_cancellation", "id: other_name")
    with pytest.raises(InputError, match="must be the file name"):
        load_playbooks()


def test_playbooks_ship_as_package_data():
    import playbooks

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    assert "playbooks*" in config["packages"]["find"]["include"]
    assert "**/*.yaml" in config["package-data"]["*"]
    assert playbooks.PLAYBOOKS_DIR == PLAYBOOKS and (PLAYBOOKS / "drills").is_dir()


TEMPLATE = "{speaker} says: update at {next_update}, on {channel}. — {speaker}"


def test_render_and_filled_spans_point_at_the_values():
    slots = {"speaker": "Linh Nguyễn", "next_update": "20:00", "channel": "Facebook"}
    text = render(TEMPLATE, slots)
    spans = filled_spans(TEMPLATE, slots)
    assert [s.slot for s in spans] == ["speaker", "next_update", "channel", "speaker"]
    assert all(text[s.start:s.end] == s.value == slots[s.slot] for s in spans)
    assert template_sha256(TEMPLATE) != template_sha256(TEMPLATE + " ")


@pytest.mark.parametrize("slots, field, words", [
    ({"speaker": "A", "next_update": "", "channel": "x"}, "next_update", "filled in"),
    ({"speaker": "A", "channel": "x"}, "next_update", "filled in"),
    ({"speaker": "A\nB", "next_update": "1", "channel": "x"}, "speaker", "one line"),
    ({"speaker": "{x}", "next_update": "1", "channel": "x"}, "speaker", "one line"),
    ({"speaker": "A" * 301, "next_update": "1", "channel": "x"}, "speaker", "at most 300"),
    ({"speaker": "A", "next_update": "1", "channel": "x", "extra": "y"}, "extra", "not a slot"),
])
def test_bad_slot_values_are_refused_by_name(slots, field, words):
    with pytest.raises(InputError) as info:
        check_slots(TEMPLATE, slots)
    assert any(p.field == field and words in p.message for p in info.value.problems)


def test_drill_scripts_validate_in_both_languages():
    scripts = load_drill_scripts()
    assert len(scripts) >= 2
    for script in scripts.values():
        assert {script.incident_brief(lang).language for lang in ("vi", "en")} == {"vi", "en"}
        kinds = {i.kind for i in script.injects}
        assert any(i.needs_answer for i in script.injects)
        assert kinds >= {"post", "comment", "journalist", "fact"}
        get_playbook(script.playbook)


def test_a_drill_script_with_an_unknown_playbook_is_refused(tmp_path, monkeypatch):
    folder = tmp_path / "drills"
    folder.mkdir()
    shutil.copy(PLAYBOOKS / "drills" / "account_hack_drill.yaml", folder)
    path = folder / "account_hack_drill.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("playbook: account_hack", "playbook: hack"), "utf-8")
    monkeypatch.setenv("CRISIS_DESK_DRILLS", str(folder))
    with pytest.raises(InputError, match="unknown playbook 'hack'"):
        load_drill_scripts()
