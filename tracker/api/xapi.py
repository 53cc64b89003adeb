"""xAPI statements from other learning tools become evidence with context "online".

The statement's object id is looked up in the admin's mappings (XapiMapping) to find the
competency; its actor (mbox or account name) finds the learner; `result.score.scaled` becomes
a level on the framework's scale. Anything that cannot be placed is kept as unmatched, with the
reason, for an admin to see: never dropped. Structurally invalid statements are refused (400).
"""
import hashlib
import uuid
from datetime import date

from sqlalchemy import func, select

from ..auth import policy
from ..auth.models import User
from ..evidence import service as evidence_service
from ..evidence.models import Evidence
from ..extensions import db
from ..rosters.models import Learner
from .models import XapiMapping, XapiStatement
from .xapi_checks import (  # noqa: F401  (the intake's names, as views and tests use them)
    IRI, VOIDED, InvalidStatement, _parse_timestamp, canonical_id, check_agent, validate,
)
from .xapi_compare import same_statement
from .xapi_format import as_stored

MAX_STATEMENTS = 500


class ConflictingStatement(ValueError):
    """A statement id already stored with other content (xAPI: 409 Conflict)."""


class VoidingRefused(PermissionError):
    """The sender may not void that statement (xAPI: 403 Forbidden; the whole request is refused)."""



def level_from_scaled(scaled: float, levels: list[int]) -> int:
    """Equal bands over the scale: on a 1-4 scale 0-0.25 → 1, 0.25-0.5 → 2, 0.5-0.75 → 3, 0.75-1 → 4.
    Negative scores count as the lowest level."""
    ordered = sorted(levels)
    index = min(len(ordered) - 1, int(max(0.0, scaled) * len(ordered)))
    return ordered[index]


def _identifier(agent: dict) -> str | None:
    if isinstance(agent.get("mbox"), str):
        local, _, domain = agent["mbox"].rpartition("@")
        return f"mbox:{local}@{domain.lower()}"
    if isinstance(agent.get("mbox_sha1sum"), str):
        return f"mbox_sha1sum:{agent['mbox_sha1sum'].lower()}"
    if isinstance(agent.get("openid"), str):
        return f"openid:{agent['openid']}"
    account = agent.get("account")
    if isinstance(account, dict):
        return f"account:{account.get('homePage')}|{account.get('name')}"
    return None


def actor_key(agent: dict) -> str | None:
    """The SHA-256 of the agent's identifier ("mbox:mailto:…", "account:homePage|name"): one short
    indexed value, whatever the identifier's length, for GET /xapi/statements?agent=…; None without one."""
    identifier = _identifier(agent) if isinstance(agent, dict) else None
    return hashlib.sha256(identifier.encode()).hexdigest() if identifier else None


class LearnerFinder:
    """Finds the learner a statement's actor names: mbox (email), mbox_sha1sum (SHA-1 of "mailto:" + email)
    or account name (sourced id or student number). The SHA-1 index is built once per request, when the
    first mbox_sha1sum actor arrives: one query whatever the batch size."""

    def __init__(self):
        self._by_sha1 = None

    def _sha1_index(self) -> dict[str, int]:
        if self._by_sha1 is None:
            rows = db.session.execute(select(User.email, Learner.id).join(Learner, Learner.user_id == User.id)
                                      .where(User.email.is_not(None)))
            self._by_sha1 = {}
            for email, learner_id in rows:
                for spelling in {email, email.strip().lower()}:
                    self._by_sha1[hashlib.sha1(f"mailto:{spelling}".encode()).hexdigest()] = learner_id
        return self._by_sha1

    def find(self, actor: dict) -> Learner | None:
        if "mbox" in actor:
            email = actor["mbox"][len("mailto:"):].strip().lower()
            return db.session.scalar(select(Learner).join(User, User.id == Learner.user_id)
                                     .where(func.lower(User.email) == email))
        if "mbox_sha1sum" in actor:
            learner_id = self._sha1_index().get(actor["mbox_sha1sum"].strip().lower())
            return db.session.get(Learner, learner_id) if learner_id else None
        if "account" in actor:
            name = actor["account"]["name"]
            return db.session.scalar(select(Learner).where(
                (Learner.sourced_id == name) | (Learner.student_number == name)))
        return None


def _by_statement_id(statement_id: str) -> XapiStatement | None:
    return db.session.scalar(select(XapiStatement).where(XapiStatement.statement_id == statement_id))


def _void(actor_user, target: XapiStatement) -> None:
    """Mark `target` voided and withdraw its evidence through the evidence service (a soft delete: the
    record and its history stay; estimates and flags follow the evidence service's own refresh)."""
    target.voided = True
    if target.evidence_id is not None:
        evidence = db.session.get(Evidence, target.evidence_id)
        if evidence is not None:
            evidence_service.delete_evidence(actor_user, evidence)


