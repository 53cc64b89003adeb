"""Credits and grades for learners: where they stand (read from the standing engine, never worked
out a second way), the rules of grading.rules applied, and the words pages show.

Reads are a fixed number of statements whatever the number of learners: the credits, their
frameworks and scales, standing.engine.mastery_for (mastered competencies and days), one
evidence-summary read per framework (estimates, shown by mastery.estimate_display's rule) and,
for credits made from a progression, standing.engine.standings_for (the steps placed past).
"""
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.util import identity_key

from ..competencies.models import Competency, Framework, ProficiencyScale
from ..dashboards.estimate_rules import rule_for, rules_by_competency
from ..dashboards.summaries import cells_for, estimates_as_of
from ..extensions import db
from ..mastery.estimate_display import shown_estimate
from ..mastery.teacher_levels import holding
from ..progressions.service import competency_name
from ..standing.engine import mastery_for, standings_for
from ..timeutil import today as utc_today
from . import rules
from .models import Credit, GradeScheme, GradingPeriod
from .words import progress_words


# Reading the definitions -------------------------------------------------------------------------

def load_credits(credit_ids=None) -> list[Credit]:
    """Credits (every one, or those of `credit_ids`) with their competencies, by title: one
    statement, and a second for competencies the request has not read yet (a learner's page has
    read its progressions' steps, which are what most credits are made of)."""
    query = (select(Credit).order_by(Credit.title, Credit.id).options(joinedload(Credit.parts)))
    if credit_ids is not None:
        query = query.where(Credit.id.in_(list(credit_ids)))
    credits = list(db.session.scalars(query).unique())
    parts = [part for credit in credits for part in credit.parts]
    loaded = db.session.identity_map
    found = {cid: loaded.get(identity_key(Competency, cid)) for cid in {part.competency_id for part in parts}}
    unread = [cid for cid, competency in found.items() if competency is None]
    if unread:
        found.update((c.id, c) for c in db.session.scalars(select(Competency).where(Competency.id.in_(unread))))
    for part in parts:
        set_committed_value(part, "competency", found[part.competency_id])
    return credits


def load_schemes() -> list[GradeScheme]:
    return list(db.session.scalars(select(GradeScheme).order_by(GradeScheme.title).options(
        selectinload(GradeScheme.rules), selectinload(GradeScheme.scale).selectinload(ProficiencyScale.levels))))


def load_periods() -> list[GradingPeriod]:
    return list(db.session.scalars(select(GradingPeriod).order_by(GradingPeriod.starts_on, GradingPeriod.id)))


def current_period(periods: list[GradingPeriod], today=None) -> GradingPeriod | None:
    """The period holding today, else the latest that has started, else the first."""
    today = today or utc_today()
    holding = [p for p in periods if p.starts_on <= today <= p.ends_on]
    started = [p for p in periods if p.starts_on <= today]
    return (holding or started[-1:] or periods[:1] or [None])[0]


def credit_rule(credit: Credit) -> rules.CreditRule:
    return rules.CreditRule(kind=credit.rule, share_percent=credit.share_percent, floor_level=credit.floor_level,
                            points_needed=credit.points_needed,
                            points={part.competency_id: part.points for part in credit.parts})


def scheme_rules(scheme: GradeScheme) -> list[rules.GradeRule]:
    return [rules.GradeRule(r.grade, r.share_percent, r.at_level, r.floor_level, r.score) for r in scheme.rules]


# Where learners stand ----------------------------------------------------------------------------

