"""Creating, checking and revoking personal API tokens."""
import base64
import binascii
import hashlib
import hmac
import secrets
from functools import cache

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import joinedload

from ..auth.models import User
from ..extensions import db
from ..timeutil import utcnow
from .models import ApiToken

PREFIX = "lpt_"


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(user, name: str) -> tuple[ApiToken, str]:
    """A new token for `user`; returns the row and the token text (shown once, never stored)."""
    token = PREFIX + secrets.token_urlsafe(32)
    row = ApiToken(user_id=user.id, name=name.strip()[:100] or "API token", token_hash=_digest(token),
                   prefix=token[:12])
    db.session.add(row)
    db.session.flush()
    return row, token


@cache
def _token_statement():
    """The token, its user and the user's roles in one statement, built once (it runs on every API call)."""
    return (select(ApiToken).where(ApiToken.token_hash == bindparam("token_hash"), ApiToken.revoked_at.is_(None))
            .options(joinedload(ApiToken.user).joinedload(User.roles)))


def user_for_token(token: str):
    """The active user holding this unrevoked token, or None. Notes when it was last used."""
    if not token.startswith(PREFIX) or len(token) > 200:
        return None
    row = db.session.scalar(_token_statement(), {"token_hash": _digest(token)})
    if row is None or not row.user.active:
        return None
    now = utcnow()
    # Note the use at most once a minute: a busy integration must not turn every read into a write.
    if row.last_used_at is None or (now - row.last_used_at).total_seconds() > 60:
        row.last_used_at = now
    return row.user


KEY_PREFIX = "lptk_"


def create_tool_key(admin, name: str) -> tuple[ApiToken, str]:
    """A key and secret for an authoring tool's HTTP Basic sign-in (as xAPI tools expect), acting as
    `admin`. Only the secret's SHA-256 is stored; the secret is shown once. Revoked like any token."""
    secret = secrets.token_urlsafe(32)
    row = ApiToken(user_id=admin.id, name=name.strip()[:100] or "xAPI tool", token_hash=_digest(secret),
                   prefix=KEY_PREFIX, basic_key=KEY_PREFIX + secrets.token_hex(12))
    db.session.add(row)
    db.session.flush()
    return row, secret


def user_for_basic(header_value: str):
    """The active user behind `Basic base64(key:secret)`, or None (a wrong secret, a revoked key, bad base64)."""
    try:
        decoded = base64.b64decode(header_value.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    key, _, secret = decoded.partition(":")
    if not key.startswith(KEY_PREFIX) or len(key) > 40 or not secret or len(secret) > 200:
        return None
    row = db.session.scalar(select(ApiToken).where(ApiToken.basic_key == key, ApiToken.revoked_at.is_(None))
                            .options(joinedload(ApiToken.user).joinedload(User.roles)))
    if row is None or not hmac.compare_digest(row.token_hash, _digest(secret)) or not row.user.active:
        return None
    now = utcnow()
    if row.last_used_at is None or (now - row.last_used_at).total_seconds() > 60:
        row.last_used_at = now
    return row.user


def tool_keys() -> list[ApiToken]:
    return list(db.session.scalars(select(ApiToken).where(ApiToken.basic_key.is_not(None))
                                   .options(joinedload(ApiToken.user)).order_by(ApiToken.created_at.desc())))


def revoke_tool_key(token_id: int) -> bool:
    """Any admin may revoke a tool's key; False when there is no such live key."""
    row = db.session.get(ApiToken, token_id)
    if row is None or row.basic_key is None or row.revoked_at is not None:
        return False
    row.revoked_at = utcnow()
    return True


def tokens_of(user) -> list[ApiToken]:
    return list(db.session.scalars(select(ApiToken).where(ApiToken.user_id == user.id)
                                   .order_by(ApiToken.created_at.desc())))


def revoke(user, token_id: int) -> bool:
    """Revoke one of the user's own tokens; False when it is not theirs or already revoked."""
    row = db.session.get(ApiToken, token_id)
    if row is None or row.user_id != user.id or row.revoked_at is not None:
        return False
    row.revoked_at = utcnow()
    return True


def revoke_all(user) -> int:
    """Revoke every live token of the user (their password changed, they were deactivated or signed out
    everywhere); returns how many were live. One statement."""
    return revoke_all_of([user.id])


def revoke_all_of(user_ids) -> int:
    """Revoke every live token of these users (a roster import deactivating many); one statement."""
    result = db.session.execute(update(ApiToken).where(ApiToken.user_id.in_(list(user_ids)),
                                                       ApiToken.revoked_at.is_(None))
                                .values(revoked_at=utcnow()).execution_options(synchronize_session=False))
    return result.rowcount
