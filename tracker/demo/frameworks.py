"""Demo frameworks, progressions and placements (runs after the school is built).

Adds to `world`: math_framework, math_progression, ela_framework, ela_progression,
habits_framework, educator_framework, placements (every current placement made here).
Identifiers are uuid5 from the codes, so every demo load gives the same CASE identifiers.
"""
import uuid
from datetime import date, datetime, time, timedelta

from ..competencies.models import Competency, Framework, RubricDescriptor
from ..competencies.scales import EDUCATOR_SCALE, STANDARD_SCALE, ensure_default_scales
from ..extensions import db
from ..progressions.models import Placement, Prerequisite, Progression, ProgressionStep
from .framework_content import EDUCATOR, ELA, ELA_MIDWAY, ELA_PATH, HABITS
from .framework_math import MATH, MATH_MIDWAY, MATH_PATH
from .rubrics import RUBRICS
from ..timeutil import today
from .evidence import weeks_later
from .school import LEARNERS_PER_SECTION, grade_of

NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://demo.school/frameworks")


def _identifier(*parts: str) -> str:
    return str(uuid.uuid5(NAMESPACE, "/".join(parts)))


def _add_items(framework: Framework, slug: str, items, parent: Competency | None, by_code: dict) -> None:
    for position, item in enumerate(items):
        competency = Competency(
            framework=framework, parent=parent, identifier=_identifier(slug, item.code), code=item.code,
            statement=item.statement, student_statement=item.i_can, item_type=item.item_type,
            kind=item.kind, depth_level=item.depth if item.kind == "knowledge" else None,
            cross_cutting=item.cross_cutting, position=position, rollup_rule=item.rollup,
            rollup_points_needed=item.points_needed, points=item.points,
        )
        competency.rubric = [RubricDescriptor(level_number=n, descriptor=text)
                             for n, text in enumerate(item.rubric or RUBRICS.get(item.code, ()), start=1)]
        by_code[item.code] = competency
        _add_items(framework, slug, item.children, competency, by_code)


def build_framework(spec, scale, *, is_educator: bool = False) -> tuple[Framework, dict]:
    """A published framework from its spec; returns it with its competencies by code."""
    framework = Framework(identifier=_identifier(spec.slug), title=spec.title, subject=spec.subject,
                          version=spec.version, source=spec.source, description=spec.description,
                          status="published", scale=scale, is_educator_framework=is_educator)
    db.session.add(framework)
    by_code: dict[str, Competency] = {}
    _add_items(framework, spec.slug, spec.domains, None, by_code)
    db.session.add_all(by_code.values())
    return framework, by_code


def build_path(framework, by_code, path, *, title, description, slug, **pace) -> Progression:
    """A progression over `path` ((code, prerequisite codes[, target date]) in step order)."""
    progression = Progression(framework=framework, title=title, description=description, **pace)
    for position, (code, needs, *when) in enumerate(path, start=1):
        progression.steps.append(ProgressionStep(
            competency=by_code[code], position=position,
            # target dates slide with the term's work (evidence.weeks_later), as placements do
            target_date=date.fromisoformat(when[0]) + timedelta(weeks=weeks_later(today())) if when else None))
        for before in needs:
            db.session.add(Prerequisite(competency=by_code[code], prerequisite=by_code[before],
                                        identifier=_identifier(slug, "precedes", before, code)))
    db.session.add(progression)
    return progression


def place_learners(world, progression, midway: dict, teacher_for_grade: dict, placed_on: date) -> list:
    """Place every learner of the grades in `teacher_for_grade` (at step 1, or where `midway` says, by index)."""
    # Placed as many weeks later as the term's work slides (evidence.weeks_later): a pace measured
    # against a start weeks before the first evidence would read nearly everyone as behind.
    shift = timedelta(weeks=weeks_later(today()))
    placements = []
    for index, learner in enumerate(world["learners"]):
        section = world["sections"][index // LEARNERS_PER_SECTION]
        grade = grade_of(section)
        if grade not in teacher_for_grade:
            continue
        start, reason = midway.get(index, (1, None))
        if reason is None:
            reason = "Start of the year: everyone begins at step 1 and moves on as they show mastery."
        day = (placed_on if start == 1 else date(2026, 8, 28)) + shift
        placements.append(Placement(  # recorded that morning: a page "as of" a past day finds it
            learner=learner, progression=progression, start_position=start, reason=reason,
            placed_by=teacher_for_grade[grade], placed_on=day, created_at=datetime.combine(day, time(8))))
    db.session.add_all(placements)
    return placements


def build(world: dict) -> None:
    scales = ensure_default_scales()
    fall = world["terms"][0]
    teachers = world["teachers"]

    math, math_codes = build_framework(MATH, scales[STANDARD_SCALE])
    math_progression = build_path(
        math, math_codes, MATH_PATH, slug=MATH.slug, title="Grade 6 Mathematics Pathway",
        description="Twenty-four steps through grade 6 mathematics. Several strands run side by side: "
                    "ratios, the number system, expressions, geometry and statistics.",
        # The demo's learners take two to five weeks a step (tracker/demo/evidence.py): a pace of 3.6
        # weeks gives a school's mix: about a quarter ahead, most on pace, a tail of one in eight far
        # behind (tests/progressions/test_demo_frameworks.py holds the shape).
        pace_mode="weeks_per_step", weeks_per_step=3.6, term=fall)
    ela, ela_codes = build_framework(ELA, scales[STANDARD_SCALE])
    ela_progression = build_path(
        ela, ela_codes, ELA_PATH, slug=ELA.slug, title="Grade 6 Reading and Writing",
        description="Ten steps from close reading to argument writing, about three weeks each, with a target "
                    "date for each.",
        pace_mode="target_dates", weeks_per_step=None, term=fall)
    habits, _habit_codes = build_framework(HABITS, scales[STANDARD_SCALE])
    educator, _educator_codes = build_framework(EDUCATOR, scales[EDUCATOR_SCALE], is_educator=True)

    placements = place_learners(world, math_progression, MATH_MIDWAY,
                                {"6": teachers["rivera"], "7": teachers["okafor"]}, fall.starts_on)
    # Grade 6 reads and writes on its path with Linh Tran (evidence and decisions: demo/subjects.py).
    placements += place_learners(world, ela_progression, ELA_MIDWAY, {"6": teachers["tran"]}, fall.starts_on)
    db.session.flush()
    world.update({
        "math_framework": math, "math_progression": math_progression,
        "ela_framework": ela, "ela_progression": ela_progression,
        "habits_framework": habits, "educator_framework": educator,
        "placements": placements,
    })
