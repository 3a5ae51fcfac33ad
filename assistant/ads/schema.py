"""The advertising-deal record as a person writes it (YAML for ``crisis-desk deal add``,
or the page's form): validated with ``extra="forbid"`` so a typo fails loudly, errors
naming the file, the field and the line."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from assistant.brief import OptionalText, Text, _problems  # one YAML-error → Problem translator
from assistant.errors import InputError, Problem
from assistant.files import read_bytes
from assistant.store.ad_deals import DOCUMENT_KINDS  # noqa: F401 - the page's list of kinds
from guardrails.ads import PRODUCT_CLASSES

ProductClass = Literal[PRODUCT_CLASSES]  # type: ignore[valid-type]
DocumentKind = Literal[DOCUMENT_KINDS]  # type: ignore[valid-type]
PostChannel = Literal["facebook", "instagram", "tiktok", "youtube", "livestream", "other"]
POST_CHANNELS: tuple[str, ...] = PostChannel.__args__


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class DealError(InputError):
    """An advertising-deal file or form could not be read or validated."""


class DocumentCheck(_Strict):
    kind: DocumentKind
    reference: Text  # the document's number or file name
    checked_by: Text
    checked_on: dt.date


class UseRecord(_Strict):
    used: bool
    since: dt.date | None = None
    note: OptionalText = None

    @model_validator(mode="after")
    def _since_when_used(self):
        if self.used and self.since is None:
            raise ValueError("say since when the product was used (since: YYYY-MM-DD)")
        return self


class PostDraft(_Strict):
    channel: PostChannel = "facebook"
    text: Text


class DealFile(_Strict):
    advertiser: Text
    product: Text
    product_class: ProductClass
    documents: list[DocumentCheck] = Field(default_factory=list)
    use: UseRecord | None = None
    agreed_claims: list[Text] = Field(default_factory=list)
    posts: list[PostDraft] = Field(default_factory=list)


def validate_part(model: type[BaseModel], data: dict, source: str = "form"):
    """One part of a record from a form (a document check, a use record), or DealError."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise DealError(source, _problems(exc)) from None


def validate_deal(data: object, source: str = "deal") -> DealFile:
    if not isinstance(data, dict):
        raise DealError(source, [Problem("(top level)", "the deal must be a mapping of fields", type="mapping")])
    return validate_part(DealFile, data, source)


def parse_deal(text: str, source: str = "deal") -> DealFile:
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise DealError(source, [Problem("(file)", f"not valid YAML: {getattr(exc, 'problem', None) or exc}",
                                         line=mark.line + 1 if mark else None, type="yaml")]) from None
    if data is None:
        raise DealError(source, [Problem("(file)", "the file is empty", type="empty")])
    if not isinstance(data, dict):
        return validate_deal(data, source)
    try:
        return DealFile.model_validate(data)
    except ValidationError as exc:
        raise DealError(source, _problems(exc, root)) from None


def load_deal(path: str | Path) -> DealFile:
    raw = read_bytes(path, DealError)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DealError(str(path), [Problem("(file)", f"not UTF-8 text (byte {exc.start})", type="encoding")]) from None
    return parse_deal(text, source=str(path))
