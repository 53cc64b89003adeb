"""Calibration sessions: several validators score the same anonymised evidence on one rubric."""
from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..auth.models import User
from ..competencies.models import Competency
from ..evidence.models import Evidence
from ..extensions import db
from ..timeutil import utcnow

SESSION_STATUSES = ("open", "closed")


class CalibrationSession(db.Model):
    """An admin's calibration exercise: the pieces (items) and the validators invited (participants).

    Open: participants score. Closed: no more scoring; every participant may read the results.
    """

    __tablename__ = "calibration_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    competency_id: Mapped[int] = mapped_column(ForeignKey("competency.id"), index=True)
    instructions: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default="open")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    closed_at: Mapped[datetime | None]

    competency: Mapped[Competency] = relationship()
    created_by: Mapped[User | None] = relationship()
    items: Mapped[list["CalibrationItem"]] = relationship(
        back_populates="session", cascade="all, delete-orphan", order_by="CalibrationItem.position")
    participants: Mapped[list["CalibrationParticipant"]] = relationship(
        back_populates="session", cascade="all, delete-orphan", order_by="CalibrationParticipant.position")


class CalibrationItem(db.Model):
    """One piece of evidence in a session, shown to validators as "Piece <position>"."""

    __tablename__ = "calibration_item"
    __table_args__ = (UniqueConstraint("session_id", "evidence_id"), UniqueConstraint("session_id", "position"))

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("calibration_session.id", ondelete="CASCADE"), index=True)
    evidence_id: Mapped[int] = mapped_column(ForeignKey("evidence.id"), index=True)
    position: Mapped[int]

    session: Mapped[CalibrationSession] = relationship(back_populates="items")
    evidence: Mapped[Evidence] = relationship()


class CalibrationParticipant(db.Model):
    """A validator invited to a session; shown to other validators as "Validator <letter of position>"."""

    __tablename__ = "calibration_participant"
    __table_args__ = (UniqueConstraint("session_id", "validator_id"), UniqueConstraint("session_id", "position"))

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("calibration_session.id", ondelete="CASCADE"), index=True)
    validator_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    position: Mapped[int]
    submitted_at: Mapped[datetime | None]  # scores are final (and the results readable) once submitted

    session: Mapped[CalibrationSession] = relationship(back_populates="participants")
    validator: Mapped[User] = relationship()
    scores: Mapped[list["CalibrationScore"]] = relationship(back_populates="participant",
                                                            cascade="all, delete-orphan")


class CalibrationScore(db.Model):
    """One participant's level for one piece."""

    __tablename__ = "calibration_score"
    __table_args__ = (UniqueConstraint("item_id", "participant_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("calibration_item.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("calibration_participant.id", ondelete="CASCADE"), index=True)
    level: Mapped[int]
    note: Mapped[str | None] = mapped_column(Text)
    scored_at: Mapped[datetime] = mapped_column(default=utcnow)

    item: Mapped[CalibrationItem] = relationship()
    participant: Mapped[CalibrationParticipant] = relationship(back_populates="scores")
