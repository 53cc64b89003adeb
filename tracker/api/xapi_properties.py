"""Properties an xAPI statement may have (xAPI-Data 2.2: "An LRS rejects with 400 Bad Request a
Statement ... with additional properties other than extensions"), walked object by object.

What an extension holds is the sender's own, so `extensions` is never looked into. Pure."""
AGENT = frozenset({"objectType", "name", "mbox", "mbox_sha1sum", "openid", "account"})
GROUP = AGENT | {"member"}
ACCOUNT = frozenset({"homePage", "name"})
VERB = frozenset({"id", "display"})
ACTIVITY = frozenset({"objectType", "id", "definition"})
DEFINITION = frozenset({"name", "description", "type", "moreInfo", "extensions", "interactionType",
                        "correctResponsesPattern", "choices", "scale", "source", "target", "steps"})
COMPONENT = frozenset({"id", "description"})
COMPONENT_LISTS = ("choices", "scale", "source", "target", "steps")
RESULT = frozenset({"score", "success", "completion", "response", "duration", "extensions"})
SCORE = frozenset({"scaled", "raw", "min", "max"})
# contextAgents and contextGroups are xAPI 2.0's; a 1.0.3 tool never sends them.
CONTEXT = frozenset({"registration", "instructor", "team", "contextActivities", "revision", "platform", "language",
                     "statement", "extensions", "contextAgents", "contextGroups"})
CONTEXT_ACTIVITIES = frozenset({"parent", "grouping", "category", "other"})
STATEMENT_REF = frozenset({"objectType", "id"})
ATTACHMENT = frozenset({"usageType", "display", "description", "contentType", "length", "sha2", "fileUrl"})
SUB_STATEMENT = frozenset({"objectType", "actor", "verb", "object", "result", "context", "timestamp", "attachments"})
STATEMENT = frozenset({"id", "actor", "verb", "object", "result", "context", "timestamp", "stored", "authority",
                       "version", "attachments"})


def first_unknown(statement: dict) -> str | None:
    """The path of the first property the spec does not define ("context.foo"), or None."""
    return _statement(statement, "", STATEMENT)


def _extra(obj, allowed, where: str) -> str | None:
    if not isinstance(obj, dict):
        return None  # the shape checks name what is wrong with it
    for key in obj:
        if key not in allowed:
            return f"{where}.{key}" if where else key
    return None


def _path(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


def _statement(statement, where: str, allowed) -> str | None:
    found = _extra(statement, allowed, where)
    if found or not isinstance(statement, dict):
        return found
    for key in ("actor", "authority"):
        found = found or _agent(statement.get(key), _path(where, key))
    found = found or _extra(statement.get("verb"), VERB, _path(where, "verb"))
    found = found or _object(statement.get("object"), _path(where, "object"))
    result = statement.get("result")
    found = found or _extra(result, RESULT, _path(where, "result"))
    if isinstance(result, dict):
        found = found or _extra(result.get("score"), SCORE, _path(where, "result.score"))
    found = found or _context(statement.get("context"), _path(where, "context"))
    for index, attachment in enumerate(statement.get("attachments") or []
                                       if isinstance(statement.get("attachments"), list) else []):
        found = found or _extra(attachment, ATTACHMENT, f"{_path(where, 'attachments')}[{index}]")
    return found


def _agent(actor, where: str) -> str | None:
    if not isinstance(actor, dict):
        return None
    found = _extra(actor, GROUP if actor.get("objectType") == "Group" else AGENT, where)
    found = found or _extra(actor.get("account"), ACCOUNT, f"{where}.account")
    members = actor.get("member") if isinstance(actor.get("member"), list) else []
    for index, member in enumerate(members):
        found = found or _agent(member, f"{where}.member[{index}]")
    return found


def _activity(activity, where: str) -> str | None:
    found = _extra(activity, ACTIVITY, where)
    definition = activity.get("definition") if isinstance(activity, dict) else None
    found = found or _extra(definition, DEFINITION, f"{where}.definition")
    if isinstance(definition, dict):
        for key in COMPONENT_LISTS:
            components = definition.get(key) if isinstance(definition.get(key), list) else []
            for index, component in enumerate(components):
                found = found or _extra(component, COMPONENT, f"{where}.definition.{key}[{index}]")
    return found


def _object(target, where: str) -> str | None:
    if not isinstance(target, dict):
        return None
    kind = target.get("objectType", "Activity")
    if kind in ("Agent", "Group"):
        return _agent(target, where)
    if kind == "StatementRef":
        return _extra(target, STATEMENT_REF, where)
    if kind == "SubStatement":
        return _statement(target, where, SUB_STATEMENT)
    return _activity(target, where)


def _context(context, where: str) -> str | None:
    found = _extra(context, CONTEXT, where)
    if found or not isinstance(context, dict):
        return found
    for key in ("instructor", "team"):
        found = found or _agent(context.get(key), f"{where}.{key}")
    found = found or _extra(context.get("statement"), STATEMENT_REF, f"{where}.statement")
    activities = context.get("contextActivities")
    found = found or _extra(activities, CONTEXT_ACTIVITIES, f"{where}.contextActivities")
    if isinstance(activities, dict):
        for kind in CONTEXT_ACTIVITIES:
            listed = activities.get(kind)
            listed = listed if isinstance(listed, list) else [listed] if isinstance(listed, dict) else []
            for index, activity in enumerate(listed):
                found = found or _activity(activity, f"{where}.contextActivities.{kind}[{index}]")
    return found