def course_levels(learners, credits: list[Credit], *, standings: dict | None = None, as_of: date | None = None
                  ) -> dict[int, dict[int, list[rules.Level]]]:
    """{learner id: {credit id: [Level per competency, in the credit's order]}} for learners who
    have any standing at all (a learner with none gets levels of None).

    A teacher's hand-set level that holds (mastery.teacher_levels) is read instead of the estimate.
    `learners` is a list of ids or a SELECT of learner ids. Mastered: by decision or roll-up
    (mastery_for), or a step placed past on the credit's progression (counted on the placement
    day, at the mastery threshold). The level: the estimate as people see it, lifted to the
    mastery threshold when mastered. `standings` (standing.engine.standings_for of these learners,
    when the page already read them) saves reading them again. `as_of`: as the records stood at the
    end of that day (the standings given must be read as of it too).
    """
    competency_ids = {part.competency_id for credit in credits for part in credit.parts}
    if not competency_ids:
        return {}
    framework_ids = {part.competency.framework_id for credit in credits for part in credit.parts}
    estimate_rules = _estimate_rules(credits, competency_ids)
    mastered = _mastered(learners, credits, framework_ids, standings, as_of)
    if as_of is None:
        estimates = {key: (cell[0], cell[2])  # (estimate, scored pieces)
                     for fid, rule in estimate_rules.items()
                     for key, cell in cells_for(learners=learners, framework_id=fid, rule=rule,
                                                competency_ids=competency_ids).items()}
    else:
        frameworks = {part.competency_id: part.competency.framework_id for credit in credits for part in credit.parts}
        estimates = estimates_as_of(learners, competency_ids, lambda cid: estimate_rules[frameworks[cid]], as_of)
    placed_past = _placed_past(learners, {c.progression_id for c in credits if c.progression_id}, standings, as_of)
    by_teacher = holding(learners, competency_ids, as_of)
    learner_ids = (set(mastered) | {lid for lid, _cid in estimates} | set(placed_past) | {lid for lid, _c in by_teacher}
                   | (set(learners) if isinstance(learners, list | tuple | set) else set()))
    result: dict[int, dict[int, list[rules.Level]]] = {}
    for lid in learner_ids:
        mine = mastered.get(lid, {})
        result[lid] = {}
        for credit in credits:
            past = placed_past.get((lid, credit.progression_id), {}) if credit.progression_id else {}
            result[lid][credit.id] = [
                _level(part.competency, estimate_rules[part.competency.framework_id].threshold,
                       *estimates.get((lid, part.competency_id), (None, 0)), mine, past,
                       by_teacher.get((lid, part.competency_id)))
                for part in credit.parts]
    return result


def _mastered(learners, credits: list[Credit], framework_ids: set[int], standings: dict | None,
              as_of: date | None = None) -> dict:
    """mastery_for(learners, framework_ids), taken from the page's standings where they hold the
    answer: a learner's standing on a framework knows every competency mastered there when its
    tree was read, or when none of the credits' competencies there has a roll-up rule (their own
    decisions are then the whole answer). The rest is read."""
    if standings is None or not isinstance(learners, list | tuple | set):
        return mastery_for(learners, framework_ids, as_of=as_of)
    rolls_up = {part.competency.framework_id for credit in credits for part in credit.parts
                if (part.competency.rollup_rule or "none") != "none"}
    found: dict[int, dict] = {}
    missing_learners, missing_frameworks = set(), set()
    for lid in learners:
        known = {s.progression.framework_id: s.mastered for s in standings.get(lid, ())
                 if s.rolled_up or s.progression.framework_id not in rolls_up}
        if not framework_ids <= set(known):
            missing_learners.add(lid)
            missing_frameworks |= framework_ids - set(known)
        found[lid] = {cid: day for fid, days in known.items() if fid in framework_ids for cid, day in days.items()}
    if missing_learners:
        for lid, days in mastery_for(list(missing_learners), missing_frameworks, as_of=as_of).items():
            found[lid].update(days)
    return {lid: days for lid, days in found.items() if days}


def _estimate_rules(credits: list[Credit], competency_ids: set[int]) -> dict:
    """{framework id: its estimate rule} for the credits' frameworks, in one statement (a framework
    whose scale has no levels yet is read whole, as rule_for reads it)."""
    by_competency = rules_by_competency(db.session.connection(), competency_ids)
    found = {part.competency.framework_id: by_competency[part.competency_id]
             for credit in credits for part in credit.parts if part.competency_id in by_competency}
    missing = {part.competency.framework_id for credit in credits for part in credit.parts} - set(found)
    if missing:
        found.update({f.id: rule_for(f) for f in db.session.scalars(
            select(Framework).where(Framework.id.in_(missing))
            .options(selectinload(Framework.scale).selectinload(ProficiencyScale.levels)))})
    return found


