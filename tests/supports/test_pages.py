"""The pages that show flags and support: a learner's supports, the teacher's flags list, the home panel."""
import csv
import io
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select

from tracker.audit.models import AuditEvent
from tracker.extensions import db
from tracker.supports.models import Intervention, SupportFlag

from .conftest import as_refreshed


def flag(learner, kind, *, days_ago, competency=None, progression=None, resolved=False, reason=None, values=None):
    raised = datetime(2026, 11, 2, 9) - timedelta(days=days_ago)
    item = SupportFlag(learner_id=learner.id, kind=kind, competency_id=competency.id if competency else None,
                       progression_id=progression.id if progression else None,
                       reason=reason or f"{kind} reason", reason_values=values, raised_at=raised,
                       resolved_at=raised + timedelta(days=1) if resolved else None)
    db.session.add(item)
    db.session.flush()
    as_refreshed()
    return item


@pytest.fixture
def family(sw, make):
    student = make.user("student", name="Maya Hernández")
    guardian = make.user("guardian", name="Lucía Hernández")
    learner = sw.learner(user=student, guardians=[guardian], given_name="Maya", family_name="Hernández")
    stalled = flag(learner, "stalled", days_ago=12, reason="No new evidence for 12 school days (threshold 10)",
                   values={"days": 12, "threshold": 10})
    behind = flag(learner, "behind_pace", days_ago=3, progression=sw.progression)
    flag(learner, "repeated_not_yet", days_ago=20, competency=sw.a, resolved=True)
    db.session.add(Intervention(learner_id=learner.id, flag_id=behind.id, kind="small_group",
                                provider="Ms Rivera", plan="Small-group tutoring on Tuesdays.",
                                starts_on=date(2026, 11, 3), review_on=date(2026, 11, 17), status="active"))
    db.session.add(Intervention(learner_id=learner.id, kind="reteach", provider="Ms Rivera", plan="Re-teach ratios.",
                                starts_on=date(2026, 10, 1), status="closed", outcome="Mastered after the re-teach.",
                                opened_at=datetime(2026, 10, 1, 8), closed_at=datetime(2026, 10, 20, 15)))
    db.session.commit()
    return dict(learner=learner, student=student, guardian=guardian, stalled=stalled, behind=behind)


def test_a_guardian_reads_the_supports_in_plain_words(client, auth, sw, family):
    auth.as_user(family["guardian"])
    page = client.get(f"/learners/{family['learner'].id}/supports").get_data(as_text=True)
    assert "Support for Maya" in page
    assert "With Ms Rivera, from Nov 3, 2026." in page and "Next check: Nov 17, 2026." in page
    assert "Small-group tutoring on Tuesdays." in page
    assert "Maya has not shown new work for 12 school days." in page
    assert "Maya is moving more slowly than planned on Math 6 path." in page
    assert "Mastered after the re-teach." in page  # help that has finished
    for staff_words in ("threshold", "Plan support", "Behind pace", "Stalled", "Close with outcome"):
        assert staff_words not in page, staff_words
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "learner.view")) is None


def test_the_student_reads_them_about_itself(client, auth, sw, family):
    auth.as_user(family["student"])
    page = client.get(f"/learners/{family['learner'].id}/supports").get_data(as_text=True)
    assert "My support" in page
    assert "Your teachers have not seen new work from you for 12 school days." in page
    assert "You are moving more slowly than planned on Math 6 path." in page


def test_the_teacher_sees_flags_with_reasons_and_actions(client, auth, sw, family):
    auth.as_user(sw.teacher)
    page = client.get(f"/learners/{family['learner'].id}/supports").get_data(as_text=True)
    assert "No new evidence for 12 school days (threshold 10)" in page
    assert f"/flags/{family['stalled'].id}/plan" in page  # no support yet: plan it
    assert f"/flags/{family['behind'].id}/plan" not in page  # support already planned
    assert "Close with outcome" in page and "Plan other support" in page
    assert db.session.scalar(select(AuditEvent.action).where(AuditEvent.action == "learner.view")) == "learner.view"


