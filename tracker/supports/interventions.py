"""Interventions: the support a teacher plans for a learner, usually from a flag.

Functions take models and validated values, may flush, and never commit (the view does).
A refused change raises FieldProblem naming the form field. Every change is audited.
Life of an intervention: planned → active → closed; closing needs the outcome in words and
records closed_at. A closed intervention is history and no longer changes.
"""
from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from ..audit import service as audit
from ..extensions import db
from ..form_helpers import FieldProblem
from ..textmarks import N_
from ..timeutil import end_of, utcnow
from .models import INTERVENTION_TYPES, Intervention, SupportFlag

TYPE_LABELS = {
    "reteach": N_("Re-teach"),
    "small_group": N_("Small group"),
    "tutoring": N_("Tutoring"),
    "extended_time": N_("Extended time"),
    "family_conference": N_("Family conference"),
    "other": N_("Other"),
}
STATUS_LABELS = {"planned": N_("Planned"), "active": N_("In place"), "closed": N_("Closed")}
OPEN_STATUSES = ("planned", "active")


def _check(kind: str, status: str, starts_on: date | None, review_on: date | None, plan: str, provider: str):
    problems = []
    if kind not in INTERVENTION_TYPES:
        problems.append(FieldProblem("kind", _("Choose the kind of support.")))
    if status not in OPEN_STATUSES:
        problems.append(FieldProblem("status", _("Choose planned or in place. To close a support, use Close.")))
    if not (plan or "").strip():
        problems.append(FieldProblem("plan", _("Write the plan: what will happen, how often, and what it aims for.")))
    if not (provider or "").strip():
        problems.append(FieldProblem("provider", _("Say who provides the support.")))
    if starts_on is None:
        problems.append(FieldProblem("starts_on", _("Enter the start date.")))
    elif review_on is not None and review_on < starts_on:
        problems.append(FieldProblem("review_on", _("The review date must be on or after the start date (%(date)s).",
                                                    date=starts_on.isoformat())))
    if problems:
        raise FieldProblem.combined(problems)


def create_intervention(actor, learner, *, kind: str, provider: str, plan: str, starts_on: date,
                        review_on: date | None = None, status: str = "planned", flag: SupportFlag | None = None,
                        competency_id: int | None = None) -> Intervention:
    """Plan support for a learner, from one of its flags or not (flushes, audits).

    The competency is the flag's when a flag is given. Raises FieldProblem for what the
    teacher can fix, and ValueError for a flag of another learner.
    """
    _check(kind, status, starts_on, review_on, plan, provider)
    if flag is not None:
        if flag.learner_id != learner.id:
            raise ValueError("The flag belongs to another learner.")
        competency_id = flag.competency_id
    now = utcnow()
    intervention = Intervention(
        learner_id=learner.id, flag_id=flag.id if flag else None, competency_id=competency_id, kind=kind,
        provider=provider.strip(), plan=plan.strip(), starts_on=starts_on, review_on=review_on, status=status,
        opened_by_id=actor.id, opened_at=now)
    db.session.add(intervention)
    db.session.flush()
    audit.record(actor, "intervention.create", intervention, flag_id=intervention.flag_id, kind=kind,
                 status=status, starts_on=starts_on.isoformat())
    return intervention


EDITABLE = ("kind", "provider", "plan", "starts_on", "review_on", "status")


def update_intervention(actor, intervention: Intervention, **changes) -> bool:
    """Change an open intervention's plan, dates, provider or status; False if nothing changed."""
    if intervention.status == "closed":
        raise FieldProblem("status", _("This support is closed; its record no longer changes."))
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    merged = {key: getattr(intervention, key) for key in EDITABLE} | changes
    _check(merged["kind"], merged["status"], merged["starts_on"], merged["review_on"], merged["plan"],
           merged["provider"])
    for key in ("plan", "provider"):
        if key in changes:
            changes[key] = changes[key].strip()
    changed = {key: value for key, value in changes.items() if getattr(intervention, key) != value}
    if not changed:
        return False
    before = {key: _plain(getattr(intervention, key)) for key in changed}
    for key, value in changed.items():
        setattr(intervention, key, value)
    db.session.flush()
    audit.record(actor, "intervention.edit", intervention, before=before,
                 after={key: _plain(value) for key, value in changed.items()})
    return True


