"""Labels and explanations of the guardrail categories and checklist items, in Vietnamese
and English, for the UI and the exports (data: ``guardrails/rules/categories.yaml``)."""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict

from guardrails.report import CATEGORY_ROUTES, CHECKLIST_IDS
from guardrails.rulepack import RULES_DIR, RulePackError

__all__ = ["describe_category", "describe_checklist_item", "default_severity"]


class _Texts(BaseModel):
    model_config = ConfigDict(extra="forbid")
    vi: tuple[str, str]
    en: tuple[str, str]


class _Category(_Texts):
    severity: Literal["high", "medium", "low"]


class _CategoriesFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    categories: dict[str, _Category]
    checklist: dict[str, _Texts]


@lru_cache(maxsize=1)
def _data() -> _CategoriesFile:
    path = RULES_DIR / "categories.yaml"
    data = _CategoriesFile.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    missing = (set(CATEGORY_ROUTES) - set(data.categories)) | (set(CHECKLIST_IDS) - set(data.checklist))
    if missing:
        raise RulePackError(f"{path}: no label for {sorted(missing)}")
    return data


def _pick(texts: _Texts, lang: str) -> tuple[str, str]:
    return texts.vi if lang == "vi" else texts.en


def describe_category(category: str, lang: str) -> tuple[str, str]:
    """``(label, one-sentence explanation)`` of a category id in ``lang`` ("vi"/"en")."""
    try:
        return _pick(_data().categories[category], lang)
    except KeyError:
        raise KeyError(f"unknown guardrail category {category!r}") from None


def describe_checklist_item(item_id: str, lang: str) -> tuple[str, str]:
    """``(label, one-sentence explanation)`` of a checklist item id in ``lang``."""
    try:
        return _pick(_data().checklist[item_id], lang)
    except KeyError:
        raise KeyError(f"unknown checklist item {item_id!r}") from None


def default_severity(category: str) -> str:
    return _data().categories[category].severity
