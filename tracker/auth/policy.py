"""Every access question, answered in one place, by role and by relation to the object.

- admin: everything;
- teacher: learners enrolled in sections it teaches, and those sections;
- validator: learners with an open validation request (the queue every validator works from),
  and learners of decisions it recorded (their pages); a closed request someone else decided,
  or a withdrawn one, shows it nothing;
- student: its own learner record;
- guardian: learners linked to it.

An educator's professional learning record (a Learner with is_educator, usually linked to a
staff account) is narrower: the educator, their coach(es) (an active EducatorCoach link) and
admins only; never other teachers, validators, students or families. Evaluation is not its purpose.
"""
import hmac
from functools import cache

from sqlalchemy import and_, bindparam, exists, false, or_, select, true

from ..calibration.models import CalibrationParticipant, CalibrationSession
from ..extensions import db
from .models import STAFF_ROLES
from ..mastery.models import MasteryDecision, ValidationRequest
from ..rosters.models import EducatorCoach, Enrollment, GuardianLink, Learner, Section, TeachingAssignment


def is_admin(user) -> bool:
    return bool(user and user.is_authenticated and user.has_role("admin"))


@cache
def _teaches_statement():
    """Built once (the question is asked on most requests; building it cost more than running it)."""
    return select(exists().where(
        Enrollment.learner_id == bindparam("learner_id"),
        Enrollment.active.is_(True),
        TeachingAssignment.section_id == Enrollment.section_id,
        TeachingAssignment.user_id == bindparam("user_id"),
        TeachingAssignment.active.is_(True),
    ))


def teaches_learner(user, learner_id: int) -> bool:
    return bool(db.session.scalar(_teaches_statement(), {"learner_id": learner_id, "user_id": user.id}))


def teachers_of(learner_ids) -> dict[int, set[int]]:
    """{teacher's user id: those of `learner_ids` it teaches}, in one query: the relation
    teaches_learner answers for one pair (active enrollment and active teaching assignment)."""
    ids = sorted(set(learner_ids))
    found: dict[int, set[int]] = {}
    if not ids:
        return found
    for user_id, learner_id in db.session.execute(
            select(TeachingAssignment.user_id, Enrollment.learner_id)
            .join(Enrollment, Enrollment.section_id == TeachingAssignment.section_id)
            .where(Enrollment.learner_id.in_(ids), Enrollment.active.is_(True),
                   TeachingAssignment.active.is_(True))):
        found.setdefault(user_id, set()).add(learner_id)
    return found


def guards_learner(user, learner_id: int) -> bool:
    return bool(db.session.scalar(select(exists().where(
        GuardianLink.learner_id == learner_id,
        GuardianLink.guardian_id == user.id,
        GuardianLink.active.is_(True),
    ))))


def _validator_learner_ids(user_id):
    """The learners a validator may see, as a subquery (see the module docstring): the one
    definition that the single-learner check and every list share."""
    return (select(ValidationRequest.learner_id).where(ValidationRequest.status == "open")
            .union(select(MasteryDecision.learner_id).where(MasteryDecision.validator_id == user_id)))


@cache
def _validates_statement():
    return select(exists().where(Learner.id == bindparam("learner_id"),
                                 Learner.id.in_(_validator_learner_ids(bindparam("user_id")))))


def validates_learner(user, learner_id: int) -> bool:
    return bool(db.session.scalar(_validates_statement(), {"learner_id": learner_id, "user_id": user.id}))


def can_read_metrics(remote_addr: str | None, authorization: str | None, token: str | None) -> bool:
    """Who may scrape /metrics (no account: Prometheus has none). With METRICS_TOKEN set, only a
    request bearing it ("Authorization: Bearer <token>"), from anywhere; without one, only this
    machine (a loopback address: a scraper or sidecar on the host). Behind a proxy, set a token:
    the proxy's own requests come from the loopback address."""
    if token:
        given = (authorization or "").removeprefix("Bearer ").strip()
        return hmac.compare_digest(given.encode(), token.encode())
    return remote_addr in ("127.0.0.1", "::1") or (remote_addr or "").startswith("127.")


def _coached_learner_ids(user_id):
    """The educator-learners a member of staff coaches (active links), as a subquery."""
    return select(EducatorCoach.learner_id).where(EducatorCoach.coach_id == user_id,
                                                  EducatorCoach.active.is_(True))


