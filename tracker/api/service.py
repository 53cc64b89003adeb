"""What the JSON API reads and writes. The same policy as the pages decides what each token sees."""
from datetime import date
from functools import cache

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import joinedload, selectinload

from ..auth import policy
from ..competencies.models import Competency, Framework, ProficiencyScale
from ..evidence import service as evidence_service
from ..evidence.models import CONTEXTS, EVIDENCE_KINDS, Evidence
from ..extensions import db
from ..mastery.estimate_display import shown_estimate
from ..mastery.teacher_levels import holding
from ..mastery.models import DecisionCitation, MasteryDecision
from ..mastery.service import current_decisions
from ..standing.engine import mastery_for, standings_for
from ..progressions.models import Prerequisite
from ..rosters.models import Learner
from ..timeutil import today

MAX_LIMIT = 200


class ApiInputError(ValueError):
    """Bad input, with a message per field."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


def paging(args) -> tuple[int, int]:
    errors = {}
    values = {}
    for name, default, largest in (("limit", 50, MAX_LIMIT), ("offset", 0, 10**9)):
        raw = args.get(name, default)
        try:
            value = int(raw)
        except (TypeError, ValueError):
            errors[name] = "must be a whole number"
            continue
        if value < (1 if name == "limit" else 0) or value > largest:
            errors[name] = f"must be between {1 if name == 'limit' else 0} and {largest}"
        values[name] = value
    if errors:
        raise ApiInputError(errors)
    return values["limit"], values["offset"]


# Serialising -----------------------------------------------------------------------------------

def scale_json(scale) -> dict:
    return {"name": scale.name, "mastery_threshold": scale.mastery_threshold,
            "levels": [{"number": level.number, "label": level.label, "descriptor": level.descriptor}
                       for level in scale.levels]}


def framework_json(framework: Framework) -> dict:
    return {"id": framework.id, "identifier": framework.identifier, "title": framework.title,
            "subject": framework.subject, "version": framework.version, "status": framework.status,
            "estimate_method": framework.estimate_method, "scale": scale_json(framework.scale)}


def competency_json(competency: Competency, with_rubric: bool = False) -> dict:
    data = {"id": competency.id, "identifier": competency.identifier, "framework_id": competency.framework_id,
            "parent_id": competency.parent_id, "code": competency.code, "statement": competency.statement,
            "student_statement": competency.student_statement, "kind": competency.kind,
            "depth_level": competency.depth_level, "cross_cutting": competency.cross_cutting,
            "position": competency.position}
    if with_rubric:
        data["rubric"] = [{"level": r.level_number, "descriptor": r.descriptor} for r in competency.rubric]
    return data


def learner_json(learner: Learner) -> dict:
    return {"id": learner.id, "name": learner.display_name, "given_name": learner.given_name,
            "family_name": learner.family_name, "grade_level": learner.grade_level,
            "school_id": learner.school_id, "active": learner.active}


def evidence_json(evidence: Evidence) -> dict:
    return {"id": evidence.id, "learner_id": evidence.learner_id, "competency_id": evidence.competency_id,
            "observed_on": evidence.observed_on.isoformat(), "kind": evidence.kind, "level": evidence.level,
            "feedback": evidence.feedback, "reflection": evidence.reflection, "self_level": evidence.self_level,
            "context": evidence.context,
            "source": evidence.source, "status": evidence.status, "link_url": evidence.link_url,
            "has_artifact": evidence.artifact_id is not None, "version": evidence.version,
            "recorded_at": evidence.created_at.isoformat() + "Z"}


def decision_json(decision: MasteryDecision) -> dict:
    return {"id": decision.id, "learner_id": decision.learner_id, "competency_id": decision.competency_id,
            "outcome": decision.outcome, "level": decision.level, "rationale": decision.rationale,
            "validator_id": decision.validator_id, "decided_at": decision.decided_at.isoformat() + "Z",
            "supersedes_id": decision.supersedes_id,
            "overrode_estimate": decision.overrode_estimate, "override_kind": decision.override_kind,
            "override_rationale": decision.override_rationale,
            "cited_evidence_ids": [c.evidence_id for c in decision.citations],
            "citations": [citation_json(c) for c in sorted(decision.citations, key=lambda c: c.evidence_id)]}


def citation_json(citation) -> dict:
    """A cited piece as the validator read it when deciding (None where no snapshot was kept)."""
    return {"evidence_id": citation.evidence_id, "version": citation.version, "level": citation.level,
            "observed_on": citation.observed_on.isoformat() if citation.observed_on else None,
            "edited_since": citation.changed_since, "deleted_since": citation.evidence.deleted_at is not None}


# Reading ---------------------------------------------------------------------------------------

def frameworks(user) -> list[dict]:
    """The frameworks this user may read: drafts only for staff (policy.can_view_student_framework)."""
    rows = db.session.scalars(select(Framework).options(selectinload(Framework.scale))
                              .order_by(Framework.title, Framework.id))
    return [framework_json(f) for f in rows if policy.can_view_student_framework(user, f)]


def framework_detail(framework: Framework) -> dict:
    competencies = list(db.session.scalars(select(Competency).where(Competency.framework_id == framework.id)
                                           .order_by(Competency.parent_id.is_not(None), Competency.position,
                                                     Competency.id)))
    ids = [c.id for c in competencies]
    edges = db.session.execute(select(Prerequisite.competency_id, Prerequisite.prerequisite_id)
                               .where(Prerequisite.competency_id.in_(ids))).all() if ids else []
    return {**framework_json(framework), "competencies": [competency_json(c) for c in competencies],
            "prerequisites": [{"competency_id": a, "prerequisite_id": b} for a, b in edges]}


def visible_learners(user, limit: int, offset: int) -> dict:
    condition = policy.visible_learners_condition(user)
    total = db.session.scalar(select(func.count(Learner.id)).where(condition))
    rows = db.session.scalars(select(Learner).where(condition).order_by(Learner.family_name, Learner.given_name,
                                                                        Learner.id).limit(limit).offset(offset))
    return {"total": total, "limit": limit, "offset": offset, "learners": [learner_json(l) for l in rows]}


def learner_progress(learner: Learner) -> dict:
    """Mastered competencies (by decision or roll-up, with the day shown), each progression's
    steps and pace state, and the estimates: as the learner's pages read them (standing.engine)."""
    decisions = current_decisions([learner.id])
    mastered = [{"competency_id": cid, "mastered_on": day.isoformat() if day else None,
                 "rolled_up": (learner.id, cid) not in decisions,
                 "decision": decision_json(decisions[(learner.id, cid)]) if (learner.id, cid) in decisions else None}
                for cid, day in sorted(mastery_for([learner.id]).get(learner.id, {}).items())]
    progressions = [{"progression_id": s.progression.id, "framework_id": s.progression.framework_id,
                     "title": s.progression.title,
                     "start_position": s.start_position, "placed_on": s.placed_on.isoformat(),
                     "pace": s.pace_state,
                     "steps": [{"competency_id": step.competency_id, "position": step.position,
                                "state": step.state,
                                "mastered_on": s.mastered_on[step.competency_id].isoformat()
                                if step.competency_id in s.mastered_on else None} for step in s.status.steps]}
                    for s in standings_for([learner.id]).get(learner.id, [])]
    counts = dict(db.session.execute(
        select(Evidence.competency_id, func.count(Evidence.id))
        .where(Evidence.learner_id == learner.id, Evidence.deleted_at.is_(None))
        .group_by(Evidence.competency_id)).all())
    estimates = evidence_service.estimates_for([learner.id], list(counts)) if counts else {}
    rules = {cid: (method, threshold) for cid, method, threshold in db.session.execute(
        select(Competency.id, Framework.estimate_method, ProficiencyScale.mastery_threshold)
        .join(Framework, Framework.id == Competency.framework_id)
        .join(ProficiencyScale, ProficiencyScale.id == Framework.scale_id)
        .where(Competency.id.in_(list(counts))))} if counts else {}
    by_teacher = holding([learner.id], list(counts)) if counts else {}
    return {"learner": learner_json(learner), "mastered": mastered, "progressions": progressions,
            "estimates": [_estimate_json(cid, estimates.get((learner.id, cid)), *rules.get(cid, (None, None)), n,
                                         by_teacher.get((learner.id, cid)))
                          for cid, n in sorted(counts.items())]}


