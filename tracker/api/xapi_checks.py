"""What an xAPI statement must look like to be taken (xAPI-Data 2.2 to 2.4, 4.0), checked before
anything is stored: InvalidStatement names the JSON path of the first problem. Pure: no database.
"""
import math
import re
import uuid
from datetime import datetime

from . import xapi_properties

IRI = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:\S+$")
SHA1_HEX = re.compile(r"^[0-9a-fA-F]{40}$")
SHA2 = re.compile(r"^[0-9a-fA-F]{56,128}$")


class InvalidStatement(ValueError):
    pass


VOIDED = "http://adlnet.gov/expapi/verbs/voided"


def _require_iri(value, where: str) -> str:
    if not isinstance(value, str) or not IRI.match(value) or len(value) > 1000:
        raise InvalidStatement(f"{where} must be an IRI (for example https://example.org/activity/1)")
    return value


def _language_map(value, where: str) -> None:
    """A language map: {"en-US": "attempted", ...}, every key and value text."""
    if not isinstance(value, dict) or not all(isinstance(tag, str) and isinstance(text, str)
                                              for tag, text in value.items()):
        raise InvalidStatement(f'{where} must be a language map such as {{"en-US": "attempted"}}')


def canonical_id(value, where: str = "id") -> str:
    """A statement id as the lower-case hyphenated UUID: "{UUID}", "urn:uuid:…" and upper case are the same id."""
    if not isinstance(value, str) or len(value) > 100:
        raise InvalidStatement(f"{where} must be a UUID")
    try:
        return str(uuid.UUID(value))
    except ValueError:
        raise InvalidStatement(f"{where} must be a UUID") from None


def check_agent(agent, where: str) -> None:
    if not isinstance(agent, dict):
        raise InvalidStatement(f"{where} must be an object")
    if agent.get("objectType", "Agent") not in ("Agent", "Group"):
        raise InvalidStatement(f"{where}.objectType must be Agent or Group")
    if "name" in agent and not isinstance(agent["name"], str):
        raise InvalidStatement(f"{where}.name must be text")
    ifis = [k for k in ("mbox", "mbox_sha1sum", "openid", "account") if k in agent]
    if agent.get("objectType") == "Group":
        members = agent.get("member")
        if members is not None or not ifis:
            if not isinstance(members, list) or (not members and not ifis):
                raise InvalidStatement(f"{where}: an anonymous Group needs a member list")
            for index, member in enumerate(members):
                if isinstance(member, dict) and member.get("objectType") == "Group":
                    raise InvalidStatement(f"{where}.member[{index}] must be an Agent (a Group holds no Group)")
                check_agent(member, f"{where}.member[{index}]")
        if not ifis:
            return
    if len(ifis) != 1:
        raise InvalidStatement(f"{where} must have exactly one of mbox, mbox_sha1sum, openid, account")
    if "mbox" in agent and not (isinstance(agent["mbox"], str) and agent["mbox"].startswith("mailto:")
                                and len(agent["mbox"]) <= 320):
        raise InvalidStatement(f"{where}.mbox must start with mailto:")
    if "mbox_sha1sum" in agent and not (isinstance(agent["mbox_sha1sum"], str)
                                        and SHA1_HEX.match(agent["mbox_sha1sum"])):
        raise InvalidStatement(f"{where}.mbox_sha1sum must be the hex SHA-1 of a mailto: address (40 hex digits)")
    if "openid" in agent:
        _require_iri(agent["openid"], f"{where}.openid")
    if "account" in agent:
        account = agent["account"]
        if not isinstance(account, dict) or not isinstance(account.get("name"), str) \
                or not isinstance(account.get("homePage"), str) or len(account["name"]) > 255:
            raise InvalidStatement(f"{where}.account needs homePage and name (text)")
        _require_iri(account["homePage"], f"{where}.account.homePage")


OBJECT_TYPES = ("Activity", "Agent", "Group", "StatementRef", "SubStatement")


DURATION = re.compile(r"^P(?=\d|T\d)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$")
LANGUAGE_TAG = re.compile(r"^[a-zA-Z]{2,8}(-[a-zA-Z0-9]{1,8})*$")


def _number(value) -> bool:
    # The range test first: 10**400 is an int that math.isfinite cannot take; nan fails it too.
    return not isinstance(value, bool) and isinstance(value, (int, float)) and -1e308 < value < 1e308 \
        and math.isfinite(value)


