"""Telling people things: one function makes every notification (`notify`), asking the policy module
whether each recipient may see the learner it is about and the person's own choice for its kind.

Reading them: the unread count (one statement, for the header), the list, marking read; and the
preferences page's reading and saving. Service functions flush; the caller commits.
"""
from itsdangerous import BadSignature, URLSafeSerializer
from flask import current_app, has_request_context, url_for
from flask_babel import gettext as _
from sqlalchemy import func, select, update

from ..auth import policy
from ..extensions import db
from ..form_helpers import FieldProblem
from ..timeutil import utcnow
from .kinds import KINDS, TEXTS, kinds_for
from .models import Notification, NotificationPreference

MAILED_AT_ONCE = "immediate"


# Words and links -------------------------------------------------------------------------------

def notification_text(notification) -> str:
    """The notification in the current language (its params fill the translated words)."""
    words = TEXTS.get(notification.text_key)
    if words is None:
        return notification.text_key
    try:
        return _(words, **(notification.params or {}))
    except (KeyError, TypeError, ValueError):
        try:  # a translation that lost a placeholder: the English words still say it
            return words % (notification.params or {})
        except (KeyError, TypeError, ValueError):
            return words


def app_url(endpoint: str, *, external: bool = False, **values) -> str:
    """A link to a page, also from a job of the queue (no request): under PUBLIC_URL when set."""
    base = current_app.config.get("PUBLIC_URL")
    if has_request_context():
        if external and base:
            return base.rstrip("/") + url_for(endpoint, **values)
        return url_for(endpoint, _external=external, **values)
    with current_app.test_request_context(base_url=base or "http://localhost/"):
        return url_for(endpoint, _external=external, **values)


# Choices ---------------------------------------------------------------------------------------

def deliveries_for(user_ids, kind: str) -> dict[int, str]:
    """{user id: delivery for `kind`} for these people, in one query (the kind's default where unset)."""
    ids = sorted(set(user_ids))
    chosen = dict(db.session.execute(select(NotificationPreference.user_id, NotificationPreference.delivery)
                                     .where(NotificationPreference.user_id.in_(ids),
                                            NotificationPreference.kind == kind)).all()) if ids else {}
    return {user_id: chosen.get(user_id, KINDS[kind].default) for user_id in ids}


def preferences_for(user) -> dict[str, str]:
    """{kind: delivery} for every kind this person may receive."""
    chosen = dict(db.session.execute(select(NotificationPreference.kind, NotificationPreference.delivery)
                                     .where(NotificationPreference.user_id == user.id)).all())
    return {kind: chosen.get(kind, KINDS[kind].default) for kind in kinds_for(user)}


def set_preference(user, kind: str, delivery: str) -> None:
    row = db.session.scalar(select(NotificationPreference).where(NotificationPreference.user_id == user.id,
                                                                 NotificationPreference.kind == kind))
    if row is None:
        db.session.add(NotificationPreference(user_id=user.id, kind=kind, delivery=delivery))
    else:
        row.delivery = delivery
    db.session.flush()


def save_preferences(user, posted: dict[str, str]) -> dict[str, str]:
    """Save the person's choices {kind: delivery} (flushes) and return those that changed. Every value
    is checked before anything is saved: an unknown kind, a kind not theirs or an unknown choice raises
    FieldProblem naming it, and nothing changes."""
    allowed = kinds_for(user)
    for kind, delivery in posted.items():
        if kind not in allowed:
            raise FieldProblem(kind, _("There is no kind of notification called “%(kind)s” for you; "
                                       "nothing was saved.", kind=kind[:60]))
        if delivery not in KINDS[kind].deliveries:
            raise FieldProblem(kind, _("“%(choice)s” is not one of the choices for %(kind)s; nothing was saved.",
                                       choice=delivery[:60], kind=_(KINDS[kind].label)))
    current = preferences_for(user)
    changed = {kind: delivery for kind, delivery in posted.items() if current[kind] != delivery}
    for kind, delivery in changed.items():
        set_preference(user, kind, delivery)
    return changed


# Making them -----------------------------------------------------------------------------------