def _estimate_json(competency_id: int, estimate: float | None, method: str | None, threshold: int | None,
                   evidence_count: int, teacher_level=None) -> dict:
    """An estimate as every page shows it (the one display rule): cut to one decimal, and at mastery
    read from that same number; a teacher's hand-set level instead, when one holds, marked
    (`set_by_teacher`, `kept`: new evidence does not end it)."""
    shown = shown_estimate(estimate, threshold, teacher_level) if threshold is not None else None
    return {"competency_id": competency_id, "estimate": shown.value if shown else None,
            "at_mastery": shown.at_mastery if shown else None, "method": method, "evidence_count": evidence_count,
            "enough_evidence": estimate is not None,
            "set_by_teacher": bool(shown and shown.set_by_teacher), "kept": bool(shown and shown.kept)}


def learner_evidence(learner: Learner, limit: int, offset: int) -> dict:
    condition = (Evidence.learner_id == learner.id) & Evidence.deleted_at.is_(None)
    total = db.session.scalar(select(func.count(Evidence.id)).where(condition))
    rows = db.session.scalars(select(Evidence).where(condition)
                              .order_by(Evidence.observed_on.desc(), Evidence.id.desc()).limit(limit).offset(offset))
    return {"total": total, "limit": limit, "offset": offset, "evidence": [evidence_json(e) for e in rows]}


