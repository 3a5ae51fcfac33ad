"""UI strings as data: every ``strings/*.yaml`` file maps a key to ``{vi: ..., en: ...}``.

``t(key, lang, **fmt)`` returns the string in ``lang`` (Vietnamese by default) with
``str.format`` fields filled in.  An unknown key is an error (a typo must fail loudly in
the tests, not show a blank label); a key defined in two files is an error too.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from pathlib import Path

import yaml

STRINGS_DIR = Path(__file__).with_name("strings")
UI_LANGUAGES: tuple[str, ...] = ("vi", "en")
DEFAULT_LANGUAGE = "vi"


class StringsError(Exception):
    """A strings file is malformed (the developer must fix the YAML)."""


def _read_file(path: Path) -> dict[str, dict[str, str]]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise StringsError(f"{path.name}: not valid YAML: {exc}") from None
    if not isinstance(data, dict):
        raise StringsError(f"{path.name}: must be a mapping of key -> {{vi: ..., en: ...}}")
    out: dict[str, dict[str, str]] = {}
    for key, entry in data.items():
        if not isinstance(entry, dict):
            raise StringsError(f"{path.name}: {key}: must be a mapping with 'vi' and 'en'")
        extra = set(entry) - set(UI_LANGUAGES)
        if extra:
            raise StringsError(f"{path.name}: {key}: unknown language(s) {sorted(extra)}")
        out[str(key)] = {lang: unicodedata.normalize("NFC", str(text)) for lang, text in entry.items() if text is not None}
    return out


@lru_cache(maxsize=1)
def load_strings(directory: str | None = None) -> dict[str, dict[str, str]]:
    """Merge every YAML file of the strings folder; a duplicated key is an error."""
    folder = Path(directory) if directory else STRINGS_DIR
    merged: dict[str, dict[str, str]] = {}
    origin: dict[str, str] = {}
    for path in sorted(folder.glob("*.yaml")):
        for key, entry in _read_file(path).items():
            if key in merged:
                raise StringsError(f"{path.name}: key {key!r} is already defined in {origin[key]}")
            merged[key] = entry
            origin[key] = path.name
    return merged


def ui_language(lang: str | None) -> str:
    """Any value -> a supported UI language (Vietnamese when unknown)."""
    return lang if lang in UI_LANGUAGES else DEFAULT_LANGUAGE


def has(key: str) -> bool:
    return key in load_strings()


def t(key: str, lang: str, **fmt: object) -> str:
    """The UI string ``key`` in ``lang`` ("vi" or "en"), formatted with ``fmt``."""
    strings = load_strings()
    try:
        entry = strings[key]
    except KeyError:
        raise KeyError(f"UI string {key!r} is not defined in {STRINGS_DIR}") from None
    lang = ui_language(lang)
    text = entry.get(lang) or entry.get(DEFAULT_LANGUAGE) or next(iter(entry.values()), key)
    if fmt and "[[" in text:  # "[[count|comment|comments]]": the word that fits the number
        text = _PLURAL.sub(lambda m: m[2] if fmt.get(m[1]) == 1 else m[3], text)
    return text.format(**fmt) if fmt else text


_PLURAL = __import__("re").compile(r"\[\[(\w+)\|([^|\]]*)\|([^|\]]*)\]\]")
