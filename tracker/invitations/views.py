"""Invitations sent by an admin, and the pages their links open."""
from flask import redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ..audit import service as audit
from ..auth import access
from ..auth.loaders import get_or_404
from ..extensions import db
from ..form_helpers import posted_id
from ..rosters.models import RosterImport, Section
from . import bp
from .forms import InvitationForm
from .link_page import link_page
from .service import import_created_users, invite, section_guardians, users_from_lines


def _choices(form: InvitationForm) -> None:
    sections = db.session.execute(select(Section.id, Section.course_title, Section.name)
                                  .where(Section.active.is_(True)).order_by(Section.course_title, Section.name))
    form.section_id.choices = [("", _("No section"))] + [(str(i), f"{course} · {name}") for i, course, name in sections]
    imports = db.session.execute(select(RosterImport.id, RosterImport.source_name, RosterImport.applied_at)
                                 .where(RosterImport.status == "applied").order_by(RosterImport.id.desc()).limit(50))
    form.import_id.choices = [("", _("No import"))] + [
        (str(i), f"{name} ({applied:%Y-%m-%d})" if applied else name) for i, name, applied in imports]


@bp.route("/admin/invitations", methods=["GET", "POST"])
@access.rule("admin", learner_data=False)
def invite_people():
    form = InvitationForm()
    _choices(form)
    report = None
    if form.validate_on_submit():
        users, problems = users_from_lines(form.emails.data)
        if posted_id(form.section_id.data):
            users += section_guardians(get_or_404(Section, posted_id(form.section_id.data)).id)
        if posted_id(form.import_id.data):
            users += import_created_users(get_or_404(RosterImport, posted_id(form.import_id.data)))
        if not users and not problems:
            form.emails.errors = [_("Give at least one address, a section or an import.")]
        else:
            report = invite(users, current_user)
            report.problems[:0] = problems
            for user in report.sent:
                audit.record(current_user, "user.invite", user)
            form.emails.data = form.section_id.data = form.import_id.data = ""  # a second click sends nothing twice
    return render_template("invitations/invite.html", form=form, report=report), 400 if form.errors else 200


@bp.route("/invitation/<token>", methods=["GET", "POST"])
@access.rule("public", learner_data=False)
def accept_invitation(token: str):
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    return link_page(token, "invitation")
