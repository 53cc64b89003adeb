from flask import render_template
from flask_login import current_user
from sqlalchemy import select

from ..audit import service as audit
from ..auth import access
from ..auth.loaders import get_section_or_404
from ..extensions import db
from . import bp
from .models import Enrollment, Learner


@bp.route("/sections/<int:section_id>")
@access.rule("section")
def show_section(section_id: int):
    section = get_section_or_404(section_id)
    learners = db.session.scalars(
        select(Learner).join(Enrollment, Enrollment.learner_id == Learner.id)
        .where(Enrollment.section_id == section.id, Enrollment.active.is_(True))
        .order_by(Learner.family_name, Learner.given_name)
    ).all()
    audit.record_learners_view(current_user, "section", obj=section, learner_ids=[learner.id for learner in learners])
    html = render_template("rosters/section.html", section=section, learners=learners)
    return html
