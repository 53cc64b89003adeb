"""What the flag rules need, read from the database for many learners at once.

Each reader is one query (placements and paths: two) whatever the number of learners; the
helpers after them are plain Python over the rows. Used by tracker.supports.service, and by
anyone needing a learner's pace from the database (`pace_on_path`).
"""
import logging
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select

from ..competencies.models import Competency, Framework, ProficiencyScale
from ..evidence.models import Evidence
from ..extensions import db
from ..mastery.models import MasteryDecision
from ..progressions.models import Placement, Prerequisite, Progression, ProgressionStep
from ..progressions.rollup import TreeNode, rolled_up_mastery
from ..rosters.models import Term
from ..settings import service as settings
from .pace import Pace, compute_pace, validate_thresholds

log = logging.getLogger(__name__)


@dataclass
class PathwayStep:
    competency_id: int
    position: int
    target_date: date | None


@dataclass
class Pathway:
    """A progression, as the pace and prerequisite rules need it."""
    id: int
    framework_id: int
    pace_mode: str
    weeks_per_step: float | None
    steps: list[PathwayStep]


def rule_settings() -> tuple[int, int, dict, set[date]]:
    """(stalled school days, repeated "not yet" attempts, pace ratios, holidays) from the settings.

    A value no rule can use (0 days, thresholds out of order, text) falls back to its default
    and is logged: a mistyped setting must not make every evidence write fail.
    """
    values = settings.get_all()
    defaults = settings.DEFAULTS

    def whole(key: str) -> int:
        try:
            number = int(values[key])
            if number >= 1 and float(values[key]) == number:
                return number
        except (TypeError, ValueError):
            pass
        log.warning("setting %s=%r is not a whole number of 1 or more; using %r", key, values[key], defaults[key])
        return int(defaults[key])

    try:
        ratios = {name: float(values[f"pace_{name}"]) for name in ("ahead_ratio", "behind_ratio", "far_behind_ratio")}
        if validate_thresholds(**ratios):
            raise ValueError
    except (TypeError, ValueError):
        log.warning("pace threshold settings are unusable; using the defaults")
        ratios = {name: float(defaults[f"pace_{name}"]) for name in ("ahead_ratio", "behind_ratio", "far_behind_ratio")}
    holidays = values.get("school_holidays") or []
    return (whole("stalled_school_days"), whole("repeated_not_yet_attempts"), ratios,
            parse_days(holidays if isinstance(holidays, list) else []))


def pace_on_path(path: Pathway, placement, mastered_days: dict[int, date], *, today: date,
                 **ratios) -> Pace | None:
    """The learner's Pace on one progression (None when the progression sets no usable pace)."""
    mastered_on = [mastered_days[s.competency_id] for s in path.steps
                   if s.position >= placement.start_position and s.competency_id in mastered_days]
    pace_args = {}
    if path.pace_mode == "target_dates":
        pace_args["target_dates"] = [s.target_date for s in path.steps]
        if path.weeks_per_step:
            pace_args["weeks_per_step"] = path.weeks_per_step
    else:
        pace_args["weeks_per_step"] = path.weeks_per_step
    try:
        return compute_pace(started_on=placement.placed_on, today=today, total_steps=len(path.steps),
                            mastered_on=mastered_on, start_position=min(placement.start_position, len(path.steps)),
                            **pace_args, **ratios)
    except ValueError:
        return None  # e.g. weeks per step missing: no pace to be behind on


def evidence_rows(learner_ids):
    """Every piece of evidence not deleted, oldest first, with its scale's mastery threshold."""
    return db.session.execute(
        select(Evidence.learner_id, Evidence.competency_id, Evidence.observed_on, Evidence.level, Evidence.status,
               ProficiencyScale.mastery_threshold)
        .join(Competency, Competency.id == Evidence.competency_id)
        .join(Framework, Framework.id == Competency.framework_id)
        .join(ProficiencyScale, ProficiencyScale.id == Framework.scale_id)
        .where(Evidence.learner_id.in_(learner_ids), Evidence.deleted_at.is_(None))
        .order_by(Evidence.learner_id, Evidence.observed_on, Evidence.id)
    ).all()


def decision_rows(learner_ids):
    """Every decision on the learners, oldest first (the last of a pair is its current one)."""
    return db.session.execute(
        select(MasteryDecision.learner_id, MasteryDecision.competency_id, MasteryDecision.outcome,
               MasteryDecision.decided_at)
        .where(MasteryDecision.learner_id.in_(learner_ids))
        .order_by(MasteryDecision.id)
    ).all()


