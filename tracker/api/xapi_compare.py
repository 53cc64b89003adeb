"""When two statements with one id are "the same" (xAPI-Data 2.3.1, Statement Comparison Requirements).

Differences that Statement immutability allows are ignored: what an LRS assigns (id, authority, stored,
version, a missing timestamp), an Activity's definition, a verb's display, attachments, the order of a
Group's members, the serialization of a timestamp (compared as an instant) and the case of what is
case-insensitive (a UUID, an email domain). Everything else counts as written: a result duration is
compared as text. Pure functions, no database.
"""
import json
import uuid
from datetime import datetime

IGNORED = ("id", "authority", "stored", "version", "attachments", "timestamp")


def _instant(value):
    try:
        moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return value
    return moment.timestamp() if moment.tzinfo else moment.isoformat()


def _uuid(value):
    try:
        return str(uuid.UUID(value))
    except (TypeError, ValueError, AttributeError):
        return value


def _agent(agent):
    if not isinstance(agent, dict):
        return agent
    agent = dict(agent)
    mbox = agent.get("mbox")
    if isinstance(mbox, str) and "@" in mbox:
        local, _, domain = mbox.rpartition("@")
        agent["mbox"] = f"{local}@{domain.lower()}"
    if isinstance(agent.get("mbox_sha1sum"), str):
        agent["mbox_sha1sum"] = agent["mbox_sha1sum"].lower()
    if isinstance(agent.get("member"), list):
        members = [_agent(member) for member in agent["member"]]
        agent["member"] = sorted(members, key=lambda m: json.dumps(m, sort_keys=True))
    return agent


def _object(obj):
    if not isinstance(obj, dict):
        return obj
    obj = dict(obj)
    kind = obj.get("objectType", "Activity")
    if kind == "Activity":
        obj.pop("definition", None)
        obj["objectType"] = "Activity"
    elif kind in ("Agent", "Group"):
        obj = _agent(obj)
    elif kind == "StatementRef":
        obj["id"] = _uuid(obj.get("id"))
    elif kind == "SubStatement":
        obj = _statement_body(obj)
    return obj


def _activities(activities):
    if isinstance(activities, dict):
        activities = [activities]
    return [_object(a) for a in activities] if isinstance(activities, list) else activities


def _statement_body(statement: dict) -> dict:
    body = {key: value for key, value in statement.items() if key not in IGNORED}
    if isinstance(statement.get("timestamp"), str) and statement.get("objectType") == "SubStatement":
        body["timestamp"] = _instant(statement["timestamp"])
    body["actor"] = _agent(body.get("actor"))
    if isinstance(body.get("verb"), dict):
        body["verb"] = {key: value for key, value in body["verb"].items() if key != "display"}
    body["object"] = _object(body.get("object"))
    context = body.get("context")
    if isinstance(context, dict):
        context = dict(context)
        for key in ("instructor", "team"):
            if key in context:
                context[key] = _agent(context[key])
        if "registration" in context:
            context["registration"] = _uuid(context["registration"])
        if isinstance(context.get("statement"), dict):
            context["statement"] = _object({**context["statement"], "objectType": "StatementRef"})
        if isinstance(context.get("contextActivities"), dict):
            context["contextActivities"] = {key: _activities(value)
                                            for key, value in context["contextActivities"].items()}
        body["context"] = context
    return body


def same_statement(stored: dict, received: dict) -> bool:
    """True when `received` may be the statement already `stored` under its id (answer 204/200, store
    nothing); False when it says something else (answer 409)."""
    if _statement_body(stored) != _statement_body(received):
        return False
    if "timestamp" in stored and "timestamp" in received:  # the LRS sets a missing one
        return _instant(stored["timestamp"]) == _instant(received["timestamp"])
    return True
