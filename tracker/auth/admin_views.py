"""Admin pages for users: list, create, edit, deactivate, set a password, sign out everywhere, CSV download."""
from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from ..audit import service as audit
from ..extensions import db
from ..form_helpers import FieldProblem, show_problem
from ..listing import ListParams, csv_response, paginate
from ..timeutil import today
from . import access, admin_service, bp
from .admin_forms import ROLE_LABELS, UserForm
from .admin_service import UserValues, save_user, set_password, user_list
from .forms import SetPasswordForm
from .login_limits import lift_account_lock
from .service import sign_in
from .loaders import get_or_404
from .models import ROLES, User


def _params() -> ListParams:
    return ListParams.from_args(request.args, role=ROLES)


@bp.route("/admin/users")
@access.rule("admin", learner_data=False)
def list_users():
    params = _params()
    page = paginate(user_list(params.q, params.status, params.filters.get("role")), params)
    return render_template("auth/users.html", page=page, params=params, role_labels=ROLE_LABELS)


@bp.route("/admin/users.csv")
@access.rule("admin", learner_data=False)
def download_users():
    params = _params()
    users = db.session.scalars(user_list(params.q, params.status, params.filters.get("role")))
    header = [_("Name"), _("Email"), _("Roles"), _("Language"), _("Phone"), _("May author frameworks"),
              _("Last sign-in"), _("Active")]
    rows = ([u.name, u.email, "; ".join(sorted(u.role_names)), u.locale, u.phone, u.can_author_frameworks,
             u.last_login_at.replace(microsecond=0) if u.last_login_at else None, u.active] for u in users)
    return csv_response(f"users-{today().isoformat()}.csv", header, rows)


@bp.route("/admin/users/new", methods=["GET", "POST"])
@access.rule("admin", learner_data=False)
def create_user():
    return _user_form(None)


@bp.route("/admin/users/<int:user_id>", methods=["GET", "POST"])
@access.rule("admin", learner_data=False)
def edit_user(user_id: int):
    return _user_form(get_or_404(User, user_id))


def _initial_values(user: User | None) -> dict:
    if user is None:
        return {"locale": current_app.config["BABEL_DEFAULT_LOCALE"]}
    return {"email": user.email, "name": user.name, "roles": sorted(user.role_names), "locale": user.locale,
            "can_author_frameworks": user.can_author_frameworks, "phone": user.phone}


def _user_form(user: User | None):
    form = UserForm(data=_initial_values(user))
    if form.validate_on_submit():
        values = UserValues(email=form.email.data, name=form.name.data, roles=form.roles.data,
                            locale=form.locale.data, can_author_frameworks=form.can_author_frameworks.data,
                            phone=form.phone.data)
        creating = user is None
        try:
            saved, changed = save_user(user, values, current_user)
            audit.record(current_user, "user.create" if creating else "user.update", saved,
                         changed=changed, roles=sorted(saved.role_names))
            db.session.flush()  # the unique email index answers here, inside the try (committed at the end)
        except FieldProblem as problem:
            show_problem(form, problem)
        except IntegrityError:  # someone else took the email between our check and the save
            db.session.rollback()
            form.email.errors = [_("Another user already has this email.")]
        else:
            if creating:
                flash(_("User created. Set a password so that they can sign in."), "success")
                return redirect(url_for("auth.set_user_password", user_id=saved.id))
            flash(_("User saved."), "success")
            return redirect(url_for("auth.edit_user", user_id=saved.id))
    return render_template("auth/user_form.html", form=form, user=user)


@bp.route("/admin/users/<int:user_id>/active", methods=["POST"])
@access.rule("admin")
def set_user_active(user_id: int):
    user = get_or_404(User, user_id)
    active = {"1": True, "0": False}.get(request.form.get("active", ""))
    if active is None:
        flash(_("Choose whether to deactivate or reactivate."), "error")
        return redirect(url_for("auth.edit_user", user_id=user.id))
    try:
        changed = admin_service.set_user_active(user, active, current_user)
    except FieldProblem as problem:
        flash(problem.message, "error")
        return redirect(url_for("auth.edit_user", user_id=user.id))
    if changed:
        audit.record(current_user, "user.reactivate" if active else "user.deactivate", user)
        flash(_("Account reactivated.") if active else
              _("Account deactivated: they are signed out, their API tokens are revoked and they cannot "
                "sign in. Nothing was deleted."), "success")
    return redirect(url_for("auth.edit_user", user_id=user.id))


@bp.route("/admin/users/<int:user_id>/password", methods=["GET", "POST"])
@access.rule("admin", learner_data=False)
def set_user_password(user_id: int):
    user = get_or_404(User, user_id)
    form = SetPasswordForm()
    if form.validate_on_submit():
        revoked = set_password(user, form.new_password.data)
        audit.record(current_user, "user.set_password", user, api_tokens_revoked=revoked)
        if user.id == current_user.id:
            sign_in(user)  # this browser goes on under the new session version
        lift_account_lock(user.email)  # the sign-in lock's message tells them to ask for this reset
        flash(_("Password set. Any session of %(name)s on other devices has ended, and so have their API "
                "tokens.", name=user.name), "success")
        return redirect(url_for("auth.edit_user", user_id=user.id))
    return render_template("auth/user_password.html", form=form, user=user)


@bp.route("/admin/users/<int:user_id>/sign-out-everywhere", methods=["POST"])
@access.rule("admin")
def sign_out_everywhere(user_id: int):
    user = get_or_404(User, user_id)
    revoked = admin_service.sign_out_everywhere(user)
    audit.record(current_user, "user.sign_out_everywhere", user, api_tokens_revoked=revoked)
    if user.id == current_user.id:
        sign_in(user)  # this browser goes on under the new session version
    flash(_("%(name)s is signed out everywhere: every sign-in and API token of theirs has ended. "
            "Their password is unchanged.", name=user.name), "success")
    return redirect(url_for("auth.edit_user", user_id=user.id))
