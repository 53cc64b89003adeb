"""A job: one piece of background work the queue runs, kept so that it can be claimed once, rescued
after a lost worker, listed for administrators and retried."""
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..auth.models import User
from ..extensions import db
from ..timeutil import utcnow

JOB_STATUSES = ("queued", "running", "done", "failed")


class Job(db.Model):
    """A queued run of one kind of work (runner.KINDS) on one subject (an import record).

    status: queued -> running -> done | failed; a running job whose heartbeat stopped is queued
    again by runner.rescue_lost_jobs; a failed one may be retried by an administrator.
    `payload` holds an upload that has no other home (a framework import's file); it is
    cleared once the job is done.
    """

    __tablename__ = "job"
    __table_args__ = (Index("ix_job_status_heartbeat", "status", "heartbeat_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(30))
    status: Mapped[str] = mapped_column(String(10), default="queued")
    subject_id: Mapped[int | None]
    params: Mapped[dict | None] = mapped_column(JSON)
    result: Mapped[dict | None] = mapped_column(JSON)  # what it came to, where its kind says (Kind.summary)
    payload: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    attempts: Mapped[int] = mapped_column(default=0)
    error: Mapped[str | None] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    started_at: Mapped[datetime | None]
    heartbeat_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]

    created_by: Mapped[User | None] = relationship()

    @property
    def finished(self) -> bool:
        return self.status in ("done", "failed")
