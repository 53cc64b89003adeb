"""The learner record (CLR 2.0) downloads from the transcript page beside the CSV and the PDF (issue 22):
the family, in Spanish, at desktop and phone widths; what it holds is checked in tests/credentials/test_clr.py."""
import json

import pytest

from ..credentials.test_clr import clr_errors
from .helpers import DESKTOP, PHONE, assert_accessible, assert_fits_width, login
from .journey_helpers import GUARDIAN

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_family_downloads_the_learner_record_from_the_transcript(new_page, size):
    page = new_page(viewport=size)
    login(page, GUARDIAN)
    page.locator("main a[href*='/family']").first.click()
    page.wait_for_url("**/family")
    page.get_by_role("link", name="Expediente de dominio").click()
    page.wait_for_load_state()
    link = page.get_by_role("link", name="Descargar el registro del estudiante (CLR)")
    assert link.is_visible()
    assert_fits_width(page)
    with page.expect_download() as download:
        link.click()
    record = download.value
    assert record.suggested_filename.startswith("learner-record-") and record.suggested_filename.endswith(".json")
    document = json.loads(open(record.path(), encoding="utf-8").read())
    assert document["type"] == ["VerifiableCredential", "ClrCredential"] and clr_errors(document) == []
    assert len(document["credentialSubject"]["verifiableCredential"]) >= 5  # Maya's masteries in the demo
    assert_accessible(page)
