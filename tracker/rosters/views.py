from flask import render_template
from flask_login import current_user

from ..audit import service as audit
from ..auth import access
from ..auth.loaders import get_section_or_404
from . import bp, members


@bp.route("/sections/<int:section_id>")
@access.rule("section")
def show_section(section_id: int):
    section = get_section_or_404(section_id)
    learners = members.section_learners(section, include_inactive=False)
    audit.record_learners_view(current_user, "section", obj=section, learner_ids=[learner.id for learner in learners])
    html = render_template("rosters/section.html", section=section, learners=learners)
    return html