def placements_and_paths(learner_ids):
    """({learner_id: [current placements on active progressions]}, {progression_id: Pathway}), two queries."""
    placements: dict[int, list] = defaultdict(list)
    for row in db.session.execute(
            select(Placement.learner_id, Placement.progression_id, Placement.start_position, Placement.placed_on)
            .join(Progression, Progression.id == Placement.progression_id)
            .where(Placement.learner_id.in_(learner_ids), Placement.ended_at.is_(None),
                   Progression.active.is_(True))
            .order_by(Placement.learner_id, Placement.progression_id)):
        placements[row.learner_id].append(row)
    progression_ids = sorted({p.progression_id for rows in placements.values() for p in rows})
    paths: dict[int, Pathway] = {}
    if not progression_ids:
        return placements, paths
    for row in db.session.execute(
            select(Progression.id, Progression.framework_id, Progression.pace_mode, Progression.weeks_per_step,
                   ProgressionStep.competency_id, ProgressionStep.position, ProgressionStep.target_date)
            .join(ProgressionStep, ProgressionStep.progression_id == Progression.id)
            .where(Progression.id.in_(progression_ids))
            .order_by(Progression.id, ProgressionStep.position)):
        path = paths.get(row.id)
        if path is None:
            path = paths[row.id] = Pathway(row.id, row.framework_id, row.pace_mode, row.weeks_per_step, [])
        path.steps.append(PathwayStep(row.competency_id, row.position, row.target_date))
    return placements, paths


def competency_tree(framework_ids) -> tuple[list[TreeNode], dict[int, str]]:
    """The frameworks' hierarchy (for roll-up) and each competency's name (its code, else its statement)."""
    if not framework_ids:
        return [], {}
    rows = db.session.execute(
        select(Competency.id, Competency.parent_id, Competency.rollup_rule, Competency.rollup_points_needed,
               Competency.points, Competency.code, Competency.statement)
        .where(Competency.framework_id.in_(sorted(framework_ids)))
    ).all()
    tree = [TreeNode(id=r.id, parent_id=r.parent_id, rollup_rule=r.rollup_rule or "none",
                     rollup_points_needed=r.rollup_points_needed, points=r.points if r.points is not None else 1)
            for r in rows]
    names = {r.id: r.code or (r.statement if len(r.statement) <= 40 else r.statement[:39] + "…") for r in rows}
    return tree, names


def prerequisites(step_ids) -> dict[int, set[int]]:
    if not step_ids:
        return {}
    needed: dict[int, set[int]] = defaultdict(set)
    for competency_id, prerequisite_id in db.session.execute(
            select(Prerequisite.competency_id, Prerequisite.prerequisite_id)
            .where(Prerequisite.competency_id.in_(sorted(step_ids)))):
        needed[competency_id].add(prerequisite_id)
    return needed


def mastered_days(decisions) -> dict[int, dict[int, date]]:
    """{learner_id: {competency_id: day}} for pairs whose current (latest) decision is "mastered"."""
    current = {}
    for row in decisions:
        current[(row.learner_id, row.competency_id)] = row
    days: dict[int, dict[int, date]] = defaultdict(dict)
    for (learner_id, competency_id), row in current.items():
        if row.outcome == "mastered":
            days[learner_id][competency_id] = row.decided_at.date()
    return days


def rolled_up_days(tree: list[TreeNode], direct: dict[int, date]) -> dict[int, date]:
    """Mastered competencies with a day each: their decision's, or for a roll-up the latest of its
    mastered children (the day the rule was met, near enough for pace)."""
    if not tree or not direct:
        return dict(direct)
    mastered = rolled_up_mastery(tree, direct)
    children: dict[int, list[int]] = defaultdict(list)
    for node in tree:
        if node.parent_id is not None:
            children[node.parent_id].append(node.id)
    days = dict(direct)

    def day_of(competency_id: int, depth: int = 0) -> date | None:
        if competency_id in days:
            return days[competency_id]
        if depth > 50:  # a cycle in bad data: give up rather than recurse forever
            return None
        found = [d for child in children[competency_id] if child in mastered
                 for d in [day_of(child, depth + 1)] if d is not None]
        if found:
            days[competency_id] = max(found)
        return days.get(competency_id)

    for competency_id in mastered:
        day_of(competency_id)
    return days


