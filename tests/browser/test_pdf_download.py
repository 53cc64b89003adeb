"""The family report and the transcript download as PDFs from their pages, at desktop and phone
widths, in the family's language (issue 20). What the PDFs hold is checked in
tests/dashboards/test_pdf_downloads.py; here: the links are there to press, and pressing them gives a PDF."""
import pytest

from .helpers import DESKTOP, PHONE, assert_accessible, login
from .journey_helpers import GUARDIAN

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_family_downloads_the_report_and_the_transcript_as_pdfs(new_page, size):
    page = new_page(viewport=size)
    login(page, GUARDIAN)
    page.locator("main a[href*='/family']").first.click()
    page.wait_for_url("**/family")
    for link_text, then in (("Descargar PDF", None), ("Expediente de dominio", "Descargar PDF")):
        if then is not None:
            page.get_by_role("link", name=link_text).click()
            page.wait_for_load_state()
            link_text = then
        link = page.get_by_role("link", name=link_text)
        assert link.is_visible()
        with page.expect_download() as download:
            link.click()
        pdf = download.value
        assert pdf.suggested_filename.endswith(".pdf")
        assert open(pdf.path(), "rb").read(5) == b"%PDF-"
    assert_accessible(page)
