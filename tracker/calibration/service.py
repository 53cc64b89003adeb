"""Calibration: an admin sets up a session, validators score the same pieces blind, the school reads
how far they agree.

Blind and anonymised: a validator sees each piece's work (feedback, the learner's reflection,
its link or file), never the learner's name (also taken out of the texts) nor the level it was
given; and never another validator's scores before submitting its own. Submitted scores are
final. Results are open to admins at any time, and to a participating validator once it has
submitted or the admin has closed the session; other validators appear there as "Validator A,
B, C" (by invitation order), with real names for admins only. The statistics are the pure
functions of agreement.py over the submitted scores.

Functions take models and validated values, may flush, and never commit.
"""
import re
from collections import defaultdict
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from ..audit import service as audit
from ..auth import policy
from ..auth.models import User, UserRole
from ..competencies.models import Competency, Framework, ProficiencyScale
from ..evidence.models import Evidence
from ..extensions import db
from ..form_helpers import FieldProblem
from ..timeutil import utcnow
from .models import CalibrationItem, CalibrationParticipant, CalibrationScore, CalibrationSession

MIN_ITEMS, MAX_ITEMS = 2, 40
MIN_VALIDATORS = 2
CANDIDATES = 80  # newest pieces offered when choosing what to score


def rater_label(position: int) -> str:
    """"Validator A" for the first invited, B for the second, … then A2, B2 past Z."""
    letter = chr(ord("A") + (position - 1) % 26)
    round_ = (position - 1) // 26
    return _("Validator %(letter)s", letter=letter + (str(round_ + 1) if round_ else ""))


# Setting up ------------------------------------------------------------------------------------

def candidate_evidence(competency: Competency, *, limit: int = CANDIDATES) -> list[Evidence]:
    """The newest pieces on the competency that show some work (feedback, reflection, link or file)."""
    return list(db.session.scalars(
        select(Evidence)
        .where(Evidence.competency_id == competency.id, Evidence.deleted_at.is_(None),
               (Evidence.feedback.is_not(None)) | (Evidence.reflection.is_not(None))
               | (Evidence.link_url.is_not(None)) | (Evidence.artifact_id.is_not(None)))
        .options(joinedload(Evidence.learner))
        .order_by(Evidence.observed_on.desc(), Evidence.id.desc())
        .limit(limit)))


def available_validators() -> list[User]:
    """Active users with the validator role, by name."""
    return list(db.session.scalars(
        select(User).join(UserRole, UserRole.user_id == User.id)
        .where(UserRole.role == "validator", User.active.is_(True)).order_by(User.name)))


def create_session(admin, *, title: str, competency: Competency, evidence_ids, validator_ids,
                   instructions: str | None = None) -> CalibrationSession:
    """A new open session (flushes, audits). Raises FieldProblem naming the field for bad choices."""
    problems = []
    title = (title or "").strip()
    if not title:
        problems.append(FieldProblem("title", _("Give the session a title.")))
    evidence_ids = list(dict.fromkeys(evidence_ids or []))
    pieces = {e.id: e for e in db.session.scalars(select(Evidence).where(Evidence.id.in_(evidence_ids)))}
    if any(pieces.get(i) is None or pieces[i].competency_id != competency.id or pieces[i].deleted_at is not None
           for i in evidence_ids):
        problems.append(FieldProblem("evidence_ids", _("Choose only pieces of evidence listed for this competency.")))
    elif not MIN_ITEMS <= len(evidence_ids) <= MAX_ITEMS:
        problems.append(FieldProblem("evidence_ids", _("Choose between %(low)d and %(high)d pieces of evidence.",
                                                       low=MIN_ITEMS, high=MAX_ITEMS)))
    validator_ids = list(dict.fromkeys(validator_ids or []))
    allowed = {user.id for user in available_validators()}
    if any(i not in allowed for i in validator_ids):
        problems.append(FieldProblem("validator_ids", _("Invite only the validators listed.")))
    elif len(validator_ids) < MIN_VALIDATORS:
        problems.append(FieldProblem("validator_ids", _("Invite at least %(n)d validators: agreement needs two.",
                                                        n=MIN_VALIDATORS)))
    if problems:
        raise FieldProblem.combined(problems)
    session = CalibrationSession(title=title, competency_id=competency.id, instructions=(instructions or "").strip()
                                 or None, status="open", created_by_id=admin.id, created_at=utcnow())
    session.items = [CalibrationItem(evidence_id=evidence_id, position=n)
                     for n, evidence_id in enumerate(evidence_ids, start=1)]
    session.participants = [CalibrationParticipant(validator_id=user_id, position=n)
                            for n, user_id in enumerate(validator_ids, start=1)]
    db.session.add(session)
    db.session.flush()
    audit.record(admin, "calibration.create", session, competency_id=competency.id, items=len(evidence_ids),
                 validators=validator_ids)
    return session


def close_session(admin, session: CalibrationSession) -> None:
    """No more scoring; every participant may now read the results."""
    if session.status == "closed":
        return
    session.status = "closed"
    session.closed_at = utcnow()
    db.session.flush()
    audit.record(admin, "calibration.close", session)


# Reading ---------------------------------------------------------------------------------------

def load_session(session_id: int) -> CalibrationSession | None:
    """The session with its competency (framework, scale, rubric), pieces and participants loaded."""
    return db.session.scalar(
        select(CalibrationSession).where(CalibrationSession.id == session_id)
        .options(joinedload(CalibrationSession.competency).joinedload(Competency.framework)
                 .joinedload(Framework.scale).selectinload(ProficiencyScale.levels),
                 joinedload(CalibrationSession.competency).selectinload(Competency.rubric),
                 selectinload(CalibrationSession.items).joinedload(CalibrationItem.evidence)
                 .joinedload(Evidence.artifact),
                 selectinload(CalibrationSession.items).joinedload(CalibrationItem.evidence)
                 .joinedload(Evidence.learner),
                 selectinload(CalibrationSession.participants).joinedload(CalibrationParticipant.validator)))