def coaches_educator(user, learner_id: int) -> bool:
    """Is `user` an active coach of this educator-learner?"""
    return bool(user and user.is_authenticated and user.has_role(*STAFF_ROLES) and db.session.scalar(
        select(exists().where(EducatorCoach.learner_id == learner_id, EducatorCoach.coach_id == user.id,
                              EducatorCoach.active.is_(True)))))


def can_view_learner(user, learner) -> bool:
    """May `user` see this learner's record (progress, evidence, decisions)?"""
    if not (user and user.is_authenticated):
        return False
    if user.has_role("admin"):
        return True
    if learner.user_id is not None and learner.user_id == user.id:
        return True
    if learner.is_educator:  # professional learning: the educator, their coaches, admins only
        return coaches_educator(user, learner.id)
    if user.has_role("teacher") and teaches_learner(user, learner.id):
        return True
    if user.has_role("guardian") and guards_learner(user, learner.id):
        return True
    if user.has_role("validator") and validates_learner(user, learner.id):
        return True
    return False


def can_teach_learner(user, learner) -> bool:
    """May `user` log evidence for, propose, and plan support for this learner?"""
    if not (user and user.is_authenticated):
        return False
    if user.has_role("admin"):
        return True
    if learner.is_educator:  # a coach logs observations of the educators it coaches
        return coaches_educator(user, learner.id)
    return user.has_role("teacher") and teaches_learner(user, learner.id)


def can_issue_credentials(user, learner) -> bool:
    """Issuing signs a credential in the school's name: staff who may see the learner. The learner
    and the family see and download what was issued, but do not issue."""
    return bool(user and user.is_authenticated and user.has_role(*STAFF_ROLES)
                and can_view_learner(user, learner))


def can_view_equity_attributes(user) -> bool:
    return is_admin(user)


def can_view_section(user, section) -> bool:
    if not (user and user.is_authenticated):
        return False
    if user.has_role("admin"):
        return True
    return user.has_role("teacher") and bool(db.session.scalar(select(exists().where(
        TeachingAssignment.section_id == section.id,
        TeachingAssignment.user_id == user.id,
        TeachingAssignment.active.is_(True),
    ))))


def sections_taught(user) -> list[Section]:
    """The active sections whose learners the user follows, by course then name: every one for an
    admin, else those the user teaches (an active teaching assignment). The one reader of "sections
    this user teaches" for pickers and filters; `can_view_section` answers the same for one section."""
    query = select(Section).where(Section.active.is_(True)).order_by(Section.course_title, Section.name)
    if not user.has_role("admin"):
        query = query.join(TeachingAssignment, TeachingAssignment.section_id == Section.id).where(
            TeachingAssignment.user_id == user.id, TeachingAssignment.active.is_(True))
    return list(db.session.scalars(query))


def flag_owners_of(learner_ids) -> dict[int, int]:
    """{learner id: the user who teaches it}: the teacher of its first active section (by section id)
    with an active teaching assignment; learners nobody teaches are left out. One query."""
    owners: dict[int, int] = {}
    if not learner_ids:
        return owners
    for learner_id, user_id in db.session.execute(
            select(Enrollment.learner_id, TeachingAssignment.user_id)
            .join(TeachingAssignment, TeachingAssignment.section_id == Enrollment.section_id)
            .join(Section, Section.id == Enrollment.section_id)
            .where(Enrollment.learner_id.in_(list(learner_ids)), Enrollment.active.is_(True),
                   TeachingAssignment.active.is_(True), Section.active.is_(True))
            .order_by(Enrollment.section_id, TeachingAssignment.id)):
        owners.setdefault(learner_id, user_id)
    return owners


def can_author_frameworks(user) -> bool:
    if not (user and user.is_authenticated):
        return False
    return user.has_role("admin") or (user.has_role("teacher") and user.can_author_frameworks)


def can_edit_framework(user, framework) -> bool:
    """Published and retired frameworks change only by creating a new version."""
    return can_author_frameworks(user) and framework.status == "draft"


def can_view_student_framework(user, framework) -> bool:
    """Students and families see published (and retired) frameworks; drafts only staff."""
    if not (user and user.is_authenticated):
        return False
    return framework.reaches_learners or user.has_role(*STAFF_ROLES)


def can_view_import_job(user, job) -> bool:
    """An import's progress and report: the author who started it, and admins."""
    return is_admin(user) or (can_author_frameworks(user) and job.created_by_id == user.id)


def can_decide(user) -> bool:
    return bool(user and user.is_authenticated and user.has_role("validator"))


