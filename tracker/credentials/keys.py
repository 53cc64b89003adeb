"""A school's Ed25519 signing keys: generated on first use, rotated by an admin."""
import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat
from flask import current_app
from sqlalchemy import select

from ..extensions import db
from ..timeutil import utcnow
from .models import SigningKey
from .proof import public_key_multibase


def _fernet() -> Fernet:
    # A key of its own, derived from SECRET_KEY, so a database dump alone cannot sign credentials.
    digest = hashlib.sha256(b"tracker-signing-keys:" + current_app.config["SECRET_KEY"].encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def _new_key(school_id: int) -> SigningKey:
    private = Ed25519PrivateKey.generate()
    raw = private.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    key = SigningKey(school_id=school_id, public_multibase=public_key_multibase(private.public_key()),
                     private_encrypted=_fernet().encrypt(raw).decode())
    db.session.add(key)
    db.session.flush()
    return key


def active_key(school_id: int) -> SigningKey | None:
    """The school's active key, if it has one."""
    return db.session.scalar(select(SigningKey).where(SigningKey.school_id == school_id,
                                                      SigningKey.retired_at.is_(None))
                             .order_by(SigningKey.id.desc()))


def current_key(school_id: int) -> SigningKey:
    """The school's active key, generated on first use (flushes)."""
    return active_key(school_id) or _new_key(school_id)


def rotate(school_id: int) -> SigningKey:
    """Retire the active key and make a new one. Old public keys stay published for verification."""
    for key in db.session.scalars(select(SigningKey).where(SigningKey.school_id == school_id,
                                                           SigningKey.retired_at.is_(None))):
        key.retired_at = utcnow()
    return _new_key(school_id)


def private_key(key: SigningKey) -> Ed25519PrivateKey:
    try:
        raw = _fernet().decrypt(key.private_encrypted.encode())
    except InvalidToken as error:
        raise RuntimeError("This signing key was encrypted under another SECRET_KEY; rotate the key.") from error
    return Ed25519PrivateKey.from_private_bytes(raw)


def school_keys(school_id: int) -> list[SigningKey]:
    return list(db.session.scalars(select(SigningKey).where(SigningKey.school_id == school_id)
                                   .order_by(SigningKey.id)))
