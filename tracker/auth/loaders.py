"""Loaders for objects in URLs: 404 when it does not exist, 403 when the policy says no."""
from flask import abort, make_response, render_template
from flask_babel import gettext as _
from flask_login import current_user

from ..calibration.service import load_session
from ..competencies.models import Competency, Framework, ImportJob, ProficiencyScale
from ..extensions import db
from ..mastery.models import ValidationRequest
from ..progressions.service import load_progression
from ..rosters.models import Learner, Section
from . import policy


def get_or_404(model, object_id):
    obj = db.session.get(model, object_id)
    if obj is None:
        abort(404)
    return obj


def get_learner_or_404(learner_id: int, *, teach: bool = False, issue: bool = False):
    """The learner, if the current user may see it (or teach it, with teach=True; issue its
    credentials, with issue=True)."""
    learner = get_or_404(Learner, learner_id)
    allowed = (policy.can_teach_learner if teach else policy.can_issue_credentials if issue
               else policy.can_view_learner)
    if not allowed(current_user, learner):
        abort(403)
    return learner


def get_own_learner_or_404():
    """The signed-in user's own learner record: a student's, or a member of staff's professional
    learning record (an educator-learner). None yet: 404 for a student; a member of staff, who may
    simply not have started, is told so (200)."""
    learner = policy.own_learner(current_user)
    if learner is None:
        staff = policy.is_staff(current_user)
        abort(make_response(render_template("dashboards/no_record.html", staff=staff), 200 if staff else 404))
    return learner


def get_validation_request_or_404(request_id: int, *, conflict_since=None):
    """The request, if the current user may see it; with conflict_since, also a request another
    validator decided at or after that time (the one a decision being posted lost the race to)."""
    validation_request = get_or_404(ValidationRequest, request_id)
    if not (policy.can_view_validation_request(current_user, validation_request) or (
            conflict_since is not None
            and policy.may_see_conflicting_decision(current_user, validation_request, since=conflict_since))):
        if validation_request.learner.is_educator:
            abort(403, description=_("This is an educator's professional learning: only their coaches and "
                                     "admins see it, and only a coach who validates decides on it."))
        abort(403)
    return validation_request


def get_calibration_or_404(calibration_id: int, *, score: bool = False):
    """The calibration session, if the current user may see it (score=True: may score in it)."""
    session = load_session(calibration_id)
    if session is None:
        abort(404)
    allowed = policy.can_score_calibration if score else policy.can_view_calibration
    if not allowed(current_user, session):
        abort(403)
    return session


def get_progression_or_404(progression_id: int, *, author: bool = False):
    """The progression with its steps loaded; with author=True, only for framework authors."""
    progression = load_progression(progression_id)
    if progression is None:
        abort(404)
    if author and not policy.can_author_frameworks(current_user):
        abort(403)
    return progression


def _author_check(framework, *, author: bool, edit: bool) -> None:
    if edit and not policy.can_edit_framework(current_user, framework):
        abort(403)
    if author and not policy.can_author_frameworks(current_user):
        abort(403)


def get_framework_or_404(framework_id: int, *, author: bool = False, edit: bool = False, read: bool = False):
    """The framework; author=True: only for framework authors; edit=True: only for authors and
    only while it is a draft (published frameworks change through a new version); read=True: a
    draft is refused to students and families (policy.can_view_student_framework)."""
    framework = get_or_404(Framework, framework_id)
    if read and not policy.can_view_student_framework(current_user, framework):
        abort(403)
    _author_check(framework, author=author, edit=edit)
    return framework


def get_competency_or_404(competency_id: int, *, edit: bool = False):
    """The competency; edit=True: only for authors, while its framework is a draft."""
    competency = get_or_404(Competency, competency_id)
    _author_check(competency.framework, author=edit, edit=edit)
    return competency


def get_scale_or_404(scale_id: int, *, author: bool = False):
    scale = get_or_404(ProficiencyScale, scale_id)
    if author and not policy.can_author_frameworks(current_user):
        abort(403)
    return scale


def get_import_job_or_404(job_id: int):
    job = get_or_404(ImportJob, job_id)
    if not policy.can_view_import_job(current_user, job):
        abort(403)
    return job


def get_section_or_404(section_id: int):
    section = get_or_404(Section, section_id)
    if not policy.can_view_section(current_user, section):
        abort(403)
    return section
