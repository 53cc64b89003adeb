"""Every staff read of learner data is accounted for by an audit event.

Walks every GET route of the URL map, as every staff role the route's access rule lets
through, on the "own" and the "other" object of tests/access_world. A route that shows
learner data (the default for any rule staff can pass) must write an audit event for the
reader; a route that declares `learner_data=False` must not show a learner's name. Students
and guardians reading their own (their child's) record are not audited, so they are not walked.
"""
import io

from pypdf import PdfReader
from sqlalchemy import func, select

from tracker.audit.models import AuditEvent
from tracker.extensions import db

from ..access_world import EXPECTED, build_world
from ..conftest import session_id_for
from ..test_access import api_tokens, build_url, check, routes

STAFF = ("admin", "teacher", "validator")
# Names no page prints unless it shows the learner.
NAMES = {"own": ("Quillonette", "Marchbanksworth"), "other": ("Zephyrinda", "Ottolinsky")}
# The audit log is the accounting of disclosures itself: it names the learners it accounts for.
# Browsing it is an admin's duty; downloading it is audited (audit.export).
SHOWS_NAMES_WITHOUT_LEARNER_DATA = {"audit.browse_events"}
# Routes that show learners only to some staff (a class list of a section the reader teaches):
# a reader shown no learner (a validator teaches no section) is not audited.
# The notification list names learners only to a reader who was told about some (audited then).
LEARNERS_ONLY_FOR_SOME = {"progressions.show_progression", "notifications.list_notifications"}
# Query strings that take a route past its chooser to the page that shows learners.
QUERY = {"evidence.enter_grid": lambda world: f"?competency_id={world.extra['competency'].id}"}


def _rename(world):
    for learner, (given, family) in ((world.learner_own, NAMES["own"]), (world.learner_other, NAMES["other"])):
        learner.given_name, learner.family_name = given, family
    db.session.commit()


def _events_by(user_id: int) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.actor_id == user_id))


def _get(app, world, role, url, session_ids, tokens):
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = session_ids[role]
        session["_fresh"] = True
    return check(client, "GET", url, {"Authorization": f"Bearer {tokens[role]}"})


def test_every_route_declares_whether_it_shows_learner_data(app):
    undeclared = [r.endpoint for r, view in routes(app) if not isinstance(getattr(view, "learner_data", None), bool)]
    assert not undeclared


def _text_of(response) -> str:
    """What a reader sees: the page, or the text of a PDF download."""
    if response.mimetype == "application/pdf":
        return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages)
    return response.get_data(as_text=True)


def test_every_staff_read_of_learner_data_is_audited(app, make):
    world = build_world(make)
    _rename(world)
    tokens = api_tokens(world)
    session_ids = {role: session_id_for(user) for role, user in world.users.items()}
    unaudited, leaking, walked = [], [], 0
    for rule, view in routes(app):
        if "GET" not in rule.methods or rule.endpoint == "auth.logout":
            continue
        cases = [(0, "own"), (1, "other")] if rule.arguments else [(0, "own")]
        for which, label in cases:
            url = build_url(rule, world, which) + (QUERY[rule.endpoint](world) if rule.endpoint in QUERY else "")
            for role in STAFF:
                if role not in EXPECTED[view.access_rule][which]:
                    continue
                user_id = world.users[role].id
                before = _events_by(user_id)
                response = _get(app, world, role, url, session_ids, tokens)
                body = _text_of(response)
                names_shown = any(name in body for pair in NAMES.values() for name in pair)
                where = f"GET {url} ({rule.endpoint}, {label}) as {role}: {response.status_code}"
                if view.learner_data:
                    walked += 1
                    if response.status_code == 200 and _events_by(user_id) == before and (
                            names_shown or rule.endpoint not in LEARNERS_ONLY_FOR_SOME):
                        unaudited.append(where)
                elif names_shown and rule.endpoint not in SHOWS_NAMES_WITHOUT_LEARNER_DATA:
                    leaking.append(where)
    assert walked > 40
    assert not (unaudited or leaking), (
        "staff read learner data without an audit event:\n" + "\n".join(unaudited)
        + "\ndeclared learner_data=False but shows a learner's name:\n" + "\n".join(leaking))
