"""What the evidence pages list: a learner's overview, a section's submissions to review,
a student's own submissions, and how an estimate is named. Each list is a fixed number of queries.
"""
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import func, null, select
from sqlalchemy.orm import joinedload

from ..auth import policy
from ..competencies.models import Competency, Framework
from ..extensions import db
from ..mastery.estimates import COUNT_METHODS, METHOD_LABELS, WEIGHT_METHODS, default_parameter, estimate_many
from ..rosters import members
from ..rosters.models import Learner, Section
from .as_of import evidence_as_of
from .models import Evidence
from .service import usable_parameter

def method_description(framework: Framework) -> str:
    """The framework's estimate method in words, with the parameter it uses when it takes one."""
    method = framework.estimate_method
    label = _(METHOD_LABELS[method]) if method in METHOD_LABELS else method
    parameter = usable_parameter(method, framework.estimate_parameter)
    if parameter is None:
        parameter = default_parameter(method)
    if method in WEIGHT_METHODS:
        return _("%(method)s, w = %(w)s", method=label, w=f"{parameter:g}")
    if method in COUNT_METHODS:
        return _("%(method)s, n = %(n)s", method=label, n=f"{parameter:g}")
    return label


@dataclass
class CompetencyRow:
    competency: Competency
    count: int = 0
    to_review: int = 0
    deleted: int = 0
    latest_on: date | None = None
    latest_level: int | None = None
    estimate: float | None = None


def learner_overview(learner_id: int, *, include_deleted: bool = False,
                     as_of: date | None = None) -> list[CompetencyRow]:
    """Every competency the learner has evidence on, with counts, latest level and current estimate
    (as the evidence stood at the end of `as_of`, when given: evidence.as_of).

    One query reads all of the learner's evidence rows (in observation order), one loads the
    competencies with their frameworks and scales; estimates are computed in Python.
    """
    if as_of is not None:
        stood = evidence_as_of(as_of, Evidence.learner_id == learner_id)
        query = (select(stood.c.competency_id, stood.c.level, stood.c.status, stood.c.observed_on,
                        null().label("deleted_at"))
                 .where(stood.c.observed_on <= as_of).order_by(stood.c.observed_on, stood.c.id))
    else:
        query = (
            select(Evidence.competency_id, Evidence.level, Evidence.status, Evidence.observed_on,
                   Evidence.deleted_at)
            .where(Evidence.learner_id == learner_id)
            .order_by(Evidence.observed_on, Evidence.id)
        )
        if not include_deleted:
            query = query.where(Evidence.deleted_at.is_(None))
    rows_by_competency: dict[int, CompetencyRow] = {}
    scores: dict[int, list[int]] = defaultdict(list)
    evidence_rows = db.session.execute(query).all()
    competencies = {c.id: c for c in db.session.scalars(
        select(Competency).where(Competency.id.in_({r.competency_id for r in evidence_rows}))
        .options(joinedload(Competency.framework).joinedload(Framework.scale))
    )} if evidence_rows else {}
    for competency_id, level, status, observed_on, deleted_at in evidence_rows:
        row = rows_by_competency.setdefault(competency_id, CompetencyRow(competencies[competency_id]))
        row.count += 1
        if deleted_at is not None:
            row.deleted += 1
        elif status == "to_review":
            row.to_review += 1
        elif level is not None:
            scores[competency_id].append(level)
            row.latest_on, row.latest_level = observed_on, level
    by_framework: dict[int, dict[int, list[int]]] = defaultdict(dict)
    for competency_id, levels in scores.items():
        by_framework[competencies[competency_id].framework_id][competency_id] = levels
    for framework_scores in by_framework.values():
        framework = competencies[next(iter(framework_scores))].framework
        scale = framework.scale
        results = estimate_many(framework.estimate_method, framework_scores,
                                parameter=usable_parameter(framework.estimate_method, framework.estimate_parameter),
                                threshold=scale.mastery_threshold,
                                min_level=scale.min_level, max_level=scale.max_level,
                                min_evidence=framework.min_evidence)
        for competency_id, value in results.items():
            rows_by_competency[competency_id].estimate = value
    return sorted(rows_by_competency.values(), key=lambda r: (
        r.competency.framework.title, natural_key(r.competency.code or r.competency.statement), r.competency.id))


def natural_key(text: str) -> tuple:
    """Sort key under which "RP.2" comes before "RP.10"."""
    return tuple(int(part) if part.isdigit() else part.lower() for part in re.split(r"(\d+)", text))


def to_review_for_section(section: Section) -> list[Evidence]:
    """Learners' own submissions waiting for review, from learners enrolled in the section, oldest first."""
    return list(db.session.scalars(
        select(Evidence)
        .where(Evidence.learner_id.in_(members.learner_ids_select(section.id, include_inactive=False)),
               Evidence.status == "to_review", Evidence.deleted_at.is_(None))
        .options(joinedload(Evidence.learner), joinedload(Evidence.competency), joinedload(Evidence.artifact))
        .order_by(Evidence.created_at, Evidence.id)
    ))


def submissions_of(learner: Learner) -> list[Evidence]:
    """A learner's own submissions, newest first, with the competency and any artifact."""
    return list(db.session.scalars(
        select(Evidence)
        .where(Evidence.learner_id == learner.id, Evidence.source == "student", Evidence.deleted_at.is_(None))
        .options(joinedload(Evidence.competency), joinedload(Evidence.artifact))
        .order_by(Evidence.created_at.desc(), Evidence.id.desc())
    ))


def sections_with_review_counts(user) -> list[tuple[Section, int, int]]:
    """(section, learners, submissions to review) for the sections a teacher teaches (all for an admin)."""
    learners = members.learner_count(Section.id, include_inactive=False).correlate(Section)
    waiting = (
        select(func.count(Evidence.id))
        .where(Evidence.learner_id.in_(members.learner_ids_select(Section.id, include_inactive=False)),
               Evidence.status == "to_review", Evidence.deleted_at.is_(None))
        .correlate(Section).scalar_subquery()
    )
    query = select(Section, learners, waiting).where(
        Section.active.is_(True), policy.taught_sections_condition(user)).order_by(Section.course_title, Section.name)
    return [(section, count, review) for section, count, review in db.session.execute(query)]