def receive(actor_user, statement: dict, finder: LearnerFinder | None = None) -> XapiStatement:
    """Store one valid statement; record evidence when it maps to a learner and a competency (flushes).

    The id is kept as the canonical UUID, so "{UUID}" and "urn:uuid:UUID" are the same statement:
    sent again and the same by the spec's comparison rule (xapi_compare), nothing changes; with other
    content it raises ConflictingStatement and nothing is stored. A voiding statement voids its target
    and withdraws the target's evidence; voiding a voiding statement raises InvalidStatement, voiding
    what the sender may not, VoidingRefused. A statement voided before it arrives records no evidence."""
    finder = finder or LearnerFinder()
    statement = as_stored(statement)
    statement["id"] = canonical_id(statement["id"]) if "id" in statement else str(uuid.uuid4())
    existing = _by_statement_id(statement["id"])
    if existing is not None:
        if not same_statement(existing.raw, statement):
            raise ConflictingStatement(f"id {statement['id']} is already stored with other content")
        return existing  # the same statement sent twice is recorded once
    obj = statement["object"]
    activity_id = obj["id"] if obj.get("objectType", "Activity") == "Activity" else None
    row = XapiStatement(statement_id=statement["id"], activity_id=activity_id, raw=statement,
                        received_by_id=actor_user.id, status="unmatched", verb_id=statement["verb"]["id"],
                        actor_key=actor_key(statement["actor"]),
                        registration=canonical_id((statement.get("context") or {})["registration"])
                        if "registration" in (statement.get("context") or {}) else None)
    if obj.get("objectType") == "StatementRef":
        row.object_statement_id = canonical_id(obj["id"], "object.id")
    if statement["verb"]["id"] == VOIDED:
        target_id = canonical_id(obj["id"], "object.id")
        target = _by_statement_id(target_id)
        if target is not None and target.voids_statement_id is not None:
            raise InvalidStatement(f"object.id {target_id} is itself a voiding statement, which cannot be voided")
        if target is not None and not policy.can_void_statement(actor_user, target):
            raise VoidingRefused(f"object.id: the sender may not void statement {target_id}")
        row.status, row.voids_statement_id = "voiding", target_id
        db.session.add(row)
        if target is not None:
            _void(actor_user, target)
        db.session.flush()
        return row
    db.session.add(row)
    mapping = db.session.scalar(select(XapiMapping).where(XapiMapping.activity_id == activity_id)) \
        if activity_id else None
    learner = finder.find(statement["actor"])
    row.learner_id = learner.id if learner is not None else None
    voided_already = db.session.scalar(select(XapiStatement.id).where(
        XapiStatement.voids_statement_id == statement["id"]))
    if voided_already is not None:
        row.voided, row.reason = True, "A voiding statement for this statement arrived first: no evidence."
    elif mapping is None:
        row.reason = "No competency is mapped to this activity id."
    elif learner is None:
        row.reason = "No learner matches the statement's actor (mbox, mbox_sha1sum or account name)."
    elif not policy.can_teach_learner(actor_user, learner):
        row.reason = "The token's user may not record evidence for this learner."
    elif not evidence_service.takes_evidence(learner, mapping.competency.framework):
        row.reason = ("This learner's evidence cannot be recorded on the mapped competency: its framework is "
                      "retired, or is an educator framework for a student (or the reverse).")
    else:
        competency = mapping.competency
        scaled = ((statement.get("result") or {}).get("score") or {}).get("scaled")
        observed = _parse_timestamp(statement["timestamp"]).date() if "timestamp" in statement else date.today()
        verb = statement["verb"]
        verb_name = next(iter((verb.get("display") or {}).values()), None) or verb["id"].rsplit("/", 1)[-1]
        activity_name = next(iter(((obj.get("definition") or {}).get("name") or {}).values()),
                             None) or activity_id
        feedback = f"From another learning tool: {verb_name} “{activity_name}”"
        if scaled is not None:
            feedback += f" (score {scaled:.0%})"
        level = level_from_scaled(scaled, [lvl.number for lvl in competency.framework.scale.levels]) \
            if scaled is not None else None
        link = activity_id if activity_id.lower().startswith(("http://", "https://")) else None
        evidence = evidence_service.create_evidence(
            actor_user, learner, competency, observed_on=min(observed, date.today()), level=level,
            feedback=feedback, context="online", link_url=link, source="xapi",
            status="accepted" if level is not None else "to_review")
        row.status, row.evidence_id, row.reason = "matched", evidence.id, None
    db.session.flush()
    return row


def unmatched(limit: int = 200) -> list[XapiStatement]:
    return list(db.session.scalars(select(XapiStatement).where(XapiStatement.status == "unmatched")
                                   .order_by(XapiStatement.received_at.desc()).limit(limit)))
