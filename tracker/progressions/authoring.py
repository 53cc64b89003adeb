"""Building progressions: their details, ordered steps and prerequisite edges.

Functions take models and validated values, may flush, and never commit (the view does).
A refused change raises FieldProblem naming the form field, with a message fit to show the person.
"""
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from ..competencies.models import Competency, Framework
from ..extensions import db
from ..form_helpers import FieldProblem
from ..rosters.models import Term
from .graph import CycleError, cycle_if_added
from .models import Prerequisite, Progression, ProgressionStep
from .service import competency_name


# Progression details --------------------------------------------------------------------------

def _check_pace(pace_mode: str, weeks_per_step: float | None, term: Term | None) -> None:
    if pace_mode == "weeks_per_step" and not weeks_per_step:
        raise FieldProblem("weeks_per_step", _("Enter the number of weeks per step, for example 1.5."))
    if pace_mode == "target_dates" and term is None:
        raise FieldProblem("term_id", _("Choose the term that the target dates fall in."))


def create_progression(framework: Framework, *, title: str, description: str | None, pace_mode: str,
                       weeks_per_step: float | None, term: Term | None, active: bool = True) -> Progression:
    """A new progression without steps (flushed)."""
    _check_pace(pace_mode, weeks_per_step, term)
    progression = Progression(framework=framework, title=title.strip(), description=description or None,
                              pace_mode=pace_mode, weeks_per_step=weeks_per_step, term=term, active=active)
    db.session.add(progression)
    db.session.flush()
    return progression


def update_progression(progression: Progression, *, framework: Framework, title: str,
                       description: str | None, pace_mode: str, weeks_per_step: float | None,
                       term: Term | None, active: bool) -> Progression:
    """Change the details; the framework can change only while there are no steps."""
    if framework.id != progression.framework_id and progression.steps:
        raise FieldProblem("framework_id", _(
            "The steps belong to %(framework)s. Remove the steps before moving the progression "
            "to another framework.", framework=progression.framework.title))
    _check_pace(pace_mode, weeks_per_step, term)
    progression.framework = framework
    progression.title = title.strip()
    progression.description = description or None
    progression.pace_mode = pace_mode
    progression.weeks_per_step = weeks_per_step
    progression.term = term
    progression.active = active
    db.session.flush()
    return progression


# Steps ----------------------------------------------------------------------------------------

def _renumber(progression: Progression) -> None:
    for number, step in enumerate(sorted(progression.steps, key=lambda s: s.position), start=1):
        step.position = number


def add_step(progression: Progression, competency: Competency) -> ProgressionStep:
    """Append the competency as the last step."""
    if competency.framework_id != progression.framework_id:
        raise FieldProblem("competency_id", _("Choose a competency from %(framework)s.",
                                 framework=progression.framework.title))
    if any(step.competency_id == competency.id for step in progression.steps):
        raise FieldProblem("competency_id", _("%(name)s is already a step of this progression.",
                                 name=competency_name(competency)))
    step = ProgressionStep(competency=competency, position=len(progression.steps) + 1)
    progression.steps.append(step)
    db.session.flush()
    return step


def remove_step(progression: Progression, step: ProgressionStep) -> None:
    """Take the step off the path; later steps move up one. Prerequisite edges stay (they belong to
    the framework, which other progressions may share)."""
    progression.steps.remove(step)
    _renumber(progression)
    db.session.flush()


def move_step(progression: Progression, step: ProgressionStep, direction: str) -> bool:
    """Swap the step with its neighbour above ("up") or below ("down"); False at either end."""
    ordered = sorted(progression.steps, key=lambda s: s.position)
    index = ordered.index(step)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(ordered):
        return False
    ordered[index], ordered[other] = ordered[other], ordered[index]
    for number, item in enumerate(ordered, start=1):
        item.position = number
    progression.steps.sort(key=lambda s: s.position)
    db.session.flush()
    return True


def set_target_dates(progression: Progression, raw: dict[int, str]) -> list[tuple[int, str]]:
    """Set each step's target date from text (YYYY-MM-DD; empty clears it).

    Returns [(step id, message)] for every bad value and then changes nothing.
    """
    term = progression.term
    parsed: dict[int, date | None] = {}
    errors = []
    for step in progression.steps:
        text = (raw.get(step.id) or "").strip()
        label = _("Step %(n)s (%(name)s)", n=step.position, name=competency_name(step.competency))
        if not text:
            parsed[step.id] = None
            continue
        try:
            value = date.fromisoformat(text)
        except ValueError:
            errors.append((step.id, _("%(step)s: “%(value)s” is not a date. Use the form YYYY-MM-DD, "
                                      "for example 2026-10-05.", step=label, value=text)))
            continue
        if term is not None and not term.starts_on <= value <= term.ends_on:
            errors.append((step.id, _("%(step)s: %(value)s is outside %(term)s (%(start)s to %(end)s).",
                                      step=label, value=value.isoformat(), term=term.name,
                                      start=term.starts_on.isoformat(), end=term.ends_on.isoformat())))
            continue
        parsed[step.id] = value
    if errors:
        return errors
    for step in progression.steps:
        step.target_date = parsed[step.id]
    db.session.flush()
    return []


# Prerequisites --------------------------------------------------------------------------------

def add_prerequisite(competency: Competency, prerequisite: Competency) -> Prerequisite:
    """Record that `prerequisite` must be met before `competency`; refuses a cycle, naming it."""
    if competency.id == prerequisite.id:
        raise FieldProblem("prerequisite_id", _("A step cannot be its own prerequisite."))
    for framework in {competency.framework, prerequisite.framework}:
        if not framework.is_editable:
            raise FieldProblem("prerequisite_id", _(
                "Prerequisites are part of the framework %(framework)s, which is %(status)s. "
                "Create a new version of the framework to change them.",
                framework=framework.title, status=framework.status))
    pairs = db.session.execute(select(Prerequisite.prerequisite_id, Prerequisite.competency_id)).all()
    if (prerequisite.id, competency.id) in {(a, b) for a, b in pairs}:
        raise FieldProblem("prerequisite_id", _("%(before)s is already a prerequisite of %(after)s.",
                                 before=competency_name(prerequisite), after=competency_name(competency)))
    cycle = cycle_if_added(pairs, prerequisite.id, competency.id)
    if cycle:
        named = {c.id: competency_name(c) for c in db.session.scalars(
            select(Competency).where(Competency.id.in_(set(cycle))))}
        path = str(CycleError([named.get(node, str(node)) for node in cycle]))
        raise FieldProblem("prerequisite_id", _(
            "This would make a loop: %(path)s. A step cannot need itself, even through other steps.",
            path=path))
    edge = Prerequisite(competency=competency, prerequisite=prerequisite)
    db.session.add(edge)
    db.session.flush()
    return edge


def remove_prerequisite(edge: Prerequisite) -> None:
    framework = edge.competency.framework
    if not framework.is_editable:
        raise FieldProblem("", _(
            "Prerequisites are part of the framework %(framework)s, which is %(status)s. "
            "Create a new version of the framework to change them.",
            framework=framework.title, status=framework.status))
    db.session.delete(edge)
    db.session.flush()
