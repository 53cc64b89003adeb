"""Journey 6: strangers to Maya (the guardian of a classmate, a teacher of grade 7 only) try the
URLs of journeys 1-4 and are refused every time, with nothing of Maya shown.
"""
import pytest
from sqlalchemy import select

from tracker.extensions import db

from .helpers import assert_accessible, login, snapshot
from .journey_helpers import OTHER_GUARDIAN, OTHER_TEACHER, artifact_of_maya, maya

pytestmark = pytest.mark.browser

# What would give Maya away: her names, and her teacher's words in journey 1.
MAYA_WORDS = ("Maya", "Hernández", "Hernandez")


@pytest.fixture(scope="module")
def maya_urls(live_server):
    """Every URL of journeys 1-4 that shows something of Maya, by what it is."""
    from tracker.mastery.models import ValidationRequest

    ids = maya(live_server)
    artifact_id = artifact_of_maya(live_server)
    with live_server.app.app_context():
        request_id = db.session.scalar(select(ValidationRequest.id)
                                       .where(ValidationRequest.learner_id == ids.learner_id).limit(1))
        db.session.remove()
    learner = f"/learners/{ids.learner_id}"
    return {
        "her section's grid": f"/sections/{ids.section_id}/grid",
        "her section's grid on a competency": f"/sections/{ids.section_id}/grid?competency_id={ids.competency_id}",
        "her evidence": f"{learner}/evidence",
        "her timeline": f"{learner}/competencies/{ids.competency_id}/evidence",
        "proposing her": f"{learner}/competencies/{ids.competency_id}/propose",
        "her validation request": f"/validation/requests/{request_id}",
        "her progressions": f"{learner}/progressions",
        "her progression": f"{learner}/progressions/{ids.progression_id}",
        "her decisions": f"{learner}/decisions",
        "her progress page": f"{learner}/progress",
        "her family page": f"{learner}/family",
        "her file": f"/artifacts/{artifact_id}",
    }


@pytest.mark.parametrize("email", [OTHER_GUARDIAN, OTHER_TEACHER],
                         ids=["guardian-of-a-classmate", "teacher-of-grade-7"])
def test_strangers_are_refused_every_url_of_the_journeys(page, maya_urls, email):
    login(page, email)
    shown, checked = [], set()
    for what, url in maya_urls.items():
        if what == "her file":  # a download, never a page: fetched with the same cookies
            response = page.request.get(url)
            body = response.text()
            assert response.status in (403, 404), f"{email} got {what} ({url}): {response.status}"
            assert not response.headers.get("content-disposition"), f"{email} was sent {what}"
        else:
            response = page.goto(url)
            assert response.status in (403, 404), f"{email} got {what} ({url}): {response.status}"
            assert page.locator(".error-page h1").is_visible(), f"{url} is not the refusal page"
            if response.status not in checked:  # one error template: axe once per status is enough
                assert_accessible(page)
                checked.add(response.status)
            body = page.content()
        shown += [f"{what} ({url}) shows {word!r}" for word in MAYA_WORDS if word in body]
    assert not shown, f"{email} saw something of Maya:\n" + "\n".join(shown)
    snapshot(page, f"journey6-refused-{email}")
