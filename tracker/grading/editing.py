"""Saving credits, grade schemes and grading periods: every rule checked (grading.rules) before
anything is written; a refusal is a FieldProblem naming the rule. Flushes, never commits."""
import re

from flask_babel import gettext as _
from sqlalchemy import func, select

from ..competencies.models import Competency, ProficiencyScale
from ..extensions import db
from ..form_helpers import FieldProblem
from ..progressions.models import Progression
from ..textmarks import N_
from . import checks, rules
from .models import Credit, CreditCompetency, GradeRule, GradeScheme, GradingPeriod


def _raise(problems) -> None:
    if problems:
        raise FieldProblem.combined([FieldProblem(field, _(message, **values)) for field, message, values in problems])


def _scale_range(scale: ProficiencyScale) -> tuple[int, int]:
    return scale.min_level, scale.max_level


def parse_codes(text: str) -> list[tuple[str, int]]:
    """"G.1, G.2:2" → [("G.1", 1), ("G.2", 2)]: codes separated by commas, spaces or lines, each with
    an optional ":points"."""
    found = []
    for item in re.split(r"[,\s;]+", text or ""):
        if not item:
            continue
        code, _sep, points = item.partition(":")
        if points and not points.isdecimal():
            raise FieldProblem("competency_codes", _("“%(item)s”: the points after the colon must be a whole "
                                                     "number.", item=item))
        found.append((code, int(points) if points else 1))
    return found


def _competencies(framework_id: int | None, codes: list[tuple[str, int]], progression: Progression | None):
    """[(competency, points)] named by the codes (in the framework), or the progression's steps."""
    if not codes and progression is not None:
        return [(step.competency, step.competency.points or 1) for step in progression.steps]
    if not codes:
        return []
    if framework_id is None:
        raise FieldProblem("framework_id", _("Choose the framework the codes belong to."))
    by_code = {c.code: c for c in db.session.scalars(select(Competency).where(
        Competency.framework_id == framework_id, Competency.code.in_([code for code, _p in codes])))}
    unknown = [code for code, _p in codes if code not in by_code]
    if unknown:
        raise FieldProblem("competency_codes", _("Not in this framework: %(codes)s.", codes=", ".join(unknown)))
    seen, chosen = set(), []
    for code, points in codes:
        if code not in seen:
            seen.add(code)
            chosen.append((by_code[code], points))
    return chosen


def save_credit(credit: Credit | None, *, title: str, code: str | None, rule: str, share_percent: int | None,
                floor_level: int | None, points_needed: int | None, framework_id: int | None,
                competency_codes: str, progression_id: int | None) -> Credit:
    """Create or change a credit. Refused, with nothing changed, when it has no competencies, when
    its rule could never be met, or when its title is taken."""
    progression = db.session.get(Progression, progression_id) if progression_id else None
    chosen = _competencies(framework_id, parse_codes(competency_codes), progression)
    scales = {c.framework.scale for c, _p in chosen}
    low = min((s.min_level for s in scales), default=0)
    high = max((s.max_level for s in scales), default=0)
    problems = checks.credit_problems(
        title=title, kind=rule, competency_count=len(chosen), share_percent=share_percent,
        floor_level=floor_level, points_needed=points_needed, total_points=sum(p for _c, p in chosen),
        scale_range=(low, high))
    if rule != "share":
        share_percent = floor_level = None
    if rule != "points":
        points_needed = None
    taken = db.session.scalar(select(func.count()).select_from(Credit).where(
        Credit.title == title, Credit.id != (credit.id if credit else -1)))
    if taken:
        problems.append(("title", N_("A credit called “%(credit)s” already exists."), {"credit": title}))
    _raise(problems)
    if credit is None:
        credit = Credit()
        db.session.add(credit)
    credit.title, credit.code, credit.rule = title, code or None, rule
    credit.share_percent, credit.floor_level, credit.points_needed = share_percent, floor_level, points_needed
    credit.progression_id = progression.id if progression is not None else None
    credit.parts.clear()
    db.session.flush()
    credit.parts.extend(CreditCompetency(competency_id=c.id, points=p, position=n)
                        for n, (c, p) in enumerate(chosen, start=1))
    db.session.flush()
    return credit


def save_scheme(scheme: GradeScheme | None, *, title: str, scale_id: int | None, min_assessed_percent: int,
                rows: list[tuple[int, dict]]) -> GradeScheme:
    """Create or change a grade scheme. Refused, naming the rule, when a rule can never match, two
    rules overlap or stand in the wrong order, or a row misses a number."""
    scale = db.session.get(ProficiencyScale, scale_id) if scale_id else None
    if scale is None:
        raise FieldProblem("scale_id", _("Choose a scale."))
    problems = []
    for n, values in rows:
        missing = [name for name in ("share_percent", "at_level") if values[name] is None]
        if missing or not values["grade"]:
            problems.append(("rules", N_("Rule %(row)s (“%(grade)s”): give a grade, a share and a level."),
                             {"row": n, "grade": values["grade"]}))
    _raise(problems)
    grade_rules = [rules.GradeRule(v["grade"], v["share_percent"], v["at_level"], v["floor_level"], v["score"])
                   for _n, v in rows]
    problems = checks.grade_rule_problems(grade_rules, _scale_range(scale))
    taken = db.session.scalar(select(func.count()).select_from(GradeScheme).where(
        GradeScheme.title == title, GradeScheme.id != (scheme.id if scheme else -1)))
    if taken:
        problems.append(("title", N_("A grade scheme called “%(scheme)s” already exists."), {"scheme": title}))
    _raise(problems)
    if scheme is None:
        scheme = GradeScheme()
        db.session.add(scheme)
    scheme.title, scheme.scale, scheme.min_assessed_percent = title, scale, min_assessed_percent
    scheme.rules.clear()
    db.session.flush()
    scheme.rules.extend(GradeRule(position=n, grade=r.grade, share_percent=r.share_percent, at_level=r.at_level,
                                  floor_level=r.floor_level, score=r.score)
                        for n, r in enumerate(grade_rules, start=1))
    db.session.flush()
    return scheme


def delete_credit(credit: Credit) -> None:
    """Remove a credit and its list of competencies (nothing about learners is stored: progress is
    always worked out from where they stand)."""
    db.session.delete(credit)
    db.session.flush()


def delete_scheme(scheme: GradeScheme) -> None:
    """Remove a grade scheme and its rules (grades are worked out when shown, never stored)."""
    db.session.delete(scheme)
    db.session.flush()


def save_period(*, title: str, starts_on, ends_on, sourced_id: str | None) -> GradingPeriod:
    """Add a grading period; refused when it ends before it starts or its sourcedId is taken."""
    problems = checks.period_problems(title=title, starts_on=starts_on, ends_on=ends_on)
    if sourced_id and db.session.scalar(select(func.count()).select_from(GradingPeriod).where(
            GradingPeriod.sourced_id == sourced_id)):
        problems.append(("sourced_id", N_("Another grading period has the sourcedId “%(id)s”."),
                         {"id": sourced_id}))
    _raise(problems)
    period = GradingPeriod(title=title, starts_on=starts_on, ends_on=ends_on, sourced_id=sourced_id or None)
    db.session.add(period)
    db.session.flush()
    return period
