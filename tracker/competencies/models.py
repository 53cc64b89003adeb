"""Frameworks, competencies, proficiency scales and rubrics."""
import uuid
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint, event, inspect, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..timeutil import utcnow

FRAMEWORK_STATUSES = ("draft", "published", "retired")
COMPETENCY_KINDS = ("knowledge", "skill", "disposition")
DEPTH_LEVELS = ("recall", "skill_concept", "strategic_thinking", "extended_thinking")
ROLLUP_RULES = ("none", "all", "points")
ESTIMATE_METHODS = (
    "latest", "highest", "average", "weighted_average", "decaying_average",
    "n_times", "best_n", "power_law", "linear_trend",
)


def new_identifier() -> str:
    return str(uuid.uuid4())


class ProficiencyScale(db.Model):
    __tablename__ = "proficiency_scale"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    description: Mapped[str | None] = mapped_column(Text)
    mastery_threshold: Mapped[int]  # the level number at and above which work shows mastery

    levels: Mapped[list["ScaleLevel"]] = relationship(
        back_populates="scale", cascade="all, delete-orphan", order_by="ScaleLevel.number",
        lazy="selectin",
    )

    @property
    def min_level(self) -> int:
        return min(level.number for level in self.levels)

    @property
    def max_level(self) -> int:
        return max(level.number for level in self.levels)

    def label_for(self, number: int | float | None) -> str | None:
        if number is None:
            return None
        for level in self.levels:
            if level.number == round(number):
                return level.label
        return None

    def label_to_show(self, number: int | float | None):
        """The level's label for a page: in the reader's language where translated, with its lang
        (label_for gives it as written, for exports and credentials)."""
        from .translation import in_reader_language

        if number is None:
            return None
        return next((in_reader_language(level, "label") for level in self.levels if level.number == round(number)),
                    None)


