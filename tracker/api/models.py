"""API tokens and xAPI intake records."""
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..auth.models import User
from ..competencies.models import Competency
from ..extensions import db
from ..timeutil import utcnow


class ApiToken(db.Model):
    """A personal API token. Only its SHA-256 is stored; the token itself is shown once."""

    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(16))
    # A tool's HTTP Basic user name (xAPI authoring tools send key:secret); the secret is the token.
    basic_key: Mapped[str | None] = mapped_column(String(40), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()


class XapiMapping(db.Model):
    """An xAPI activity id (statement object id) that stands for a competency. Set by an admin."""

    __tablename__ = "xapi_mapping"

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[str] = mapped_column(String(1000), unique=True)
    competency_id: Mapped[int] = mapped_column(ForeignKey("competency.id"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    competency: Mapped[Competency] = relationship()


class XapiStatement(db.Model):
    """Every statement received, matched to evidence or kept as unmatched with the reason. Never dropped."""

    __tablename__ = "xapi_statement"

    id: Mapped[int] = mapped_column(primary_key=True)
    statement_id: Mapped[str] = mapped_column(String(36), unique=True)
    activity_id: Mapped[str | None] = mapped_column(String(1000), index=True)
    status: Mapped[str] = mapped_column(String(20))  # matched | unmatched | voiding
    reason: Mapped[str | None] = mapped_column(Text)
    evidence_id: Mapped[int | None] = mapped_column(ForeignKey("evidence.id"))
    received_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    raw: Mapped[dict] = mapped_column(JSON)
    # Read by GET /xapi/statements filters: the verb, the actor (SHA-256 of its identifier, xapi.actor_key),
    # the learner found.
    verb_id: Mapped[str | None] = mapped_column(String(1000), index=True)
    actor_key: Mapped[str | None] = mapped_column(String(64), index=True)
    registration: Mapped[str | None] = mapped_column(String(36), index=True)  # context.registration
    learner_id: Mapped[int | None] = mapped_column(ForeignKey("learner.id"), index=True)
    # A voiding statement names the statement it voids; a voided one is left out of lists.
    voids_statement_id: Mapped[str | None] = mapped_column(String(36), index=True)
    voided: Mapped[bool] = mapped_column(default=False)
    # The statement a StatementRef object targets (voiding or not): a statement targeting one that
    # matches a GET filter matches it too (xapi_query.page).
    object_statement_id: Mapped[str | None] = mapped_column(String(36), index=True)


class IdempotencyKey(db.Model):
    """The answer to an API write sent with an `Idempotency-Key` header, kept for a day so that a
    client retrying after a dropped connection gets the same answer instead of a second record.
    Unique per user and key: of two retries racing, the database keeps one (and with it one write)."""

    __tablename__ = "idempotency_key"
    __table_args__ = (UniqueConstraint("user_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(255))
    request_hash: Mapped[str] = mapped_column(String(64))  # SHA-256 of method, path and body
    status_code: Mapped[int]
    response_body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