def learner_decisions(learner: Learner) -> list[dict]:
    rows = db.session.scalars(select(MasteryDecision).where(MasteryDecision.learner_id == learner.id)
                              .options(selectinload(MasteryDecision.citations)
                                       .joinedload(DecisionCitation.evidence))
                              .order_by(MasteryDecision.decided_at, MasteryDecision.id))
    return [decision_json(d) for d in rows]


# Writing ---------------------------------------------------------------------------------------

def _text(body: dict, name: str, errors: dict, limit: int, required=False) -> str | None:
    value = body.get(name)
    if value is None or value == "":
        if required:
            errors[name] = "is required"
        return None
    if not isinstance(value, str):
        errors[name] = "must be text"
        return None
    if len(value) > limit:
        errors[name] = f"must be at most {limit} characters"
        return None
    return value


@cache
def _competency_statement():
    return (select(Competency).where(Competency.id == bindparam("competency_id"))
            .options(joinedload(Competency.framework).joinedload(Framework.scale).joinedload(ProficiencyScale.levels)))


def _competency_with_scale(competency_id: int) -> Competency | None:
    """The competency with its framework, scale and levels, in one statement (built once: every write asks)."""
    return db.session.scalar(_competency_statement(), {"competency_id": competency_id})


def record_evidence(actor, learner: Learner, body) -> Evidence:
    """Validate a JSON body and record evidence through the evidence service (flushes)."""
    if not isinstance(body, dict):
        raise ApiInputError({"body": "must be a JSON object"})
    errors: dict[str, str] = {}
    competency = None
    competency_id = body.get("competency_id")
    if isinstance(competency_id, bool) or not isinstance(competency_id, int):
        errors["competency_id"] = "is required and must be a whole number"
    else:
        competency = _competency_with_scale(competency_id) if -2**31 < competency_id < 2**31 else None
        if competency is None:
            errors["competency_id"] = "no competency with this id"
        elif not evidence_service.takes_evidence(learner, competency.framework):
            errors["competency_id"] = ("this learner's evidence cannot be recorded here: the competency's framework "
                                       "is retired, or is an educator framework for a student (or the reverse)")
            competency = None
    observed = _text(body, "observed_on", errors, 10)
    observed_on = today()
    if observed is not None:
        try:
            observed_on = date.fromisoformat(observed)
        except ValueError:
            errors["observed_on"] = "must be a date like 2026-11-20"
        else:
            if observed_on > today():
                errors["observed_on"] = "cannot be in the future"
    level = body.get("level")
    if isinstance(level, bool) or not isinstance(level, int):
        errors["level"] = "is required and must be a whole number"
    elif competency is not None:
        numbers = {lvl.number for lvl in competency.framework.scale.levels}
        if level not in numbers:
            errors["level"] = f"must be one of {sorted(numbers)}"
    kind = _text(body, "kind", errors, 20) or "formative"
    if kind not in EVIDENCE_KINDS:
        errors["kind"] = f"must be one of {list(EVIDENCE_KINDS)}"
    context = _text(body, "context", errors, 20) or "class"
    if context not in CONTEXTS:
        errors["context"] = f"must be one of {list(CONTEXTS)}"
    feedback = _text(body, "feedback", errors, 5000)
    link_url = _text(body, "link_url", errors, 1000)
    if link_url and not link_url.lower().startswith(("http://", "https://")):
        errors["link_url"] = "must start with http:// or https://"
    unknown = set(body) - {"competency_id", "observed_on", "level", "kind", "context", "feedback", "link_url"}
    if unknown:
        errors["body"] = f"unknown fields: {', '.join(sorted(map(str, unknown)))}"
    if errors:
        raise ApiInputError(errors)
    return evidence_service.create_evidence(actor, learner, competency, observed_on=observed_on, level=level,
                                            kind=kind, feedback=feedback, context=context, link_url=link_url)
