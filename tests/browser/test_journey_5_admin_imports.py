"""Journey 5: an admin imports a framework (CASE JSON) and a roster (OneRoster CSV) from
../shared/interop/ through the pages, and sees the result.

Both imports may run in the background behind a progress bar; the journey waits in the page,
as a person would, until the visible status says it has finished.
"""
import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tracker.extensions import db

from .helpers import ROOT, assert_accessible, login, snapshot
from .journey_helpers import ADMIN

pytestmark = pytest.mark.browser

INTEROP = Path(ROOT).parent / "shared" / "interop"
CASE_PACKAGE = INTEROP / "case" / "opensalt_SmartLevelFramework.case-v1p0.json"
ONEROSTER_SET = INTEROP / "oneroster" / "v1p1_oat_OneRosterv1p1BaseCSV"
FINISHED = 60_000  # ms: plenty for these small files on a busy machine


@pytest.fixture(scope="module")
def interop_files():
    if not CASE_PACKAGE.is_file() or not ONEROSTER_SET.is_dir():
        pytest.skip(f"the interop sample files are not at {INTEROP}")
    return CASE_PACKAGE, sorted(ONEROSTER_SET.glob("*.csv"))


def test_admin_imports_a_framework_and_a_roster(page, live_server, interop_files):
    case_package, roster_files = interop_files
    package = json.loads(case_package.read_text(encoding="utf-8"))
    title = package["CFDocument"]["title"]
    items = package["CFItems"]

    login(page, ADMIN)
    page.locator("nav.main-nav").get_by_role("link", name="Administration").click()
    page.wait_for_url("**/admin/")
    snapshot(page, "journey5-admin-index")
    assert_accessible(page)

    # The framework: Frameworks → Import a CASE package → upload → progress → report → tree.
    page.locator("main").get_by_role("link", name="Frameworks", exact=True).click()
    page.wait_for_url("**/frameworks")
    page.get_by_role("link", name="Import a CASE package").click()
    page.wait_for_url("**/frameworks/import")
    assert page.locator("h1").inner_text().strip() == "Import a CASE package"
    assert_accessible(page)
    page.set_input_files("#package", str(case_package))
    page.locator("main form").get_by_role("button", name="Import").click()
    page.wait_for_url("**/imports/*")
    status = page.locator("#import-status")
    status.filter(has_text="Finished.").wait_for(timeout=FINISHED)
    report = page.locator("section[aria-labelledby=report-heading]")
    report.wait_for(timeout=FINISHED)  # the page reloads itself once the job ends
    assert title in report.inner_text()
    competencies_row = report.locator("tbody tr").filter(has_text="Competencies")
    assert competencies_row.locator("td").first.inner_text().strip() == str(len(items)), "all items are added"
    snapshot(page, "journey5-case-report")
    assert_accessible(page)

    report.get_by_role("link", name=title).click()
    page.wait_for_url("**/frameworks/*")
    assert title in page.locator("h1").inner_text()
    assert page.locator(".fw-node").count() == len(items), "the tree lists every imported item"
    page.get_by_role("link", name="Expand all").click()
    page.wait_for_url("**expand=1")
    shown = [s.strip() for s in page.locator(".fw-node .fw-statement").all_inner_texts()]
    assert sorted(shown) == sorted(item["fullStatement"].strip() for item in items)
    snapshot(page, "journey5-framework-tree")
    assert_accessible(page)

    # The roster: Administration → Import rosters → upload → dry-run report → apply → counts.
    page.locator("nav.main-nav").get_by_role("link", name="Administration").click()
    page.wait_for_url("**/admin/")
    page.get_by_role("link", name="Import rosters").click()
    page.wait_for_url("**/admin/imports/oneroster")
    assert_accessible(page)
    page.set_input_files("#files", [str(path) for path in roster_files])
    page.get_by_role("button", name="Check the files").click()
    page.wait_for_url("**/admin/imports/oneroster/*")
    # The files are a bulk set, the full roster: the demo school they do not list would be
    # deactivated, far more than an import may deactivate without an administrator's confirmation.
    page.locator(".error-summary").filter(has_text="Many records would be deactivated").wait_for(timeout=FINISHED)
    assert page.get_by_role("button", name="Apply the import").count() == 0
    snapshot(page, "journey5-roster-confirm-deactivations")
    boxes = page.locator("fieldset.oneroster-absent input[type=checkbox]")
    for index in range(boxes.count()):
        boxes.nth(index).check()
    page.get_by_role("button", name="Check the files again with this confirmation").click()
    dry_run = page.locator("#apply-heading")
    dry_run.wait_for(timeout=FINISHED)
    assert dry_run.inner_text().strip() == "Dry run: nothing has changed yet"
    summary = summary_counts(page)
    assert summary["Schools"]["New"] == 2 and summary["Learners"]["New"] == 2
    assert summary["Sections"]["New"] == 3 and summary["Enrollments"]["New"] == 3
    assert summary["Learners"]["No longer active"] > 0
    problems = page.locator(".oneroster-problems tbody tr").filter(has_text="termSourcedIds")
    assert problems.count() == 1 and "Warning" in problems.inner_text()  # a warning, named by column
    snapshot(page, "journey5-roster-dry-run")
    assert_accessible(page)

    from tracker.rosters.models import Learner

    with live_server.app.app_context():
        learners_before = db.session.scalar(select(func.count(Learner.id)))
        db.session.remove()

    page.get_by_role("button", name="Apply the import").click()
    applied = page.locator("#applied-heading")
    applied.wait_for(timeout=FINISHED)
    changes = sum(sum(counts[action] for action in ("New", "Changed", "No longer active"))
                  for counts in summary.values())
    assert page.locator("section[aria-labelledby=applied-heading]").inner_text().endswith(
        f"{changes} changes were written.")
    assert page.locator(".flash--error").count() == 0
    snapshot(page, "journey5-roster-applied")
    assert_accessible(page)

    with live_server.app.app_context():
        assert db.session.scalar(select(func.count(Learner.id))) == learners_before + 2
        assert db.session.scalar(select(Learner.active).where(Learner.sourced_id == "demo-learner-1")) is False
        _put_the_demo_school_back()
        db.session.remove()


def _put_the_demo_school_back() -> None:
    """Reactivate what the district's bulk files deactivated: the journeys after this one use it."""
    from sqlalchemy import update

    from tracker.rosters.models import Enrollment, Learner, School, Section, Term

    for model in (School, Term, Section, Learner, Enrollment):
        db.session.execute(update(model).where(model.sourced_id.like("demo-%")).values(active=True))
    db.session.commit()


def summary_counts(page) -> dict[str, dict[str, int]]:
    """The dry-run summary table as {record kind: {column heading: count}}."""
    table = page.locator("table.oneroster-summary")
    headings = [h.strip() for h in table.locator("thead th").all_inner_texts()][1:]
    counts = {}
    for row in table.locator("tbody tr").all():
        kind = row.locator("th").inner_text().strip()
        counts[kind] = dict(zip(headings, (int(c) for c in row.locator("td").all_inner_texts())))
    return counts
