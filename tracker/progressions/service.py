"""Reading progressions: the list, one with its steps, what may be added, prerequisite edges, map steps.

Changing them (details, steps, prerequisites) is in authoring.py.
"""
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from ..competencies.models import Competency, Framework
from ..extensions import db
from ..rosters.models import Term
from .layout import MapStep, shorten
from .models import Prerequisite, Progression, ProgressionStep
from .rollup import TreeNode
from .states import Step


def competency_name(competency: Competency) -> str:
    """How a message names a competency: its code, else the start of its statement."""
    return competency.code or shorten(competency.statement, 40)


# Reading --------------------------------------------------------------------------------------

def list_progressions() -> list[tuple[Progression, int]]:
    """Every progression with its number of steps, newest framework titles first, in one query."""
    step_count = (
        select(func.count(ProgressionStep.id))
        .where(ProgressionStep.progression_id == Progression.id)
        .correlate(Progression).scalar_subquery()
    )
    rows = db.session.execute(
        select(Progression, step_count)
        .options(selectinload(Progression.framework))
        .order_by(Progression.active.desc(), Progression.title)
    ).all()
    return [(progression, count) for progression, count in rows]


def load_progression(progression_id: int) -> Progression | None:
    """The progression with its framework and steps (and their competencies) loaded."""
    return db.session.scalar(
        select(Progression).where(Progression.id == progression_id).options(
            selectinload(Progression.framework),
            selectinload(Progression.steps).selectinload(ProgressionStep.competency),
        )
    )


def usable_frameworks() -> list[Framework]:
    """Frameworks a progression can be built on: all but retired ones."""
    return list(db.session.scalars(
        select(Framework).where(Framework.status != "retired").order_by(Framework.title, Framework.version)))


def usable_terms() -> list[Term]:
    return list(db.session.scalars(select(Term).where(Term.active.is_(True)).order_by(Term.starts_on)))


def framework_competencies(framework_id: int) -> list[Competency]:
    """A framework's competencies in tree order (each parent followed by its children)."""
    rows = db.session.scalars(
        select(Competency).where(Competency.framework_id == framework_id)
        .order_by(Competency.position, Competency.id)
    ).all()
    children: dict[int | None, list[Competency]] = {}
    ids = {c.id for c in rows}
    for competency in rows:
        parent = competency.parent_id if competency.parent_id in ids else None
        children.setdefault(parent, []).append(competency)
    ordered, stack = [], list(reversed(children.get(None, [])))
    while stack:
        competency = stack.pop()
        ordered.append(competency)
        stack.extend(reversed(children.get(competency.id, [])))
    return ordered


def framework_tree(framework_id: int) -> list[TreeNode]:
    """The framework's hierarchy with roll-up rules, as plain nodes for rollup.rolled_up_mastery."""
    rows = db.session.execute(
        select(Competency.id, Competency.parent_id, Competency.rollup_rule,
               Competency.rollup_points_needed, Competency.points)
        .where(Competency.framework_id == framework_id)
    ).all()
    return [TreeNode(id=r.id, parent_id=r.parent_id, rollup_rule=r.rollup_rule or "none",
                     rollup_points_needed=r.rollup_points_needed,
                     points=r.points if r.points is not None else 1) for r in rows]


def addable_competencies(progression: Progression) -> list[Competency]:
    """Competencies of the progression's framework that are not steps yet, in tree order."""
    taken = {step.competency_id for step in progression.steps}
    return [c for c in framework_competencies(progression.framework_id) if c.id not in taken]


def step_prerequisites(progression: Progression) -> list[Prerequisite]:
    """Every prerequisite edge into a step of this progression, with both competencies loaded,
    in step order (then by the prerequisite's step; one outside the progression last)."""
    position = {step.competency_id: step.position for step in progression.steps}
    if not position:
        return []
    edges = db.session.scalars(
        select(Prerequisite).where(Prerequisite.competency_id.in_(list(position)))
        .options(selectinload(Prerequisite.competency), selectinload(Prerequisite.prerequisite))
        .order_by(Prerequisite.id)
    )
    return sorted(edges, key=lambda e: (position[e.competency_id], position.get(e.prerequisite_id, len(position) + 1)))


def prerequisite_names(edges: list[Prerequisite]) -> dict[int, list[str]]:
    """{competency id: names of its prerequisites}, for tables."""
    names: dict[int, list[str]] = {}
    for edge in edges:
        names.setdefault(edge.competency_id, []).append(competency_name(edge.prerequisite))
    return names


def graph_of(progression: Progression, edges: list[Prerequisite]):
    """(steps, edge pairs, names) for the pure functions in states.py."""
    steps = [Step(competency_id=s.competency_id, position=s.position, name=competency_name(s.competency))
             for s in progression.steps]
    pairs = [(e.prerequisite_id, e.competency_id) for e in edges]
    names = {e.prerequisite_id: competency_name(e.prerequisite) for e in edges}
    return steps, pairs, names


def map_steps(progression: Progression, status=None, *, plain: bool = False) -> list[MapStep]:
    """The steps as the map draws them, with a learner's states when `status` is given;
    `plain` uses the "I can" statements written for students and families."""
    states = status.by_competency() if status is not None else {}
    return [
        MapStep(competency_id=s.competency_id, position=s.position, code=s.competency.code or "",
                statement=(plain and s.competency.student_statement) or s.competency.statement,
                state=states[s.competency_id].state if s.competency_id in states else None)
        for s in progression.steps
    ]
