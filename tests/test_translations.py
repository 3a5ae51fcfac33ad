"""Brief items with translations: the schema (old briefs load, {vi, en} items, the store's
JSON and the YAML round trip), the offline drafter's refusal naming what is missing (CLI
exit 2, the draft page's form that adds them), and the model path, where the model
translates and a check names every figure or name that did not survive."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from assistant.brief import IncidentBrief, load_brief, parse_brief
from assistant.cli import main
from assistant.services.drafting import draft
from assistant.drafting.offline import MissingTranslations
from assistant.drafting.request import build_request
from assistant.drafting.translation_check import lost_in_translation
from assistant.errors import BriefError
from assistant.settings import BackendSettings
from tests.openai_stub import Behaviour, OpenAIStub

ROOT = Path(__file__).resolve().parent.parent
VI_ONLY = ROOT / "tests/data/briefs/product_harm.vi.yaml"
BOTH = ROOT / "tests/data/briefs/offensive_remark.vi.yaml"
OLD = """language: vi
speaker: {name: Linh, voice: 'xưng "em"'}
incident: {title: T, summary: S}
fault: none
confirmed_facts: [Một điều đã xác nhận.]
"""


def test_old_brief_loads_and_items_stay_text():
    brief = parse_brief(OLD)
    assert brief.translations == {} and brief.speaker.self_reference is None
    assert brief.confirmed_facts == ["Một điều đã xác nhận."]


def test_translated_items_are_text_in_the_brief_language_with_their_translation():
    brief = load_brief(BOTH)
    assert all(isinstance(f, str) for f in brief.confirmed_facts)
    first = brief.confirmed_facts[0]
    assert first.startswith("Câu nói xuất hiện")
    assert brief.text_in(first, "en") == "The remark came at minute 42 of the livestream on 25 November."
    assert brief.text_in(first, "vi") == first
    assert brief.speaker.self_reference == "Ngọc" and brief.text_in("Ngọc", "en") == "I"
    assert brief.text_in(brief.actions_planned[0].action, "en").startswith("Take a course")


@pytest.mark.parametrize("how", ["yaml", "json"])
def test_translations_survive_the_round_trips(how):
    brief = load_brief(BOTH)
    again = parse_brief(brief.to_yaml()) if how == "yaml" else IncidentBrief.model_validate_json(brief.model_dump_json())
    assert again == brief


def test_in_language_swaps_items_and_keeps_the_lists_of_the_lawyer():
    brief = load_brief(BOTH)
    en = brief.in_language("en")
    assert en.language == "en" and en.confirmed_facts[0].startswith("The remark came")
    assert en.text_in(en.confirmed_facts[0], "vi") == brief.confirmed_facts[0]
    assert en.do_not_say == brief.do_not_say
    assert load_brief(VI_ONLY).in_language("en") == load_brief(VI_ONLY)  # nothing to swap


def test_a_translated_item_needs_the_brief_language():
    text = OLD.replace("confirmed_facts: [Một điều đã xác nhận.]", "confirmed_facts:\n  - en: Only English.")
    with pytest.raises(BriefError) as info:
        parse_brief(text, source="b.yaml")
    (problem,) = info.value.problems
    assert problem.field == "confirmed_facts[0]" and problem.line == 6 and "`vi: …`" in problem.message


def test_with_translations_adds_and_ignores_empty_answers():
    brief = load_brief(VI_ONLY)
    fact = brief.confirmed_facts[1]
    more = brief.with_translations("en", {fact: " All reports concern batch SV-0926. ", brief.confirmed_facts[0]: " "})
    assert more.text_in(fact, "en") == "All reports concern batch SV-0926."
    assert more.text_in(brief.confirmed_facts[0], "en") is None


def test_offline_refuses_naming_each_missing_item():
    brief = load_brief(VI_ONLY)
    with pytest.raises(MissingTranslations) as info:
        draft(brief, "holding", "facebook", lang="en", backend="offline")
    fields = [field for field, _ in info.value.missing]
    assert "confirmed_facts[0]" in fields and "next_update" in fields and "official_channels[1]" in fields
    assert not any(f.startswith("pr_contact") for f in fields)  # only a press release uses them
    assert "no English text" in info.value.message and "Các phản ánh đều thuộc lô SV-0926." in info.value.message
    press = pytest.raises(MissingTranslations, draft, brief, "holding", "press_release", lang="en", backend="offline")
    assert "pr_contact.city" in [f for f, _ in press.value.missing]


def test_cli_exits_2_naming_the_missing_items(capsys):
    code = main(["draft", "--brief", str(VI_ONLY), "--kind", "holding", "--channel", "x", "--lang", "en",
                 "--backend", "offline"])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert "confirmed_facts[0]" in err and "Traceback" not in err


ENGLISH_ANSWER = ("I have read every message. By 30 November 23 customers reported a red rash after using the "
                  "SunVeil sunscreen; every report concerns batch SV-0926. I removed the links on 29 November and "
                  "sent the reports to SunVeil's quality team. I will publish the test results for batch SV-0926 by "
                  "5 December 2026. Next update: 8 pm on 2 December 2026, on the Bảo Ngọc Beauty Facebook page and "
                  "TikTok @baongoc.beauty. Contact hotro@baongoc.vn.")


def _model_draft(answer: str):
    with OpenAIStub(script=[Behaviour(content=answer)]) as stub:
        settings = BackendSettings(backend="openai", base_url=stub.base_url, max_retries=0)
        return draft(load_brief(VI_ONLY), "holding", "facebook", lang="en", backend="openai", settings=settings)


def test_the_model_translates_and_nothing_is_lost():
    d = _model_draft(ENGLISH_ANSWER)
    assert d.backend == "openai" and d.language == "en"
    assert not [w for w in d.warnings if "translation" in w]


def test_a_figure_or_name_lost_in_the_model_translation_is_named():
    lossy = ENGLISH_ANSWER.replace("23 customers", "some customers").replace("batch SV-0926", "one batch")
    d = _model_draft(lossy)
    lost = [w for w in d.warnings if "translation may have lost" in w]
    assert any("“23”" in w and "confirmed_facts[0]" in w for w in lost)
    assert any("SV-0926" in w for w in lost)


def test_no_check_in_the_brief_language_or_on_the_brief_own_translations():
    brief = load_brief(BOTH)
    assert lost_in_translation(build_request(brief, "holding", "x", "vi"), "anything") == []
    assert lost_in_translation(build_request(brief, "holding", "x", "en"), "nothing kept") == []


def test_draft_page_offers_a_form_for_the_missing_translations(tmp_db):
    from assistant.store import open_store

    store = open_store(tmp_db)
    incident = store.create_incident(load_brief(VI_ONLY), author="test")
    at = AppTest.from_string("from assistant.ui.pages import draft\ndraft.render()\n", default_timeout=60)
    at.query_params["incident"] = str(incident.id)
    at.session_state["ui_lang"] = "en"
    at.run()
    at.selectbox(key="dr_lang").set_value("en")
    at.selectbox(key="dr_backend").set_value("offline")
    at.button(key="dr_generate").click().run()
    assert not at.exception
    assert any("no English text" in e.value for e in at.error)
    assert store.list_drafts(incident.id) == []
    field = next(i for i in at.text_input if i.label.startswith("confirmed_facts[1]"))
    field.input("All reports concern batch SV-0926.")
    at.button[-1].click().run()  # the form's submit button
    assert not at.exception
    brief = store.get_incident(incident.id).brief
    assert brief.text_in(brief.confirmed_facts[1], "en") == "All reports concern batch SV-0926."
