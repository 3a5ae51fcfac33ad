"""The store's refusals exist in Vietnamese and English with the same fields, and every
refusal a caller can meet carries both translations."""

from __future__ import annotations

import re

import pytest

from assistant.errors import NotFoundError, WorkflowError
from assistant.store.messages import fields, messages, render
from tests.test_store_support import incident, store, store_url  # noqa: F401

VI_LETTERS = re.compile("[ăâđêôơưáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ]")


@pytest.mark.parametrize("code", sorted(messages()))
def test_every_message_has_both_languages_with_the_same_fields(code):
    entry = messages()[code]
    assert set(entry) == {"vi", "en"}
    assert fields(entry["vi"]) == fields(entry["en"])
    assert entry["vi"] != entry["en"] and VI_LETTERS.search(entry["vi"].lower())


@pytest.mark.parametrize("lang,expected", [
    ("en", "draft 4: version 2 is no longer the latest (version 3 was saved after it): version 3 must be "
           "reviewed before it can be published"),
    ("vi", "bản nháp 4: phiên bản 2 không còn là bản mới nhất (phiên bản 3 đã được lưu sau đó): phiên bản 3 "
           "phải được duyệt trước khi có thể đăng"),
])
def test_nested_keys_are_translated_too(lang, expected):
    assert render("store.not_latest", lang, draft=4, number=2, latest=3, _step="store.step.published") == expected


@pytest.mark.parametrize("action,error,code", [
    (lambda s, d, v: s.get_draft(12345), NotFoundError, "store.draft_not_found"),
    (lambda s, d, v: s.review(d.id, 1, "Lan", "lawyer", "approved", "", v.sha256), WorkflowError, "store.not_submitted"),
    (lambda s, d, v: s.publish(d.id, 1, "x", "Linh", v.sha256), WorkflowError, "store.needs_approval"),
    (lambda s, d, v: s.publish(d.id, 1, "x", "Linh", "0" * 64), WorkflowError, "store.hash_mismatch"),
])
def test_refusals_carry_code_and_both_translations(store, incident, action, error, code):
    draft = store.create_draft(incident.id, "holding", "x", "en", author="Linh")
    version = store.add_version(draft.id, "We are checking the reports.", author="Linh")
    with pytest.raises(error) as caught:
        action(store, draft, version)
    exc = caught.value
    assert exc.code == code and exc.message == exc.translations["en"]
    assert VI_LETTERS.search(exc.translations["vi"].lower())
