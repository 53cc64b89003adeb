"""xAPI statements from other learning tools become evidence with context "online".

The statement's object id is looked up in the admin's mappings (XapiMapping) to find the
competency; its actor (mbox or account name) finds the learner; `result.score.scaled` becomes
a level on the framework's scale. Anything that cannot be placed is kept as unmatched, with the
reason, for an admin to see: never dropped. Structurally invalid statements are refused (400).
"""
import math
import re
import uuid
from datetime import date, datetime

from sqlalchemy import func, select

from ..auth import policy
from ..auth.models import User
from ..evidence import service as evidence_service
from ..extensions import db
from ..rosters.models import Learner
from .models import XapiMapping, XapiStatement

IRI = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:\S+$")
MAX_STATEMENTS = 500


class InvalidStatement(ValueError):
    pass


def _require_iri(value, where: str) -> str:
    if not isinstance(value, str) or not IRI.match(value) or len(value) > 1000:
        raise InvalidStatement(f"{where} must be an IRI (for example https://example.org/activity/1)")
    return value


def _agent_ifi(agent, where: str) -> None:
    if not isinstance(agent, dict):
        raise InvalidStatement(f"{where} must be an object")
    ifis = [k for k in ("mbox", "mbox_sha1sum", "openid", "account") if k in agent]
    if agent.get("objectType") == "Group" and not ifis:
        if not isinstance(agent.get("member"), list) or not agent["member"]:
            raise InvalidStatement(f"{where}: an anonymous Group needs a member list")
        return
    if len(ifis) != 1:
        raise InvalidStatement(f"{where} must have exactly one of mbox, mbox_sha1sum, openid, account")
    if "mbox" in agent and not (isinstance(agent["mbox"], str) and agent["mbox"].startswith("mailto:")):
        raise InvalidStatement(f"{where}.mbox must start with mailto:")
    if "account" in agent:
        account = agent["account"]
        if not isinstance(account, dict) or not isinstance(account.get("name"), str) \
                or not isinstance(account.get("homePage"), str):
            raise InvalidStatement(f"{where}.account needs homePage and name")


def validate(statement) -> None:
    """Raise InvalidStatement with the path of the first problem (xAPI 1.0.3 / 2.0 structure)."""
    if not isinstance(statement, dict):
        raise InvalidStatement("each statement must be a JSON object")
    if "id" in statement:
        try:
            uuid.UUID(str(statement["id"]))
        except ValueError:
            raise InvalidStatement("id must be a UUID") from None
    for key in ("actor", "verb", "object"):
        if key not in statement:
            raise InvalidStatement(f"{key} is required")
    _agent_ifi(statement["actor"], "actor")
    verb = statement["verb"]
    if not isinstance(verb, dict):
        raise InvalidStatement("verb must be an object")
    _require_iri(verb.get("id"), "verb.id")
    obj = statement["object"]
    if not isinstance(obj, dict):
        raise InvalidStatement("object must be an object")
    if obj.get("objectType", "Activity") == "Activity":
        _require_iri(obj.get("id"), "object.id")
    result = statement.get("result")
    if result is not None:
        if not isinstance(result, dict):
            raise InvalidStatement("result must be an object")
        score = result.get("score")
        if score is not None:
            if not isinstance(score, dict):
                raise InvalidStatement("result.score must be an object")
            scaled = score.get("scaled")
            if scaled is not None and (isinstance(scaled, bool) or not isinstance(scaled, (int, float))
                                       or not math.isfinite(scaled) or not -1 <= scaled <= 1):
                raise InvalidStatement("result.score.scaled must be a number from -1 to 1")
    if "timestamp" in statement:
        _parse_timestamp(statement["timestamp"])


def _parse_timestamp(value) -> datetime:
    if not isinstance(value, str):
        raise InvalidStatement("timestamp must be an ISO 8601 date-time")
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise InvalidStatement("timestamp must be an ISO 8601 date-time") from None


def level_from_scaled(scaled: float, levels: list[int]) -> int:
    """Equal bands over the scale: on a 1-4 scale 0-0.25 → 1, 0.25-0.5 → 2, 0.5-0.75 → 3, 0.75-1 → 4.
    Negative scores count as the lowest level."""
    ordered = sorted(levels)
    index = min(len(ordered) - 1, int(max(0.0, scaled) * len(ordered)))
    return ordered[index]


def _find_learner(actor: dict) -> Learner | None:
    if "mbox" in actor:
        email = actor["mbox"][len("mailto:"):].strip().lower()
        return db.session.scalar(select(Learner).join(User, User.id == Learner.user_id)
                                 .where(func.lower(User.email) == email))
    if "account" in actor:
        name = actor["account"]["name"]
        return db.session.scalar(select(Learner).where(
            (Learner.sourced_id == name) | (Learner.student_number == name)))
    return None


def receive(actor_user, statement: dict) -> XapiStatement:
    """Store one valid statement; record evidence when it maps to a learner and a competency (flushes)."""
    statement = dict(statement)
    statement.setdefault("id", str(uuid.uuid4()))
    existing = db.session.scalar(select(XapiStatement).where(XapiStatement.statement_id == str(statement["id"])))
    if existing is not None:
        return existing  # the same statement sent twice is recorded once
    activity_id = statement["object"].get("id")
    row = XapiStatement(statement_id=str(statement["id"]), activity_id=activity_id, raw=statement,
                        received_by_id=actor_user.id, status="unmatched")
    db.session.add(row)
    mapping = db.session.scalar(select(XapiMapping).where(XapiMapping.activity_id == activity_id)) \
        if activity_id else None
    learner = _find_learner(statement["actor"])
    if mapping is None:
        row.reason = "No competency is mapped to this activity id."
    elif learner is None:
        row.reason = "No learner matches the statement's actor (mbox email or account name)."
    elif not policy.can_teach_learner(actor_user, learner):
        row.reason = "The token's user may not record evidence for this learner."
    else:
        competency = mapping.competency
        scaled = ((statement.get("result") or {}).get("score") or {}).get("scaled")
        observed = _parse_timestamp(statement["timestamp"]).date() if "timestamp" in statement else date.today()
        verb = statement["verb"]
        verb_name = next(iter((verb.get("display") or {}).values()), None) or verb["id"].rsplit("/", 1)[-1]
        activity_name = next(iter(((statement["object"].get("definition") or {}).get("name") or {}).values()),
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
