"""A section's learners: one reader (rosters.members), one answer on every page.

Decision (issue 14): a learner who has left (inactive) is not one of a section's learners on any
page, count, CSV or invitation; the enrollment stays for history and the admin's enrollment list
still shows it. Callers say so out loud with include_inactive=False.
"""
import re
from pathlib import Path

from sqlalchemy import select

from tracker.extensions import db
from tracker.rosters import members
from tracker.rosters.models import Enrollment, Section

TRACKER = Path(__file__).resolve().parents[2] / "tracker"


def _world(make):
    teacher = make.user("teacher")
    section = make.section(teachers=[teacher])
    here = make.learner(section=section, given_name="Present", family_name="Alvarez")
    gone = make.learner(section=section, given_name="Departed", family_name="Baker", active=False)
    dropped = make.learner(section=section, given_name="Dropped", family_name="Chen")
    db.session.scalar(select(Enrollment).where(Enrollment.learner_id == dropped.id)).active = False
    db.session.commit()
    return teacher, section, here, gone, dropped


def test_the_choice_is_explicit_and_dropped_enrollments_never_count(app, make):
    _teacher, section, here, gone, _dropped = _world(make)
    assert members.section_learners(section, include_inactive=False) == [here]
    assert members.section_learners(section, include_inactive=True) == [here, gone]
    assert members.learners_by_section([section.id], include_inactive=False) == {section.id: [here]}
    assert members.learner_counts([section.id], include_inactive=False) == {section.id: 1}
    assert members.learner_counts([section.id], include_inactive=True) == {section.id: 2}
    count = members.learner_count(Section.id, include_inactive=False).correlate(Section)
    assert db.session.execute(select(Section.id, count)).all() == [(section.id, 1)]
    ids = db.session.scalars(members.learner_ids_select(section.id, include_inactive=False)).all()
    assert ids == [here.id]


def test_the_section_page_leaves_out_learners_who_have_left(app, make, client, auth):
    teacher, section, _here, _gone, _dropped = _world(make)
    auth.as_user(teacher)
    page = client.get(f"/sections/{section.id}").get_data(as_text=True)
    assert "Alvarez" in page
    assert "Baker" not in page and "Chen" not in page


def test_every_page_shows_the_same_learners(app, make, client, auth):
    teacher, section, _here, _gone, _dropped = _world(make)
    auth.as_user(teacher)
    for path in (f"/sections/{section.id}", f"/sections/{section.id}/grid", "/evidence"):
        response = client.get(path)
        if response.status_code != 200:
            continue
        page = response.get_data(as_text=True)
        assert "Baker" not in page, path


# A join to the section row, or to the teaching assignments ("who teaches whom", the policy's own
# relation), is not a reading of a section's learners.
MEMBERSHIP = re.compile(r"Enrollment\.section_id\s*(==(?!\s*(Section\.id|TeachingAssignment\.section_id))|\.in_\()")
# Enrollment management (the admin's enrollment pages) and the OneRoster import handle
# enrollments themselves, not a section's learners.
ALLOWED = {"rosters/members.py", "rosters/service.py"}


def test_no_other_module_reads_a_sections_learners_itself():
    offenders = []
    for path in sorted(TRACKER.rglob("*.py")):
        name = path.relative_to(TRACKER).as_posix()
        if name in ALLOWED or name.startswith("rosters/oneroster/"):
            continue
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if MEMBERSHIP.search(line):
                offenders.append(f"{name}:{number}: {line.strip()}")
    assert not offenders, "use tracker.rosters.members instead:\n" + "\n".join(offenders)
