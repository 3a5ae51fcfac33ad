"""Password hashes with Argon2id (argon2-cffi's maintained defaults, RFC 9106)."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from assistant.errors import InputError, Problem

MIN_LENGTH = 10
MAX_LENGTH = 1024
_hasher = PasswordHasher()


def check_strength(password: object) -> str:
    """The password if it is long enough; an InputError saying the limit otherwise."""
    if not isinstance(password, str) or len(password) < MIN_LENGTH:
        raise InputError("password", [Problem("password", f"must be at least {MIN_LENGTH} characters",
                                              type="string_too_short")])
    if len(password) > MAX_LENGTH:
        raise InputError("password", [Problem("password", f"must be at most {MAX_LENGTH} characters",
                                              type="string_too_long")])
    return password


def hash_password(password: str) -> str:
    return _hasher.hash(check_strength(password))


def verify_password(password_hash: str | None, password: str) -> bool:
    """True when ``password`` matches; False for a wrong password, no hash or a broken hash."""
    if not password_hash or not isinstance(password, str) or len(password) > MAX_LENGTH:
        return False
    try:
        return _hasher.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False
