"""Reading a user's file: one place that turns OS errors into messages naming the file
(and the option it came from) and what is wrong — for briefs, comments and CLI inputs."""

from __future__ import annotations

from pathlib import Path

from assistant.errors import InputError


def read_bytes(path: str | Path, error: type[InputError] = InputError, option: str | None = None) -> bytes:
    """The bytes of ``path``, or ``error`` with a message such as ``"x.yaml: file not found"``."""
    label = str(path)
    where = f"{label}: {option}: " if option else f"{label}: "
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise error(label, message=f"{where}file not found") from None
    except IsADirectoryError:
        raise error(label, message=f"{where}is a directory, expected a file") from None
    except OSError as exc:
        raise error(label, message=f"{where}cannot read the file ({exc.strerror or exc})") from None
