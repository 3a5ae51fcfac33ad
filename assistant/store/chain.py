"""The audit log as a hash chain.

Each row carries its position ``seq`` (1, 2, 3…), the hash of the row before it
(``prev_hash``; the first row points at ``GENESIS``) and the SHA-256 of its own content
including ``prev_hash`` (``row_hash``). Changing, removing or inserting a row anywhere
breaks the chain from that row on. With ``CRISIS_DESK_AUDIT_KEY`` set on the server, each
row's hash is also signed (HMAC-SHA-256), so a forger who recomputes the hashes still
cannot produce a valid row without the key.

Pure functions; the store calls :func:`link` when it appends and ``verify.py`` when it checks.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import os

GENESIS = "0" * 64
KEY_ENV = "CRISIS_DESK_AUDIT_KEY"


def server_key(environ=None) -> bytes | None:
    """The signing key from the environment (None: rows are hashed, not signed)."""
    value = (os.environ if environ is None else environ).get(KEY_ENV, "")
    return value.encode("utf-8") if value.strip() else None


def _when(at: dt.datetime) -> str:
    if at.tzinfo is not None:
        at = at.astimezone(dt.timezone.utc).replace(tzinfo=None)
    return at.isoformat(timespec="microseconds")


def row_hash(seq: int, at: dt.datetime, actor: str, action: str, target_type: str, target_id: int | None,
             incident_id: int | None, detail_json: str, prev_hash: str) -> str:
    """SHA-256 of one row's content, in a fixed canonical form."""
    payload = json.dumps([seq, _when(at), actor, action, target_type, target_id, incident_id, detail_json, prev_hash],
                         ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def sign(hash_hex: str, key: bytes | None) -> str | None:
    if key is None:
        return None
    return hmac.new(key, hash_hex.encode("ascii"), hashlib.sha256).hexdigest()


def signature_ok(hash_hex: str, signature: str | None, key: bytes) -> bool:
    expected = sign(hash_hex, key)
    return signature is not None and hmac.compare_digest(expected, signature)


def link(row, previous_seq: int | None, previous_hash: str | None, key: bytes | None) -> None:
    """Fill ``seq``, ``prev_hash``, ``row_hash`` and ``signature`` of a new AuditLog row."""
    row.seq = (previous_seq or 0) + 1
    row.prev_hash = previous_hash or GENESIS
    row.row_hash = row_hash(row.seq, row.at, row.actor, row.action, row.target_type, row.target_id,
                            row.incident_id, row.detail_json, row.prev_hash)
    row.signature = sign(row.row_hash, key)
