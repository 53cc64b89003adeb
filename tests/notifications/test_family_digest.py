"""The weekly family digest's content, in plain words, only about children the guardian may see."""
from sqlalchemy import select

from tracker.extensions import db
from tracker.mail.models import OutgoingMail
from tracker.notifications.digests import family_digest_content, send_family_digests
from tracker.notifications.service import set_preference
from tracker.rosters.models import GuardianLink


def test_mastered_this_week_and_whom_to_contact(app, make):
    guardian = make.user("guardian", email="parent@example.org")
    teacher = make.user("teacher", name="Ms Rivera", email="rivera@example.org")
    section = make.section(teachers=[teacher])
    child = make.learner(section, guardians=[guardian], given_name="Maya")
    this_week = make.competency(statement="Add fractions", student_statement="I can add fractions.")
    long_ago = make.competency(statement="Count to ten")
    make.decision(child, this_week, decided_days_ago=2)
    make.decision(child, long_ago, decided_days_ago=30)
    db.session.commit()
    [about] = family_digest_content(guardian)
    assert about["name"] == "Maya"
    assert about["mastered"] == ["I can add fractions"]  # this week's only, in "I can" words
    assert [c.name for c in about["contacts"]] == ["Ms Rivera"]


def test_no_digest_about_a_child_no_longer_linked_nor_to_who_switched_it_off(app, make):
    linked, unlinked, off = (make.user("guardian", email=f"{n}@example.org") for n in ("linked", "unlinked", "off"))
    section = make.section()
    make.learner(section, guardians=[linked, off], given_name="Ana")
    make.learner(section, guardians=[unlinked], given_name="Ben")
    for link in db.session.scalars(select(GuardianLink).where(GuardianLink.guardian_id == unlinked.id)):
        link.active = False
    set_preference(off, "family_digest", "off")
    db.session.commit()
    assert send_family_digests() == 1
    assert send_family_digests() == 0  # once a week
    db.session.commit()
    assert db.session.scalars(select(OutgoingMail.to_address)).all() == ["linked@example.org"]
