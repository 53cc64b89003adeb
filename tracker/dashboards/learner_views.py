"""The student's progress page and the family page (one per child), with their /my/ shortcuts."""
from flask import redirect, render_template, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user

from ..audit import service as audit
from ..auth import access, policy
from ..auth.loaders import get_learner_or_404, get_own_learner_or_404
from ..form_helpers import posted_id
from ..grading.service import credits_for_learner
from ..mastery import self_placement
from ..printing import file_stem, pdf_response
from ..progressions.maps import draw_maps
from ..standing import labels
from ..timeutil import today as utc_today
from . import bp, charts, professional_learning
from .learner_pages import (
    MAP_LEGEND, RECENT_MASTERY_DAYS, as_of_choice, as_of_context, as_of_detail, children_of, coming_next,
    finish_words, learner_views, map_edges, map_steps, mastered_lately, next_words, school_time_words, short_day,
    steps_walked, summary_sentence,
)
from .words import pace_label


def _chosen(standings, progression_id: int | None):
    return next((s for s in standings if s.progression.id == progression_id), standings[0] if standings else None)


def _progression_arg() -> int | None:
    return posted_id(request.args.get("progression_id"))


@bp.route("/learners/<int:learner_id>/progress")
@access.rule("learner")
def show_progress(learner_id: int):
    learner = get_learner_or_404(learner_id)
    as_of, as_of_problem = as_of_choice(request.args.get("as_of"))
    view = learner_views([learner], with_feedback=True, as_of=as_of)[0]
    standing = _chosen(view.standings, _progression_arg())
    today = as_of or utc_today()
    maps = figure = None
    state_labels = labels.state_labels(plain=True)
    if standing is not None:
        maps = draw_maps(map_steps(standing), map_edges(standing), state_labels)
        if standing.pace is not None:
            figure = charts.payload(charts.pace_figure(standing.pace, today))
    framework = standing.progression.framework if standing is not None else None
    educator = learner.is_educator and framework is not None and framework.is_educator_framework
    domains = professional_learning.educator_domains(learner, framework, as_of) if educator else []
    self_assessed = self_placement.waiting(learner.id) if educator and as_of is None else []
    is_coach = bool(self_assessed) and policy.coaches_educator(current_user, learner.id)
    audit.record_learner_view(current_user, learner, "progress", **as_of_detail(as_of))
    html = render_template(
        "dashboards/progress.html", learner=learner, view=view, standing=standing, maps=maps, figure=figure,
        is_self=learner.user_id is not None and learner.user_id == current_user.id,
        staff=policy.is_staff(current_user), state_labels=state_labels,
        step_competencies={s.competency_id: s.competency for s in standing.progression.steps} if standing else {},
        legend=MAP_LEGEND, pace_label=pace_label, steps_walked=steps_walked, today=today,
        credit_lines=credits_for_learner(learner, view.all_standings, as_of),
        finish_words=finish_words, school_time_words=school_time_words, domains=domains,
        self_assessed=self_assessed, is_coach=is_coach, scale=framework.scale if educator else None,
        **as_of_context(as_of, as_of_problem))
    return html


@bp.route("/my/progress")
@access.rule("own_record", learner_data=False)  # one's own record is no disclosure
def my_progress():
    learner = get_own_learner_or_404()
    return redirect(url_for("dashboards.show_progress", learner_id=learner.id))


def _family_context(views):
    return {"views": views, "summary_sentence": summary_sentence, "next_words": next_words,
            "steps_walked": steps_walked, "mastered_lately": mastered_lately, "coming_next": coming_next,
            "short_day": short_day, "recent_days": RECENT_MASTERY_DAYS}


@bp.route("/learners/<int:learner_id>/family")
@access.rule("learner")
def show_family_page(learner_id: int):
    return _family_page(get_learner_or_404(learner_id), "family", *as_of_choice(request.args.get("as_of")))


@bp.route("/learners/<int:learner_id>/family.pdf")
@access.rule("learner")
def download_family_page(learner_id: int):
    learner = get_learner_or_404(learner_id)
    as_of, _problem = as_of_choice(request.args.get("as_of"))  # a file has nowhere to say it: today
    name = f"family-report-{file_stem(learner.first_name)}-{as_of or utc_today()}.pdf"
    return pdf_response(_family_page(learner, "family_pdf", as_of), name)


def _family_page(learner, page: str, as_of=None, as_of_problem: str | None = None) -> str:
    views = learner_views([learner], as_of=as_of)
    audit.record_learner_view(current_user, learner, page, **as_of_detail(as_of))
    return render_template("dashboards/family.html", learner=learner, view=views[0],
                           printed_on=format_date(as_of or utc_today(), "long"),
                           credit_lines=credits_for_learner(learner, views[0].all_standings, as_of),
                           **as_of_context(as_of, as_of_problem),
                           **_family_context(views))


@bp.route("/my/children")
@access.rule("guardian")
def list_my_children():
    views = learner_views(children_of(current_user))
    return render_template("dashboards/children.html", title=_("My children"), **_family_context(views))
