"""Recording, reviewing, editing and deleting evidence, and reading it back as growth.

Functions here take models and validated values, may flush, and never commit.
Other areas use `estimates_for` (current estimates for many learners at once) and
`evidence_for_learner_competency` (a learner's evidence on one competency, in order).
"""
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from ..audit import service as audit
from ..competencies.models import Competency, Framework, ProficiencyScale, ScaleLevel
from ..competencies.translation import in_reader_language
from ..extensions import db
from ..notifications import events as notification_events
from ..standing.engine import standings_for
from ..timeutil import utcnow
from .models import Evidence, EvidenceVersion


@dataclass(frozen=True)
class LevelChoice:
    number: int
    label: str
    descriptor: str | None
    is_mastery: bool


def load_competency(competency_id: int | None) -> Competency | None:
    """A competency with its framework, scale, levels and rubric loaded (None if it does not exist)."""
    if competency_id is None:
        return None
    return db.session.scalar(
        select(Competency).where(Competency.id == competency_id)
        .options(joinedload(Competency.framework).joinedload(Framework.scale),
                 selectinload(Competency.rubric))
    )


def level_choices(competency: Competency) -> list[LevelChoice]:
    """The levels of the competency's scale, with its own rubric descriptors where it has them."""
    scale = competency.framework.scale
    rubric = {row.level_number: row for row in competency.rubric}
    return [
        LevelChoice(level.number, in_reader_language(level, "label"),
                    in_reader_language(rubric.get(level.number), "descriptor") or in_reader_language(level, "descriptor"),
                    level.number >= scale.mastery_threshold)
        for level in scale.levels
    ]


def takes_evidence(learner, framework: Framework) -> bool:
    """The one rule for where a learner's evidence may be recorded, on every path (the forms'
    competency picker, competencies.picker.picker_groups(educator=...), and the JSON API):
    frameworks in use (not retired), educator frameworks for educator-learners and the others
    for students."""
    return framework.status != "retired" and bool(framework.is_educator_framework) == bool(learner.is_educator)


def current_step_ids(learner) -> list[int]:
    """The competencies the learner works on now, across its current progressions (published
    frameworks only): those waiting for validation and in progress first, then the open ones."""
    ids: list[int] = []
    for standing in standings_for([learner.id], activity=True).get(learner.id, []):
        if standing.progression.framework.reaches_learners:
            ids.extend(step.competency_id for step in standing.working_on())
    return list(dict.fromkeys(ids))


# Writing --------------------------------------------------------------------------------------

def create_evidence(actor, learner, competency, *, observed_on: date, level: int | None, kind="formative",
                    feedback=None, context="class", artifact=None, link_url=None, reflection=None,
                    source="teacher", status="accepted", self_level: int | None = None) -> Evidence:
    """Record one piece of evidence and audit it (flushes)."""
    now = utcnow()
    evidence = Evidence(
        learner_id=learner.id, competency_id=competency.id, recorded_by_id=actor.id, source=source,
        status=status, observed_on=observed_on, kind=kind, level=level, feedback=feedback or None,
        reflection=reflection or None, context=context, artifact=artifact, link_url=link_url or None,
        self_level=self_level, version=1, created_at=now, updated_at=now,
    )
    db.session.add(evidence)
    db.session.flush()
    audit.record(actor, "evidence.create", evidence, source=source, competency_id=competency.id,
                 level=level, status=status)
    if source == "student":
        notification_events.evidence_submitted(evidence, learner, competency)
    return evidence


def _keep_version(evidence: Evidence, actor) -> EvidenceVersion:
    """Copy the evidence's current state into its history, noting who replaces it and when."""
    kept = EvidenceVersion(
        evidence_id=evidence.id, version=evidence.version, observed_on=evidence.observed_on,
        kind=evidence.kind, level=evidence.level, feedback=evidence.feedback, context=evidence.context,
        status=evidence.status, link_url=evidence.link_url, artifact_id=evidence.artifact_id,
        changed_by_id=actor.id, changed_at=utcnow(),
    )
    db.session.add(kept)
    return kept


EDITABLE_FIELDS = ("observed_on", "kind", "level", "feedback", "context", "link_url", "artifact", "status")


