"""The `format` of GET /xapi/statements (xAPI-Communication 2.1.3 and 2.1.3.s4), pure: dicts in, dicts out.

- "exact": the statement as received (the default).
- "ids": only what identifies each Agent, Group, Activity and Verb: an Agent or identified Group keeps
  its one identifier, an anonymous Group its members' identifiers, an Activity and a Verb their ids.
- "canonical": every language map of a Verb or an Activity (display, name, description, the
  descriptions of an interaction's components) holds one language: the one the Accept-Language header
  prefers, chosen map by map as RFC 2616 section 14.4 chooses for a whole response. Agents and Groups
  stay as received. We keep no canonical definitions of our own, so an Activity's is the one it came with.
"""
from copy import deepcopy

FORMATS = ("exact", "ids", "canonical")
IDENTIFIERS = ("mbox", "mbox_sha1sum", "openid", "account")
COMPONENT_LISTS = ("choices", "scale", "source", "target", "steps")
CONTEXT_ACTIVITY_KINDS = ("parent", "grouping", "category", "other")


def accepted_languages(header: str | None) -> list[str]:
    """The language ranges of an Accept-Language header, most wanted first (q=0 left out; equal
    weights keep their order). A malformed weight counts as 1, as most servers read it."""
    ranges = []
    for position, part in enumerate((header or "").split(",")):
        tag, _, params = part.strip().partition(";")
        tag = tag.strip()
        if not tag:
            continue
        weight = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name.strip().lower() == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 1.0
        if weight > 0:
            ranges.append((-weight, position, tag.lower()))
    return [tag for _w, _p, tag in sorted(ranges)]


def chosen_language(language_map: dict, languages: list[str]) -> str | None:
    """The key of the map the ranges prefer: the same tag, else a tag the range is a prefix of
    ("en" matches "en-US"), "*" any; with no match (or no header), the first entry."""
    if not language_map:
        return None
    keys = list(language_map)
    for wanted in languages:
        for key in keys:
            lowered = key.lower()
            if wanted == "*" or lowered == wanted or lowered.startswith(wanted + "-"):
                return key
    return keys[0]


def as_stored(statement: dict) -> dict:
    """The statement as the LRS keeps and gives it back: each contextActivities value a list, also
    where a single Activity came (xAPI-Data 2.4.6.2: "the LRS returns every value ... as an array"),
    in the statement and in a SubStatement object. A copy when anything changes."""
    def lists(context):
        activities = context.get("contextActivities") if isinstance(context, dict) else None
        if not isinstance(activities, dict) or not any(isinstance(v, dict) for v in activities.values()):
            return context
        return {**context, "contextActivities": {kind: [value] if isinstance(value, dict) else value
                                                 for kind, value in activities.items()}}

    changed = dict(statement)
    if "context" in changed:
        changed["context"] = lists(changed["context"])
    target = changed.get("object")
    if isinstance(target, dict) and target.get("objectType") == "SubStatement" and "context" in target:
        changed["object"] = {**target, "context": lists(target["context"])}
    return changed


def shaped(statement: dict, fmt: str, languages: list[str] | None = None) -> dict:
    """The statement in the asked format (a copy; the stored statement is never changed)."""
    if fmt == "ids":
        return _statement(deepcopy(statement), _agent_ids, _activity_ids, _verb_ids)
    if fmt == "canonical":
        languages = languages or []
        return _statement(deepcopy(statement), lambda actor: actor,
                          lambda activity: _activity_in(activity, languages),
                          lambda verb: _verb_in(verb, languages))
    return statement


def _statement(statement: dict, agent, activity, verb) -> dict:
    """Apply the three shapers to every Agent/Group, Activity and Verb of a statement or a SubStatement."""
    for key in ("actor", "authority"):
        if isinstance(statement.get(key), dict):
            statement[key] = agent(statement[key])
    if isinstance(statement.get("verb"), dict):
        statement["verb"] = verb(statement["verb"])
    target = statement.get("object")
    if isinstance(target, dict):
        kind = target.get("objectType", "Activity")
        if kind == "Activity":
            statement["object"] = activity(target)
        elif kind in ("Agent", "Group"):
            statement["object"] = agent(target)
        elif kind == "SubStatement":
            statement["object"] = _statement(target, agent, activity, verb)
    context = statement.get("context")
    if isinstance(context, dict):
        for key in ("instructor", "team"):
            if isinstance(context.get(key), dict):
                context[key] = agent(context[key])
        activities = context.get("contextActivities")
        if isinstance(activities, dict):
            for kind in CONTEXT_ACTIVITY_KINDS:
                found = activities.get(kind)
                if isinstance(found, list):
                    activities[kind] = [activity(a) if isinstance(a, dict) else a for a in found]
                elif isinstance(found, dict):
                    activities[kind] = activity(found)
    return statement


def _agent_ids(actor: dict) -> dict:
    kept = {key: actor[key] for key in IDENTIFIERS if key in actor}
    if "objectType" in actor:
        kept = {"objectType": actor["objectType"], **kept}
    if actor.get("objectType") == "Group" and not any(key in actor for key in IDENTIFIERS):
        kept["member"] = [_agent_ids(member) for member in actor.get("member") or [] if isinstance(member, dict)]
    return kept


def _activity_ids(activity: dict) -> dict:
    return {"id": activity["id"]} if "id" in activity else activity


def _verb_ids(verb: dict) -> dict:
    return {"id": verb["id"]} if "id" in verb else verb


def _one_language(language_map, languages: list[str]):
    if not isinstance(language_map, dict) or not language_map:
        return language_map
    key = chosen_language(language_map, languages)
    return {key: language_map[key]}


def _verb_in(verb: dict, languages: list[str]) -> dict:
    if "display" in verb:
        verb["display"] = _one_language(verb["display"], languages)
    return verb


def _activity_in(activity: dict, languages: list[str]) -> dict:
    definition = activity.get("definition")
    if isinstance(definition, dict):
        for key in ("name", "description"):
            if key in definition:
                definition[key] = _one_language(definition[key], languages)
        for key in COMPONENT_LISTS:
            for component in definition.get(key) or []:
                if isinstance(component, dict) and "description" in component:
                    component["description"] = _one_language(component["description"], languages)
    return activity
