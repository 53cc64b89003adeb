"""Time to support: every flag with the school days it waited for its first intervention (supports.measures,
asked one flag at a time)."""
from datetime import date, datetime

import pytest
from sqlalchemy import case, select

from tracker.extensions import db
from tracker.rosters.models import Learner
from tracker.supports.measures import flag_waits
from tracker.supports.models import Intervention, SupportFlag
from tracker.supports.survival import Wait

from .conftest import as_refreshed, waits_by_flag


def at(day, hour=9):
    return datetime(2026, 10, day, hour)


@pytest.fixture
def history(sw):
    maya, noah, lea = (sw.learner(given_name=name) for name in ("Maya", "Noah", "Lea"))
    # Maya: flagged on 1 Oct 9:00, support opened 3 Oct 21:00 (2.5 days) and a second one later.
    f1 = SupportFlag(learner_id=maya.id, kind="repeated_not_yet", competency_id=sw.a.id, reason="r", raised_at=at(1))
    # Noah: flagged 5 Oct 9:00, resolved 9 Oct 9:00 with no support.
    f2 = SupportFlag(learner_id=noah.id, kind="stalled", reason="r", raised_at=at(5), resolved_at=at(9))
    # Lea: behind pace on the progression from 10 Oct, support the same day at 15:00.
    f3 = SupportFlag(learner_id=lea.id, kind="behind_pace", progression_id=sw.progression.id, reason="r",
                     raised_at=at(10))
    db.session.add_all([f1, f2, f3])
    db.session.flush()
    i1 = Intervention(learner_id=maya.id, flag_id=f1.id, competency_id=sw.a.id, kind="reteach", provider="Ana",
                      plan="p", starts_on=date(2026, 10, 4), opened_at=at(3, 21))
    i2 = Intervention(learner_id=maya.id, flag_id=f1.id, competency_id=sw.a.id, kind="tutoring", provider="Ana",
                      plan="p", starts_on=date(2026, 10, 8), opened_at=at(7))
    i3 = Intervention(learner_id=lea.id, flag_id=f3.id, kind="small_group", provider="Ana", plan="p",
                      starts_on=date(2026, 10, 12), opened_at=at(10, 15))
    i4 = Intervention(learner_id=noah.id, kind="family_conference", provider="Ana", plan="p",
                      starts_on=date(2026, 10, 20), opened_at=at(19))
    db.session.add_all([i1, i2, i3, i4])
    # Maya mastered A on 14 Oct 12:00 (and B, which is not what her support was about, earlier).
    sw.decide(maya, sw.b, "mastered", on=date(2026, 10, 6))
    sw.decide(maya, sw.a, "mastered", on=date(2026, 10, 14))
    # Lea: a mastery on a step of the progression before the support started does not count; after, it does.
    sw.decide(lea, sw.d, "mastered", on=date(2026, 10, 11))
    sw.decide(lea, sw.b, "mastered", on=date(2026, 10, 22))
    as_refreshed()
    db.session.commit()
    return dict(maya=maya, noah=noah, lea=lea, flags=(f1, f2, f3), interventions=(i1, i2, i3, i4))


def test_every_flag_with_its_wait_in_school_days(history):
    # 1 Oct 2026 is a Thursday; "now" is Tuesday 20 Oct.
    waits = waits_by_flag(now=at(20))
    f1, f2, f3 = history["flags"]
    assert waits == {
        f1.id: Wait(1, True),   # Thu 1 Oct → first support Sat 3 Oct (not the second, 7 Oct): Friday is the one school day
        f2.id: Wait(4, False),  # never supported; Mon 5 Oct → resolved Fri 9 Oct: waited 4, censored
        f3.id: Wait(0, True),   # supported the same day
    }
    assert list(waits_by_flag([history["lea"].id])) == [f3.id]


def test_flags_are_counted_by_group(history, sw):
    """The report's question: how many flags of each group waited alike (Maya and Noah in one group)."""
    maya, noah, lea = history["maya"], history["noah"], history["lea"]
    groups = select(Learner.id, case((Learner.id == lea.id, "lea"), else_="others").label("group")).where(
        Learner.id.in_([maya.id, noah.id, lea.id])).subquery()
    db.session.add(SupportFlag(learner_id=noah.id, kind="stalled", reason="r", raised_at=at(1), resolved_at=at(3)))
    db.session.commit()
    counted = {(row.keys, row.framework_id, row.wait, row.open): row.flags for row in flag_waits([groups], now=at(20))}
    assert counted == {
        (("others",), sw.framework.id, Wait(1, True), True): 1,  # Maya's, about competency A of the framework
        (("others",), None, Wait(4, False), False): 1,  # Noah's stalled flags, about no framework: 4 days
        (("others",), None, Wait(1, False), False): 1,  # and 1 day
        (("lea",), sw.framework.id, Wait(0, True), True): 1,  # Lea's, about the progression of the framework
    }


def test_a_flag_still_open_waits_until_now(history, sw):
    waiting = SupportFlag(learner_id=history["noah"].id, kind="stalled", reason="r", raised_at=at(12))
    db.session.add(waiting)
    db.session.commit()
    assert waits_by_flag(now=at(20))[waiting.id] == Wait(6, False)  # Mon 12 Oct → Tue 20 Oct


def test_measures_cost_a_fixed_number_of_queries(history, count_queries):
    with count_queries() as counter:
        waits_by_flag()
    # the pending-refresh check, the flags counted, the settings (district closed days) and the
    # schools' calendars in one statement
    assert counter.count == 4


def test_waits_count_the_school_calendar_s_school_days(history, sw):
    from tracker.calendar.models import NonSchoolDay

    db.session.add(NonSchoolDay(school_id=history["noah"].school_id, name="Fall break", kind="break",
                                starts_on=date(2026, 10, 6), ends_on=date(2026, 10, 8)))
    db.session.commit()
    f2 = history["flags"][1]
    assert waits_by_flag(now=at(20))[f2.id] == Wait(1, False)  # Mon 5 Oct → Fri 9 Oct, Tuesday to Thursday closed