def test_the_supports_page_lists_each_learner_once_with_every_reason_most_urgent_first(client, auth, sw, family,
                                                                                        make):
    other_section = make.section(teachers=[make.user("teacher")], name="Studio 7A")
    stranger = sw.learner(section=other_section, given_name="Other")
    flag(stranger, "stalled", days_ago=40)
    quiet = sw.learner(given_name="Noah", family_name="Kim")
    flag(quiet, "prerequisite_gap", days_ago=30, competency=sw.b, progression=sw.progression,
         reason="Working on this step before mastering its prerequisite A.1")
    db.session.commit()
    auth.as_user(sw.teacher)
    page = client.get("/supports/flags").get_data(as_text=True)
    assert "2 learners, most urgent first." in page
    assert "Far behind pace and stalled first" in page  # the priority is stated
    assert "Other" not in page  # not this teacher's learner
    assert page.count("Maya Hernández</a>") == 1  # one row for her two flags
    # Maya is stalled (tier 2) though Noah has waited longer (a prerequisite gap only: tier 4)
    order = [page.index(text) for text in ("Maya Hernández", "No new evidence for 12 school days", "behind_pace reason",
                                           "Noah Kim", "before mastering its prerequisite A.1")]
    assert order == sorted(order)
    assert page.count(">Plan support<") == 2  # the behind-pace flag already has support
    assert "support in place" in page
    filtered = client.get("/supports/flags?kind=prerequisite_gap").get_data(as_text=True)
    assert "1 learner, most urgent first." in filtered and "Noah Kim" in filtered and "Maya" not in filtered
    by_section = client.get(f"/supports/flags?section_id={sw.section.id}&kind=nonsense").get_data(as_text=True)
    assert "2 learners" in by_section


def test_the_priority_puts_far_behind_and_stalled_first_and_fully_supported_last(client, auth, sw):
    from tracker.supports.flag_rules import FAR_BEHIND_TEMPLATE

    names = {}
    for name in ("Gap", "Stalled", "Both", "Helped", "Notyet"):
        names[name] = sw.learner(given_name=name, family_name="Test")
    flag(names["Gap"], "prerequisite_gap", days_ago=40, competency=sw.b)
    flag(names["Stalled"], "stalled", days_ago=2)
    flag(names["Both"], "stalled", days_ago=1)
    far = flag(names["Both"], "behind_pace", days_ago=1, progression=sw.progression)
    far.reason_template = FAR_BEHIND_TEMPLATE
    far.reason_values = {"mastered": 0, "expected": 3}
    helped = flag(names["Helped"], "stalled", days_ago=60)
    db.session.add(Intervention(learner_id=names["Helped"].id, flag_id=helped.id, kind="tutoring", provider="Ana",
                                plan="Plan", starts_on=date(2026, 11, 3)))
    flag(names["Notyet"], "repeated_not_yet", days_ago=5, competency=sw.a)
    db.session.commit()
    auth.as_user(sw.teacher)
    page = client.get("/supports/flags").get_data(as_text=True)
    order = sorted(names, key=lambda n: page.index(f"{n} Test</a>"))
    assert order == ["Both", "Stalled", "Notyet", "Gap", "Helped"]


def test_the_flags_download_is_the_table(client, auth, sw, family):
    auth.as_user(sw.teacher)
    response = client.get("/supports/flags.csv")
    assert response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0][:3] == ["Learner", "Sections", "Flag"]
    assert [row[2] for row in rows[1:]] == ["Stalled", "Behind pace"]
    assert rows[2][-1] == "Small group (Ms Rivera)"


def test_the_flags_page_costs_the_same_queries_for_more_flags(client, auth, sw, count_queries):
    counts = []
    for size in (5, 30):
        for n in range(size):
            learner = sw.learner(given_name=f"Kid{size}-{n}")
            item = flag(learner, "repeated_not_yet", days_ago=n, competency=sw.a)
            if n % 2:
                db.session.add(Intervention(learner_id=learner.id, flag_id=item.id, kind="reteach", provider="Ana",
                                            plan="Plan", starts_on=date(2026, 11, 3)))
        db.session.commit()
        auth.as_user(sw.teacher)
        with count_queries() as counter:
            response = client.get("/supports/flags")
        assert response.status_code == 200
        counts.append(counter.count)
    assert counts[0] == counts[1], counts


def test_the_teacher_home_page_shows_learners_most_urgent_first(client, auth, sw, make, count_queries):
    learners = [sw.learner(given_name=f"Kid{n:02d}") for n in range(12)]
    for n, learner in enumerate(learners):
        flag(learner, "stalled", days_ago=n + 1)
    flag(learners[0], "repeated_not_yet", days_ago=50, competency=sw.a, resolved=True)
    flag(learners[0], "prerequisite_gap", days_ago=0, competency=sw.b)  # a second, newer reason: still one row
    db.session.commit()
    auth.as_user(sw.teacher)
    page = client.get("/").get_data(as_text=True)
    assert "Learners who need support" in page and "12 learners need support" in page
    assert "12 waiting for a first step" in page
    panel = page[page.index("Learners who need support"):]
    shown = [f"Kid{n:02d}" for n in range(12) if f"Kid{n:02d} Test" in panel]
    assert shown == [f"Kid{n:02d}" for n in range(2, 12)]  # the ten waiting longest
    assert panel.index("Kid11") < panel.index("Kid02")  # longest wait first
    assert 'href="/supports/flags"' in panel and 'href="/supports/week"' in panel


def test_a_teacher_without_flags_is_told_so(client, auth, sw):
    auth.as_user(sw.teacher)
    assert "No learner of yours has an open flag." in client.get("/").get_data(as_text=True)
