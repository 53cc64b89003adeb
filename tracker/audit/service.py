"""Writing audit events. Callers flush with their own transaction; nothing here commits."""
from flask import has_request_context, request

from ..auth.policy import is_staff
from ..extensions import db
from .models import AuditEvent


def record(actor, action: str, obj=None, *, object_type: str | None = None,
           object_id: int | None = None, learner_id: int | None = None, **detail) -> AuditEvent:
    """Add an audit event for `actor` doing `action` to `obj` (or to object_type/object_id)."""
    if obj is not None:
        object_type = object_type or obj.__tablename__
        object_id = object_id if object_id is not None else obj.id
        if learner_id is None:
            learner_id = getattr(obj, "learner_id", None)
            if learner_id is None and object_type == "learner":
                learner_id = obj.id
    event = AuditEvent(
        actor_id=getattr(actor, "id", None),
        action=action,
        object_type=object_type or "none",
        object_id=object_id,
        learner_id=learner_id,
        detail=detail or None,
        ip_address=request.remote_addr if has_request_context() else None,
    )
    db.session.add(event)
    return event


def record_learner_view(actor, learner, page: str, **detail) -> AuditEvent | None:
    """Note that a member of staff looked at a learner's record (FERPA asks schools to account
    for disclosures). A learner reading its own record, or a guardian its child's, is not noted.
    Returns the event, or None when nothing was recorded."""
    if not is_staff(actor):
        return None
    if learner.user_id is not None and learner.user_id == actor.id:
        return None
    return record(actor, "learner.view", learner, page=page, **detail)


def record_learners_view(actor, page: str, *, learner_ids=None, obj=None, object_type: str | None = None,
                         object_id: int | None = None, **detail) -> AuditEvent | None:
    """Note that a member of staff looked at a list of learners (a page, a CSV, an API answer):
    one event per request, whatever the number of learners, naming them (`learner_ids`, the
    ones shown) or what chose them (the section as `obj`, the filters in `detail`). One INSERT,
    so a list's statement count does not grow with its length. Returns the event, or None for
    a reader who is not staff (a student or a guardian reading its own records)."""
    if not is_staff(actor):
        return None
    if learner_ids is not None:
        detail["learner_ids"] = sorted(set(learner_ids))
        detail["learner_count"] = len(detail["learner_ids"])
    if obj is None and object_type is None:
        object_type = "learner"
    return record(actor, "learners.view", obj, object_type=object_type, object_id=object_id, page=page,
                  **detail)