def notify(recipients, kind: str, *, text_key: str | None = None, params: dict | None = None, learner=None,
           subject_id: int | None = None, link: str | None = None) -> list[Notification]:
    """Tell each recipient (flushes): with notify_each, the one place a notification is made.

    Promises: nobody receives a kind their roles do not take, or one about a `learner` the policy does
    not let them see (`policy.can_view_learner`, asked for every recipient); a deactivated account is
    told nothing; nobody is told twice in one call; a person who switched the kind off is told nothing;
    "immediate" also queues a mail in the person's language (delivered by the job queue after the
    commit). Returns the notifications made."""
    people = [user for user in recipients if user is not None and user.active and user.has_role(*KINDS[kind].roles)]
    if learner is not None:
        people = [user for user in people if policy.can_view_learner(user, learner)]
    return notify_each(kind, [(user, text_key or kind, params or {}) for user in people],
                       learner=learner, subject_id=subject_id, link=link)


def notify_each(kind: str, entries, *, learner=None, subject_id: int | None = None,
                link: str | None = None) -> list[Notification]:
    """notify() for recipients each with words of their own: `entries` is [(user, text_key, params)],
    people the caller already asked the policy about (it names no learner, or `learner`, which
    notify() checked). Keeps notify's other promises, in a fixed number of statements whatever the
    number of recipients (plus one mail each for those who chose "immediate")."""
    people = {}
    for user, text_key, params in entries:
        if user.active and user.has_role(*KINDS[kind].roles) and user.id not in people:
            people[user.id] = (user, text_key, params)
    if not people:
        return []
    deliveries = deliveries_for(people, kind)
    made = []
    now = utcnow()
    for user_id, (user, text_key, params) in people.items():
        delivery = deliveries[user_id]
        if delivery == "off":
            continue
        notification = Notification(recipient_id=user_id, kind=kind, learner_id=getattr(learner, "id", None),
                                    subject_id=subject_id, text_key=text_key, params=params, link=link,
                                    delivery=delivery, created_at=now)
        db.session.add(notification)
        made.append((user, notification))
    db.session.flush()
    for user, notification in made:
        if notification.delivery == MAILED_AT_ONCE and user.email:
            mail_now(user, notification)
    return [notification for _user, notification in made]


def mail_now(user, notification) -> None:
    from ..mail.service import queue_templated

    queue_templated("notification", user, lambda: _("News from the Progression Tracker"),
                    notification=notification,
                    link=app_url("notifications.list_notifications", external=True),
                    preferences=app_url("notifications.edit_preferences", external=True))
    notification.mailed_at = utcnow()


# Reading them ----------------------------------------------------------------------------------

def unread_count(user) -> int:
    """How many notifications the person has not read (one statement)."""
    return db.session.scalar(select(func.count(Notification.id)).where(
        Notification.recipient_id == user.id, Notification.read_at.is_(None))) or 0


def notifications_of(user, *, limit: int = 100) -> list[Notification]:
    """The person's latest notifications, unread first, newest first (one query)."""
    return list(db.session.scalars(
        select(Notification).where(Notification.recipient_id == user.id)
        .order_by(Notification.read_at.is_not(None), Notification.created_at.desc(), Notification.id.desc())
        .limit(limit)))


def mark_read(user, notification_id: int | None) -> bool:
    """Mark one of the person's notifications read; False when it is not theirs or unknown."""
    if notification_id is None:
        return False
    result = db.session.execute(update(Notification).where(
        Notification.id == notification_id, Notification.recipient_id == user.id,
        Notification.read_at.is_(None)).values(read_at=utcnow()).execution_options(synchronize_session=False))
    return result.rowcount == 1 or db.session.scalar(select(func.count(Notification.id)).where(
        Notification.id == notification_id, Notification.recipient_id == user.id)) == 1


def mark_all_read(user) -> int:
    result = db.session.execute(update(Notification).where(
        Notification.recipient_id == user.id, Notification.read_at.is_(None))
        .values(read_at=utcnow()).execution_options(synchronize_session=False))
    return result.rowcount


# Unsubscribing without signing in --------------------------------------------------------------

def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="notification-unsubscribe")


def unsubscribe_token(user, kind: str) -> str:
    return _serializer().dumps({"user": user.id, "kind": kind})


def read_unsubscribe_token(token: str):
    """(user, kind) for a token this app signed, or None (tampered, unknown person or kind)."""
    from ..auth.models import User

    try:
        data = _serializer().loads(token)
    except BadSignature:
        return None
    if not isinstance(data, dict) or data.get("kind") not in KINDS or not isinstance(data.get("user"), int):
        return None
    user = db.session.get(User, data["user"])
    return (user, data["kind"]) if user is not None else None


def unsubscribe(token: str):
    """Switch off the kind the token names for its person (flushes); the (user, kind), or None."""
    found = read_unsubscribe_token(token)
    if found is not None:
        set_preference(found[0], found[1], "off")
    return found