def edit_evidence(actor, evidence: Evidence, *, action: str = "evidence.edit", **changes) -> bool:
    """Change evidence, keeping its earlier state as a version; False (and nothing kept) if nothing changed."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    if "artifact" in changes and changes["artifact"] is None:
        del changes["artifact"]  # no new upload: keep the file it has
    for key in ("feedback", "link_url"):
        if key in changes:
            changes[key] = changes[key] or None
    changed = {key: value for key, value in changes.items() if getattr(evidence, key) != value}
    if not changed:
        return False
    _keep_version(evidence, actor)
    before = {key: _plain(getattr(evidence, key)) for key in changed}
    for key, value in changed.items():
        setattr(evidence, key, value)
    evidence.version += 1
    evidence.updated_at = utcnow()
    db.session.flush()
    audit.record(actor, action, evidence, version=evidence.version, before=before,
                 after={key: _plain(value) for key, value in changed.items()})
    return True


def review_evidence(actor, evidence: Evidence, *, level: int, feedback: str | None, kind="formative") -> None:
    """A teacher's review of a learner's submission: a level and feedback make it count (the student
    is told)."""
    if edit_evidence(actor, evidence, action="evidence.review", level=level, feedback=feedback, kind=kind,
                     status="accepted"):
        notification_events.evidence_feedback(evidence, evidence.learner, evidence.competency)


def delete_evidence(actor, evidence: Evidence) -> None:
    """Soft delete: hidden from lists and estimates, kept (with its history) for admins."""
    if evidence.deleted_at is not None:
        return
    _keep_version(evidence, actor)
    evidence.deleted_at = utcnow()
    evidence.deleted_by_id = actor.id
    db.session.flush()
    audit.record(actor, "evidence.delete", evidence)


def _plain(value):
    if isinstance(value, date):
        return value.isoformat()
    if hasattr(value, "id"):
        return value.id
    return value


# Reading ---------------------------------------------------------------------------------------

def _visible(query, include_deleted: bool):
    return query if include_deleted else query.where(Evidence.deleted_at.is_(None))


def evidence_for_learner_competency(learner_id: int, competency_id: int, *,
                                    include_deleted: bool = False) -> list[Evidence]:
    """A learner's evidence on one competency, oldest observation first (ties by entry order).

    Who recorded it and its artifact are loaded; deleted evidence only with include_deleted.
    """
    query = (
        select(Evidence)
        .where(Evidence.learner_id == learner_id, Evidence.competency_id == competency_id)
        .options(joinedload(Evidence.recorded_by), joinedload(Evidence.artifact),
                 joinedload(Evidence.deleted_by))
        .order_by(Evidence.observed_on, Evidence.id)
    )
    return list(db.session.scalars(_visible(query, include_deleted)))


def versions_of(evidence: Evidence) -> list[EvidenceVersion]:
    """Earlier states of a piece of evidence, newest first, with who replaced each."""
    return list(db.session.scalars(
        select(EvidenceVersion).where(EvidenceVersion.evidence_id == evidence.id)
        .options(joinedload(EvidenceVersion.changed_by))
        .order_by(EvidenceVersion.version.desc(), EvidenceVersion.id.desc())
    ))


def is_cited(evidence: Evidence) -> bool:
    """Whether a mastery decision cites this evidence (the decision keeps its own copy of it)."""
    from ..mastery.models import DecisionCitation

    return db.session.scalar(
        select(DecisionCitation.id).where(DecisionCitation.evidence_id == evidence.id).limit(1)) is not None


def counts_toward_estimate(evidence: Evidence) -> bool:
    return evidence.deleted_at is None and evidence.status == "accepted" and evidence.level is not None


def usable_parameter(method: str, parameter: float | None) -> float | None:
    """The framework's parameter for its method (None for a method that takes none). One the method
    cannot use is not replaced by a default: the estimator refuses it (`checked_parameter`). The
    framework form and the CASE import refuse such values, and migration e1f2a3b4c5d6 mended the
    ones stored before (n = 0.65 for "n times at mastery" became the 3 it was computed with)."""
    from ..mastery.estimates import COUNT_METHODS, WEIGHT_METHODS

    return parameter if method in WEIGHT_METHODS + COUNT_METHODS else None


def estimate_for_scores(framework: Framework, scores: list[float]) -> float | None:
    """The framework's method applied to scores in the order observed."""
    from ..mastery.estimates import estimate

    scale = framework.scale
    return estimate(framework.estimate_method, scores,
                    parameter=usable_parameter(framework.estimate_method, framework.estimate_parameter),
                    threshold=scale.mastery_threshold, min_level=scale.min_level, max_level=scale.max_level,
                    min_evidence=framework.min_evidence)


def estimates_for(learner_ids: Iterable[int], competency_ids: Iterable[int] | None = None) -> dict:
    """{(learner_id, competency_id): estimate or None} for every pair with accepted, scored evidence.

    One query reads every score in observation order with its framework's method and scale;
    one pass groups them; the estimates are computed per framework by `estimate_many`.
    Pairs without such evidence are absent (read them with `.get(pair)`, giving None).
    """
    from ..mastery.estimates import estimate_many

    learner_ids = list(learner_ids)
    if not learner_ids:
        return {}
    bounds = (
        select(ScaleLevel.scale_id, func.min(ScaleLevel.number).label("low"),
               func.max(ScaleLevel.number).label("high"))
        .group_by(ScaleLevel.scale_id).subquery()
    )
    query = (
        select(Evidence.learner_id, Evidence.competency_id, Evidence.level, Framework.id,
               Framework.estimate_method, Framework.estimate_parameter, ProficiencyScale.mastery_threshold,
               bounds.c.low, bounds.c.high, Framework.min_evidence)
        .join(Competency, Competency.id == Evidence.competency_id)
        .join(Framework, Framework.id == Competency.framework_id)
        .join(ProficiencyScale, ProficiencyScale.id == Framework.scale_id)
        .join(bounds, bounds.c.scale_id == ProficiencyScale.id)
        .where(Evidence.learner_id.in_(learner_ids), Evidence.deleted_at.is_(None),
               Evidence.status == "accepted", Evidence.level.is_not(None))
        .order_by(Evidence.learner_id, Evidence.competency_id, Evidence.observed_on, Evidence.id)
    )
    if competency_ids is not None:
        competency_ids = list(competency_ids)
        if not competency_ids:
            return {}
        query = query.where(Evidence.competency_id.in_(competency_ids))
    scores_by_framework: dict[int, dict[tuple[int, int], list[int]]] = defaultdict(lambda: defaultdict(list))
    methods: dict[int, tuple] = {}
    for learner_id, competency_id, level, framework_id, method, parameter, threshold, low, high, minimum in (
            db.session.execute(query)):
        scores_by_framework[framework_id][(learner_id, competency_id)].append(level)
        methods[framework_id] = (method, parameter, threshold, low, high, minimum)
    estimates: dict = {}
    for framework_id, scores_by_key in scores_by_framework.items():
        method, parameter, threshold, low, high, minimum = methods[framework_id]
        estimates.update(estimate_many(method, scores_by_key, parameter=usable_parameter(method, parameter),
                                       threshold=threshold, min_level=low, max_level=high, min_evidence=minimum))
    return estimates

