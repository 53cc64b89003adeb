"""Two validators decide the same request at the same moment, through real HTTP under gunicorn.

Both are signed in through the login form, open the request page (its CSRF token and the current
decision they saw), wait at a barrier and post their decisions together. Exactly one decision is
recorded; the other validator gets the page saying the request was already decided, and no 5xx.
The service-level race is tested in tests/mastery/test_race.py.
"""
import threading

from sqlalchemy import func, select

from tracker.extensions import db
from tracker.mastery.models import MasteryDecision, ValidationRequest

from ..conftest import TEST_PASSWORD
from ..mastery.conftest import build_validation_world
from .conftest import csrf_token, served, sign_in
from .html_forms import errors
from .html_forms import forms as forms_on

ROUNDS = 4  # requests raced on, one after the other


def _requests_to_race(make):
    world = build_validation_world(make)
    ids = []
    for n in range(ROUNDS):
        learner = make.learner(world.section, given_name=f"Racer{n}")
        for level in (2, 3, 3):
            world.add_evidence(learner=learner, level=level)
        ids.append(world.add_request(learner=learner).id)
    db.session.commit()
    return world, ids


def _main(html: str) -> str:
    """The text of a page's main part, for a failure message."""
    import re

    main = html[html.find('<main'):html.find('</main>')]
    return " ".join(re.sub(r"<[^>]+>", " ", main).split())[:1500]


def test_two_validators_posting_at_once_record_one_decision(app, make, database_url, tmp_path):
    world, request_ids = _requests_to_race(make)
    validators = [(world.validator.email, "mastered"), (world.validator_two.email, "not_yet")]
    with served(database_url, tmp_path / "server", workers=4) as server:
        sessions = [sign_in(server.url, email, TEST_PASSWORD) for email, _outcome in validators]
        for request_id in request_ids:
            url = f"{server.url}/validation/requests/{request_id}"
            forms = []
            for session, (_email, outcome) in zip(sessions, validators):
                page = session.get(url, timeout=30)
                assert page.status_code == 200
                form = next(f for f in forms_on(page.text) if f.action.endswith("/decide"))
                data = {**form.data(), "outcome": outcome, "rationale": f"{outcome} after reading the evidence."}
                assert data["csrf_token"] == csrf_token(page.text)
                if outcome == "mastered":
                    # the newest piece (listed first), a level 3: citing only the level-2 piece at level 3
                    # would decide above every cited piece, which asks for a sentence (mastery/overrides.py)
                    data.update(level="3", citations=form.fields["citations"].options[:1])
                forms.append(data)
            barrier = threading.Barrier(2)
            answers = [None, None]

            def decide(n):
                barrier.wait()
                answers[n] = sessions[n].post(url + "/decide", data=forms[n], timeout=30, allow_redirects=False)

            threads = [threading.Thread(target=decide, args=(n,)) for n in (0, 1)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(60)
            statuses = sorted(answer.status_code for answer in answers)
            assert statuses == [302, 409], (statuses, [_main(a.text) for a in answers], server.log()[-3000:])
            refused = next(answer for answer in answers if answer.status_code == 409).text
            assert "Your decision was not recorded" in refused
            assert "decided by" in refused  # "was decided by <name> a moment ago" / "already decided by"
        log = server.log()

    assert " 500 " not in log and "Traceback" not in log, log[-3000:]
    db.session.expire_all()
    for request_id in request_ids:
        count = db.session.scalar(select(func.count()).select_from(MasteryDecision)
                                  .where(MasteryDecision.request_id == request_id))
        assert count == 1, (request_id, count)
        assert db.session.get(ValidationRequest, request_id).status != "open"


def test_workers_starting_together_share_one_secret_key(tmp_path):
    """Sessions signed by one gunicorn worker are read by the others (development config)."""
    from concurrent.futures import ThreadPoolExecutor

    from config import load_secret_key

    with ThreadPoolExecutor(8) as pool:
        keys = set(pool.map(lambda _n: load_secret_key(str(tmp_path)), range(8)))
    assert len(keys) == 1 and len(keys.pop()) == 64
