"""The store's refusals in Vietnamese and English (``messages.yaml``).

``refusal(ErrorClass, code, **params)`` builds an error whose ``message`` is English (the
command line), with ``code`` (a stable key), ``params`` and ``translations`` (``{"vi":
…, "en": …}``) so the web UI can show it in the user's language. Parameters whose name
starts with ``_`` are translated keys themselves (``_step="store.step.approved"``).
"""

from __future__ import annotations

import string
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

import yaml

MESSAGES_FILE = Path(__file__).with_name("messages.yaml")
LANGUAGES = ("vi", "en")

E = TypeVar("E", bound=Exception)


@lru_cache(maxsize=1)
def messages() -> dict[str, dict[str, str]]:
    data = yaml.safe_load(MESSAGES_FILE.read_text(encoding="utf-8"))
    out: dict[str, dict[str, str]] = {}
    for key, entry in data.items():
        if not isinstance(entry, dict) or set(entry) != set(LANGUAGES):
            raise ValueError(f"{MESSAGES_FILE.name}: {key}: needs exactly the languages {LANGUAGES}")
        out[key] = {lang: unicodedata.normalize("NFC", text) for lang, text in entry.items()}
    return out


def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def render(code: str, lang: str, **params: Any) -> str:
    table = messages()
    values = {}
    for name, value in params.items():
        if name.startswith("_"):
            values[name[1:]] = table[value][lang]
        elif isinstance(value, (list, tuple)):
            values[name] = ", ".join(table[v][lang] if v in table else str(v) for v in value)
        else:
            values[name] = value
    return table[code][lang].format(**values)


def refusal(error_class: type[E], code: str, **params: Any) -> E:
    translations = {lang: render(code, lang, **params) for lang in LANGUAGES}
    error = error_class(translations["en"])
    error.code = code  # type: ignore[attr-defined]
    error.params = params  # type: ignore[attr-defined]
    error.translations = translations  # type: ignore[attr-defined]
    return error
