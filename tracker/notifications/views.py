"""The notification list, marking read, a person's choices, and the unsubscribe link of a digest."""
from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import refresh
from flask_login import current_user
from sqlalchemy.exc import SQLAlchemyError

from ..audit import service as audit
from ..auth import access
from ..auth.redirects import safe_next
from ..extensions import csrf, db
from ..form_helpers import FieldProblem, posted_id
from . import bp
from .kinds import DELIVERY_LABELS, KINDS
from .service import (
    mark_all_read, mark_read, notification_text, notifications_of, preferences_for, read_unsubscribe_token,
    save_preferences, unread_count,
)
from .service import unsubscribe as switch_off_by_token

PREFIX = "kind-"
bp.add_app_template_global(notification_text, "notification_text")  # pages and mails alike


@bp.app_template_global()
def unread_notifications() -> int | None:
    """The header's count (one statement); None when it cannot be read (an error page during an outage)."""
    if not current_user.is_authenticated:
        return None
    try:
        return unread_count(current_user)
    except SQLAlchemyError:
        return None


@bp.route("/notifications")
@access.rule("signed_in")
def list_notifications():
    notifications = notifications_of(current_user)
    learner_ids = {n.learner_id for n in notifications if n.learner_id is not None}
    if learner_ids or any(n.kind == "support_needed" for n in notifications):
        audit.record_learners_view(current_user, "notifications", learner_ids=learner_ids)
    return render_template("notifications/list.html", notifications=notifications,
                           unread=sum(1 for n in notifications if n.read_at is None))


@bp.route("/notifications/read", methods=["POST"])
@access.rule("signed_in", learner_data=False)
def mark_notification_read():
    notification_id = posted_id(request.form.get("notification_id"))
    if not mark_read(current_user, notification_id):
        db.session.rollback()
        flash(_("That notification was not found among yours; nothing was changed."), "error")
        return redirect(url_for("notifications.list_notifications"), 303)
    return redirect(safe_next(request.form.get("open")) or url_for("notifications.list_notifications"), 303)


@bp.route("/notifications/read-all", methods=["POST"])
@access.rule("signed_in", learner_data=False)
def mark_all_notifications_read():
    count = mark_all_read(current_user)
    flash(_("%(count)s notifications marked read.", count=count), "success")
    return redirect(url_for("notifications.list_notifications"), 303)


@bp.route("/notifications/preferences", methods=["GET", "POST"])
@access.rule("signed_in", learner_data=False)
def edit_preferences():
    choices = preferences_for(current_user)
    problems = {}
    if request.method == "POST":
        posted = {key[len(PREFIX):]: value for key, value in request.form.items() if key.startswith(PREFIX)}
        try:
            changed = save_preferences(current_user, posted)
        except FieldProblem as problem:
            db.session.rollback()
            problems = dict(problem.problems)
            choices = preferences_for(current_user)
        else:
            if changed:
                audit.record(current_user, "notifications.preferences", object_type="user",
                             object_id=current_user.id, **changed)
            flash(_("Your notification choices are saved."), "success")
            return redirect(url_for("notifications.edit_preferences"), 303)
    unknown = {kind: message for kind, message in problems.items() if kind not in choices}
    return render_template("notifications/preferences.html", choices=choices, kinds=KINDS,
                           delivery_labels=DELIVERY_LABELS, problems=problems, unknown=unknown,
                           prefix=PREFIX), 400 if problems else 200


# The signed token is the permission: a mail program's one-click POST (RFC 8058) carries no form token.
@csrf.exempt
@bp.route("/unsubscribe/<token>", methods=["GET", "POST"])
@access.rule("public")
def unsubscribe(token: str):
    found = read_unsubscribe_token(token)
    if found is None:
        return render_template("notifications/unsubscribe.html", valid=False, done=False), 400
    user, kind = found
    if "locale" not in session and user.locale in current_app.config["LANGUAGES"]:
        session["locale"] = user.locale  # the page speaks the mail's language, unless the visitor chose one
        refresh()
    if request.method == "POST":
        switch_off_by_token(token)
        audit.record(user, "notifications.unsubscribe", object_type="user", object_id=user.id, kind=kind)
        return render_template("notifications/unsubscribe.html", valid=True, done=True, kind=KINDS[kind])
    return render_template("notifications/unsubscribe.html", valid=True, done=False, kind=KINDS[kind],
                           token=token)
