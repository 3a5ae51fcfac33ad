"""The UI strings are data: every key has Vietnamese and English, and every key the UI
code asks for exists."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from assistant.ui import i18n
from assistant.ui.i18n import StringsError, load_strings, t

ROOT = Path(__file__).resolve().parent.parent
UI_SOURCES = [ROOT / "app.py", *sorted((ROOT / "assistant" / "ui").rglob("*.py"))]
KEY_CALL = re.compile(r"""\bt\(\s*["']([a-z0-9_.]+)["']\s*[,)]""")


def _keys_used_in_code() -> set[str]:
    keys: set[str] = set()
    for path in UI_SOURCES:
        if path.exists():
            keys |= set(KEY_CALL.findall(path.read_text(encoding="utf-8")))
    return keys


def test_every_key_has_both_languages():
    strings = load_strings()
    assert len(strings) > 50
    missing = [(k, lang) for k, v in strings.items() for lang in ("vi", "en") if not (v.get(lang) or "").strip()]
    assert missing == []


def test_vietnamese_strings_are_nfc_and_differ_from_english():
    strings = load_strings()
    for key, entry in strings.items():
        assert unicodedata.is_normalized("NFC", entry["vi"]), key
    # a file copied across without translating would show up as many identical pairs
    same = [k for k, v in strings.items()
            if v["vi"] == v["en"] and re.search(r"[A-Za-z]{4,}", re.sub(r"\{[^}]*\}", "", v["en"]))]
    # a few words are the same in both ("Spam"); a file copied across untranslated is not
    assert len(same) <= max(3, len(strings) // 50), same


@pytest.mark.parametrize("key", sorted(_keys_used_in_code()))
def test_every_key_used_by_the_ui_exists(key):
    assert key in load_strings(), f"t({key!r}) is used in the UI but not defined in assistant/ui/strings/"


@pytest.mark.parametrize(
    "key, lang, fmt, expected",
    [
        ("nav.draft", "vi", {}, "Soạn thông báo"),
        ("nav.draft", "en", {}, "Draft"),
        ("nav.draft", "fr", {}, "Soạn thông báo"),  # unknown language -> Vietnamese
        ("incidents.opened", "en", {"id": 7}, "Incident #7 opened."),
        ("incidents.opened", "vi", {"id": 7}, "Đã mở sự cố #7."),
    ],
)
def test_t(key, lang, fmt, expected):
    assert t(key, lang, **fmt) == expected


def test_unknown_key_fails_loudly():
    with pytest.raises(KeyError, match="no.such.key"):
        t("no.such.key", "vi")


@pytest.mark.parametrize(
    "files, error",
    [
        ({"a.yaml": "k:\n  vi: x\n  en: y\n", "b.yaml": "k:\n  vi: x\n  en: y\n"}, "already defined"),
        ({"a.yaml": "k:\n  vi: x\n  fr: y\n"}, "unknown language"),
        ({"a.yaml": "k: just text\n"}, "must be a mapping"),
        ({"a.yaml": "k: [\n"}, "not valid YAML"),
    ],
)
def test_malformed_strings_files_are_rejected(tmp_path, files, error):
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    with pytest.raises(StringsError, match=error):
        i18n.load_strings.__wrapped__(str(tmp_path))


def test_nfd_strings_files_are_normalised(tmp_path):
    (tmp_path / "a.yaml").write_text(unicodedata.normalize("NFD", "k:\n  vi: Sự cố\n  en: Incident\n"), encoding="utf-8")
    assert i18n.load_strings.__wrapped__(str(tmp_path))["k"]["vi"] == unicodedata.normalize("NFC", "Sự cố")


def _dynamic_keys() -> list[str]:
    """Keys the pages build from a vocabulary (t(f"kind.{kind}", lang) ...)."""
    from assistant import catalog
    from assistant.settings import BACKENDS
    from assistant.store.records import DECISIONS, STATUSES
    from assistant.ui.brief_form import FORM_FIELDS
    from guardrails.report import CATEGORY_ROUTES

    families = {
        "kind": catalog.KINDS, "channel": catalog.CHANNELS, "language": catalog.LANGUAGES, "fault": catalog.FAULTS,
        "role": catalog.ROLES, "scenario": catalog.SCENARIOS, "backend": BACKENDS, "status": STATUSES,
        "route": sorted(set(CATEGORY_ROUTES.values())), "review.decision": DECISIONS, "brief.field": FORM_FIELDS,
    }
    return [f"{family}.{value}" for family, values in families.items() for value in values]


@pytest.mark.parametrize("key", _dynamic_keys())
def test_every_vocabulary_value_has_a_label(key):
    assert key in load_strings()
