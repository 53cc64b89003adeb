"""Writing audit events. Callers flush with their own transaction; nothing here commits."""
from flask import has_request_context, request

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


STAFF_ROLES = ("admin", "teacher", "validator")


def record_learner_view(actor, learner, page: str, **detail) -> AuditEvent | None:
    """Note that a member of staff looked at a learner's record (FERPA asks schools to account
    for disclosures). A learner reading its own record, or a guardian its child's, is not noted.
    Returns the event, or None when nothing was recorded."""
    if actor is None or not getattr(actor, "is_authenticated", False) or not actor.has_role(*STAFF_ROLES):
        return None
    if learner.user_id is not None and learner.user_id == actor.id:
        return None
    return record(actor, "learner.view", learner, page=page, **detail)
