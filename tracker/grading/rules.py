"""The rules of credits and grades. Pure: plain values in, plain values out; no Flask, no database.

A learner's standing on each competency of a course arrives as a `Level`: the level people see
(the estimate cut to tenths by mastery.estimate_display, lifted to the mastery threshold when the
competency is mastered) and the day it was mastered (standing.engine), if it was.

Credits (`credit_progress`):
- "all": every competency mastered; earned on the day the last one was;
- "share": at least `share_percent` % mastered and none below `floor_level` (Empower's 80/100:
  80 %, none below 2); earned on the day the share was reached, while the floor holds;
- "points": the mastered competencies' points reach `points_needed`; earned on the day they did.

Grades (`grade_for`): ordered conjunctive rules, "A: 90 % at 3 or above, none below 3"; the first
rule met gives the grade. A competency with no level counts as below every level. Below the
scheme's share of competencies with a level, there is no grade ("not enough evidence yet").
Shares are compared in whole numbers (count × 100 ≥ percent × total), so exactly 80 % is 80 %.

What refuses a rule that could never work is in grading.checks.
"""
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

CREDIT_RULES = ("all", "share", "points")


@dataclass(frozen=True)
class Level:
    competency_id: int
    name: str  # the competency's code (or its statement, cut) as every message names it
    level: float | None  # the level people see; None: no evidence yet
    mastered: bool = False
    mastered_on: date | None = None  # the day mastered (None: mastered on no day of its own)
    pieces: int = 0  # scored pieces of evidence (a level of None with pieces: below the minimum evidence)
    marker: str | None = None  # estimate_display's words for a teacher's hand-set level (for _()), else None


@dataclass(frozen=True)
class CreditRule:
    kind: str  # one of CREDIT_RULES
    share_percent: int | None = None
    floor_level: int | None = None
    points_needed: int | None = None
    points: Mapping[int, int] = field(default_factory=dict)  # competency id -> points (default 1)


@dataclass
class CreditProgress:
    earned: bool
    earned_on: date | None
    mastered: int  # competencies mastered
    total: int
    needed: int  # competencies (or, for points, points) still wanted; 0 when the share/points are met
    still_open: list[str]  # the competencies not yet mastered, in course order
    below_floor: list[str]  # competencies under the floor (share rule), in course order
    points: int | None = None  # points rule: points earned
    points_needed: int | None = None


