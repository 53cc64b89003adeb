"""The OneRoster dry-run page when a bulk file would deactivate many records (issue 22): it names
them, asks an administrator to confirm, and then offers the apply. Desktop and phone widths.

Nothing is applied here: the demo school other journeys use stays as it is.
"""
import pytest

from ..rosters.oneroster_sets import generate_set, zip_set
from .helpers import assert_accessible, assert_fits_width, desktop, login, phone, snapshot
from .journey_helpers import ADMIN

pytestmark = pytest.mark.browser
FINISHED = 60_000


def test_a_bulk_file_missing_most_records_waits_for_confirmation(page, live_server, tmp_path):
    folder = generate_set(tmp_path / "set", students=8, teachers=2, guardians=0, classes=3, schools=1)
    archive = zip_set(folder, tmp_path / "district.zip")

    login(page, ADMIN)
    page.goto("/admin/imports/oneroster")
    page.set_input_files("#files", str(archive))
    page.get_by_role("button", name="Check the files").click()
    page.wait_for_url("**/admin/imports/oneroster/*")
    alert = page.locator(".error-summary")
    alert.wait_for(timeout=FINISHED)
    assert "Many records would be deactivated" in alert.inner_text()
    assert page.get_by_role("button", name="Apply the import").count() == 0
    boxes = page.locator("fieldset.oneroster-absent input[type=checkbox]")
    assert boxes.count() >= 3  # learners, sections, enrollments, ... of the demo school
    hints = page.locator("fieldset.oneroster-absent").inner_text()
    assert "The file would deactivate" in hints and "learners" in hints
    page.locator("details.oneroster-changes").filter(has_text="Learners").locator("summary").click()
    assert "demo-learner-1" in page.locator("details.oneroster-changes").filter(has_text="Learners").inner_text()
    for width, size in (("1280", desktop), ("390", phone)):
        size(page)
        snapshot(page, f"oneroster-absent-confirm-{width}")
        assert_fits_width(page)
        assert_accessible(page)

    desktop(page)
    for index in range(boxes.count()):
        boxes.nth(index).check()
    page.get_by_role("button", name="Check the files again with this confirmation").click()
    page.locator("#apply-heading").wait_for(timeout=FINISHED)
    assert page.get_by_role("button", name="Apply the import").count() == 1
    assert "Confirmed by an administrator" in page.locator(".oneroster-problems").inner_text()
    for width, size in (("1280", desktop), ("390", phone)):
        size(page)
        snapshot(page, f"oneroster-absent-confirmed-{width}")
        assert_fits_width(page)
        assert_accessible(page)
