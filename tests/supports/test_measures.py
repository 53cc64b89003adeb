"""Time to support: from a flag to its first intervention, and from an intervention to mastery."""
from datetime import date, datetime

import pytest

from tracker.extensions import db
from tracker.supports.measures import flag_to_intervention_times, intervention_to_mastery_times, summarize_days
from tracker.supports.models import Intervention, SupportFlag

from .conftest import as_refreshed


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


def test_time_from_flag_to_first_intervention(history):
    rows = flag_to_intervention_times(now=at(20))
    f1, f2, f3 = history["flags"]
    i1, _i2, i3, _i4 = history["interventions"]
    assert [(r.flag_id, r.intervention_id, r.days, r.waiting_days) for r in rows] == [
        (f1.id, i1.id, 2.5, 2.5),          # 1 Oct 9:00 → 3 Oct 21:00
        (f2.id, None, None, 4.0),           # never supported; resolved after 4 days
        (f3.id, i3.id, 0.25, 0.25),         # 9:00 → 15:00 the same day
    ]
    assert [r.flag_id for r in flag_to_intervention_times([history["lea"].id])] == [f3.id]
    assert [r.flag_id for r in flag_to_intervention_times(since=at(5))] == [f2.id, f3.id]
    summary = summarize_days([r.days for r in rows])
    assert (summary.count, summary.pending, summary.median, summary.mean) == (2, 1, 1.375, 1.375)


def test_time_from_intervention_to_mastery(history):
    rows = {r.intervention_id: r for r in intervention_to_mastery_times()}
    i1, i2, i3, i4 = history["interventions"]
    # From the start date (midnight) to the decision (15:00, as the factory records it):
    assert rows[i1.id].days == pytest.approx(10 + 15 / 24)     # 4 Oct → 14 Oct 15:00, on competency A
    assert rows[i1.id].mastered_competency_id == history["flags"][0].competency_id
    assert rows[i2.id].days == pytest.approx(6 + 15 / 24)      # 8 Oct → 14 Oct 15:00
    assert rows[i3.id].days == pytest.approx(10 + 15 / 24)     # 12 Oct → 22 Oct: B, a step of the progression
    assert rows[i4.id].days is None                            # Noah has not mastered anything since
    assert rows[i4.id].flag_kind is None and rows[i3.id].flag_kind == "behind_pace"
    assert summarize_days([]).median is None


def test_measures_cost_a_fixed_number_of_queries(history, count_queries):
    with count_queries() as counter:
        flag_to_intervention_times()
    assert counter.count == 2  # the pending-refresh check, and the measure itself
    with count_queries() as counter:
        intervention_to_mastery_times()
    assert counter.count == 3
