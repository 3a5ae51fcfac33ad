"""The incident brief: the single source of facts for everything the assistant writes.

The model mirrors ``shared/spec/brief.md`` exactly. ``load_brief(path)`` reads YAML or JSON
and raises :class:`~assistant.errors.BriefError` whose message names the file, the field,
the line (YAML) and what is wrong. Unknown keys are an error: a typo must not silently drop
a fact.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, model_serializer, model_validator
from pydantic_core import PydanticCustomError

from assistant.catalog import Fault, Language, Role, Scenario
from assistant.errors import BriefError, Problem
from assistant.files import read_bytes, too_big

# Limits (named in every refusal and in the README): a brief is a page or two of facts.
MAX_BRIEF_BYTES = 200_000   # the whole file
MAX_FIELD_CHARS = 5_000     # one text value (a fact, the summary, a quote)
MAX_LIST_ITEMS = 300        # items in one list (facts, actions, parties)
MAX_DEPTH = 12              # nesting of mappings and lists (a brief needs 4)


def _as_text(value: Any) -> Any:
    """YAML turns ``2026-11-24`` or ``37`` into a date or a number; in a text field we
    keep what the user wrote as text rather than rejecting it. Booleans stay an error
    (YAML reads ``no`` as False, which is never what a writer meant)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float, dt.date, dt.datetime, dt.time)):
        return value.isoformat() if hasattr(value, "isoformat") else str(value)
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, dict) and value and set(value) <= _LANGS:
        # a translated item without its text in the brief's language (see _fold_translations)
        raise PydanticCustomError(
            "translation_primary",
            "a translated item needs its text in the brief's language too (add `{lang}: …`)",
            {"lang": "/".join(sorted(_LANGS - set(value))) or "the brief's language"},
        )
    return value