def _check_result(result, where: str) -> None:
    """A result (xAPI-Data 2.4.5): booleans, a text response, an ISO 8601 duration, a score whose
    scaled is in [-1, 1] and whose raw lies between min and max."""
    if not isinstance(result, dict):
        raise InvalidStatement(f"{where} must be an object")
    for key in ("success", "completion"):
        if key in result and not isinstance(result[key], bool):
            raise InvalidStatement(f"{where}.{key} must be true or false")
    if "response" in result and not isinstance(result["response"], str):
        raise InvalidStatement(f"{where}.response must be text")
    if "duration" in result and not (isinstance(result["duration"], str) and DURATION.match(result["duration"])):
        raise InvalidStatement(f"{where}.duration must be an ISO 8601 duration such as PT1H30M")
    if "extensions" in result and not isinstance(result["extensions"], dict):
        raise InvalidStatement(f"{where}.extensions must be an object")
    score = result.get("score")
    if score is None:
        return
    if not isinstance(score, dict):
        raise InvalidStatement(f"{where}.score must be an object")
    for key in ("scaled", "raw", "min", "max"):
        if key in score and not _number(score[key]):
            raise InvalidStatement(f"{where}.score.{key} must be a number")
    if "scaled" in score and not -1 <= score["scaled"] <= 1:
        raise InvalidStatement(f"{where}.score.scaled must be a number from -1 to 1")
    if "min" in score and "max" in score and not score["min"] < score["max"]:
        raise InvalidStatement(f"{where}.score.min must be less than score.max")
    if "raw" in score and ("min" in score and score["raw"] < score["min"]
                           or "max" in score and score["raw"] > score["max"]):
        raise InvalidStatement(f"{where}.score.raw must lie between score.min and score.max")


def _check_context(context, where: str, target) -> None:
    """A context (xAPI-Data 2.4.6): its people, a UUID registration, text revision and platform (only
    about an Activity), a language tag, a StatementRef, context activities, extensions."""
    if not isinstance(context, dict):
        raise InvalidStatement(f"{where} must be an object")
    if "registration" in context:
        canonical_id(context["registration"], f"{where}.registration")
    if context.get("instructor") is not None:
        check_agent(context["instructor"], f"{where}.instructor")
    if context.get("team") is not None:
        if not isinstance(context["team"], dict) or context["team"].get("objectType") != "Group":
            raise InvalidStatement(f"{where}.team must be a Group")
        check_agent(context["team"], f"{where}.team")
    for key in ("revision", "platform"):
        if key in context:
            if not isinstance(context[key], str):
                raise InvalidStatement(f"{where}.{key} must be text")
            if isinstance(target, dict) and target.get("objectType", "Activity") != "Activity":
                raise InvalidStatement(f"{where}.{key} is only for a statement about an Activity")
    if "language" in context and not (isinstance(context["language"], str) and LANGUAGE_TAG.match(context["language"])):
        raise InvalidStatement(f"{where}.language must be a language tag such as en-US")
    if "statement" in context:
        ref = context["statement"]
        if not isinstance(ref, dict) or ref.get("objectType") != "StatementRef":
            raise InvalidStatement(f"{where}.statement must be a StatementRef")
        canonical_id(ref.get("id"), f"{where}.statement.id")
    if "extensions" in context and not isinstance(context["extensions"], dict):
        raise InvalidStatement(f"{where}.extensions must be an object")
    activities = context.get("contextActivities")
    if activities is not None:
        if not isinstance(activities, dict):
            raise InvalidStatement(f"{where}.contextActivities must be an object")
        for kind, found in activities.items():
            for index, activity in enumerate(found if isinstance(found, list) else [found]):
                if isinstance(activity, dict) and activity.get("objectType", "Activity") != "Activity":
                    raise InvalidStatement(f"{where}.contextActivities.{kind}[{index}] must be an Activity")
                _validate_object(activity, f"{where}.contextActivities.{kind}[{index}]")


