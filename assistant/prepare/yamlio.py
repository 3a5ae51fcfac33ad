"""Reading the prepare module's YAML files (playbooks, drill scripts, crisis plans) into
pydantic models with errors that name the file, the field and the line.

A file that does not validate raises :class:`~assistant.errors.InputError` whose problems
carry the field path (``holding.vi``) and the YAML line, so a PR lead who added a playbook
knows exactly what to fix without reading Python.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from assistant.errors import InputError, Problem
from assistant.files import read_bytes

M = TypeVar("M", bound=BaseModel)


def _path(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else ("." if out else "") + str(part)
    return out or "(top level)"


def _line(root: yaml.Node | None, loc: tuple[Any, ...]) -> int | None:
    """1-based line of the node at ``loc`` (or of its closest existing parent)."""
    node, line = root, (root.start_mark.line + 1 if root is not None else None)
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            match = next(((k, v) for k, v in node.value if k.value == str(part)), None)
            if match is None:
                break
            line, node = match[0].start_mark.line + 1, match[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
            line = node.start_mark.line + 1
        else:
            break
    return line


def problems_of(exc: ValidationError, root: yaml.Node | None = None) -> list[Problem]:
    out = []
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        message = {"missing": "required field is missing",
                   "extra_forbidden": "unknown field (check the spelling; unknown keys are rejected)"}.get(
            err["type"], err["msg"])
        out.append(Problem(_path(loc), message, line=_line(root, loc), type=err["type"], value=err.get("input")))
    return out


def parse_yaml(text: str, model: type[M], source: str) -> M:
    """Validate YAML ``text`` into ``model``; InputError naming ``source``, field and line."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise InputError(source, [Problem("(file)", f"not valid YAML: {getattr(exc, 'problem', None) or exc}",
                                          line=mark.line + 1 if mark else None, type="yaml")]) from None
    if not isinstance(data, dict):
        raise InputError(source, [Problem("(top level)", "must be a mapping of fields", line=1, type="mapping")])
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise InputError(source, problems_of(exc, root)) from None


def load_yaml(path: str | Path, model: type[M]) -> M:
    raw = read_bytes(path)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(str(path), [Problem("(file)", f"not UTF-8 text (byte {exc.start})", type="encoding")]) from None
    return parse_yaml(text, model, str(path))


def load_folder(folder: str | Path, model: type[M]) -> dict[str, M]:
    """Every ``*.yaml`` of ``folder`` validated into ``model``, by its ``id`` (which must be
    the file name, so a copied file cannot silently shadow another)."""
    out: dict[str, M] = {}
    for path in sorted(Path(folder).glob("*.yaml")):
        item = load_yaml(path, model)
        if getattr(item, "id") != path.stem:
            raise InputError(str(path), [Problem("id", f"must be the file name {path.stem!r} (got {item.id!r})")])
        out[path.stem] = item
    return out


def pick(found: dict[str, M], item_id: str, what: str, source: str) -> M:
    """``found[item_id]``, or InputError listing the known ids."""
    if item_id not in found:
        raise InputError(source, [Problem("id", f"unknown {what} {item_id!r}; known: {', '.join(found)}",
                                          type="literal_error", value=item_id)])
    return found[item_id]


def dump_yaml(model: BaseModel) -> str:
    return yaml.safe_dump(model.model_dump(mode="json", exclude_none=True), allow_unicode=True,
                          sort_keys=False, width=100)