Text = Annotated[str, BeforeValidator(_as_text), Field(min_length=1)]
OptionalText = Annotated[str | None, BeforeValidator(_as_text)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


_LANGS = {"vi", "en"}


class Speaker(_Strict):
    name: Text
    role: Role = "kol"
    handle: OptionalText = None
    voice: OptionalText = None  # free-text style note, for the model
    # How the speaker refers to themselves (mình, tôi, em, a name such as "Ngọc", chúng
    # tôi; I, we) and how the audience is addressed (mọi người, các bạn, quý khách…).
    self_reference: OptionalText = None
    audience: OptionalText = None
    about: OptionalText = None  # the "About" paragraph of a press release


class PRContact(_Strict):
    """Who the press should call: a person or office of the team, never the KOL."""

    name: Text
    organisation: OptionalText = None
    email: OptionalText = None
    phone: OptionalText = None
    city: OptionalText = None  # the dateline's city


class Incident(_Strict):
    title: Text
    scenario: Scenario = "other"
    summary: Text  # internal: never pasted into a statement
    account: OptionalText = None  # what happened, told by the speaker (first person)
    occurred_at: dt.date | dt.datetime | None = None
    discovered_at: dt.date | dt.datetime | None = None


def _action_from_text(value: Any) -> Any:
    if isinstance(value, str):
        return {"action": value}
    return value


class PlannedAction(_Strict):
    action: Text
    due: dt.date | dt.datetime | None = None


def _topic_from_text(value: Any) -> Any:
    if isinstance(value, str) or (value is not None and not isinstance(value, (dict, bool, list))):
        return {"topic": _as_text(value)}
    return value


class DoNotSay(_Strict):
    """One item of the lawyer's do-not-say list: a topic ("the courier company") and,
    optionally, the concrete names or examples that say it (``aliases``: "GHN", "Giao
    Hàng Nhanh"). A plain string is a topic without aliases, and is written back as one."""

    topic: Text
    aliases: list[Text] = Field(default_factory=list)

    @model_serializer(mode="wrap")
    def _plain_when_no_aliases(self, handler):
        return self.topic if not self.aliases else handler(self)

    @property
    def phrases(self) -> list[str]:
        """The topic and its aliases: every wording that says this item."""
        return [self.topic, *self.aliases]

    def __str__(self) -> str:
        return self.topic + (f" ({', '.join(self.aliases)})" if self.aliases else "")


class IncidentBrief(_Strict):
    language: Language
    speaker: Speaker
    incident: Incident
    fault: Fault
    confirmed_facts: list[Text] = Field(default_factory=list)
    under_investigation: list[Text] = Field(default_factory=list)
    affected_parties: list[Text] = Field(default_factory=list)
    actions_taken: list[Text] = Field(default_factory=list)
    actions_planned: list[Annotated[PlannedAction, BeforeValidator(_action_from_text)]] = Field(
        default_factory=list
    )
    next_update: OptionalText = None
    official_channels: list[Text] = Field(default_factory=list)
    contact: OptionalText = None
    do_not_say: list[Annotated[DoNotSay, BeforeValidator(_topic_from_text)]] = Field(default_factory=list)
    protected_names: list[Text] = Field(default_factory=list)
    pr_contact: PRContact | None = None
    # language -> {text in the brief's language: the same text in that language}. Filled
    # from items written as {vi: …, en: …}; keyed by text, so editing an item in the form
    # drops its old translation instead of pairing it with the wrong sentence.
    translations: dict[Language, dict[str, str]] = Field(default_factory=dict)

    @model_validator(mode="before")
    @classmethod
    def _fold_translations(cls, data: Any) -> Any:
        if isinstance(data, dict) and data.get("language") in _LANGS:
            return _fold(data, data["language"])
        return data

    def text_in(self, text: str | None, lang: str) -> str | None:
        """``text`` (as the brief states it) in ``lang``: itself in the brief's language,
        else its translation, else None."""
        if text is None or lang == self.language:
            return text
        return self.translations.get(lang, {}).get(text)

    def with_translations(self, lang: str, pairs: dict[str, str]) -> "IncidentBrief":
        """A copy with ``pairs`` (text as the brief states it -> its text in ``lang``)
        added to the translations; empty texts are ignored."""
        added = {k: v.strip() for k, v in pairs.items() if v and v.strip()}
        merged = {k: dict(v) for k, v in self.translations.items()}
        merged.setdefault(lang, {}).update(added)
        return IncidentBrief.model_validate({**self.model_dump(mode="json"), "translations": merged})

    def in_language(self, lang: str) -> "IncidentBrief":
        """This brief as if written in ``lang``: every item that has a translation in
        ``lang`` is replaced by it (and the original kept as its translation), so a
        statement in ``lang`` is checked against items in its own language."""
        if lang == self.language or lang not in self.translations:
            return self
        pairs = self.translations[lang]
        data = self.model_dump(mode="json", exclude={"translations"})

        def swap(value: Any) -> Any:
            if isinstance(value, str):
                return pairs.get(value, value)
            if isinstance(value, dict):
                return {k: swap(v) for k, v in value.items()}
            if isinstance(value, list):
                return [swap(v) for v in value]
            return value

        swapped = {k: (v if k in ("do_not_say", "protected_names") else swap(v)) for k, v in data.items()}
        back = {new: old for old, new in pairs.items()}
        others = {k: v for k, v in self.translations.items() if k != lang}
        return IncidentBrief.model_validate({**swapped, "language": lang,
                                             "translations": {**others, self.language: back}})

    def to_yaml(self) -> str:
        """The brief as YAML, round-trippable through :func:`parse_brief`."""
        data = self.model_dump(mode="json", exclude_none=True)
        return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def _fold(data: dict, lang: str) -> dict:
    """Replace every ``{vi: …, en: …}`` item by its text in ``lang`` and record the other
    versions in ``translations`` (a copy: the caller's mapping is left as it was)."""
    found: dict[str, dict[str, str]] = {}

    def walk(value: Any) -> Any:
        if isinstance(value, dict) and value and set(value) <= _LANGS:
            primary = value.get(lang)
            if not isinstance(primary, str) or not primary.strip():
                return value  # reported by _as_text against the field
            primary = primary.strip()
            for other, text in value.items():
                if other != lang and isinstance(text, str) and text.strip():
                    found.setdefault(other, {})[primary] = text.strip()
            return primary
        if isinstance(value, dict):
            return {k: walk(v) for k, v in value.items()}
        if isinstance(value, list):
            return [walk(v) for v in value]
        return value

    out = {k: (v if k == "translations" else walk(v)) for k, v in data.items()}
    if found:
        merged = {k: dict(v) for k, v in (data.get("translations") or {}).items()} if isinstance(
            data.get("translations"), dict) else {}
        for other, pairs in found.items():
            merged.setdefault(other, {}).update(pairs)
        out["translations"] = merged
    return out


# --------------------------------------------------------------------------- loading

_REQUIRED_HINT = "required field is missing"


class _BriefLoader(yaml.SafeLoader):
    """SafeLoader that leaves timestamps as text (pydantic parses dates and reports a bad
    one (``2026-13-01``) against its field instead of YAML crashing on it), refuses aliases
    (``*name``: one line could expand into millions) and nesting deeper than
    :data:`MAX_DEPTH` (PyYAML composes recursively: no RecursionError)."""

    _depth = 0

    def compose_node(self, parent, index):  # noqa: ANN001 - PyYAML's signature
        if self.check_event(yaml.AliasEvent):
            raise yaml.composer.ComposerError(None, None, "aliases (*name) are not accepted in a brief; write the value out",
                                              self.peek_event().start_mark)
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise yaml.composer.ComposerError(None, None, f"nested deeper than {MAX_DEPTH} levels (the limit)",
                                                  self.peek_event().start_mark)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


_BriefLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _duplicate_keys(node: yaml.Node | None, path: tuple = ()) -> list[Problem]:
    """Every key written twice in one mapping (YAML would silently keep the last)."""
    problems: list[Problem] = []
    if isinstance(node, yaml.MappingNode):
        first: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            line = key_node.start_mark.line + 1
            if key in first:
                problems.append(Problem(_field_path(path + (key,)), f"the key {key!r} is written twice (lines {first[key]} and "
                                        f"{line}); keep one — nothing is merged or dropped silently", line=line, type="duplicate_key"))
            else:
                first[key] = line
            problems += _duplicate_keys(value_node, path + (key,))
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            problems += _duplicate_keys(item, path + (i,))
    return problems


def _limit_problems(data: Any, root: yaml.Node | None = None, path: tuple = ()) -> list[Problem]:
    """Text values longer than :data:`MAX_FIELD_CHARS`, lists longer than :data:`MAX_LIST_ITEMS`,
    nesting deeper than :data:`MAX_DEPTH` (a form or JSON has no YAML composer to stop it)."""
    def problem(message: str, kind: str) -> Problem:
        return Problem(_field_path(path), message, line=_yaml_line(root, path) if root is not None else None, type=kind)

    if len(path) > MAX_DEPTH:
        return [problem(f"nested deeper than {MAX_DEPTH} levels (the limit)", "too_deep")]
    if isinstance(data, str) and len(data) > MAX_FIELD_CHARS:
        return [problem(f"{len(data):,} characters; the limit is {MAX_FIELD_CHARS:,} per field — shorten it or split it "
                        "into several items", "too_long")]
    problems: list[Problem] = []
    if isinstance(data, list):
        if len(data) > MAX_LIST_ITEMS:
            problems.append(problem(f"{len(data):,} items; the limit is {MAX_LIST_ITEMS:,} per list", "too_many"))
        for i, item in enumerate(data[:MAX_LIST_ITEMS + 1]):
            problems += _limit_problems(item, root, path + (i,))
    elif isinstance(data, dict):
        for key, value in data.items():
            problems += _limit_problems(value, root, path + (str(key),))
    return problems


def _check_limits(data: Any, source: str, root: yaml.Node | None = None) -> None:
    if problems := _limit_problems(data, root):
        raise BriefError(source, problems)
    _typed_dates(data)


_DATE_FIELDS = ("occurred_at", "discovered_at")


def _typed_dates(data: dict) -> None:
    """Dates as people type them ("01/12/2026 14:30", "14:30 ngày 1/12") become ISO, read
    in the incident's time zone (the offset of its other time, else Vietnam); anything
    else is left for the field's own error."""
    from assistant.timeline import VIETNAM, parse_when

    incident = data.get("incident")
    if not isinstance(incident, dict):
        return
    tz = VIETNAM
    for name in _DATE_FIELDS:
        value = incident.get(name)
        if isinstance(value, str):
            try:
                aware = dt.datetime.fromisoformat(value.strip())
            except ValueError:
                continue
            if aware.tzinfo is not None:
                tz = aware.tzinfo
                break
    for name in _DATE_FIELDS:
        value = incident.get(name)
        if isinstance(value, str) and value.strip():
            when = parse_when(value, tz)
            if when is not None:
                incident[name] = when.isoformat()


def _unique_pairs(pairs: list[tuple[str, Any]]) -> dict:
    out: dict = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateJSONKey(key)
        out[key] = value
    return out


class _DuplicateJSONKey(ValueError):
    def __init__(self, key: str):
        super().__init__(key)
        self.key = key


def _read_yaml(text: str, source: str) -> tuple[Any, yaml.Node | None]:
    loader = None
    try:
        loader = _BriefLoader(text)  # the reader checks the characters here already
        root = loader.get_single_node()
        if dupes := _duplicate_keys(root):
            raise BriefError(source, dupes)
        return (loader.construct_document(root) if root is not None else None), root
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        if isinstance(exc, yaml.reader.ReaderError):  # a control character: name it and its line
            line = text[: exc.position].count("\n") + 1
            problem = f"the character U+{exc.character:04X} is not allowed in YAML; delete it"
        else:
            problem = getattr(exc, "problem", None) or str(exc)
        raise BriefError(source, [Problem("(file)", f"not valid YAML: {problem}", line=line, type="yaml")]) from None
    finally:
        if loader is not None:
            loader.dispose()


def _read_json(text: str, source: str) -> Any:
    try:
        return json.loads(text, object_pairs_hook=_unique_pairs)
    except json.JSONDecodeError as exc:
        raise BriefError(source, [Problem("(file)", f"not valid JSON: {exc.msg} (column {exc.colno})", line=exc.lineno, type="json")]) from None
    except _DuplicateJSONKey as exc:
        raise BriefError(source, [Problem("(file)", f"the key {exc.key!r} is written twice in one object; keep one",
                                          type="duplicate_key")]) from None
    except RecursionError:
        raise BriefError(source, [Problem("(file)", f"nested deeper than {MAX_DEPTH} levels (the limit)", type="too_deep")]) from None


def _field_path(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else ("." if out else "") + str(part)
    return out or "(top level)"


def _is_union_member(part: Any) -> bool:
    """pydantic adds union-member and validator names to ``loc``; they are not keys."""
    return isinstance(part, str) and (part in {"date", "datetime"} or "(" in part or "[" in part)


def _yaml_line(root: yaml.Node | None, loc: tuple[Any, ...]) -> int | None:
    """1-based line of the node at ``loc`` (or of its closest existing parent)."""
    node = root
    line = node.start_mark.line + 1 if node is not None else None
    for part in loc:
        if isinstance(node, yaml.MappingNode) and isinstance(part, str):
            nxt = None
            for key_node, value_node in node.value:
                if key_node.value == part:
                    nxt = value_node
                    line = key_node.start_mark.line + 1
                    break
            if nxt is None:
                break
            node = nxt
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            if part >= len(node.value):
                break
            node = node.value[part]
            line = node.start_mark.line + 1
        elif _is_union_member(part):
            continue
        else:
            break
    return line


def _problems(exc: ValidationError, root: yaml.Node | None = None) -> list[Problem]:
    problems: list[Problem] = []
    seen: set[tuple[str, str]] = set()
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        # A union (date | datetime) reports one error per member: keep the first.
        clean = tuple(p for p in loc if not _is_union_member(p))
        path = _field_path(clean)
        etype = err["type"]
        if etype == "missing":
            msg = _REQUIRED_HINT
        elif etype == "extra_forbidden":
            msg = "unknown field (check the spelling; unknown keys are rejected so no fact is dropped)"
        elif etype in {"date_from_datetime_parsing", "datetime_from_date_parsing", "date_parsing", "datetime_parsing", "date_type", "datetime_type"}:
            etype = "date"
            msg = ("not a valid date or date-time (write it as 01/12/2026 14:30, 14:30 ngày 1/12/2026, "
                   "1 December 2026 2:30 pm or 2026-12-01T14:30+07:00)")
        elif etype == "literal_error":
            msg = err["msg"].replace("Input should be", "must be one of:")
        elif etype in {"string_too_short", "too_short"}:
            etype = "empty"
            msg = "must not be empty"
        else:
            msg = err["msg"]
        key = (path, etype)
        if key in seen:
            continue
        seen.add(key)
        problems.append(
            Problem(field=path, message=msg, line=_yaml_line(root, clean) if root is not None else None,
                    type=etype, value=err.get("input"))
        )
    return problems


def validate_brief(data: Any, source: str = "brief") -> IncidentBrief:
    """Validate a mapping (from a form or a parsed file) into an :class:`IncidentBrief`."""
    if not isinstance(data, dict):
        raise BriefError(source, [Problem("(top level)", "the brief must be a mapping of fields", type="mapping")])
    _check_limits(data, source)
    try:
        return IncidentBrief.model_validate(data)
    except ValidationError as exc:
        raise BriefError(source, _problems(exc)) from None


def parse_brief(text: str, source: str = "brief", fmt: str | None = None) -> IncidentBrief:
    """Parse brief text (YAML, or JSON which is YAML too) with line-aware errors, within
    the limits (file size, field length, list length, nesting) and refusing duplicate keys."""
    fmt = (fmt or ("json" if source.lower().endswith(".json") else "yaml")).lower()
    if (size := len(text.encode("utf-8", "surrogatepass"))) > MAX_BRIEF_BYTES:
        raise BriefError(source, [Problem("(file)", too_big(size, MAX_BRIEF_BYTES), type="too_big")])
    root = None
    if fmt == "json":
        data = _read_json(text, source)
    else:
        data, root = _read_yaml(text, source)
    if data is None:
        raise BriefError(source, [Problem("(file)", "the file is empty", type="empty")])
    if not isinstance(data, dict):
        raise BriefError(source, [Problem("(top level)", "the brief must be a mapping of fields", line=1 if root else None, type="mapping")])
    _check_limits(data, source, root)
    try:
        return IncidentBrief.model_validate(data)
    except ValidationError as exc:
        raise BriefError(source, _problems(exc, root)) from None


def load_brief(path: str | Path) -> IncidentBrief:
    """Read an incident brief from a YAML or JSON file."""
    p = Path(path)
    raw = read_bytes(p, BriefError, limit=MAX_BRIEF_BYTES)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BriefError(str(p), [Problem("(file)", f"not UTF-8 text (byte {exc.start})", type="encoding")]) from None
    return parse_brief(text, source=str(p), fmt="json" if p.suffix.lower() == ".json" else "yaml")