def _level(competency: Competency, threshold: int, estimate, pieces: int, mastered: dict,
           placed_past: dict, teacher_level=None) -> rules.Level:
    """The estimate is None below the framework's minimum evidence (the estimate rule gates it), so
    such a competency counts as having no level, as pages show it; a teacher's level replaces it."""
    shown = shown_estimate(estimate, threshold, teacher_level)
    value = shown.value if shown is not None else None
    marker = shown.marker if shown is not None else None
    if competency.id in mastered or competency.id in placed_past:
        day = mastered[competency.id] if competency.id in mastered else placed_past[competency.id]
        return rules.Level(competency.id, competency_name(competency), max(value or threshold, threshold), True, day,
                           pieces, marker)
    return rules.Level(competency.id, competency_name(competency), value, pieces=pieces, marker=marker)


def _placed_past(learners, progression_ids, standings: dict | None = None,
                 as_of: date | None = None) -> dict[tuple[int, int], dict]:
    """{(learner id, progression id): {competency id: placement day}} for steps placed past."""
    if not progression_ids:
        return {}
    found: dict[tuple[int, int], dict] = defaultdict(dict)
    for lid, standings in (standings_for(learners, as_of=as_of) if standings is None else standings).items():
        for standing in standings:
            if standing.progression.id in progression_ids:
                for step in standing.status.steps:
                    if step.state == "placed_past":
                        found[(lid, standing.progression.id)][step.competency_id] = standing.placed_on
    return found


# Credits and grades ----------------------------------------------------------------------------

@dataclass
class CreditLine:
    credit: Credit
    progress: rules.CreditProgress

    @property
    def words(self) -> str:
        return progress_words(self.credit, self.progress)


def credit_lines(learners, credits: list[Credit] | None = None, *, levels=None,
                 standings: dict | None = None, as_of: date | None = None) -> dict[int, list[CreditLine]]:
    """{learner id: [CreditLine, ...]} for every credit (or those given), by credit title. `levels`:
    course_levels(learners, credits), when already read; `standings` and `as_of` as course_levels takes
    them."""
    credits = load_credits() if credits is None else credits
    levels = course_levels(learners, credits, standings=standings, as_of=as_of) if levels is None else levels
    return {lid: [CreditLine(credit, rules.credit_progress(credit_rule(credit), by_credit[credit.id]))
                  for credit in credits]
            for lid, by_credit in levels.items()}


def credits_for_learner(learner, standings: list | None = None, as_of: date | None = None) -> list[CreditLine]:
    """The learner's credit lines; `standings`: every current standing of theirs (standings_for),
    when the page already read them (learner_pages.LearnerView.all_standings); as of a day, with the
    standings read as of it."""
    credits = load_credits()
    if not credits:
        return []
    known = {learner.id: standings} if standings is not None else None
    lines = credit_lines([learner.id], credits, standings=known, as_of=as_of).get(learner.id)
    return lines if lines is not None else []


@dataclass
class GradeLine:
    learner_id: int
    credit: Credit
    result: rules.GradeResult
    what_ifs: list[rules.WhatIf]
    next_grade: tuple[str, list[rules.Level]] | None
    levels: list[rules.Level]


def grade_lines(learners, credit: Credit, scheme: GradeScheme, *, explain: bool = True,
                levels=None) -> dict[int, GradeLine]:
    """{learner id: GradeLine}: each learner's grade on a course under a scheme, with its trace,
    and (explain=True) the single competencies that would raise it and the shortest way up.
    `levels`: course_levels of these learners over credits including this one, when already read."""
    grade_rules = scheme_rules(scheme)
    threshold = scheme.scale.mastery_threshold
    lines = {}
    for lid, by_credit in (course_levels(learners, [credit]) if levels is None else levels).items():
        levels = by_credit[credit.id]
        result = rules.grade_for(grade_rules, levels, min_assessed_percent=scheme.min_assessed_percent)
        what_ifs = next_grade = None
        if explain:
            what_ifs = rules.single_what_ifs(grade_rules, levels, threshold,
                                             min_assessed_percent=scheme.min_assessed_percent)
            next_grade = rules.path_to_next_grade(grade_rules, levels, threshold,
                                                  min_assessed_percent=scheme.min_assessed_percent)
        lines[lid] = GradeLine(lid, credit, result, what_ifs or [], next_grade, levels)
    return lines


def what_if(line: GradeLine, scheme: GradeScheme, competency_ids) -> rules.GradeResult:
    """The grade if the learner showed mastery of these competencies (the learner's own question)."""
    levels = rules.with_mastered(line.levels, competency_ids, scheme.scale.mastery_threshold)
    return rules.grade_for(scheme_rules(scheme), levels, min_assessed_percent=scheme.min_assessed_percent)
