"""The access rules as SQL conditions, for lists: the rows of a table a user may see, in one query
(each answers for many rows what a check in `policy` answers for one)."""
from sqlalchemy import and_, false, or_, select, true

from ...api.models import XapiStatement
from ...calibration.models import CalibrationParticipant, CalibrationSession
from ...extensions import db
from ...mastery.models import ValidationRequest
from ...rosters.models import Learner, Section
from .relations import (_coached_learner_ids, _validator_learner_ids, guarded_learner_ids, is_admin, is_staff,
                        taught_learner_ids, taught_section_ids)


def sections_taught(user) -> list[Section]:
    """The active sections whose learners the user follows, by course then name: every one for an
    admin, else those the user teaches (an active teaching assignment). The one reader of "sections
    this user teaches" for pickers and filters; `can_view_section` answers the same for one section."""
    return list(db.session.scalars(select(Section).where(Section.active.is_(True), taught_sections_condition(user))
                                   .order_by(Section.course_title, Section.name)))


def taught_sections_condition(user):
    """A SQL condition on Section: the sections `user` follows (every one for an admin, else those
    it teaches); callers add `Section.active` where a list leaves inactive sections out."""
    if is_admin(user):
        return true()
    return Section.id.in_(taught_section_ids(user.id))


def taught_learners_condition(user):
    """A SQL condition on Learner: the learners `user` teaches now (every one for an admin); an
    inactive learner passes it (lists of current learners add `Learner.active`)."""
    if is_admin(user):
        return true()
    return Learner.id.in_(taught_learner_ids(user.id))


def readable_statements_condition(user):
    """A SQL condition on XapiStatement: an admin reads every statement, anyone else those it sent."""
    if is_admin(user):
        return true()
    return XapiStatement.received_by_id == user.id


def _educator_ids():
    return select(Learner.id).where(Learner.is_educator.is_(True))


def queued_requests_condition(user):
    """A SQL condition on ValidationRequest: the open requests in `user`'s queue. Every one for an
    admin; for a validator, every learner's, except an educator's professional learning, which goes
    to that educator's coaches only (can_view_validation_request for one request)."""
    if is_admin(user):
        return true()
    if not (user and user.is_authenticated):
        return false()
    return or_(ValidationRequest.learner_id.not_in(_educator_ids()),
               ValidationRequest.learner_id.in_(_coached_learner_ids(user.id)))


def visible_calibrations_condition(user):
    """A SQL condition on CalibrationSession: the sessions `user` may see (can_view_calibration as a query)."""
    if is_admin(user):
        return CalibrationSession.id.is_not(None)
    if not (user and user.is_authenticated):
        return false()
    return CalibrationSession.id.in_(select(CalibrationParticipant.session_id)
                                     .where(CalibrationParticipant.validator_id == user.id))


def visible_learners_condition(user):
    """A SQL condition on Learner that keeps exactly the learners `user` may see (can_view_learner as a query)."""
    if not (user and user.is_authenticated):
        return false()
    if is_admin(user):
        return Learner.id.is_not(None)
    conditions = [Learner.user_id == user.id]
    if user.has_role("teacher"):
        conditions.append(Learner.id.in_(taught_learner_ids(user.id)))
    if user.has_role("guardian"):
        conditions.append(Learner.id.in_(guarded_learner_ids(user.id)))
    if user.has_role("validator"):
        conditions.append(Learner.id.in_(_validator_learner_ids(user.id)))
    # Another educator's professional record only to their coaches (can_view_learner).
    others = and_(Learner.is_educator.is_(False), or_(*conditions[1:])) if conditions[1:] else false()
    coached = Learner.id.in_(_coached_learner_ids(user.id)) if is_staff(user) else false()
    return or_(conditions[0], others, coached)
