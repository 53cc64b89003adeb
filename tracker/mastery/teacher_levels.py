"""A teacher's override of an estimate: the level set by hand, with a reason (issue 19).

- It holds from the moment it is set until new evidence on that learner and competency arrives
  (a piece created after it), unless the teacher chose "keep"; then until the teacher sets
  another or removes it. Which ones hold is decided on read (`holding`), in one statement.
- Setting a new level or removing one closes the open row; rows are never edited otherwise.
- Everyone sees it through estimate_display.shown_estimate(..., teacher_level=...): the one
  rule that turns an estimate into what people see, which marks it. Grades and credits read it
  the same way (grading.service.course_levels).
- Every change is audited; services flush, the view commits.
"""
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import and_, exists, not_, or_, select

from ..audit import service as audit
from ..evidence.models import Evidence
from ..extensions import db
from ..form_helpers import FieldProblem
from ..timeutil import end_of, utcnow
from .teacher_level_model import TeacherLevel

REASON_MAX = 2000


def holding(learners, competency_ids=None, as_of: date | None = None) -> dict[tuple[int, int], TeacherLevel]:
    """{(learner id, competency id): the teacher's level holding now (or at the end of `as_of`)}, in one
    statement.

    `learners`: a list of ids or a SELECT of learner ids; `competency_ids`: only these, when given."""
    if as_of is None:
        newer_evidence = exists().where(
            Evidence.learner_id == TeacherLevel.learner_id, Evidence.competency_id == TeacherLevel.competency_id,
            Evidence.created_at > TeacherLevel.set_at, Evidence.deleted_at.is_(None))
        query = select(TeacherLevel).where(TeacherLevel.ended_at.is_(None),
                                           or_(TeacherLevel.keep.is_(True), not_(newer_evidence)))
    else:
        cutoff = end_of(as_of)
        newer_evidence = exists().where(
            Evidence.learner_id == TeacherLevel.learner_id, Evidence.competency_id == TeacherLevel.competency_id,
            Evidence.created_at > TeacherLevel.set_at, Evidence.created_at < cutoff,
            Evidence.deleted_at.is_(None) | (Evidence.deleted_at >= cutoff))
        query = select(TeacherLevel).where(
            TeacherLevel.set_at < cutoff, TeacherLevel.ended_at.is_(None) | (TeacherLevel.ended_at >= cutoff),
            or_(TeacherLevel.keep.is_(True), not_(newer_evidence)))
    if isinstance(learners, list | tuple | set):
        if not learners:
            return {}
        query = query.where(TeacherLevel.learner_id.in_(list(learners)))
    else:
        query = query.where(TeacherLevel.learner_id.in_(learners.scalar_subquery()))
    if competency_ids is not None:
        competency_ids = list(competency_ids)
        if not competency_ids:
            return {}
        query = query.where(TeacherLevel.competency_id.in_(competency_ids))
    return {(row.learner_id, row.competency_id): row for row in db.session.scalars(query)}


def _close_open(learner_id: int, competency_id: int) -> TeacherLevel | None:
    row = db.session.scalar(select(TeacherLevel).where(and_(
        TeacherLevel.learner_id == learner_id, TeacherLevel.competency_id == competency_id,
        TeacherLevel.ended_at.is_(None))))
    if row is not None:
        row.ended_at = utcnow()
        db.session.flush()  # the open-row index allows the new one only once this one is closed
    return row


def set_level(actor, learner, competency, *, level, reason: str | None, keep: bool) -> TeacherLevel:
    """Set `learner`'s level on `competency` by hand. Refuses (FieldProblem naming the field) a
    missing reason or a level outside the competency's scale."""
    scale = competency.framework.scale
    problems = []
    if level is None:
        problems.append(FieldProblem("level", _("Choose a level.")))
    elif not scale.min_level <= level <= scale.max_level:
        problems.append(FieldProblem("level", _("The level must be between %(low)s and %(high)s.",
                                                low=scale.min_level, high=scale.max_level)))
    reason = (reason or "").strip()
    if not reason:
        problems.append(FieldProblem("reason", _("Say why you set this level.")))
    elif len(reason) > REASON_MAX:
        problems.append(FieldProblem("reason", _("Keep the reason under %(n)s characters.", n=REASON_MAX)))
    if problems:
        raise FieldProblem.combined(problems)
    _close_open(learner.id, competency.id)
    row = TeacherLevel(learner_id=learner.id, competency_id=competency.id, level=float(level), reason=reason,
                       keep=bool(keep), set_by_id=getattr(actor, "id", None), set_at=utcnow())
    db.session.add(row)
    db.session.flush()
    audit.record(actor, "teacher_level.set", row, competency_id=competency.id, level=float(level),
                 keep=bool(keep), reason=reason)
    return row


def remove_level(actor, learner, competency) -> TeacherLevel | None:
    """End the open hand-set level (the estimate shows again); None when there was none."""
    row = _close_open(learner.id, competency.id)
    if row is not None:
        audit.record(actor, "teacher_level.removed", row, competency_id=competency.id)
    return row