def _needed_count(percent: int, total: int) -> int:
    """The fewest of `total` that make `percent` %: exactly 80 % of 10 is 8."""
    return -(-percent * total // 100)


def _days(levels: Iterable[Level]) -> list[date]:
    return sorted(level.mastered_on or date.min for level in levels if level.mastered)


def credit_progress(rule: CreditRule, levels: Sequence[Level]) -> CreditProgress:
    """Where a learner stands on a credit, and the day it was earned (None while it is not)."""
    total = len(levels)
    mastered = [level for level in levels if level.mastered]
    still_open = [level.name for level in levels if not level.mastered]
    days = _days(levels)
    below_floor: list[str] = []
    points = points_needed = None
    if rule.kind == "points":
        points_needed = rule.points_needed or 0
        running, earned_on = 0, None
        for day, worth in sorted((level.mastered_on or date.min, rule.points.get(level.competency_id, 1))
                                 for level in mastered):
            running += worth
            if earned_on is None and running >= points_needed:
                earned_on = day
        points = running
        earned = running >= points_needed
        needed = max(points_needed - running, 0)
        if earned and earned_on is None:
            earned_on = date.min  # needs no points: met without any competency
    else:
        wanted = total if rule.kind == "all" else _needed_count(rule.share_percent or 0, total)
        if rule.kind == "share" and rule.floor_level is not None:
            below_floor = [level.name for level in levels
                           if not level.mastered and (level.level is None or level.level < rule.floor_level)]
        needed = max(wanted - len(mastered), 0)
        earned = needed == 0 and not below_floor and total > 0
        earned_on = (days[wanted - 1] if wanted else date.min) if earned else None
    return CreditProgress(earned=earned, earned_on=None if earned_on == date.min else earned_on,
                          mastered=len(mastered), total=total, needed=needed, still_open=still_open,
                          below_floor=below_floor, points=points, points_needed=points_needed)


# Grades ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class GradeRule:
    grade: str
    share_percent: int
    at_level: int
    floor_level: int | None = None
    score: float | None = None


@dataclass
class RuleCheck:
    """One rule tried on one learner: met or not, and the competencies that decided it."""

    rule: GradeRule
    met: bool
    at_level: int  # competencies at the rule's level or above
    wanted: int  # how many the share needs
    total: int
    short_of_level: list[str]  # below the rule's level (those that can still raise the share)
    below_floor: list[str]

    @property
    def share_met(self) -> bool:
        return self.at_level >= self.wanted

    @property
    def deciding(self) -> list[str]:
        """What kept this rule from matching: the floor's exceptions, and, when the share fell
        short, the competencies still below the level."""
        names = list(self.below_floor)
        if not self.share_met:
            names += [name for name in self.short_of_level if name not in names]
        return names


@dataclass
class GradeResult:
    grade: str | None  # None: not enough evidence, or no rule matched
    rule: GradeRule | None
    checks: list[RuleCheck]  # the rules tried, in order, up to and including the one that matched
    assessed: int  # competencies with a level
    total: int
    enough_evidence: bool

    @property
    def deciding(self) -> list[str]:
        """The competencies that decided the grade: those that kept it from the rule above."""
        failed = [check for check in self.checks if not check.met]
        return failed[-1].deciding if failed else []


def _at_least(level: Level, number: float) -> bool:
    return level.level is not None and level.level >= number


def check_rule(rule: GradeRule, levels: Sequence[Level]) -> RuleCheck:
    at = [level for level in levels if _at_least(level, rule.at_level)]
    below_floor = ([level.name for level in levels if not _at_least(level, rule.floor_level)]
                   if rule.floor_level is not None else [])
    wanted = _needed_count(rule.share_percent, len(levels))
    check = RuleCheck(rule=rule, met=False, at_level=len(at), wanted=wanted, total=len(levels),
                      short_of_level=[level.name for level in levels if not _at_least(level, rule.at_level)],
                      below_floor=below_floor)
    check.met = check.share_met and not below_floor
    return check


def grade_for(rules: Sequence[GradeRule], levels: Sequence[Level], *, min_assessed_percent: int = 0) -> GradeResult:
    """The grade the first matching rule gives, with every rule tried (the "why this grade" trace)."""
    assessed = sum(1 for level in levels if level.level is not None)
    total = len(levels)
    enough = total > 0 and assessed * 100 >= min_assessed_percent * total and assessed > 0
    result = GradeResult(grade=None, rule=None, checks=[], assessed=assessed, total=total, enough_evidence=enough)
    if not enough:
        return result
    for rule in rules:
        check = check_rule(rule, levels)
        result.checks.append(check)
        if check.met:
            result.grade, result.rule = rule.grade, rule
            break
    return result


def with_mastered(levels: Sequence[Level], competency_ids: Iterable[int], threshold: float) -> list[Level]:
    """The levels as they would be if the learner showed mastery of these competencies."""
    chosen = set(competency_ids)
    return [replace(level, level=max(level.level or threshold, threshold), mastered=True)
            if level.competency_id in chosen and not level.mastered else level for level in levels]


def rank(rules: Sequence[GradeRule], grade: str | None) -> int:
    """A grade's place in the scheme (0 the best); no grade ranks below every rule."""
    return next((n for n, rule in enumerate(rules) if rule.grade == grade), len(rules))


@dataclass
class WhatIf:
    competency_id: int
    name: str
    grade: str | None  # the grade if this one competency were mastered


def single_what_ifs(rules: Sequence[GradeRule], levels: Sequence[Level], threshold: float, *,
                    min_assessed_percent: int = 0) -> list[WhatIf]:
    """Each not-yet-mastered competency that, mastered alone, would raise the grade."""
    now = rank(rules, grade_for(rules, levels, min_assessed_percent=min_assessed_percent).grade)
    found = []
    for level in levels:
        if level.mastered:
            continue
        then = grade_for(rules, with_mastered(levels, [level.competency_id], threshold),
                         min_assessed_percent=min_assessed_percent).grade
        if rank(rules, then) < now:
            found.append(WhatIf(level.competency_id, level.name, then))
    return found


def path_to_next_grade(rules: Sequence[GradeRule], levels: Sequence[Level], threshold: float, *,
                       min_assessed_percent: int = 0) -> tuple[str, list[Level]] | None:
    """(the next better grade, the fewest competencies to master for it), or None when mastering
    cannot reach one (already the top grade, or the rule asks a level above mastery)."""
    now = rank(rules, grade_for(rules, levels, min_assessed_percent=min_assessed_percent).grade)
    for target in reversed(rules[:now]):
        if target.at_level > threshold or (target.floor_level or 0) > threshold:
            continue
        check = check_rule(target, levels)
        chosen = [level for level in levels if not level.mastered
                  and level.name in check.below_floor]
        at_after = check.at_level + sum(1 for level in chosen if not _at_least(level, target.at_level))
        rest = sorted((level for level in levels if not level.mastered and level not in chosen
                       and not _at_least(level, target.at_level)),
                      key=lambda level: -(level.level or 0))
        chosen += rest[:max(check.wanted - at_after, 0)]
        then = grade_for(rules, with_mastered(levels, [level.competency_id for level in chosen], threshold),
                         min_assessed_percent=min_assessed_percent)
        if then.grade == target.grade and chosen:
            return target.grade, chosen
    return None
