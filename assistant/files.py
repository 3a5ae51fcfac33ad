"""Reading a user's file: one place that turns OS errors into messages naming the file
(and the option it came from) and what is wrong — for briefs, comments and CLI inputs."""

from __future__ import annotations

from pathlib import Path

from assistant.errors import InputError


def read_bytes(path: str | Path, error: type[InputError] = InputError, option: str | None = None,
               limit: int | None = None) -> bytes:
    """The bytes of ``path``, or ``error`` with a message such as ``"x.yaml: file not found"``;
    a file larger than ``limit`` bytes is refused unread, naming the limit."""
    label = str(path)
    where = f"{label}: {option}: " if option else f"{label}: "
    try:
        if limit is not None and (size := Path(path).stat().st_size) > limit:
            raise error(label, message=f"{where}{too_big(size, limit)}")
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise error(label, message=f"{where}file not found") from None
    except IsADirectoryError:
        raise error(label, message=f"{where}is a directory, expected a file") from None
    except OSError as exc:
        raise error(label, message=f"{where}cannot read the file ({exc.strerror or exc})") from None


def size_label(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB" if n >= 1_000_000 else f"{n / 1000:.0f} KB" if n >= 1000 else f"{n} bytes"


def too_big(size: int, limit: int) -> str:
    """The one wording of a size refusal: what it is and what the limit is."""
    return f"the file is {size:,} bytes; the limit is {limit:,} bytes ({size_label(limit)}) — split it or remove what is not needed"
