"""The CASE import report names the competencies added, changed and no longer in the file, by code
(issue 22); desktop and phone widths."""
import copy
import json
from pathlib import Path

import pytest

from .helpers import assert_accessible, assert_fits_width, desktop, login, phone, snapshot
from .journey_helpers import ADMIN

pytestmark = pytest.mark.browser
FINISHED = 60_000
PUBLISHER = Path(__file__).resolve().parents[1] / "competencies" / "fixtures" / "publisher_package.case-v1p0.json"


def upload(page, path):
    page.goto("/frameworks/import")
    page.set_input_files("#package", str(path))
    page.locator("main form").get_by_role("button", name="Import").click()
    page.wait_for_url("**/imports/*")
    report = page.locator("section[aria-labelledby=report-heading]")
    report.wait_for(timeout=FINISHED)
    return report


def test_the_update_report_names_each_competency_by_code(page, live_server, tmp_path):
    original = json.loads(PUBLISHER.read_text())
    login(page, ADMIN)
    report = upload(page, PUBLISHER)
    assert "Competencies added (7)" in report.inner_text()
    assert "$.CFAssociations[5] is the same as $.CFAssociations[2]" in report.inner_text()

    changed = copy.deepcopy(original)
    changed["CFItems"][2]["fullStatement"] = "Understand properties of multiplication."
    removed = changed["CFItems"].pop(3)
    changed["CFAssociations"] = [a for a in changed["CFAssociations"]
                                 if removed["identifier"] not in (a["originNodeURI"]["identifier"],
                                                                  a["destinationNodeURI"]["identifier"])]
    path = tmp_path / "update.json"
    path.write_text(json.dumps(changed))
    report = upload(page, path)
    for summary in report.locator("details.import-codes summary").all():
        summary.click()
    text = report.inner_text()
    assert "Competencies changed (1)" in text and "MATH.C1.TB" in text
    assert "Competencies in the tracker, no longer in the file (1)" in text and "MATH.C1.TC" in text
    for width, size in (("1280", desktop), ("390", phone)):
        size(page)
        snapshot(page, f"case-update-report-{width}")
        assert_fits_width(page)
        assert_accessible(page)
