"""Import fan comments from a paste (one per line), a ``.txt`` file or a ``.csv`` export.

CSV exports of Facebook, Instagram, YouTube and TikTok (English and Vietnamese headers)
are recognised: the text, author, id and time columns are detected from their names
(``column_aliases.yaml``), the delimiter is sniffed from the header line, a BOM and quoted
multi-line cells are handled. Nothing is dropped silently: a row without text is reported
with its line number in ``ImportResult.problems``. When the text column is unclear,
:class:`TextColumnUnclear` lists the candidates so the UI or CLI can ask.
"""

from __future__ import annotations

import csv
import io
import re
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict

from assistant.errors import Problem
from assistant.files import read_bytes, too_big
from assistant.replies.errors import CommentImportError, TextColumnUnclear
from assistant.replies.models import MAX_COMMENTS, Comment
from guardrails.text import fold_plain

ALIASES_PATH = Path(__file__).with_name("column_aliases.yaml")
_DELIMITERS = (",", ";", "\t", "|")
MAX_IMPORT_BYTES = 5_000_000  # one file or paste of comments (the UI's upload limit too)


class ImportResult(BaseModel):
    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    source: str
    comments: tuple[Comment, ...]
    problems: tuple[Problem, ...] = ()
    columns: dict[str, str] = {}  # role ("text", "author", "id", "time") -> column name used
    delimiter: str | None = None
    records: int = 0  # data records in the file: every one is a comment or a reported problem


