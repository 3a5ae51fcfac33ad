"""One text normaliser (``guardrails.text.fold`` / ``fold_plain``) and everything that
compares text through it agree, whatever form the text comes in: NFC, NFD, without
diacritics, in capitals, with odd spacing. A seeded property test (deterministic: the
same 400 cases on every run) over generated Vietnamese and English phrases."""

from __future__ import annotations

import random
import unicodedata

import pytest

from assistant.backends.cleanup import protected_name_in
from assistant.drafting.context import is_restricted, restricted_patterns
from assistant.export.spans import redact
from assistant.replies.model import redact_names
from guardrails.text import fold, fold_plain

WORDS = ["Trần", "Thị", "Bích", "Ngọc", "Đặng", "Quốc", "Hưng", "chúng", "tôi", "xin", "lỗi", "kiểm", "nghiệm",
         "lô", "hàng", "đã", "được", "hoàn", "tiền", "We", "are", "checking", "every", "report", "Emily", "Chen"]
NAMES = ["Trần Thị Bích", "Đặng Quốc Hưng", "Emily Chen", "Ngọc"]
CASES = 400


def strip_marks(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


FORMS = {
    "nfc": lambda t: unicodedata.normalize("NFC", t),
    "nfd": lambda t: unicodedata.normalize("NFD", t),
    "plain": strip_marks,
    "upper": lambda t: t.upper(),
    "spaced": lambda t: t.replace(" ", "  \u00a0"),
}


def phrases(seed: int = 9):
    rng = random.Random(seed)
    for _ in range(CASES):
        words = [rng.choice(WORDS) for _ in range(rng.randint(1, 8))]
        yield " ".join(words), rng.choice(list(FORMS)), rng.choice(NAMES), rng


def test_every_form_folds_the_same():
    for text, form, _, _ in phrases():
        assert fold_plain(FORMS[form](text)) == fold_plain(text), (form, text)


def test_folded_spans_map_back_to_the_same_words():
    for text, form, _, rng in phrases():
        shown = FORMS[form](text)
        folded = fold(shown)
        words = folded.folded.split()
        if not words:
            continue
        word = rng.choice(words)
        start = folded.folded.index(word)
        a, b = folded.span(start, start + len(word))
        assert fold_plain(shown[a:b]) == word, (shown, word)


@pytest.mark.parametrize("form", sorted(FORMS))
def test_every_user_of_the_normaliser_finds_a_protected_name_in_any_form(form, brief_vi):
    for text, _, name, _ in phrases(seed=len(form)):
        said = FORMS[form](f"{text}, {name} nói.")
        brief = brief_vi.model_copy(update={"protected_names": [name], "do_not_say": []})
        found = {
            "backends": protected_name_in(said, [name]) == name,
            "drafting": is_restricted(said, restricted_patterns(brief)),
            "export": fold_plain(name) not in fold_plain(redact(said, [name])),
            "replies": fold_plain(name) not in fold_plain(redact_names(said, [name])),
        }
        assert all(found.values()), (said, found)


def test_no_user_of_the_normaliser_finds_a_name_that_is_not_there(brief_vi):
    for text, form, _, _ in phrases(seed=3):
        said = FORMS[form](text.replace("Emily", "Emma").replace("Bích", "Bình").replace("Hưng", "Hùng")
                           .replace("Ngọc", "Ngân"))
        name = "Trần Thị Bích"
        brief = brief_vi.model_copy(update={"protected_names": [name], "do_not_say": []})
        assert protected_name_in(said, [name]) is None
        assert not is_restricted(said, restricted_patterns(brief))
        assert redact(said, [name]) == unicodedata.normalize("NFC", said)
        assert redact_names(said, [name]) == said
