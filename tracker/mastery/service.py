"""Validation requests and mastery decisions: asking, deciding, superseding, reading them back.

Functions here take models and validated values, may flush, and never commit. Decisions are
append-only: a learner's current decision on a competency is its latest one, and a later
decision supersedes it (pointing back to it, with a reason) instead of changing it.
"""
from collections.abc import Iterable
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from ..auth import policy
from ..audit import service as audit
from ..competencies.models import Competency, Framework
from ..evidence import service as evidence_service
from ..extensions import db
from ..form_helpers import FieldProblem
from ..notifications import events as notification_events
from ..rosters.models import Enrollment, Section
from ..timeutil import end_of, utcnow
from . import duties, overrides
from .models import OUTCOMES, DecisionCitation, MasteryDecision, ValidationRequest


class DuplicateRequest(Exception):
    """An open request for the same learner and competency already exists."""

    def __init__(self, existing: ValidationRequest):
        super().__init__(f"open request {existing.id} exists")
        self.existing = existing


class RequestClosed(Exception):
    """The request is no longer open; `decision` is the decision that closed it (if any)."""

    def __init__(self, validation_request: ValidationRequest, decision: MasteryDecision | None):
        super().__init__(f"request {validation_request.id} is {validation_request.status}")
        self.request = validation_request
        self.decision = decision


# Reading decisions ---------------------------------------------------------------------------

def current_decisions(learner_ids: Iterable[int], competency_ids: Iterable[int] | None = None, *,
                      as_of: date | None = None) -> dict:
    """{(learner_id, competency_id): MasteryDecision} with the latest decision of each pair (taken by the
    end of `as_of`, when given), in one query."""
    learner_ids = list(learner_ids)
    if not learner_ids:
        return {}
    latest = (
        select(func.max(MasteryDecision.id).label("id"))
        .where(MasteryDecision.learner_id.in_(learner_ids))
        .group_by(MasteryDecision.learner_id, MasteryDecision.competency_id)
    )
    if as_of is not None:
        latest = latest.where(MasteryDecision.decided_at < end_of(as_of))
    if competency_ids is not None:
        latest = latest.where(MasteryDecision.competency_id.in_(list(competency_ids)))
    rows = db.session.scalars(select(MasteryDecision).where(MasteryDecision.id.in_(latest.scalar_subquery())))
    return {(d.learner_id, d.competency_id): d for d in rows}


def mastered_competency_ids(learner_id: int) -> set[int]:
    """Competencies whose latest decision for this learner is "mastered"."""
    return {
        competency_id
        for (_learner, competency_id), decision in current_decisions([learner_id]).items()
        if decision.outcome == "mastered"
    }


def current_decision(learner_id: int, competency_id: int) -> MasteryDecision | None:
    """The latest decision on one learner and competency, with its validator."""
    return db.session.scalar(
        select(MasteryDecision)
        .where(MasteryDecision.learner_id == learner_id, MasteryDecision.competency_id == competency_id)
        .options(joinedload(MasteryDecision.validator))
        .order_by(MasteryDecision.id.desc()).limit(1)
    )


def decision_for_request(request_id: int) -> MasteryDecision | None:
    """The decision that closed a request, with its validator and citations."""
    return db.session.scalar(
        select(MasteryDecision).where(MasteryDecision.request_id == request_id)
        .options(joinedload(MasteryDecision.validator), selectinload(MasteryDecision.citations))
    )


# Asking for validation -----------------------------------------------------------------------

def open_request_for(learner_id: int, competency_id: int) -> ValidationRequest | None:
    return db.session.scalar(
        select(ValidationRequest).where(
            ValidationRequest.learner_id == learner_id,
            ValidationRequest.competency_id == competency_id,
            ValidationRequest.status == "open",
        ).order_by(ValidationRequest.id).limit(1)
    )


def learner_sections(learner, *, followed_by=None) -> list[Section]:
    """The learner's active sections; with followed_by, only those that user teaches (all for an admin)."""
    query = (
        select(Section).join(Enrollment, Enrollment.section_id == Section.id)
        .where(Enrollment.learner_id == learner.id, Enrollment.active.is_(True), Section.active.is_(True))
        .order_by(Section.course_title, Section.name)
    )
    if followed_by is not None:
        query = query.where(policy.taught_sections_condition(followed_by))
    return list(db.session.scalars(query))


