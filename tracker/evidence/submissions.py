"""A learner's own evidence: what it made or did, in its own words, waiting for a teacher's review,
with the level the learner thinks it shows (its own view, optional). The own view is shown beside
the teacher's level and never read by an estimate, a grade or a credit: they read Evidence.level."""
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from ..competencies.models import ProficiencyScale
from ..competencies.scales import EDUCATOR_SCALE, STANDARD_SCALE
from ..competencies.translation import in_reader_language
from ..extensions import db
from ..form_helpers import FieldProblem
from .models import Evidence
from .service import LevelChoice, create_evidence


def submit_student_evidence(actor, learner, competency, *, observed_on: date, reflection: str,
                            context="class", artifact=None, link_url=None, self_level: int | None = None) -> Evidence:
    """A learner's own evidence: no level yet, waiting for a teacher's review; with the level the
    learner thinks it shows (`self_level`, optional), which stays its own view: estimates, grades and
    credits read the teacher's level only. Raises FieldProblem on self_level off the competency's scale."""
    problem = own_view_problem(competency, self_level)
    if problem is not None:
        raise FieldProblem("self_level", problem)
    return create_evidence(actor, learner, competency, observed_on=observed_on, level=None,
                           reflection=reflection, context=context, artifact=artifact, self_level=self_level,
                           link_url=link_url, source="student", status="to_review")


def own_view_problem(competency, self_level: int | None) -> str | None:
    """What is wrong with a learner's own view of its level on this competency, or None."""
    scale = competency.framework.scale
    if self_level is None or scale.min_level <= self_level <= scale.max_level:
        return None
    return _("Choose a level of this competency’s scale, %(low)s to %(high)s.", low=scale.min_level,
             high=scale.max_level)


def own_view_choices(learner) -> list[LevelChoice]:
    """The levels a learner may give its own work on the evidence form: the school's standard scale
    (the educators' badge scale for an educator), as the frameworks a learner works on use; a school
    that renamed it gets its first scale. The chosen competency's own scale is checked on saving."""
    name = EDUCATOR_SCALE if learner.is_educator else STANDARD_SCALE
    scale = db.session.scalar(select(ProficiencyScale).where(ProficiencyScale.name == name)) or db.session.scalar(
        select(ProficiencyScale).order_by(ProficiencyScale.id).limit(1))
    if scale is None:
        return []
    return [LevelChoice(level.number, in_reader_language(level, "label"), None, level.number >= scale.mastery_threshold)
            for level in scale.levels]