@dataclass
class SessionRow:
    session: CalibrationSession
    participant: CalibrationParticipant | None   # the viewer's, if invited
    submitted: int
    invited: int
    pieces: int


def sessions_for(user) -> list[SessionRow]:
    """Sessions an admin manages (all) or a validator is invited to, newest first. Three queries."""
    query = (select(CalibrationSession).options(joinedload(CalibrationSession.competency))
             .order_by(CalibrationSession.created_at.desc(), CalibrationSession.id.desc()))
    query = query.where(policy.visible_calibrations_condition(user))
    sessions = list(db.session.scalars(query))
    ids = [s.id for s in sessions]
    participants = defaultdict(list)
    pieces = {}
    if ids:
        for participant in db.session.scalars(
                select(CalibrationParticipant).where(CalibrationParticipant.session_id.in_(ids))):
            participants[participant.session_id].append(participant)
        pieces = dict(db.session.execute(
            select(CalibrationItem.session_id, func.count(CalibrationItem.id))
            .where(CalibrationItem.session_id.in_(ids)).group_by(CalibrationItem.session_id)).all())
    return [SessionRow(session=s, participant=next((p for p in participants[s.id] if p.validator_id == user.id), None),
                       submitted=sum(1 for p in participants[s.id] if p.submitted_at is not None),
                       invited=len(participants[s.id]), pieces=pieces.get(s.id, 0))
            for s in sessions]


# Scoring ---------------------------------------------------------------------------------------

def redact(text: str | None, learner) -> str | None:
    """The text with the learner's names replaced by “[the learner]”, so a validator scores the work, not the child."""
    if not text:
        return text
    names = {n for n in (learner.given_name, learner.family_name, learner.preferred_name) if n and len(n) > 1}
    for name in sorted(names, key=len, reverse=True):
        text = re.sub(rf"(?<!\w){re.escape(name)}(?!\w)", _("[the learner]"), text, flags=re.IGNORECASE)
    return text


@dataclass(frozen=True)
class PieceView:
    """What a validator sees of one piece: the work, never who or what level."""

    item_id: int
    position: int
    kind: str
    context: str
    feedback: str | None
    reflection: str | None
    link_url: str | None
    file_name: str | None  # a neutral name ("piece-3.pdf"): the original may name the learner

    @property
    def label(self) -> str:
        return _("Piece %(n)d", n=self.position)


def neutral_file_name(item: CalibrationItem) -> str:
    original = item.evidence.artifact.original_name
    suffix = original.rsplit(".", 1)[-1].lower() if "." in original else "bin"
    return f"piece-{item.position}.{suffix}"


def anonymised_pieces(session: CalibrationSession) -> list[PieceView]:
    pieces = []
    for item in session.items:
        evidence = item.evidence
        pieces.append(PieceView(
            item_id=item.id, position=item.position, kind=evidence.kind, context=evidence.context,
            feedback=redact(evidence.feedback, evidence.learner), reflection=redact(evidence.reflection, evidence.learner),
            link_url=evidence.link_url, file_name=neutral_file_name(item) if evidence.artifact else None))
    return pieces


def own_scores(participant: CalibrationParticipant) -> dict[int, int]:
    """{item_id: level} this participant has given (saved or submitted). One query."""
    return dict(db.session.execute(
        select(CalibrationScore.item_id, CalibrationScore.level)
        .where(CalibrationScore.participant_id == participant.id)).all())


def save_scores(participant: CalibrationParticipant, levels: dict[int, int | None], *, submit: bool) -> None:
    """Keep the participant's levels (flushes). With submit, every piece needs one and the scores become final.

    Raises FieldProblem: "scores" when the session is closed or the scores were already
    submitted, and "piece-<item id>" for each piece left without a level (or an unknown level).
    """
    session = participant.session
    if session.status != "open":
        raise FieldProblem("scores", _("This session is closed; scores can no longer change."))
    if participant.submitted_at is not None:
        raise FieldProblem("scores", _("You have submitted your scores; they no longer change."))
    scale = session.competency.framework.scale
    allowed = {level.number for level in scale.levels}
    items = {item.id: item for item in session.items}
    problems = []
    for item_id, level in levels.items():
        if item_id in items and level is not None and level not in allowed:
            problems.append(FieldProblem(f"piece-{item_id}", _("Choose one of the levels shown.")))
    if submit:
        for item in session.items:
            if levels.get(item.id) is None:
                problems.append(FieldProblem(f"piece-{item.id}", _("Piece %(n)d: choose a level before submitting.",
                                                                   n=item.position)))
    if problems:
        raise FieldProblem.combined(problems)
    existing = {score.item_id: score for score in participant.scores}
    now = utcnow()
    for item_id, level in levels.items():
        if item_id not in items:
            continue
        score = existing.get(item_id)
        if level is None:
            if score is not None:
                participant.scores.remove(score)
        elif score is None:
            participant.scores.append(CalibrationScore(item_id=item_id, level=level, scored_at=now))
        elif score.level != level:
            score.level, score.scored_at = level, now
    if submit:
        participant.submitted_at = now
    db.session.flush()
    if submit:
        audit.record(participant.validator, "calibration.submit", session, pieces=len(items))
