"""Support flags and interventions."""
from datetime import date, datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..auth.models import User
from ..competencies.models import Competency
from ..extensions import db
from ..progressions.models import Progression
from ..rosters.models import Learner, Section
from ..timeutil import utcnow

FLAG_KINDS = ("stalled", "repeated_not_yet", "behind_pace", "prerequisite_gap")
INTERVENTION_TYPES = ("reteach", "small_group", "tutoring", "extended_time", "family_conference", "other")
INTERVENTION_STATUSES = ("planned", "active", "closed")


class SupportFlag(db.Model):
    """A reason to look at a learner, raised and resolved by tracker.supports.service.recompute_flags.

    A flag is open while resolved_at is empty; at most one open flag per learner, kind,
    competency and progression. `reason` is the English text; `reason_template` and
    `reason_values` keep its untranslated template and numbers so a page can show it in
    the reader's language.
    """

    __tablename__ = "support_flag"
    __table_args__ = (Index("ix_support_flag_learner_open", "learner_id", "resolved_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learner.id"))
    kind: Mapped[str] = mapped_column(String(30))
    competency_id: Mapped[int | None] = mapped_column(ForeignKey("competency.id"))
    progression_id: Mapped[int | None] = mapped_column(ForeignKey("progression.id"))
    reason: Mapped[str] = mapped_column(Text)
    reason_template: Mapped[str | None] = mapped_column(Text)
    reason_values: Mapped[dict | None] = mapped_column(JSON)
    raised_at: Mapped[datetime] = mapped_column(default=utcnow)
    resolved_at: Mapped[datetime | None]
    # Why it closed by itself ("New evidence on 2026-10-30"), kept like the reason: English text,
    # and its template and values for the reader's language.
    resolved_reason: Mapped[str | None] = mapped_column(Text)
    resolved_reason_template: Mapped[str | None] = mapped_column(Text)
    resolved_reason_values: Mapped[dict | None] = mapped_column(JSON)
    # Who sees to it: the teacher of the learner's section when raised (a flag in a group is the
    # group's); None only for a learner no teacher teaches.
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)

    learner: Mapped[Learner] = relationship()
    competency: Mapped[Competency | None] = relationship()
    progression: Mapped[Progression | None] = relationship()
    owner: Mapped[User | None] = relationship()


class SupportPlan:
    """What a support is, planned for one learner (Intervention) or a group (SupportGroup): the same
    columns in both tables (tracker.supports.interventions gives the kinds and statuses)."""

    kind: Mapped[str] = mapped_column(String(30))
    provider: Mapped[str] = mapped_column(String(200))
    plan: Mapped[str] = mapped_column(Text)
    starts_on: Mapped[date]
    review_on: Mapped[date | None]
    status: Mapped[str] = mapped_column(String(20), default="planned")


class SupportGroup(SupportPlan, db.Model):
    """One support shared by several learners of a section (a re-teach of one competency, say).

    Each learner in it has its own Intervention row (group_id set), so each learner's outcome is
    recorded on its own when the group closes (tracker.supports.groups).
    """

    __tablename__ = "support_group"

    id: Mapped[int] = mapped_column(primary_key=True)
    section_id: Mapped[int] = mapped_column(ForeignKey("section.id"), index=True)
    competency_id: Mapped[int | None] = mapped_column(ForeignKey("competency.id"))
    title: Mapped[str] = mapped_column(String(300))
    opened_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    opened_at: Mapped[datetime] = mapped_column(default=utcnow)
    closed_at: Mapped[datetime | None]

    section: Mapped[Section] = relationship()
    competency: Mapped[Competency | None] = relationship()
    opened_by: Mapped[User | None] = relationship()
    members: Mapped[list["Intervention"]] = relationship(back_populates="group", order_by="Intervention.id")


class Intervention(SupportPlan, db.Model):
    """Support a teacher plans for a learner, usually from a flag: planned → active → closed.

    Closing records the outcome and closed_at (see tracker.supports.interventions).
    """

    __tablename__ = "intervention"

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learner.id"), index=True)
    flag_id: Mapped[int | None] = mapped_column(ForeignKey("support_flag.id"), index=True)
    competency_id: Mapped[int | None] = mapped_column(ForeignKey("competency.id"))
    outcome: Mapped[str | None] = mapped_column(Text)
    opened_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    opened_at: Mapped[datetime] = mapped_column(default=utcnow)
    closed_at: Mapped[datetime | None]
    group_id: Mapped[int | None] = mapped_column(ForeignKey("support_group.id"), index=True)

    learner: Mapped[Learner] = relationship()
    group: Mapped[SupportGroup | None] = relationship(back_populates="members")
    flag: Mapped[SupportFlag | None] = relationship()
    competency: Mapped[Competency | None] = relationship()
    opened_by: Mapped[User | None] = relationship()


class FlagRefresh(db.Model):
    """A learner whose evidence or decisions changed since its flags were last computed.

    Writes only add a row here (one cheap statement, coalesced per learner); pages that show
    flags refresh the pending learners they show first, so what anyone reads is up to date,
    and `flask recompute-flags --pending` drains the rest.
    """

    __tablename__ = "flag_refresh"

    learner_id: Mapped[int] = mapped_column(ForeignKey("learner.id", ondelete="CASCADE"), primary_key=True)
    queued_at: Mapped[datetime] = mapped_column(default=utcnow)  # the latest write that queued it
    # the first write since its flags were last worked out (NULL: queued_at): how long it has waited
    first_queued_at: Mapped[datetime | None] = mapped_column(default=utcnow)