class ScaleLevel(db.Model):
    __tablename__ = "scale_level"
    __table_args__ = (UniqueConstraint("scale_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    scale_id: Mapped[int] = mapped_column(ForeignKey("proficiency_scale.id", ondelete="CASCADE"))
    number: Mapped[int]
    label: Mapped[str] = mapped_column(String(100))
    descriptor: Mapped[str | None] = mapped_column(Text)

    scale: Mapped[ProficiencyScale] = relationship(back_populates="levels")


def _method_default_parameter(context) -> float | None:
    from ..mastery.estimates import default_parameter

    return default_parameter(context.get_current_parameters().get("estimate_method"))


class Framework(db.Model):
    __tablename__ = "framework"

    id: Mapped[int] = mapped_column(primary_key=True)
    identifier: Mapped[str] = mapped_column(String(255), unique=True, default=new_identifier)
    title: Mapped[str] = mapped_column(String(300))
    subject: Mapped[str | None] = mapped_column(String(200))
    version: Mapped[str] = mapped_column(String(50), default="1")
    source: Mapped[str | None] = mapped_column(String(300))
    description: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default="draft")
    scale_id: Mapped[int] = mapped_column(ForeignKey("proficiency_scale.id"))
    estimate_method: Mapped[str] = mapped_column(String(30), default="decaying_average")
    # The method's own default (0.65 for a weight, 3 for a count, None for a method without one), so a
    # framework made in code with only a method never stores a parameter that method cannot use.
    estimate_parameter: Mapped[float | None] = mapped_column(default=_method_default_parameter)
    # Scored pieces of evidence a learner needs on a competency before a level shows (issue 19):
    # below it, no estimate (pages say so; grades and credits count it as no level). 1: no gate.
    min_evidence: Mapped[int] = mapped_column(default=1, server_default=text("1"))
    is_educator_framework: Mapped[bool] = mapped_column(default=False)
    previous_version_id: Mapped[int | None] = mapped_column(ForeignKey("framework.id"))
    # CFDocument properties the tracker does not use (uri, publisher, officialSourceURL, ...),
    # kept so that a CASE export gives back what the import took in.
    case_extra: Mapped[dict | None] = mapped_column(JSON)
    # The CASE server address it was imported from (case_client), for a re-sync; None for a file or by hand.
    case_source_url: Mapped[str | None] = mapped_column(String(1000))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    scale: Mapped[ProficiencyScale] = relationship()

    @property
    def is_editable(self) -> bool:
        return self.status == "draft"

    @property
    def reaches_learners(self) -> bool:
        """Students and families see published (and retired) frameworks and what is built on
        them; a draft is still being written and stays with staff (auth.policy says who)."""
        return self.status != "draft"


class Competency(db.Model):
    """A node of a framework's hierarchy: a domain, a competency or a learning target."""

    __tablename__ = "competency"
    __table_args__ = (UniqueConstraint("framework_id", "identifier"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    framework_id: Mapped[int] = mapped_column(ForeignKey("framework.id", ondelete="CASCADE"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("competency.id"), index=True)
    identifier: Mapped[str] = mapped_column(String(255), default=new_identifier)
    code: Mapped[str | None] = mapped_column(String(100), index=True)
    statement: Mapped[str] = mapped_column(Text)
    student_statement: Mapped[str | None] = mapped_column(Text)
    item_type: Mapped[str | None] = mapped_column(String(100))  # CASE CFItemType, e.g. Domain, Standard
    kind: Mapped[str] = mapped_column(String(20), default="knowledge")
    depth_level: Mapped[str | None] = mapped_column(String(30))
    cross_cutting: Mapped[bool] = mapped_column(default=False)
    position: Mapped[int] = mapped_column(default=0)
    # Roll-up of a parent from its children: "none", "all" children, or at least N "points".
    rollup_rule: Mapped[str] = mapped_column(String(10), default="none")
    rollup_points_needed: Mapped[int | None]
    points: Mapped[int] = mapped_column(default=1)  # what this child contributes under a "points" rule
    # CASE: the identifier of this item's isChildOf association, and the CFItem properties
    # the tracker does not use (uri, abbreviatedStatement, notes, educationLevel, ...).
    association_identifier: Mapped[str | None] = mapped_column(String(255))
    case_extra: Mapped[dict | None] = mapped_column(JSON)
    # The publisher's package placed this item under nothing (no isChildOf): export invents none.
    case_unplaced: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    framework: Mapped[Framework] = relationship()
    parent: Mapped["Competency | None"] = relationship(remote_side=[id])
    rubric: Mapped[list["RubricDescriptor"]] = relationship(
        back_populates="competency", cascade="all, delete-orphan",
        order_by="RubricDescriptor.level_number",
    )

    @property
    def label(self) -> str:
        return f"{self.code} {self.statement}" if self.code else self.statement


class RubricDescriptor(db.Model):
    """What work at one level of the scale looks like for one competency."""

    __tablename__ = "rubric_descriptor"
    __table_args__ = (UniqueConstraint("competency_id", "level_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    competency_id: Mapped[int] = mapped_column(ForeignKey("competency.id", ondelete="CASCADE"))
    level_number: Mapped[int]
    descriptor: Mapped[str] = mapped_column(Text)

    competency: Mapped[Competency] = relationship(back_populates="rubric")


class CaseAssociation(db.Model):
    """A CASE association the tracker keeps but does not act on (exactMatchOf, isRelatedTo,
    exemplar, a precedes that leaves the framework, ...), so that an export gives back
    what an import took in. `data` is the CFAssociation as it came, without CFDocumentURI."""

    __tablename__ = "case_association"
    __table_args__ = (UniqueConstraint("framework_id", "identifier"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    framework_id: Mapped[int] = mapped_column(ForeignKey("framework.id", ondelete="CASCADE"), index=True)
    identifier: Mapped[str] = mapped_column(String(255))
    association_type: Mapped[str] = mapped_column(String(40))
    data: Mapped[dict] = mapped_column(JSON)

    framework: Mapped[Framework] = relationship()


IMPORT_KINDS = ("case", "csv")
IMPORT_STATUSES = ("queued", "running", "saving", "done", "failed")


class ImportJob(db.Model):
    """One framework import running in the background; the browser polls its progress."""

    __tablename__ = "import_job"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(10), default="queued")
    filename: Mapped[str | None] = mapped_column(String(255))
    total: Mapped[int] = mapped_column(default=0)
    done: Mapped[int] = mapped_column(default=0)
    report: Mapped[dict | None] = mapped_column(JSON)
    error: Mapped[str | None] = mapped_column(Text)
    framework_id: Mapped[int | None] = mapped_column(ForeignKey("framework.id", ondelete="SET NULL"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    finished_at: Mapped[datetime | None]

    @property
    def finished(self) -> bool:
        return self.status in ("done", "failed")


# A CASE publisher's lastChangeDateTime (kept in case_extra) says when the publisher last changed
# an item or document; once a person here changes what the export shows, it no longer holds and
# the export gives the tracker's own time. One mechanism for every writer: these ORM events.
# A CASE import sets case_extra in the same flush, keeping the stamp it brings.
_COMPETENCY_EXPORTED = ("statement", "code", "item_type", "student_statement", "kind", "depth_level",
                        "cross_cutting", "rollup_rule", "rollup_points_needed", "points", "parent", "parent_id",
                        "position")
_FRAMEWORK_EXPORTED = ("title", "subject", "version", "source", "description", "estimate_method",
                       "estimate_parameter", "is_educator_framework", "scale", "scale_id")


def _forget_publisher_stamp(target, exported) -> None:
    extra = target.case_extra
    if not extra or "lastChangeDateTime" not in extra:
        return
    state = inspect(target)
    if state.attrs.case_extra.history.has_changes():
        return
    if any(state.attrs[name].history.has_changes() for name in exported):
        target.case_extra = {key: value for key, value in extra.items() if key != "lastChangeDateTime"} or None


@event.listens_for(Competency, "before_update")
def _competency_changed_here(_mapper, _connection, target) -> None:
    _forget_publisher_stamp(target, _COMPETENCY_EXPORTED)


@event.listens_for(Framework, "before_update")
def _framework_changed_here(_mapper, _connection, target) -> None:
    _forget_publisher_stamp(target, _FRAMEWORK_EXPORTED)