def sections_for_proposal(user, learner) -> list[Section]:
    """The sections a proposal may name: the learner's sections the user teaches (all, for an admin)."""
    return learner_sections(learner, followed_by=user)


def open_request(learner, competency, *, requested_by, section: Section | None = None,
                 by_learner: bool = False, note: str | None = None) -> ValidationRequest:
    """Put a learner in the validation queue for a competency (flushes, audits).

    Raises DuplicateRequest when one is already open for the same learner and competency.
    Two proposals at the same moment may both find none open: the database's unique index on
    open requests then makes the second flush (or commit) raise IntegrityError; the caller
    rolls back and shows `open_request_for`, the request that won.
    """
    existing = open_request_for(learner.id, competency.id)
    if existing is not None:
        raise DuplicateRequest(existing)
    validation_request = ValidationRequest(
        learner_id=learner.id, competency_id=competency.id, section_id=section.id if section else None,
        requested_by_id=requested_by.id, requested_by_learner=by_learner,
        note=(note or "").strip() or None, status="open", requested_at=utcnow(),
    )
    db.session.add(validation_request)
    db.session.flush()
    audit.record(requested_by, "validation_request.create", validation_request,
                 competency_id=competency.id, by_learner=by_learner)
    notification_events.request_opened(validation_request, learner, competency, requested_by)
    return validation_request


def competencies_with_evidence(learner_id: int) -> list[Competency]:
    """Competencies on which a learner has evidence (what it may ask to have validated)."""
    from ..evidence.models import Evidence

    with_evidence = (select(Evidence.competency_id)
                     .where(Evidence.learner_id == learner_id, Evidence.deleted_at.is_(None)))
    return list(db.session.scalars(
        select(Competency).join(Framework, Framework.id == Competency.framework_id)
        .where(Competency.id.in_(with_evidence))
        .order_by(Framework.title, Competency.position, Competency.code, Competency.id)
    ))


def requests_of_learner(learner_id: int) -> list[tuple[ValidationRequest, MasteryDecision | None]]:
    """A learner's requests, newest first, each with the decision that closed it."""
    requests = db.session.scalars(
        select(ValidationRequest).where(ValidationRequest.learner_id == learner_id)
        .options(joinedload(ValidationRequest.competency))
        .order_by(ValidationRequest.requested_at.desc(), ValidationRequest.id.desc())
    ).all()
    decisions = {d.request_id: d for d in db.session.scalars(
        select(MasteryDecision).where(MasteryDecision.request_id.in_([r.id for r in requests])))}
    return [(r, decisions.get(r.id)) for r in requests]


# Deciding -------------------------------------------------------------------------------------

