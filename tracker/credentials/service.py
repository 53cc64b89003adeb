"""Issuing, listing and verifying Open Badges 3.0 credentials, and the mastery transcript."""
import uuid
from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from ..audit import service as audit
from ..auth.models import User
from ..competencies.models import Competency, Framework
from ..extensions import db
from ..mastery.models import MasteryDecision
from ..mastery.service import current_decisions
from ..rosters.models import Learner, School
from ..standing.engine import mastery_for
from ..timeutil import utcnow
from . import keys, proof, status_list
from .badges import achievement_credential, issuer_profile, iso
from .models import IssuedCredential


@dataclass
class TranscriptRow:
    decision: MasteryDecision | None  # None: mastered by roll-up (its parts are mastered)
    competency: Competency
    framework: Framework
    level_label: str
    mastered_on: date | None  # the day the learner showed it (standing.engine.mastery_for)

    @property
    def level(self) -> int | None:
        return self.decision.level if self.decision is not None else None

    @property
    def validated_by(self) -> str:
        return getattr(self.decision, "validator_name", "") if self.decision is not None else ""


def transcript(learner, as_of: date | None = None) -> list[TranscriptRow]:
    """Every competency the learner has mastered, by its current decision or by roll-up (as every
    page reads it: standing.engine.mastery_for), by framework and code, each with the day shown;
    as of a day, by the decisions taken by its end."""
    mastered = mastery_for([learner.id], as_of=as_of).get(learner.id, {})
    if not mastered:
        return []
    decisions = {d.competency_id: d for d in current_decisions([learner.id], as_of=as_of).values()
                 if d.outcome == "mastered"}
    competencies = {c.id: c for c in db.session.scalars(
        select(Competency).where(Competency.id.in_(list(mastered)))
        .options(selectinload(Competency.framework).selectinload(Framework.scale)))}
    validators = {d.validator_id for d in decisions.values()}

    names = dict(db.session.execute(select(User.id, User.name).where(User.id.in_(validators))).all())
    rows = []
    for competency_id, day in mastered.items():
        competency = competencies[competency_id]
        framework = competency.framework
        decision = decisions.get(competency_id)
        if decision is None:
            label = _("Mastered through its parts")
        else:
            decision.validator_name = names.get(decision.validator_id, "")
            label = framework.scale.label_to_show(decision.level) or str(decision.level)
        rows.append(TranscriptRow(decision, competency, framework, label, day))
    rows.sort(key=lambda r: (r.framework.title, r.competency.code or "", r.competency.statement))
    return rows


def issued_for(learner) -> list[IssuedCredential]:
    return list(db.session.scalars(select(IssuedCredential).where(IssuedCredential.learner_id == learner.id)
                                   .order_by(IssuedCredential.issued_at, IssuedCredential.id)))


def pending_decisions(learner) -> list[TranscriptRow]:
    """Validated masteries that have no credential yet."""
    issued = {c.decision_id for c in issued_for(learner)}
    return [row for row in transcript(learner) if row.decision is not None and row.decision.id not in issued]


def issue_pending(learner, actor, base_url: str) -> list[IssuedCredential]:
    """Sign and store a credential for every validated mastery of the learner that has none (flushes)."""
    rows = pending_decisions(learner)
    if not rows:
        return []
    key = keys.current_key(learner.school_id)
    private = keys.private_key(key)

    school = db.session.get(School, learner.school_id)
    created = []
    now = iso(utcnow())
    for row in rows:
        credential_uuid = str(uuid.uuid4())
        evidence_urls = [evidence_url(base_url, learner, row.competency)]
        document = achievement_credential(
            credential_uuid=credential_uuid, base_url=base_url, decision=row.decision, learner=learner,
            competency=row.competency, framework=row.framework, scale=row.framework.scale, school=school,
            evidence_urls=evidence_urls,
            domain=educator_domain(row.competency) if row.framework.is_educator_framework else None)
        issued = IssuedCredential(uuid=credential_uuid, decision_id=row.decision.id, learner_id=learner.id,
                                  signing_key_id=key.id, document={}, issued_by_id=getattr(actor, "id", None))
        db.session.add(issued)
        db.session.flush()  # its id is its bit in the school's status list, named in what is signed
        document["credentialStatus"] = status_list.status_entry(base_url, school.id, issued.id)
        method = f"{document['issuer']['id']}#{key.public_multibase}"
        issued.document = proof.sign(document, private, method, now)
        created.append(issued)
    db.session.flush()
    return created


def evidence_url(base_url: str, learner, competency) -> str:
    """The page of the evidence a mastery credential cites (the learner's evidence on the competency)."""
    return f"{base_url.rstrip('/')}/learners/{learner.id}/competencies/{competency.id}/evidence"


def educator_domain(competency):
    """The competency's top-level ancestor (an educator badge's domain), itself at the top."""
    seen = {competency.id}
    while competency.parent is not None and competency.parent.id not in seen:
        competency = competency.parent
        seen.add(competency.id)
    return competency


def credentials_response(credentials: list[IssuedCredential]) -> dict:
    """The Open Badges API getOpenBadgeCredentials response body."""
    return {"credential": [c.document for c in credentials]}


class NotRevocable(ValueError):
    """A credential that cannot be revoked as asked; the message says why."""


def revoke(credential: IssuedCredential, actor, reason: str) -> None:
    """Revoke a credential for good, with the reason (flushes): its bit is set in the status list."""
    reason = " ".join((reason or "").split())
    if credential.revoked_at is not None:
        raise NotRevocable(_("This credential was already revoked."))
    if not reason:
        raise NotRevocable(_("Say why it is revoked: the learner and the school will read it."))
    credential.revoked_at, credential.revoked_by_id, credential.revoked_reason = utcnow(), actor.id, reason[:1000]
    audit.record(actor, "credential.revoke", credential, learner_id=credential.learner_id, reason=reason[:200])
    db.session.flush()


def status_list_credential(school: School, base_url: str) -> dict:
    """The school's signed BitstringStatusListCredential: the bits of its revoked credentials set (two
    statements: the school's revoked and highest credential ids)."""
    mine = select(IssuedCredential.id).join(Learner, Learner.id == IssuedCredential.learner_id).where(
        Learner.school_id == school.id)
    revoked = list(db.session.scalars(mine.where(IssuedCredential.revoked_at.is_not(None))))
    highest = db.session.scalar(select(func.max(mine.subquery().c.id))) or 0
    key = keys.active_key(school.id)
    if key is None:  # it has issued nothing: no list to publish (and an anonymous reader makes no key)
        raise LookupError("This school has issued no credential, so it publishes no status list.")
    issuer_id = issuer_profile(base_url, school)["id"]
    url = status_list.list_url(base_url, school.id)
    now = iso(utcnow())
    document = status_list.list_credential(url, issuer_id, status_list.encode(revoked, at_least=highest), now)
    return proof.sign(document, keys.private_key(key), f"{issuer_id}#{key.public_multibase}", now)
