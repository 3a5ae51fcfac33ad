"""Reading the user's text files and writing outputs, the same way for every subcommand:
an error names the file (and the option it came from) and what is wrong; an output file is
written all or nothing, never half."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from assistant.errors import InputError
from assistant.files import read_bytes


def read_text(name: str, option: str | None = None, empty: str | None = None) -> str:
    """The UTF-8 text of file ``name`` ('-': standard input). ``option`` (e.g. "--previous")
    is named in messages; ``empty`` is the message for a blank file (None: blank is fine)."""
    label = "standard input" if name == "-" else name
    where = f"{label}: {option}: " if option else f"{label}: "
    data = sys.stdin.buffer.read() if name == "-" else read_bytes(name, option=option)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            label, message=f"{where}not UTF-8 text (invalid byte at position {exc.start}); save it as UTF-8"
        ) from None
    if empty is not None and not text.strip():
        raise InputError(label, message=f"{where}{empty}")
    return text


def write_output(out: str | None, data: bytes | str, option: str = "--out") -> None:
    """Write ``data`` to ``out`` ('-' or None: standard output) atomically."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if out in (None, "-"):
        sys.stdout.buffer.write(raw)
        sys.stdout.flush()
        return
    target = Path(out)
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
        with os.fdopen(fd, "wb") as fh:
            fh.write(raw)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; an output is an ordinary file
        os.replace(tmp, target)  # all or nothing: never a half-written file under the real name
    except OSError as exc:
        if tmp and os.path.exists(tmp):
            os.unlink(tmp)
        raise InputError(out, message=f"{out}: {option}: cannot write the file ({exc.strerror or exc})") from None
