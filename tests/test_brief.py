"""The incident brief loader: valid examples load; every kind of bad input gets a message
naming the file, the field, the line (YAML) and the problem — never a traceback."""

from __future__ import annotations

import json
import unicodedata

import pytest

from assistant.brief import IncidentBrief, load_brief, parse_brief, validate_brief
from assistant.errors import BriefError
from tests.conftest import EXAMPLES

MINIMAL = """\
language: vi
speaker:
  name: Linh
incident:
  title: Sự cố
  summary: Tóm tắt
fault: unknown
"""


@pytest.mark.parametrize("name", ["brief.vi.yaml", "brief.en.yaml"])
def test_examples_load_and_round_trip(name):
    brief = load_brief(EXAMPLES / name)
    assert brief.confirmed_facts and brief.official_channels and brief.protected_names
    assert parse_brief(brief.to_yaml(), "again.yaml") == brief


def test_example_vi_keeps_dates_and_text():
    brief = load_brief(EXAMPLES / "brief.vi.yaml")
    assert brief.incident.occurred_at.isoformat() == "2026-11-18"
    assert brief.incident.discovered_at.isoformat() == "2026-11-20T09:30:00+07:00"
    assert brief.actions_planned[0].due.isoformat() == "2026-11-27"
    assert brief.next_update == "20:00 ngày 24/11/2026"


def test_minimal_brief_defaults():
    brief = parse_brief(MINIMAL, "min.yaml")
    assert brief.speaker.role == "kol" and brief.incident.scenario == "other"
    assert brief.confirmed_facts == [] and brief.contact is None


def test_json_brief(tmp_path):
    data = load_brief(EXAMPLES / "brief.en.yaml").model_dump(mode="json")
    path = tmp_path / "brief.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert load_brief(path).incident.title == data["incident"]["title"]


def test_planned_action_may_be_plain_text():
    brief = parse_brief(MINIMAL + "actions_planned:\n  - Gọi điện cho khách hàng\n", "b.yaml")
    assert brief.actions_planned[0].action == "Gọi điện cho khách hàng"
    assert brief.actions_planned[0].due is None


def test_numbers_and_dates_in_text_fields_stay_text():
    brief = parse_brief(MINIMAL + "next_update: 2026-11-24\nconfirmed_facts:\n  - 37\n", "b.yaml")
    assert brief.next_update == "2026-11-24" and brief.confirmed_facts == ["37"]


def test_nfd_input_is_kept_as_written():
    nfd = unicodedata.normalize("NFD", MINIMAL)
    brief = parse_brief(nfd, "nfd.yaml")
    assert unicodedata.normalize("NFC", brief.incident.title) == "Sự cố"


BAD_CASES = [
    # (description, yaml text, expected field, expected line, words in the message)
    ("unknown key", MINIMAL + "confirmed_fact:\n  - x\n", "confirmed_fact", 8, "unknown field"),
    ("nested unknown key", MINIMAL.replace("  summary: Tóm tắt\n", "  summary: Tóm tắt\n  occured_at: 2026-11-18\n"), "incident.occured_at", 7, "unknown field"),
    ("bad fault", MINIMAL.replace("fault: unknown", "fault: maybe"), "fault", 7, "must be one of"),
    ("bad language", MINIMAL.replace("language: vi", "language: fr"), "language", 1, "must be one of"),
    ("bad role", MINIMAL.replace("  name: Linh\n", "  name: Linh\n  role: fan\n"), "speaker.role", 4, "must be one of"),
    ("bad date", MINIMAL.replace("  summary: Tóm tắt\n", "  summary: Tóm tắt\n  occurred_at: 2026-13-01\n"), "incident.occurred_at", 7, "not a valid date"),
    ("bad due date", MINIMAL + "actions_planned:\n  - action: Kiểm nghiệm\n    due: tuần sau\n", "actions_planned[0].due", 10, "not a valid date"),
    ("list item not text", MINIMAL + "confirmed_facts:\n  - ok\n  - [1, 2]\n", "confirmed_facts[1]", 10, "valid string"),
    ("list is a string", MINIMAL + "confirmed_facts: chỉ một câu\n", "confirmed_facts", 8, "valid list"),
    ("missing fault", MINIMAL.replace("fault: unknown\n", ""), "fault", None, "required field is missing"),
    ("missing speaker name", MINIMAL.replace("  name: Linh\n", "  handle: '@linh'\n"), "speaker.name", None, "required field is missing"),
    ("empty title", MINIMAL.replace("  title: Sự cố", "  title: '  '"), "incident.title", 5, "must not be empty"),
    ("boolean in text", MINIMAL + "contact: no\n", "contact", 8, "string"),
]


@pytest.mark.parametrize("desc,text,field,line,words", BAD_CASES, ids=[c[0] for c in BAD_CASES])
def test_bad_brief_names_file_field_line_and_problem(tmp_path, desc, text, field, line, words):
    path = tmp_path / "brief.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(BriefError) as info:
        load_brief(path)
    err = info.value
    problem = next(p for p in err.problems if p.field == field)
    assert words in problem.message
    if line is not None:
        assert problem.line == line
    message = str(err)
    assert str(path) in message and field in message and "Traceback" not in message


@pytest.mark.parametrize(
    "content,words",
    [
        (b"", "empty"),
        (b"language: [vi\n", "not valid YAML"),
        (b"- a\n- b\n", "must be a mapping"),
        (b"\xff\xfelanguage", "not UTF-8"),
    ],
)
def test_unreadable_files(tmp_path, content, words):
    path = tmp_path / "brief.yaml"
    path.write_bytes(content)
    with pytest.raises(BriefError) as info:
        load_brief(path)
    assert words in str(info.value) and str(path) in str(info.value)


def test_missing_file(tmp_path):
    with pytest.raises(BriefError, match="file not found"):
        load_brief(tmp_path / "nope.yaml")


def test_bad_json_names_line(tmp_path):
    path = tmp_path / "brief.json"
    path.write_text('{\n  "language": "vi",\n  "fault": \n}', encoding="utf-8")
    with pytest.raises(BriefError) as info:
        load_brief(path)
    assert info.value.problems[0].line == 4 and "not valid JSON" in str(info.value)


def test_validate_brief_from_form_keeps_values():
    data = {"language": "vi", "speaker": {"name": "Linh"}, "incident": {"title": "T", "summary": "S"}, "fault": "sai"}
    with pytest.raises(BriefError) as info:
        validate_brief(data, "form")
    (problem,) = info.value.problems
    assert problem.field == "fault" and problem.value == "sai" and problem.type == "literal_error"


def test_model_is_the_contract():
    assert set(IncidentBrief.model_fields) == {
        "language", "speaker", "incident", "fault", "confirmed_facts", "under_investigation",
        "affected_parties", "actions_taken", "actions_planned", "next_update", "official_channels",
        "contact", "do_not_say", "protected_names",
        "pr_contact", "translations",  # the writer's additions (README: "The speaker's voice and languages")
    }
