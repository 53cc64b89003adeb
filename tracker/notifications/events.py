"""What happened, and whom it is told to. The services where things happen call these (evidence
created or reviewed, a request opened or decided, flags raised); the job queue calls the overdue
check. Each finds the people concerned and hands them to service.notify, which asks the policy
whether each may see the learner. Flushes; the caller commits."""
from datetime import timedelta

from sqlalchemy import select

from ..auth import policy
from ..auth.models import User, UserRole
from ..extensions import db
from ..mastery.models import ValidationRequest
from ..rosters.models import Learner
from ..timeutil import utcnow
from .models import Notification
from .service import app_url, notify, notify_each

NAMED_AT_MOST = 8  # learners named in one "needs support" notification; the rest are counted


def _competency_words(competency) -> str:
    """"M.1 Add fractions": the code and statement, without a closing full stop (the sentence goes on)."""
    statement = competency.statement.strip().rstrip(".")
    return f"{competency.code} {statement}" if competency.code else statement


def _people_with(roles, excluding=None) -> list[User]:
    users = db.session.scalars(select(User).where(User.active.is_(True), User.id.in_(
        select(UserRole.user_id).where(UserRole.role.in_(roles)))).order_by(User.id))
    return [user for user in users if excluding is None or user.id != excluding.id]


def request_opened(validation_request, learner, competency, requested_by) -> None:
    """Validators: a new request in their queue (not the person who asked, if a validator)."""
    notify(_people_with(["validator"], excluding=requested_by), "request_new", learner=learner,
           subject_id=validation_request.id,
           params={"learner": learner.display_name, "competency": _competency_words(competency)},
           link=app_url("mastery.show_request", request_id=validation_request.id))


def evidence_submitted(evidence, learner, competency) -> None:
    """Teachers of the learner: a student submitted evidence for review."""
    teacher_ids = [tid for tid, ids in policy.teachers_of([learner.id]).items() if learner.id in ids]
    teachers = list(db.session.scalars(select(User).where(User.id.in_(teacher_ids)))) if teacher_ids else []
    notify(teachers, "evidence_submitted", learner=learner, subject_id=evidence.id,
           params={"learner": learner.display_name, "competency": _competency_words(competency)},
           link=app_url("evidence.review_evidence", evidence_id=evidence.id))


def evidence_feedback(evidence, learner, competency) -> None:
    """The student: a teacher gave feedback on (or reviewed) their evidence."""
    if learner.user is None:
        return
    notify([learner.user], "evidence_feedback", learner=learner, subject_id=evidence.id,
           params={"competency": _competency_words(competency)}, link=app_url("evidence.list_my_evidence"))


def request_decided(decision, learner, competency) -> None:
    """The student: a validator decided their request."""
    if learner.user is None:
        return
    key = "request_decided_mastered" if decision.outcome == "mastered" else "request_decided_not_yet"
    notify([learner.user], "request_decided", text_key=key, learner=learner, subject_id=decision.request_id,
           params={"competency": _competency_words(competency)}, link=app_url("mastery.list_own_requests"))


def flags_raised(learner_ids) -> None:
    """Teachers: learners of theirs need support. One notification per teacher per refresh, naming the
    learners with a new flag, whatever the number of flags (the supports page groups them the same way)."""
    ids = sorted(set(learner_ids))
    if not ids:
        return
    by_teacher = policy.teachers_of(ids)
    if not by_teacher:
        return
    learners = {learner.id: learner for learner in db.session.scalars(select(Learner).where(Learner.id.in_(ids)))}
    teachers = {user.id: user for user in db.session.scalars(select(User).where(User.id.in_(list(by_teacher))))}
    entries = []
    for teacher_id, taught in sorted(by_teacher.items()):
        teacher = teachers.get(teacher_id)
        if teacher is None:
            continue
        # policy.teachers_of is the relation can_view_learner allows a teacher: the learners are visible.
        listed = sorted((learners[i] for i in taught if i in learners), key=lambda l: (l.family_name, l.given_name))
        named = ", ".join(l.display_name for l in listed[:NAMED_AT_MOST])
        more = len(listed) - NAMED_AT_MOST
        entries.append((teacher, "support_needed_many" if more > 0 else "support_needed",
                        {"learners": named, "more": max(more, 0), "count": len(listed)}))
    notify_each("support_needed", entries, link=app_url("supports.list_flags"))


def overdue_requests(target_days: int | None = None) -> int:
    """Validators and admins: each open request waiting longer than the school's target (setting
    validation_target_days), told once per person per request. Returns how many were told."""
    from ..settings import service as settings

    target = int(target_days if target_days is not None else settings.get("validation_target_days"))
    before = utcnow() - timedelta(days=target)
    waiting = list(db.session.scalars(select(ValidationRequest).where(
        ValidationRequest.status == "open", ValidationRequest.requested_at < before)
        .order_by(ValidationRequest.requested_at)))
    if not waiting:
        return 0
    told = set(db.session.execute(select(Notification.recipient_id, Notification.subject_id).where(
        Notification.kind == "request_overdue", Notification.subject_id.in_([r.id for r in waiting]))).all())
    validators = _people_with(["validator", "admin"])  # admins oversee the queue's waiting times
    made = 0
    now = utcnow()
    for request in waiting:
        recipients = [v for v in validators if (v.id, request.id) not in told]
        if not recipients:
            continue
        days = (now - request.requested_at).days
        made += len(notify(recipients, "request_overdue", learner=request.learner, subject_id=request.id,
                           params={"learner": request.learner.display_name,
                                   "competency": _competency_words(request.competency),
                                   "days": days, "target": target},
                           link=app_url("mastery.show_request", request_id=request.id)))
    return made
