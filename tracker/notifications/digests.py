"""Digests: the daily and weekly mail of a person's notifications, and the weekly family digest for
guardians. Each is sent at most once per person per period (a DigestSent row, unique), so a task that
runs twice, or on two workers, sends nothing the second time. Flushes; the task commits."""
from datetime import date, datetime, time, timedelta

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from ..auth import policy
from ..auth.models import User, UserRole
from ..competencies.models import Competency
from ..dashboards.learner_pages import children_of, learner_views, next_words, pace_words, steps_walked
from ..extensions import db
from ..mail.service import queue_templated
from ..mastery.models import MasteryDecision
from ..supports.words import type_label
from ..timeutil import today as utc_today
from ..timeutil import utcnow
from .models import DigestSent, Notification
from .service import app_url, deliveries_for, notify, unsubscribe_token


def period_start(period: str, day: date) -> date:
    """The first day of the period `day` falls in: itself (daily), or the Monday of its week."""
    return day if period == "daily" else day - timedelta(days=day.weekday())


def _claim(user_id: int, kind: str, start: date) -> bool:
    """Note the digest as sent for this period; False when it already was."""
    if db.session.scalar(select(DigestSent.id).where(DigestSent.user_id == user_id, DigestSent.kind == kind,
                                                     DigestSent.period_start == start)):
        return False
    db.session.add(DigestSent(user_id=user_id, kind=kind, period_start=start))
    db.session.flush()
    return True


def send_notification_digests(period: str, day: date | None = None) -> int:
    """Mail each person whose notifications wait for a `period` digest (daily or weekly) one message
    listing them, in their language, and mark them mailed. Returns how many digests were queued."""
    day = day or utc_today()
    start = period_start(period, day)
    waiting = list(db.session.scalars(select(Notification).where(
        Notification.delivery == period, Notification.mailed_at.is_(None))
        .order_by(Notification.recipient_id, Notification.created_at, Notification.id)))
    by_person: dict[int, list[Notification]] = {}
    for notification in waiting:
        by_person.setdefault(notification.recipient_id, []).append(notification)
    people = {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(list(by_person))))}
    sent = 0
    for user_id, notifications in by_person.items():
        user = people.get(user_id)
        if user is None or not user.active or not user.email or not _claim(user_id, period, start):
            continue
        subject = (lambda: _("Your daily summary from the Progression Tracker")) if period == "daily" else \
            (lambda: _("Your weekly summary from the Progression Tracker"))
        queue_templated("digest", user, subject, notifications=notifications,
                        link=app_url("notifications.list_notifications", external=True),
                        preferences=app_url("notifications.edit_preferences", external=True))
        now = utcnow()
        for notification in notifications:
            notification.mailed_at = now
        sent += 1
    db.session.flush()
    return sent


# The family digest ------------------------------------------------------------------------------

def mastered_since(learner_ids, since) -> dict[int, list[str]]:
    """{learner id: the "I can" words of competencies confirmed mastered since `since`} (one query)."""
    found: dict[int, list[str]] = {lid: [] for lid in learner_ids}
    if not found:
        return found
    rows = db.session.execute(
        select(MasteryDecision.learner_id, Competency.student_statement, Competency.statement)
        .join(Competency, Competency.id == MasteryDecision.competency_id)
        .where(MasteryDecision.learner_id.in_(list(found)), MasteryDecision.outcome == "mastered",
               MasteryDecision.decided_at >= since)
        .order_by(MasteryDecision.decided_at, MasteryDecision.id))
    for learner_id, student_statement, statement in rows:
        found[learner_id].append((student_statement or statement).rstrip(". "))
    return found


def family_digest_content(guardian, day: date | None = None) -> list[dict]:
    """What the weekly family digest says about each child the guardian may see, in plain words and in
    the current language: mastered this week, what is next, on pace or not, supports, whom to contact."""
    day = day or utc_today()
    children = [child for child in children_of(guardian) if policy.can_view_learner(guardian, child)]
    views = learner_views(children)
    # "This week": the seven days up to `day` (the digest goes out at the end of the school week).
    mastered = mastered_since([c.id for c in children], datetime.combine(day - timedelta(days=6), time.min))
    content = []
    for view in views:
        name = view.learner.first_name
        progressions = []
        for standing in view.standings:
            done, total = steps_walked(standing)
            progressions.append({"title": standing.progression.title, "mastered": done, "total": total,
                                 "pace": pace_words(standing, name), "next": next_words(standing, name)})
        content.append({
            "name": name,
            "mastered": mastered.get(view.learner.id, []),
            "progressions": progressions,
            "supports": [type_label(s.kind) + (f" ({s.provider})" if s.provider else "") for s in view.supports],
            "contacts": view.contacts,
        })
    return content


def _guardians() -> list[User]:
    return list(db.session.scalars(select(User).join(UserRole, UserRole.user_id == User.id)
                                   .where(UserRole.role == "guardian", User.active.is_(True))
                                   .order_by(User.id)))


def send_family_digest(guardian, day: date | None = None) -> bool:
    """Queue this week's family digest for one guardian, in the family's language (False when it was
    already sent this week, or the guardian has no child to tell of or switched it off)."""
    day = day or utc_today()
    if deliveries_for([guardian.id], "family_digest")[guardian.id] == "off" or not guardian.email:
        return False
    locale = guardian.locale or "en"
    with force_locale(locale):
        content = family_digest_content(guardian, day)
    if not content or not _claim(guardian.id, "family", period_start("weekly", day)):
        return False
    queue_templated("family_digest", guardian, lambda: _("This week at school: %(names)s",
                                                         names=", ".join(c["name"] for c in content)),
                    children=content,
                    unsubscribe_url=app_url("notifications.unsubscribe", external=True,
                                            token=unsubscribe_token(guardian, "family_digest")),
                    link=app_url("dashboards.list_my_children", external=True))
    names = ", ".join(c["name"] for c in content)
    for told in notify([guardian], "family_digest", params={"names": names},
                       link=app_url("dashboards.list_my_children")):
        told.mailed_at = utcnow()  # the mail just queued is the digest itself
    return True


def send_family_digests(day: date | None = None) -> int:
    """The weekly family digest to every guardian who has not switched it off. Returns how many were queued."""
    return sum(send_family_digest(guardian, day) for guardian in _guardians())


