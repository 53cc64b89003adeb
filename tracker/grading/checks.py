"""Checks on what an admin defines: a credit with no competencies or a rule that can never be met,
grade rules that can never match, overlap or stand in the wrong order, a grading period that ends
before it starts. Pure: no Flask, no database.

Each problem is (field, message, values): the message is English marked for translation, with
%(name)s placeholders the values fill.
"""
from collections.abc import Sequence
from datetime import date

from ..textmarks import N_
from .rules import CREDIT_RULES, GradeRule

Problem = tuple[str, str, dict]


def credit_problems(*, title: str, kind: str, competency_count: int, share_percent: int | None,
                    floor_level: int | None, points_needed: int | None, total_points: int,
                    scale_range: tuple[int, int]) -> list[Problem]:
    """Why a credit could not work: no competencies, a rule that can never be met, a missing number."""
    low, high = scale_range
    problems: list[Problem] = []
    name = {"credit": title}
    if competency_count == 0:
        problems.append(("competency_codes", N_("Credit “%(credit)s” has no competencies: list at least one."), name))
    if kind not in CREDIT_RULES:
        problems.append(("rule", N_("Credit “%(credit)s”: choose a rule."), name))
    elif kind == "share":
        if share_percent is None or not 1 <= share_percent <= 100:
            problems.append(("share_percent", N_(
                "Credit “%(credit)s” can never be earned: the share mastered must be from 1 to 100 %%."), name))
        if floor_level is not None and not low <= floor_level <= high:
            problems.append(("floor_level", N_(
                "Credit “%(credit)s” can never be earned: the floor %(floor)s is outside the scale "
                "(%(low)s to %(high)s)."), {**name, "floor": floor_level, "low": low, "high": high}))
    elif kind == "points":
        if points_needed is None or points_needed < 1:
            problems.append(("points_needed", N_(
                "Credit “%(credit)s”: the points needed must be a whole number of 1 or more."), name))
        elif points_needed > total_points and competency_count:
            problems.append(("points_needed", N_(
                "Credit “%(credit)s” can never be earned: it needs %(needed)s points and its competencies "
                "are worth %(total)s."), {**name, "needed": points_needed, "total": total_points}))
    return problems


def _contains(stricter: GradeRule, looser: GradeRule) -> bool:
    """Does every learner who meets `stricter` also meet `looser`?"""
    floor = stricter.floor_level if stricter.floor_level is not None else float("-inf")
    looser_floor = looser.floor_level if looser.floor_level is not None else float("-inf")
    return (stricter.share_percent >= looser.share_percent and stricter.at_level >= looser.at_level
            and floor >= looser_floor)


def grade_rule_problems(rules: Sequence[GradeRule], scale_range: tuple[int, int]) -> list[Problem]:
    """Why a scheme's rules could not work, each naming its rule (its grade): a rule that can never
    match (a share above 100 %, a level outside the scale, or every learner it would take is taken by
    a rule above it), two rules giving the same grade, no rules at all."""
    low, high = scale_range
    problems: list[Problem] = []
    if not rules:
        return [("rules", N_("Give at least one rule."), {})]
    seen: dict[str, int] = {}
    for n, rule in enumerate(rules, start=1):
        values = {"grade": rule.grade, "row": n, "low": low, "high": high}
        if not rule.grade.strip():
            problems.append(("rules", N_("Rule %(row)s has no grade."), values))
            continue
        if rule.grade in seen:
            problems.append(("rules", N_("Rules %(first)s and %(row)s both give “%(grade)s”: the rules overlap; "
                                         "give each grade once."), {**values, "first": seen[rule.grade]}))
        seen.setdefault(rule.grade, n)
        if not 0 <= rule.share_percent <= 100:
            problems.append(("rules", N_("Rule “%(grade)s” can never match: its share must be from 0 to 100 %%."),
                             values))
        if not low <= rule.at_level <= high:
            problems.append(("rules", N_("Rule “%(grade)s” can never match: level %(level)s is outside the scale "
                                         "(%(low)s to %(high)s)."), {**values, "level": rule.at_level}))
        if rule.floor_level is not None and not low <= rule.floor_level <= high:
            problems.append(("rules", N_("Rule “%(grade)s” can never match: its floor %(level)s is outside the "
                                         "scale (%(low)s to %(high)s)."), {**values, "level": rule.floor_level}))
        for earlier in rules[:n - 1]:
            if earlier.grade.strip() and earlier.grade != rule.grade and _contains(rule, earlier):
                problems.append(("rules", N_(
                    "Rule “%(grade)s” can never match: every learner who meets it already meets rule "
                    "“%(earlier)s” above it. Order the rules from the strictest to the loosest."),
                    {**values, "earlier": earlier.grade}))
                break
    return problems


def period_problems(*, title: str, starts_on: date | None, ends_on: date | None) -> list[Problem]:
    if starts_on and ends_on and ends_on < starts_on:
        return [("ends_on", N_("Grading period “%(period)s” ends (%(ends)s) before it starts (%(starts)s)."),
                 {"period": title, "ends": ends_on.isoformat(), "starts": starts_on.isoformat()})]
    return []