def attempts(evidence, decisions) -> dict[int, dict[float, dict[int, list]]]:
    """{learner_id: {mastery threshold: {competency_id: [level or None, ...]}}}, oldest first.

    Attempts since the latest "mastered" decision: scored, accepted evidence observed after
    that day, and "not yet" decisions after it (as None: below the threshold).
    """
    last_mastered: dict[tuple[int, int], date] = {}
    not_yet: dict[tuple[int, int], list[date]] = defaultdict(list)
    for row in decisions:
        pair = (row.learner_id, row.competency_id)
        if row.outcome == "mastered":
            last_mastered[pair] = row.decided_at.date()
            not_yet.pop(pair, None)
        else:
            not_yet[pair].append(row.decided_at.date())
    timeline: dict[tuple[int, int], list[tuple]] = defaultdict(list)
    thresholds: dict[tuple[int, int], float] = {}
    for row in evidence:
        if row.status != "accepted" or row.level is None:
            continue
        pair = (row.learner_id, row.competency_id)
        thresholds[pair] = row.mastery_threshold
        since = last_mastered.get(pair)
        if since is None or row.observed_on > since:
            timeline[pair].append((row.observed_on, 0, row.level))
    for pair, days in not_yet.items():
        if pair in thresholds:  # a decision needs evidence, so this only skips broken data
            timeline[pair].extend((day, 1, None) for day in days)
    result: dict[int, dict[float, dict[int, list]]] = defaultdict(lambda: defaultdict(dict))
    for (learner_id, competency_id), items in timeline.items():
        items.sort(key=lambda item: (item[0], item[1]))  # a decision after that day's evidence
        result[learner_id][thresholds[(learner_id, competency_id)]][competency_id] = [i[2] for i in items]
    return result


def closed_days(schools: dict[int, int], since: dict[int, date | None], today: date,
                 holidays: set[date]) -> dict[int, set[date]]:
    """{school_id: holidays plus the weekdays outside its terms} from the earliest day needed to today.

    Schools without terms are not in the result (only the holidays apply to them)."""
    starts: dict[int, date] = {}
    for learner_id, school_id in schools.items():
        day = since.get(learner_id)
        if day is not None and day < today:
            starts[school_id] = min(day, starts.get(school_id, day))
    if not starts:
        return {}
    terms: dict[int, list[tuple[date, date]]] = defaultdict(list)
    for school_id, starts_on, ends_on in db.session.execute(
            select(Term.school_id, Term.starts_on, Term.ends_on)
            .where(Term.school_id.in_(sorted(starts)), Term.active.is_(True))):
        terms[school_id].append((starts_on, ends_on))
    closed = {}
    for school_id, start in starts.items():
        if not terms[school_id]:
            continue
        days = set(holidays)
        day = start + timedelta(days=1)
        while day <= today:
            if day.weekday() < 5 and not any(a <= day <= b for a, b in terms[school_id]):
                days.add(day)
            day += timedelta(days=1)
        closed[school_id] = days
    return closed


def parse_days(values) -> set[date]:
    days = set()
    for value in values:
        try:
            days.add(value if isinstance(value, date) else date.fromisoformat(str(value)))
        except ValueError:
            continue  # a setting typed by hand: ignore what is not a date rather than fail every write
    return days


def learner_paces(learner_ids, *, today: date, ratios: dict | None = None) -> dict[tuple[int, int], Pace]:
    """{(learner_id, progression_id): Pace} for every current placement on an active progression,
    exactly as the behind-pace flag sees it. Five queries (four given the ratios) whatever the number of learners.

    ratios: ahead_ratio, behind_ratio, far_behind_ratio (the settings); read from the settings when None.
    """
    if ratios is None:
        ratios = rule_settings()[2]
    ids = list(learner_ids)
    if not ids:
        return {}
    placements, paths = placements_and_paths(ids)
    tree, _names = competency_tree({path.framework_id for path in paths.values()})
    days_by_learner = mastered_days(decision_rows(ids))
    result = {}
    for learner_id, rows in placements.items():
        days = rolled_up_days(tree, days_by_learner.get(learner_id, {}))
        for placement in rows:
            path = paths.get(placement.progression_id)
            if path is None or not path.steps:
                continue
            pace = pace_on_path(path, placement, days, today=today, **ratios)
            if pace is not None:
                result[(learner_id, path.id)] = pace
    return result