def close_intervention(actor, intervention: Intervention, *, outcome: str) -> None:
    """Close the support, recording its outcome in words and when it closed (flushes, audits)."""
    if intervention.status == "closed":
        raise FieldProblem("outcome", _("This support was already closed on %(date)s.",
                                        date=intervention.closed_at.date().isoformat()))
    outcome = (outcome or "").strip()
    if not outcome:
        raise FieldProblem("outcome", _("Write the outcome: what changed for the learner, and what comes next."))
    intervention.status = "closed"
    intervention.outcome = outcome
    intervention.closed_at = utcnow()
    db.session.flush()
    audit.record(actor, "intervention.close", intervention, outcome_length=len(outcome))


def _plain(value):
    return value.isoformat() if isinstance(value, date) else value


# Reading ---------------------------------------------------------------------------------------

def load_intervention(intervention_id: int) -> Intervention | None:
    """An intervention with its learner, flag, competency and author loaded."""
    return db.session.scalar(
        select(Intervention).where(Intervention.id == intervention_id)
        .options(joinedload(Intervention.learner), joinedload(Intervention.flag),
                 joinedload(Intervention.competency), joinedload(Intervention.opened_by)))


@dataclass
class LearnerSupports:
    open_flags: list[SupportFlag]        # oldest first
    current: list[Intervention]          # planned or in place, soonest start first
    past: list[Intervention]             # closed, most recently closed first
    by_flag: dict[int, list[Intervention]]  # open interventions per flag id
    recently_closed: list[SupportFlag] = None  # flags closed by themselves in the last 30 days, latest first


def learner_supports(learner) -> LearnerSupports:
    """A learner's open flags (refreshed first if its evidence changed) and its interventions."""
    from .service import refresh_pending

    refresh_pending([learner.id])
    flags = list(db.session.scalars(
        select(SupportFlag).where(SupportFlag.learner_id == learner.id, SupportFlag.resolved_at.is_(None))
        .options(joinedload(SupportFlag.competency), joinedload(SupportFlag.progression))
        .order_by(SupportFlag.raised_at, SupportFlag.id)))
    interventions = list(db.session.scalars(
        select(Intervention).where(Intervention.learner_id == learner.id)
        .options(joinedload(Intervention.competency), joinedload(Intervention.opened_by),
                 joinedload(Intervention.flag))
        .order_by(Intervention.starts_on, Intervention.id)))
    current = [i for i in interventions if i.status in OPEN_STATUSES]
    past = sorted((i for i in interventions if i.status == "closed"),
                  key=lambda i: (i.closed_at or i.opened_at), reverse=True)
    by_flag: dict[int, list[Intervention]] = {}
    for intervention in current:
        if intervention.flag_id is not None:
            by_flag.setdefault(intervention.flag_id, []).append(intervention)
    since = utcnow() - timedelta(days=30)
    closed = list(db.session.scalars(
        select(SupportFlag).where(SupportFlag.learner_id == learner.id, SupportFlag.resolved_at >= since)
        .options(joinedload(SupportFlag.competency), joinedload(SupportFlag.progression))
        .order_by(SupportFlag.resolved_at.desc(), SupportFlag.id.desc())))
    return LearnerSupports(open_flags=flags, current=current, past=past, by_flag=by_flag, recently_closed=closed)


def current_interventions(learner_ids, as_of: date | None = None) -> dict[int, list[Intervention]]:
    """{learner_id: its planned and in-place interventions, soonest start first}, in one query; as of a
    day, those planned by its end and not closed by then.

    For pages about many learners (the guardian and student pages, the heatmap's flags column).
    """
    learner_ids = list(learner_ids)
    result: dict[int, list[Intervention]] = {learner_id: [] for learner_id in learner_ids}
    if not learner_ids:
        return result
    if as_of is None:
        in_place = Intervention.status.in_(OPEN_STATUSES)
    else:
        in_place = (Intervention.opened_at < end_of(as_of)) & (
            Intervention.closed_at.is_(None) | (Intervention.closed_at >= end_of(as_of)))
    for intervention in db.session.scalars(
            select(Intervention).where(Intervention.learner_id.in_(learner_ids), in_place)
            .options(selectinload(Intervention.competency))
            .order_by(Intervention.starts_on, Intervention.id)):
        result[intervention.learner_id].append(intervention)
    return result