def record_decision(validation_request: ValidationRequest, validator, *, outcome: str, level: int | None,
                    rationale: str, cited_ids: Iterable[int], supersede_reason: str | None = None,
                    seen_current_id: int | None = None, override_rationale: str | None = None) -> MasteryDecision:
    """Record a validator's decision on an open request, append-only (flushes, audits).

    Promises: each cited piece is kept as it is now (a snapshot in DecisionCitation), so
    later edits or deletion of the evidence do not change what the decision relied on.
    "mastered" needs a level at or above the scale's threshold and at least one
    cited piece of the request's evidence; a rationale is always needed; a decision that
    replaces the learner's current decision on the competency says why. Separation of duties
    (`duties.check_separation`, the one place the rule lives): unless the
    `allow_self_validation` setting is on, no cited evidence's level may have been set by the
    validator (recorded, edited or reviewed), and a validator may not decide a request it
    proposed except "not yet" citing nothing that replaces no "mastered"; when the setting
    lets it through, the decision is marked separation_relaxed. A decision against the evidence
    (`overrides.check_override`, the one place that rule lives: "mastered" while the shown
    estimate is not yet at mastery, or a level above every cited piece) needs a sentence in
    `override_rationale` and is marked overrode_estimate, with its kind and the estimate as it
    was (estimate_value). Raises FieldProblem for what
    the validator can fix and RequestClosed when the request was already decided. Two
    validators deciding at once cannot both succeed: the unique request_id makes the second
    flush (or commit) raise IntegrityError.
    """
    if validation_request.status != "open":
        raise RequestClosed(validation_request, decision_for_request(validation_request.id))
    if outcome not in OUTCOMES:
        raise FieldProblem("outcome", _("Choose mastered or not yet."))
    rationale = (rationale or "").strip()
    if not rationale:
        raise FieldProblem("rationale", _("Write the reasons for this decision."))

    competency = evidence_service.load_competency(validation_request.competency_id)
    framework = competency.framework
    scale = framework.scale
    if outcome == "mastered":
        if level is None or not scale.mastery_threshold <= level <= scale.max_level:
            raise FieldProblem("level", _("Choose the level shown: %(low)s or higher.",
                                          low=scale.label_for(scale.mastery_threshold)))
    else:
        level = None

    evidence = evidence_service.evidence_for_learner_competency(
        validation_request.learner_id, validation_request.competency_id)
    by_id = {e.id: e for e in evidence}
    cited_ids = list(dict.fromkeys(cited_ids))
    if any(evidence_id not in by_id for evidence_id in cited_ids):
        raise FieldProblem("citations", _("Cite only evidence listed on this page."))
    cited = [by_id[evidence_id] for evidence_id in cited_ids]
    if outcome == "mastered" and not cited:
        raise FieldProblem("citations", _("Cite at least one piece of evidence that shows mastery."))

    current = current_decision(validation_request.learner_id, validation_request.competency_id)
    if current is not None and current.request_id == validation_request.id:
        # Another validator decided this very request after it was read as open (PostgreSQL
        # sees that commit mid-transaction): "already decided", not "a new decision meanwhile".
        raise RequestClosed(validation_request, current)
    authors = duties.level_authors(cited)
    relaxed = duties.check_separation(validation_request, validator, outcome=outcome, cited=cited,
                                      authors=authors, current=current)
    scores = [e.level for e in evidence if evidence_service.counts_toward_estimate(e)]
    estimate = evidence_service.estimate_for_scores(framework, scores)
    override = overrides.check_override(outcome=outcome, level=level, estimate=estimate,
                                        threshold=scale.mastery_threshold, cited_levels=[e.level for e in cited],
                                        override_rationale=override_rationale)

    supersede_reason = (supersede_reason or "").strip() or None
    if current is not None:
        if seen_current_id is not None and current.id != seen_current_id:
            raise FieldProblem("supersede_reason", _(
                "%(name)s recorded a new decision on this competency while you were deciding. "
                "Read it on this page; to replace it, give the reason here.", name=current.validator.name))
        if supersede_reason is None:
            raise FieldProblem("supersede_reason", _(
                "This decision replaces the current one: give the reason (for example an appeal "
                "or new evidence)."))
    else:
        supersede_reason = None

    decision = MasteryDecision(
        request_id=validation_request.id, learner_id=validation_request.learner_id,
        competency_id=validation_request.competency_id, validator_id=validator.id,
        outcome=outcome, level=level, rationale=rationale,
        estimate_value=estimate, estimate_method=framework.estimate_method,
        overrode_estimate=override is not None, override_kind=override.kind if override else None,
        override_rationale=override.rationale if override else None,
        supersedes_id=current.id if current else None, supersede_reason=supersede_reason,
        separation_relaxed=relaxed, decided_at=utcnow(),
    )
    decision.citations = [DecisionCitation.of(e, authors[e.id]) for e in cited]  # as read now
    validation_request.status = "decided"
    db.session.add(decision)
    db.session.flush()
    audit.record(validator, "mastery_decision.create", decision, request_id=validation_request.id,
                 competency_id=decision.competency_id, outcome=outcome, level=level,
                 cited=[e.id for e in cited], supersedes_id=decision.supersedes_id,
                 separation_relaxed=relaxed, override_kind=decision.override_kind)
    notification_events.request_decided(decision, validation_request.learner, competency)
    return decision