def _validate_object(obj, where: str) -> None:
    if not isinstance(obj, dict):
        raise InvalidStatement(f"{where} must be an object")
    object_type = obj.get("objectType", "Activity")
    if object_type not in OBJECT_TYPES:
        raise InvalidStatement(f"{where}.objectType must be one of {', '.join(OBJECT_TYPES)}")
    if object_type == "Activity":
        _require_iri(obj.get("id"), f"{where}.id")
        definition = obj.get("definition")
        if definition is not None:
            if not isinstance(definition, dict):
                raise InvalidStatement(f"{where}.definition must be an object")
            for key in ("name", "description"):
                if definition.get(key) is not None:
                    _language_map(definition[key], f"{where}.definition.{key}")
    elif object_type in ("Agent", "Group"):
        check_agent(obj, where)
    elif object_type == "StatementRef":
        canonical_id(obj.get("id"), f"{where}.id")
    else:  # a SubStatement: its actor, verb, object and context checked as a statement's
        for key in ("actor", "verb", "object"):
            if not isinstance(obj.get(key), dict):
                raise InvalidStatement(f"{where}.{key} must be an object")
        check_agent(obj["actor"], f"{where}.actor")
        _require_iri(obj["verb"].get("id"), f"{where}.verb.id")
        if obj["object"].get("objectType") == "SubStatement":
            raise InvalidStatement(f"{where}.object cannot be another SubStatement")
        _validate_object(obj["object"], f"{where}.object")
        if obj.get("result") is not None:
            _check_result(obj["result"], f"{where}.result")
        if obj.get("context") is not None:
            _check_context(obj["context"], f"{where}.context", obj["object"])


def validate(statement) -> None:
    """Raise InvalidStatement with the path of the first problem (xAPI 1.0.3 / 2.0 structure).

    Every field the intake reads is checked for its shape here, so a statement that passes
    cannot fail later (a verb.display that is a list, an object id that is an object)."""
    if not isinstance(statement, dict):
        raise InvalidStatement("each statement must be a JSON object")
    if "id" in statement:
        canonical_id(statement["id"])
    for key in ("actor", "verb", "object"):
        if key not in statement:
            raise InvalidStatement(f"{key} is required")
    check_agent(statement["actor"], "actor")
    verb = statement["verb"]
    if not isinstance(verb, dict):
        raise InvalidStatement("verb must be an object")
    _require_iri(verb.get("id"), "verb.id")
    if verb.get("display") is not None:
        _language_map(verb["display"], "verb.display")
    _validate_object(statement["object"], "object")
    if verb["id"] == VOIDED and statement["object"].get("objectType") != "StatementRef":
        raise InvalidStatement("object.objectType must be StatementRef in a voiding statement (verb voided)")
    if statement.get("result") is not None:
        _check_result(statement["result"], "result")
    if "timestamp" in statement:
        _parse_timestamp(statement["timestamp"])
    if statement.get("context") is not None:
        _check_context(statement["context"], "context", statement["object"])
    if statement.get("authority") is not None:
        check_agent(statement["authority"], "authority")
    if "attachments" in statement:
        _check_attachments(statement["attachments"], "attachments")
    unknown = xapi_properties.first_unknown(statement)
    if unknown:
        raise InvalidStatement(f"{unknown} is not a property xAPI defines (only extensions may hold others)")


def _parse_timestamp(value) -> datetime:
    if not isinstance(value, str):
        raise InvalidStatement("timestamp must be an ISO 8601 date-time")
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise InvalidStatement("timestamp must be an ISO 8601 date-time") from None


def _check_attachments(attachments, where: str) -> None:
    """A statement's attachments (xAPI-Data 2.4.11): attachment data travels in a multipart/mixed
    request, which this LRS does not take, so each attachment must point at its content with
    `fileUrl`; every field is checked for its shape."""
    if not isinstance(attachments, list):
        raise InvalidStatement(f"{where} must be a list")
    for index, attachment in enumerate(attachments):
        here = f"{where}[{index}]"
        if not isinstance(attachment, dict):
            raise InvalidStatement(f"{here} must be an object")
        _require_iri(attachment.get("usageType"), f"{here}.usageType")
        _language_map(attachment.get("display"), f"{here}.display")
        if attachment.get("description") is not None:
            _language_map(attachment["description"], f"{here}.description")
        if not isinstance(attachment.get("contentType"), str) or "/" not in attachment["contentType"]:
            raise InvalidStatement(f"{here}.contentType must be an Internet Media Type such as text/plain")
        length = attachment.get("length")
        if isinstance(length, bool) or not isinstance(length, int) or length < 0:
            raise InvalidStatement(f"{here}.length must be a whole number of octets")
        if not isinstance(attachment.get("sha2"), str) or not SHA2.match(attachment["sha2"]):
            raise InvalidStatement(f"{here}.sha2 must be the SHA-2 hash of the content, in hexadecimal")
        if "fileUrl" not in attachment:
            raise InvalidStatement(f"{here}.fileUrl is required here: this LRS does not take attachment data "
                          "(multipart/mixed), so an attachment must say where its content is")
        _require_iri(attachment["fileUrl"], f"{here}.fileUrl")