class _Aliases(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: list[str]
    author: list[str]
    id: list[str]
    time: list[str]


@lru_cache(maxsize=1)
def _aliases() -> dict[str, set[str]]:
    data = _Aliases.model_validate(yaml.load(ALIASES_PATH.read_text(encoding="utf-8"), Loader=yaml.BaseLoader))  # noqa: S506
    return {role: {_header_key(a) for a in names} for role, names in data.model_dump().items()}


def _header_key(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", fold_plain(name))


# ------------------------------------------------------------------------------ decoding

def decode(data: bytes, source: str) -> str:
    """UTF-8 (with or without BOM) or UTF-16 with BOM (Excel's "Unicode text")."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CommentImportError(source, [Problem(
            "(file)", f"not UTF-8 text (byte {exc.start}); save or export the file as UTF-8 CSV",
            line=data[: exc.start].count(b"\n") + 1, type="encoding")]) from None


# ------------------------------------------------------------------------------ public

def read_comments(data: str | bytes, source: str = "paste", *, fmt: str | None = None,
                  text_column: str | None = None, max_comments: int = MAX_COMMENTS) -> ImportResult:
    """Read comments from pasted text or file content.

    ``fmt``: ``"csv"`` or ``"lines"`` (a paste or a .txt: one comment per line); by default
    taken from ``source``'s suffix (``.csv``/``.tsv`` -> csv, anything else -> lines).
    """
    size = len(data) if isinstance(data, bytes) else len(data.encode("utf-8", "surrogatepass"))
    if size > MAX_IMPORT_BYTES:
        raise CommentImportError(source, [Problem("(file)", too_big(size, MAX_IMPORT_BYTES), type="too_big")])
    text = decode(data, source) if isinstance(data, bytes) else data.lstrip("\ufeff")
    if fmt is None:
        fmt = "csv" if Path(source).suffix.lower() in {".csv", ".tsv"} else "lines"
    if fmt == "csv":
        result = _read_csv(text, source, text_column)
    elif fmt == "lines":
        result = _read_lines(text, source)
    else:
        raise ValueError(f"unknown comment format {fmt!r}")
    if len(result.comments) > max_comments:
        raise CommentImportError(source, [Problem(
            "(file)", f"{len(result.comments):,} comments; at most {max_comments:,} can be answered in one batch — "
            "split the file", type="too_many")])
    if not result.comments:
        raise CommentImportError(source, list(result.problems) + [Problem("(file)", "no comments found", type="empty")])
    return result


def read_comments_file(path: str | Path, *, text_column: str | None = None,
                       max_comments: int = MAX_COMMENTS) -> ImportResult:
    raw = read_bytes(path, CommentImportError, limit=MAX_IMPORT_BYTES)
    return read_comments(raw, str(path), text_column=text_column, max_comments=max_comments)


# ------------------------------------------------------------------------------ lines

def _read_lines(text: str, source: str) -> ImportResult:
    comments = []
    for n, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            comments.append(Comment(id=f"line-{n}", text=line.strip(), line=n))
    return ImportResult(source=source, comments=tuple(comments), columns={"text": "(line)"}, records=len(comments))


# ------------------------------------------------------------------------------ csv

def _sniff_delimiter(text: str) -> str:
    """The delimiter of the header line (outside quotes); comma when there is none."""
    header, quoted = [], False
    for ch in text:
        if ch == '"':
            quoted = not quoted
        elif ch in "\r\n" and not quoted:
            break
        elif not quoted:
            header.append(ch)
    counts = {d: header.count(d) for d in _DELIMITERS}
    best = max(_DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def _pick_columns(header: list[str], rows: list[list[str]], source: str, text_column: str | None) -> dict[str, int]:
    keys = [_header_key(h) for h in header]
    roles: dict[str, int] = {}
    aliases = _aliases()
    for role in ("author", "id", "time"):
        for i, k in enumerate(keys):
            if k in aliases[role] and i not in roles.values():
                roles[role] = i
                break
    if text_column is not None:
        wanted = _header_key(text_column)
        matches = [i for i, k in enumerate(keys) if k == wanted]
        if not matches:
            raise CommentImportError(source, [Problem(
                "--text-column", f"no column named {text_column!r}; the columns are: "
                + ", ".join(repr(h) for h in header), line=1, type="unknown_column")])
        roles["text"] = matches[0]
        for role in ("author", "id", "time"):
            if roles.get(role) == matches[0]:
                del roles[role]
        return roles
    text_cols = [i for i, k in enumerate(keys) if k in aliases["text"]]
    if len(text_cols) == 1:
        roles["text"] = text_cols[0]
        return roles
    if len(header) == 1:
        roles["text"] = 0
        return roles
    if text_cols:
        candidates, reason = text_cols, "several columns could hold the comment text"
    else:
        used = set(roles.values())
        candidates = [i for i in range(len(header)) if i not in used and header[i].strip()] or list(range(len(header)))
        reason = "no column is named like a comment text (message, comment, text, nội dung, bình luận…)"

    def avg_len(i: int) -> float:
        cells = [r[i] for r in rows[:200] if i < len(r)]
        return sum(len(c) for c in cells) / max(1, len(cells))

    candidates.sort(key=avg_len, reverse=True)
    raise TextColumnUnclear(source, [header[i] for i in candidates], reason)


def _read_csv(text: str, source: str, text_column: str | None) -> ImportResult:
    delimiter = _sniff_delimiter(text)
    lines = io.StringIO(text, newline="").readlines()  # the same lines the reader sees
    reader = csv.reader(iter(lines), delimiter=delimiter)
    records: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for row in reader:
            _check_quotes(lines, start, reader.line_num, source)
            records.append((start, row))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise CommentImportError(source, [Problem("(file)", f"not valid CSV: {exc}", line=start, type="csv")]) from None
    records = [(n, r) for n, r in records if any(c.strip() for c in r)]
    if not records:
        raise CommentImportError(source, [Problem("(file)", "the file is empty", type="empty")])
    header_line, header = records[0]
    header = [h.strip() for h in header]
    body = records[1:]
    keys = {_header_key(h) for h in header}
    known = set().union(*_aliases().values())
    if len(header) == 1 and text_column is None and not (keys & known):
        body = records  # a one-column file without a header: every line is a comment
        header = ["text"]
    roles = _pick_columns(header, [r for _, r in body], source, text_column)
    comments: list[Comment] = []
    problems: list[Problem] = []
    seen_ids: dict[str, int] = {}
    ti = roles["text"]

    def cell(row: list[str], role: str) -> str | None:
        i = roles.get(role)
        if i is None or i >= len(row):
            return None
        return row[i].strip() or None

    for line, row in body:
        text_value = row[ti].strip() if ti < len(row) else ""
        if not text_value:
            what = "the row has no cell for the text column" if ti >= len(row) else "the comment text is empty"
            problems.append(Problem(f"{header[ti]}", f"{what} (row skipped: {_preview(row)})", line=line, type="empty_text", value=row))
            continue
        cid = cell(row, "id") or f"line-{line}"
        if cid in seen_ids:
            problems.append(Problem("id", f"duplicate id {cid!r} (first on line {seen_ids[cid]}); kept as {cid}@{line}",
                                    line=line, type="duplicate_id", value=cid))
            cid = f"{cid}@{line}"
        else:
            seen_ids[cid] = line
        comments.append(Comment(id=cid, text=text_value, author=cell(row, "author"), time=cell(row, "time"), line=line))
    skipped = sum(1 for p in problems if p.type == "empty_text")
    if len(comments) + skipped != len(body):  # never a silent drop: every record is accounted for
        raise AssertionError(f"{source}: {len(body)} records but {len(comments)} comments and {skipped} skipped")
    return ImportResult(source=source, comments=tuple(comments), problems=tuple(problems),
                        columns={role: header[i] for role, i in roles.items()}, delimiter=delimiter, records=len(body))


def _check_quotes(lines: list[str], start: int, end: int, source: str) -> None:
    """A record that runs over several lines with an odd number of quotes has a quoted
    cell that is never closed: the rows after it would silently become one comment."""
    if end > start and "".join(lines[start - 1:end]).count('"') % 2:
        raise CommentImportError(source, [Problem(
            "(file)", f"a quoted cell opened on line {start} is never closed, so lines {start}–{end} would be read as "
            "one comment; add the closing \" (or double a quote inside a cell: \"\")", line=start, type="unclosed_quote")])


def _preview(row: list[str]) -> str:
    shown = " | ".join(c.strip() for c in row if c.strip())[:80]
    return shown or "all cells empty"
