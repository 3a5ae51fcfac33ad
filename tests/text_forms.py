"""The forms a Vietnamese text arrives in: NFC, NFD and typed without diacritics (what many
fans and phones produce). Tests run their tables over all three."""

from __future__ import annotations

import unicodedata


def strip_marks(text: str) -> str:
    """Vietnamese typed without diacritics."""
    out = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return out.replace("đ", "d").replace("Đ", "D")


FORMS = {
    "nfc": lambda t: unicodedata.normalize("NFC", t),
    "nfd": lambda t: unicodedata.normalize("NFD", t),
    "plain": strip_marks,
}
