"""Journey 3: a student submits evidence with a file and a reflection, and sees it under review."""
import hashlib

import pytest
from sqlalchemy import select

from tracker.extensions import db

from .helpers import assert_accessible, assert_fits_width, login, phone, snapshot
from .journey_helpers import STUDENT, maya, small_png

pytestmark = pytest.mark.browser

SUBMITTED_ON = "MATH.6.SP.2"
REFLECTION = ("I asked my class how long they sleep and drew a dot plot. "
              "The answers spread from 7 to 10 hours, so it was a statistical question.")


def test_student_submits_evidence_with_a_file_and_sees_it_under_review(page, live_server):
    ids = maya(live_server)
    picture = small_png()
    login(page, STUDENT)
    page.locator("nav.main-nav").get_by_role("link", name="My evidence").click()
    page.wait_for_url("**/my/evidence")
    assert page.locator("h1").inner_text().strip() == "My evidence"
    assert_accessible(page)

    page.get_by_role("link", name="Share new evidence").click()
    page.wait_for_url("**/my/evidence/new")
    assert page.locator("h1").inner_text().strip() == "Share my evidence"
    snapshot(page, "journey3-form")
    assert_accessible(page)

    option = page.locator("#competency_id option", has_text=SUBMITTED_ON).first
    page.select_option("#competency_id", value=option.get_attribute("value"))
    page.select_option("#context", "project")
    page.locator("#reflection").click()
    page.keyboard.type(REFLECTION)
    page.set_input_files("#artifact", files=[{"name": "sleep-dot-plot.png", "mimeType": "image/png",
                                              "buffer": picture}])
    page.get_by_role("button", name="Send to my teachers").click()
    page.wait_for_url("**/my/evidence")

    assert "sent to your teachers" in page.locator(".flash--success").inner_text()
    mine = page.locator(".submission").filter(has_text=REFLECTION)
    assert mine.count() == 1
    assert SUBMITTED_ON in mine.inner_text()
    assert mine.locator(".badge").inner_text().strip() == "Waiting for my teacher"
    download = mine.get_by_role("link", name="Download sleep-dot-plot.png")
    assert download.is_visible()
    snapshot(page, "journey3-under-review")
    assert_accessible(page)
    phone(page)
    assert_fits_width(page)
    snapshot(page, "journey3-under-review-phone")
    assert_accessible(page)

    # The file comes back as it was sent, as a download and never as a page.
    response = page.request.get(download.get_attribute("href"))
    assert response.status == 200
    assert response.body() == picture
    assert response.headers["content-type"] == "image/png"
    assert response.headers["content-disposition"].startswith("attachment")
    assert response.headers["x-content-type-options"] == "nosniff"

    from tracker.evidence.models import Artifact, Evidence

    with live_server.app.app_context():
        evidence = db.session.scalar(select(Evidence).where(Evidence.reflection == REFLECTION))
        assert (evidence.learner_id, evidence.source, evidence.status, evidence.level, evidence.context,
                evidence.recorded_by_id) == (ids.learner_id, "student", "to_review", None, "project", ids.user_id)
        artifact = db.session.get(Artifact, evidence.artifact_id)
        assert artifact.original_name == "sleep-dot-plot.png"
        assert artifact.content_type == "image/png"
        assert artifact.sha256 == hashlib.sha256(picture).hexdigest()
        assert artifact.stored_name != artifact.original_name  # stored under a random name
        db.session.remove()
