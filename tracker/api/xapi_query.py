"""GET /xapi/statements: one statement by id or voided id, or a filtered list with `more` paging.

A teacher reads the statements it (its tools) sent; an admin reads every one. Voided statements are left
out of lists and found only by voidedStatementId (xAPI-Communication 2.1.3). `more` is a continuation
URL that repeats the filters with a cursor (the last row shown), so paging costs one query a page.
"""
import json
from dataclasses import dataclass
from datetime import datetime, timezone
from urllib.parse import urlencode

from sqlalchemy import select
from sqlalchemy.orm import aliased

from ..auth import policy
from ..extensions import db
from ..timeutil import utcnow
from .models import XapiStatement
from .xapi import IRI, InvalidStatement, actor_key, canonical_id, check_agent
from .xapi_format import FORMATS

MAX_LIMIT = 100
FILTERS = ("agent", "verb", "activity", "registration", "since", "until", "limit", "ascending")
SINGLE = ("statementId", "voidedStatementId")
SHAPE = ("format", "attachments")  # how the answer is given: allowed beside statementId too
# Checked (true or false) and not acted on: we keep no index of the agents and activities a
# statement names beyond its actor and object, so the broad matches are not offered.
BROAD = ("related_activities", "related_agents")
BOOLEANS = ("ascending", "attachments") + BROAD


class InvalidQuery(ValueError):
    def __init__(self, errors: dict):
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


@dataclass
class Query:
    statement_id: str | None = None
    voided_statement_id: str | None = None
    actor_key: str | None = None
    verb: str | None = None
    activity: str | None = None
    registration: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    limit: int = MAX_LIMIT
    ascending: bool = False
    after: int | None = None  # the cursor behind `more`
    format: str = "exact"  # xapi_format.FORMATS
    attachments: bool = False  # answer as multipart/mixed (xAPI-Communication 2.1.3.s2.b6)


def _instant(value: str, name: str) -> datetime:
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise InvalidQuery({name: "must be an ISO 8601 date-time such as 2026-01-31T12:00:00Z"}) from None
    if moment.tzinfo is not None:
        moment = moment.astimezone(timezone.utc).replace(tzinfo=None)
    return moment


def parse(args) -> Query:
    """The query string as a Query; InvalidQuery names the first bad parameter."""
    known = set(FILTERS) | set(SINGLE) | set(SHAPE) | set(BROAD) | {"more"}
    unknown = sorted(set(args) - known)
    if unknown:
        raise InvalidQuery({unknown[0]: "is not a parameter of the statements resource"})
    for name in BOOLEANS:
        if name in args and args[name] not in ("true", "false"):
            raise InvalidQuery({name: "must be true or false"})
    query = Query(attachments=args.get("attachments") == "true")
    if "format" in args:
        if args["format"] not in FORMATS:
            raise InvalidQuery({"format": "must be one of " + ", ".join(FORMATS)})
        query.format = args["format"]
    for name in SINGLE:
        if name in args:
            others = [key for key in args if key not in (name, *SHAPE)]
            if others:
                raise InvalidQuery({name: f"cannot be combined with {', '.join(others)}"})
            try:
                value = canonical_id(args[name], name)
            except InvalidStatement as error:
                raise InvalidQuery({name: str(error)}) from None
            setattr(query, "statement_id" if name == "statementId" else "voided_statement_id", value)
            return query
    if "agent" in args:
        try:
            agent = json.loads(args["agent"])
            check_agent(agent, "agent")
        except (ValueError, InvalidStatement) as error:
            raise InvalidQuery({"agent": f"must be a JSON Agent with one identifier ({error})"}) from None
        query.actor_key = actor_key(agent)
    for name in ("verb", "activity"):
        if name in args:
            if not IRI.match(args[name]) or len(args[name]) > 1000:
                raise InvalidQuery({name: "must be an IRI"})
            setattr(query, name, args[name])
    if "registration" in args:
        try:
            query.registration = canonical_id(args["registration"], "registration")
        except InvalidStatement as error:
            raise InvalidQuery({"registration": str(error)}) from None
    for name in ("since", "until"):
        if name in args:
            setattr(query, name, _instant(args[name], name))
    if "limit" in args:
        if not args["limit"].isdigit() or len(args["limit"]) > 6:
            raise InvalidQuery({"limit": f"must be a whole number from 0 to {MAX_LIMIT} (0: the most we give)"})
        query.limit = min(int(args["limit"]) or MAX_LIMIT, MAX_LIMIT)
    query.ascending = args.get("ascending") == "true"
    if "more" in args:
        if not args["more"].isdigit() or len(args["more"]) > 10:
            raise InvalidQuery({"more": "is not a continuation this server gave"})
        query.after = int(args["more"])
    return query


