"""`Idempotency-Key` on API writes: a retry returns the first answer instead of storing twice.

A client that lost the connection after sending a write cannot know whether it was stored. Sent
again with the same key (any string of 1 to 255 visible ASCII characters, e.g. a UUID), the write
is not repeated: the answer first given (status and body) comes back, marked `Idempotent-Replayed:
true`. The same key with a different request is refused (422), since the client is confused about
what it sent. Keys belong to the user and are kept for `KEEP` (a day); after that the key is free.

Cost: nothing for a write without the header; with it, one read before the write and one insert in
the write's own transaction. The (user, key) pair is unique in the database, so of two retries
racing, the second insert fails, its transaction (with its record) is rolled back, and it answers
with the first one's stored response.
"""
import hashlib
import json
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete, select

from ..extensions import db
from ..timeutil import utcnow
from .models import IdempotencyKey

HEADER = "Idempotency-Key"
KEEP = timedelta(hours=24)


class KeyProblem(ValueError):
    """The key or its reuse is refused: (status, message)."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True)
class Replay:
    status: int
    body: dict


def checked_key(raw: str | None) -> str | None:
    """The header's key, or None when it was not sent; KeyProblem (400) when it cannot be one."""
    if raw is None:
        return None
    if not 1 <= len(raw) <= 255 or not all(33 <= ord(ch) <= 126 for ch in raw):
        raise KeyProblem(400, f"{HEADER} must be 1 to 255 visible ASCII characters (for example a UUID)")
    return raw


def request_hash(method: str, path: str, body: bytes) -> str:
    return hashlib.sha256(method.encode() + b" " + path.encode() + b"\n" + body).hexdigest()


def earlier_answer(user_id: int, key: str, fingerprint: str) -> Replay | None:
    """The stored answer to this key, if it was used within KEEP; KeyProblem (422) if it was used
    for another request. An expired key is forgotten here, so the write goes ahead."""
    row = db.session.scalar(select(IdempotencyKey).where(IdempotencyKey.user_id == user_id,
                                                         IdempotencyKey.key == key))
    if row is None:
        return None
    if row.created_at < utcnow() - KEEP:
        db.session.delete(row)
        db.session.flush()
        return None
    if row.request_hash != fingerprint:
        raise KeyProblem(422, f"this {HEADER} was already used for a different request; "
                              "send a new key for a new write")
    return Replay(row.status_code, json.loads(row.response_body))


def remember(user_id: int, key: str, fingerprint: str, status: int, body: dict) -> None:
    """Keep the answer with the write, in its transaction (the caller commits)."""
    db.session.add(IdempotencyKey(user_id=user_id, key=key, request_hash=fingerprint, status_code=status,
                                  response_body=json.dumps(body, ensure_ascii=False)))


def forget_expired(now=None) -> int:
    """Delete keys older than KEEP (nightly, `flask --app tracker prune-idempotency-keys`); returns how many."""
    cutoff = (now or utcnow()) - KEEP
    return db.session.execute(delete(IdempotencyKey).where(IdempotencyKey.created_at < cutoff)).rowcount
