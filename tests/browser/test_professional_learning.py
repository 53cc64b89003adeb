"""Educators as learners in a real browser: a teacher opens her professional learning from the menu
(the same progress page as the students', on the educator framework); a colleague is refused it;
her coach validates a level and issues the badge, which no other validator sees; the admin's
view of staff by domain shows it."""
import re

import pytest

from .helpers import assert_accessible, assert_fits_width, login, phone, snapshot

pytestmark = pytest.mark.browser


def test_a_teacher_opens_her_professional_learning_and_a_colleague_is_refused(new_page):
    page = new_page()
    login(page, "tran@demo.school")
    page.locator("nav.main-nav").get_by_role("link", name="My professional learning").click()
    page.wait_for_url(re.compile(r"/learners/\d+/progress"))
    record_url = page.url
    assert page.locator("h1").inner_text() == "My professional learning"
    assert "evaluation is not its purpose" in page.locator("main").inner_text()
    assert "Professional learning: competency education" in page.locator("main").inner_text()
    snapshot(page, "professional-learning-desktop")
    assert_accessible(page)
    phone(page)
    assert_fits_width(page)
    snapshot(page, "professional-learning-phone")

    colleague = new_page()
    login(colleague, "rivera@demo.school")
    response = colleague.goto(record_url)
    assert response.status == 403


def test_the_coach_validates_a_level_and_issues_the_badge_another_validator_never_sees_it(new_page, live_server):
    """Tran (demo) places herself in a domain and shares an artifact; she has asked her coach,
    Whitfield, to validate her first step: Ortiz, a validator who does not coach her, has no such
    row in his queue; Whitfield confirms her self-assessment, decides the request, issues the badge
    from her credentials page (it verifies with the school's published key), and the admin's staff
    view shows the levels."""
    tran = new_page()
    login(tran, "tran@demo.school")
    tran.goto("/my/progress")
    tran.get_by_role("link", name="Place myself in each domain").click()
    tran.wait_for_url("**/my/self-assessment")
    assert_accessible(tran)
    tran.get_by_role("button", name="Send to my coach").click()  # nothing chosen: refused
    assert "Choose your level in at least one domain." in tran.locator(".error-summary").inner_text()
    tran.get_by_role("group", name=re.compile("EDU.3")).get_by_label(re.compile("^Novice")).check()
    tran.locator("#note").fill("I built our school's rubric bank last year.")
    tran.get_by_role("button", name="Send to my coach").click()
    tran.wait_for_url(re.compile(r"/learners/\d+/progress"))
    assert "Sent to your coach: 1 domain to confirm." in tran.locator(".flash--success").inner_text()
    tran.goto("/my/evidence/new")
    option = tran.locator("#competency_id option", has_text="I can explain what competency education is").first
    tran.select_option("#competency_id", value=option.get_attribute("value"))
    tran.locator("#reflection").fill("Slides from the family evening where I explained competency education.")
    tran.locator("#link_url").fill("https://example.org/family-evening-slides")
    tran.get_by_role("button", name="Send to my teachers").click()
    tran.wait_for_url("**/my/evidence")

    other = new_page()
    login(other, "ortiz@demo.school")
    other.goto("/validation")
    # no request of the learner Linh Tran (she still shows as the teacher who proposed her pupils' reading steps)
    assert "Linh Tran" not in other.locator("main tbody th[scope=row]").all_inner_texts()
    assert other.get_by_role("link", name="Review the request for Linh Tran").count() == 0

    page = new_page()
    login(page, "whitfield@demo.school")
    page.goto("/validation")
    page.get_by_role("link", name="Review the request for Linh Tran").click()
    page.wait_for_url(re.compile(r"/validation/requests/\d+$"))
    assert "EDU.1.1" in page.locator("h1").inner_text()
    page.locator("input[name=citations]").last.check()
    page.locator("#outcome input[value=mastered]").check()
    page.locator("#level").select_option("3")
    page.locator("#rationale").fill("Explains competency education clearly to families, seen at the evening.")
    override = page.locator("textarea[name=override_rationale]")
    if override.count() and override.is_visible():
        override.fill("The observation at the family evening outweighs the earlier reflection.")
    page.get_by_role("button", name="Record decision").click()
    page.wait_for_url("**/validation")
    assert page.locator(".flash--success").inner_text().strip() == (
        "Recorded: Linh Tran has mastered EDU.1.1 at level 3.")

    # her self-assessment: confirmed by her coach on her page
    record_id = _tran_record_id(new_page)
    page.goto(f"/learners/{record_id}/progress")
    panel = page.locator("section[aria-labelledby=self-assessment-heading]")
    assert "I built our school's rubric bank last year." in panel.inner_text()
    panel.get_by_role("button", name="Confirm these levels").click()
    assert "Confirmed 1 level: Linh Tran starts there." in page.locator(".flash--success").inner_text()

    # the badge: issued from her credentials page, signed like every credential
    page.goto(f"/learners/{record_id}/credentials")
    page.get_by_role("button", name="Issue 1 credential").click()
    issued = page.locator("section[aria-labelledby=issued-heading]").inner_text()
    assert "Professional learning badge: Engagement and Communication · Experienced (EDU.1.1)" in issued
    link = page.get_by_role("link", name=re.compile("Download Professional learning badge: Engagement"))
    document = page.request.get(link.get_attribute("href")).json()
    from sqlalchemy import select

    from tracker.credentials import proof
    from tracker.credentials.models import SigningKey
    from tracker.extensions import db

    method = document["proof"][0]["verificationMethod"]
    with live_server.app.app_context():
        key = db.session.scalar(select(SigningKey).where(SigningKey.public_multibase == method.rpartition("#")[2]))
        assert proof.verify(document, proof.public_key_from_multibase(key.public_multibase))
    achievement = document["credentialSubject"]["achievement"]
    assert achievement["description"].startswith(
        "Engagement and Communication: Experienced. Uses the practice consistently and well (mastery).")

    other.goto("/validation")  # the queue again: still nothing of hers
    # no request of the learner Linh Tran (she still shows as the teacher who proposed her pupils' reading steps)
    assert "Linh Tran" not in other.locator("main tbody th[scope=row]").all_inner_texts()
    assert other.get_by_role("link", name="Review the request for Linh Tran").count() == 0

    admin = new_page()
    login(admin, "admin@demo.school")
    admin.goto("/admin/professional-learning")
    row = admin.locator("tr", has_text="Linh Tran")
    assert "Experienced" in row.inner_text() and "Novice" in row.inner_text()  # EDU.1 decided, EDU.3 confirmed
    assert "Expert" in admin.locator("tr", has_text="James Okafor").inner_text()
    snapshot(admin, "staff-learning-desktop")
    assert_accessible(admin)
    phone(admin)
    assert_fits_width(admin)
    snapshot(admin, "staff-learning-phone")


def _tran_record_id(new_page) -> int:
    """Tran's professional learning record, as her menu link leads to it."""
    page = new_page()
    login(page, "tran@demo.school")
    page.goto("/my/progress")
    return int(re.search(r"/learners/(\d+)/progress", page.url).group(1))