def _visible(user):
    return select(XapiStatement).where(policy.readable_statements_condition(user))


def one(user, query: Query) -> XapiStatement | None:
    """The statement asked for by statementId (not voided) or voidedStatementId (voided), if the user may read it."""
    wanted = query.statement_id or query.voided_statement_id
    return db.session.scalar(_visible(user).where(XapiStatement.statement_id == wanted,
                                                  XapiStatement.voided.is_(query.voided_statement_id is not None)))


def page(user, query: Query) -> tuple[list[XapiStatement], int | None]:
    """One page of statements and the cursor for the next (None when this is the last). One query.

    A statement whose object is a StatementRef matches the agent, verb, activity and registration
    filters when the statement it targets does, and so on down the chain (xAPI-Communication
    2.1.3.s3): a recursive query of the matching ids. Targets count even when voided (2.1.4.s1.b2);
    the time filters, the cursor and the limit apply to the statements themselves."""
    statement = _visible(user).where(XapiStatement.voided.is_(False))
    conditions = [column == value for column, value in (
        (XapiStatement.actor_key, query.actor_key), (XapiStatement.verb_id, query.verb),
        (XapiStatement.activity_id, query.activity), (XapiStatement.registration, query.registration))
        if value]
    if conditions:
        matching = select(XapiStatement.statement_id).where(*conditions).cte("matching", recursive=True)
        targeting = aliased(XapiStatement)
        matching = matching.union(select(targeting.statement_id).join(
            matching, targeting.object_statement_id == matching.c.statement_id))
        statement = statement.where(XapiStatement.statement_id.in_(select(matching.c.statement_id)))
    if query.since:
        statement = statement.where(XapiStatement.received_at > query.since)
    if query.until:
        statement = statement.where(XapiStatement.received_at <= query.until)
    if query.after is not None:
        statement = statement.where(XapiStatement.id > query.after if query.ascending
                                    else XapiStatement.id < query.after)
    order = XapiStatement.id.asc() if query.ascending else XapiStatement.id.desc()
    rows = list(db.session.scalars(statement.order_by(order).limit(query.limit + 1)))
    if len(rows) > query.limit:
        return rows[:query.limit], rows[query.limit - 1].id
    return rows, None


def more_url(args, cursor: int | None) -> str:
    """The continuation URL: the same filters, from after the last statement shown; "" on the last page."""
    if cursor is None:
        return ""
    kept = [(key, value) for key, value in args.items(multi=True) if key != "more"]
    return "/xapi/statements?" + urlencode(kept + [("more", str(cursor))])


def _stamp(moment: datetime) -> str:
    return moment.replace(tzinfo=timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def statement_json(row: XapiStatement, home_page: str) -> dict:
    """The statement as sent, with what the LRS sets: stored, a timestamp when none came, the authority
    (the account that sent it here) and the version."""
    authority = {"objectType": "Agent", "account": {"homePage": home_page, "name": f"user:{row.received_by_id}"}}
    body = dict(row.raw)
    body["stored"] = _stamp(row.received_at)
    body.setdefault("timestamp", body["stored"])
    body.setdefault("authority", authority)
    body.setdefault("version", "1.0.0")
    return body


def consistent_through() -> str:
    return _stamp(utcnow())
