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

from sqlalchemy import exists, select

from ...extensions import db
from ...mastery.models import MasteryDecision
from ...rosters.models import Learner, TeachingAssignment
# The lists' conditions and the relations are asked through this module too: `policy.<name>`.
from .lists import (queued_requests_condition, readable_statements_condition, sections_taught,  # noqa: F401
                    taught_learners_condition, taught_sections_condition, visible_calibrations_condition,
                    visible_learners_condition)
from .relations import (coaches_educator, flag_owners_of, guarded_learner_ids, guards_learner, is_admin,  # noqa: F401
                        is_staff, taught_section_ids, teachers_of, teaches_learner, validates_learner)


def can_read_metrics(remote_addr: str | None, authorization: str | None, token: str | None) -> bool:
    """Who may scrape /metrics (no account: Prometheus has none). With METRICS_TOKEN set, only a
    request bearing it ("Authorization: Bearer <token>"), from anywhere; without one, only this
    machine (a loopback address: a scraper or sidecar on the host). Behind a proxy, set a token:
    the proxy's own requests come from the loopback address."""
    if token:
        given = (authorization or "").removeprefix("Bearer ").strip()
        return hmac.compare_digest(given.encode(), token.encode())
    return remote_addr in ("127.0.0.1", "::1") or (remote_addr or "").startswith("127.")


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
    return is_staff(user) and can_view_learner(user, learner)


def can_view_equity_attributes(user) -> bool:
    return is_admin(user)


def can_view_section(user, section) -> bool:
    if not (user and user.is_authenticated):
        return False
    if user.has_role("admin"):
        return True
    return user.has_role("teacher") and bool(db.session.scalar(select(
        taught_section_ids(user.id).where(TeachingAssignment.section_id == section.id).exists())))


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
    return framework.reaches_learners or is_staff(user)


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


def own_learner(user):
    """The learner record of a signed-in student (or educator-learner), or None."""
    if not (user and user.is_authenticated):
        return None
    return db.session.scalar(select(Learner).where(Learner.user_id == user.id))


def can_void_statement(user, statement) -> bool:
    """An xAPI statement is voided by whoever sent it, an admin, or a teacher of its learner."""
    if is_admin(user) or statement.received_by_id == user.id:
        return True
    learner = db.session.get(Learner, statement.learner_id) if statement.learner_id else None
    return learner is not None and can_teach_learner(user, learner)