def decided_request(user, validation_request, *, since=None) -> bool:
    """Did `user` record the decision on this request (at or after `since`, if given)?"""
    condition = [MasteryDecision.request_id == validation_request.id]
    if user is not None:
        condition.append(MasteryDecision.validator_id == user.id)
    if since is not None:
        condition.append(MasteryDecision.decided_at >= since)
    return bool(db.session.scalar(select(exists().where(*condition))))


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


def can_view_validation_request(user, validation_request) -> bool:
    """Admins see every request; validators the open ones (the queue) and those they decided;
    a teacher sees, read-only, the requests of learners it teaches. Learners and guardians see
    decisions, not requests. An educator's request is seen by their coaches and admins only."""
    if not (user and user.is_authenticated):
        return False
    if user.has_role("admin"):
        return True
    if validation_request.learner.is_educator:
        return coaches_educator(user, validation_request.learner_id)
    if user.has_role("validator") and (validation_request.status == "open"
                                       or decided_request(user, validation_request)):
        return True
    return user.has_role("teacher") and teaches_learner(user, validation_request.learner_id)


def may_see_conflicting_decision(user, validation_request, *, since) -> bool:
    """A validator whose decision lost the race to another's (decided at or after `since`, moments
    ago) is shown the decision that counts; an older closed request stays out of sight."""
    return (can_decide(user) and decided_request(None, validation_request, since=since)
            and (not validation_request.learner.is_educator or coaches_educator(user, validation_request.learner_id)))


def calibration_participant(user, session):
    """The user's place among the calibration session's invited validators, or None."""
    if not (user and user.is_authenticated):
        return None
    return next((p for p in session.participants if p.validator_id == user.id), None)


def can_manage_calibrations(user) -> bool:
    """Admins set sessions up, close them, and see the learners' names and original levels."""
    return is_admin(user)


def can_view_calibration(user, session) -> bool:
    """A calibration session: admins see every one, a validator those it is invited to."""
    return can_manage_calibrations(user) or calibration_participant(user, session) is not None


def can_score_calibration(user, session) -> bool:
    """Only an invited validator scores, and only in its own session."""
    return bool(user and user.is_authenticated and user.has_role("validator")
                and calibration_participant(user, session) is not None)


def can_see_calibration_results(user, session) -> bool:
    """Admins always; an invited validator once it has submitted, or once the session is closed."""
    if can_manage_calibrations(user):
        return True
    participant = calibration_participant(user, session)
    return participant is not None and (participant.submitted_at is not None or session.status == "closed")


def visible_calibrations_condition(user):
    """A SQL condition on CalibrationSession: the sessions `user` may see (can_view_calibration as a query)."""
    if can_manage_calibrations(user):
        return CalibrationSession.id.is_not(None)
    if not (user and user.is_authenticated):
        return false()
    return CalibrationSession.id.in_(select(CalibrationParticipant.session_id)
                                     .where(CalibrationParticipant.validator_id == user.id))


def own_learner(user):
    """The learner record of a signed-in student (or educator-learner), or None."""
    if not (user and user.is_authenticated):
        return None
    return db.session.scalar(select(Learner).where(Learner.user_id == user.id))


def visible_learners_condition(user):
    """A SQL condition on Learner that keeps exactly the learners `user` may see (can_view_learner as a query)."""
    if not (user and user.is_authenticated):
        return false()
    if user.has_role("admin"):
        return Learner.id.is_not(None)
    conditions = [Learner.user_id == user.id]
    if user.has_role("teacher"):
        conditions.append(Learner.id.in_(
            select(Enrollment.learner_id)
            .join(TeachingAssignment, TeachingAssignment.section_id == Enrollment.section_id)
            .where(TeachingAssignment.user_id == user.id, TeachingAssignment.active.is_(True),
                   Enrollment.active.is_(True))))
    if user.has_role("guardian"):
        conditions.append(Learner.id.in_(select(GuardianLink.learner_id).where(
            GuardianLink.guardian_id == user.id, GuardianLink.active.is_(True))))
    if user.has_role("validator"):
        conditions.append(Learner.id.in_(_validator_learner_ids(user.id)))
    # Another educator's professional record only to their coaches (can_view_learner).
    others = and_(Learner.is_educator.is_(False), or_(*conditions[1:])) if conditions[1:] else false()
    coached = Learner.id.in_(_coached_learner_ids(user.id)) if user.has_role(*STAFF_ROLES) else false()
    return or_(conditions[0], others, coached)
