"""Flag recomputation: raising, keeping and resolving flags in the table, and what triggers it.

Unless a test says otherwise the school is judged on MONDAY 2 November 2026; learners were
placed on 26 October (one week in: 0.67 of a step expected, so no one is behind yet).
"""
from datetime import date, datetime, timedelta

from sqlalchemy import func, select

from tracker.extensions import db
from tracker.settings import service as settings
from tracker.supports.models import SupportFlag
from tracker.supports.service import recompute_flags

from .conftest import MONDAY

OCT = lambda day: date(2026, 10, day)  # noqa: E731


def open_flags(learner=None):
    query = select(SupportFlag).where(SupportFlag.resolved_at.is_(None)).order_by(SupportFlag.id)
    if learner is not None:
        query = query.where(SupportFlag.learner_id == learner.id)
    return list(db.session.scalars(query))


def kinds(learner):
    return [(f.kind, f.competency_id) for f in open_flags(learner)]


def test_three_attempts_below_mastery_raise_a_repeated_not_yet_flag(sw):
    learner = sw.learner()
    for day, level in ((27, 2), (28, 1), (29, 2)):
        sw.evidence(learner, sw.a, level, OCT(day))
    changes = recompute_flags([learner.id], today=MONDAY)
    assert (changes.raised, changes.resolved, changes.kept) == (1, 0, 0)
    [flag] = open_flags(learner)
    assert (flag.kind, flag.competency_id, flag.progression_id) == ("repeated_not_yet", sw.a.id, None)
    assert flag.reason == "3 attempts in a row not yet at the mastery level (flag after 3)"
    assert flag.reason_template.startswith("%(count)d attempts") and flag.reason_values == {"count": 3, "limit": 3}


def test_two_attempts_are_not_enough_and_the_setting_is_read(sw):
    learner = sw.learner()
    sw.evidence(learner, sw.a, 2, OCT(27))
    sw.evidence(learner, sw.a, 1, OCT(28))  # a fall: no new level, both count
    recompute_flags([learner.id], today=MONDAY)
    assert kinds(learner) == []
    settings.set_value("repeated_not_yet_attempts", 2)
    recompute_flags([learner.id], today=MONDAY)
    assert kinds(learner) == [("repeated_not_yet", sw.a.id)]


def test_recomputing_keeps_an_open_flag_without_duplicates(sw):
    learner = sw.learner()
    for day in (27, 28, 29):
        sw.evidence(learner, sw.a, 1, OCT(day))
    recompute_flags([learner.id], today=MONDAY)
    [first] = open_flags(learner)
    raised_at = first.raised_at
    sw.evidence(learner, sw.a, 1, OCT(30))  # a fourth attempt at the same level: the same flag, a new count
    changes = recompute_flags([learner.id], today=MONDAY)
    assert (changes.raised, changes.resolved, changes.kept) == (0, 0, 1)
    [again] = open_flags(learner)
    assert again.id == first.id and again.raised_at == raised_at
    assert again.reason.startswith("4 attempts in a row") and again.reason_values["count"] == 4
    assert db.session.scalar(select(func.count(SupportFlag.id))) == 1


def test_a_flag_whose_condition_ends_is_resolved_and_a_new_one_is_raised_later(sw):
    learner = sw.learner()
    for day in (26, 27, 28):
        sw.evidence(learner, sw.a, 2, OCT(day))
    recompute_flags([learner.id], today=MONDAY)
    sw.evidence(learner, sw.a, 3, OCT(29))  # at mastery: the run of "not yet" is over
    changes = recompute_flags([learner.id], today=MONDAY)
    assert (changes.raised, changes.resolved) == (0, 1)
    assert open_flags(learner) == []
    resolved = db.session.scalar(select(SupportFlag))
    assert resolved.resolved_at is not None
    for day in (30, 31):
        sw.evidence(learner, sw.a, 2, OCT(day) if day < 31 else date(2026, 11, 2))
    sw.evidence(learner, sw.a, 1, date(2026, 11, 2))
    recompute_flags([learner.id], today=MONDAY)
    assert db.session.scalar(select(func.count(SupportFlag.id))) == 2  # the old one stays resolved


def test_attempts_count_from_the_last_mastered_decision_and_not_yet_decisions_count(sw):
    mastered_before = sw.learner()
    for day in (20, 21, 22):
        sw.evidence(mastered_before, sw.d, 2, OCT(day))
    sw.decide(mastered_before, sw.d, "mastered", on=OCT(23))
    sw.evidence(mastered_before, sw.d, 2, OCT(27))
    told_not_yet = sw.learner()
    sw.evidence(told_not_yet, sw.d, 2, OCT(26))
    sw.evidence(told_not_yet, sw.d, 2, OCT(27))
    sw.decide(told_not_yet, sw.d, "not_yet", on=OCT(28))
    recompute_flags([mastered_before.id, told_not_yet.id], today=MONDAY)
    assert kinds(mastered_before) == []
    assert kinds(told_not_yet) == [("repeated_not_yet", sw.d.id)]


def test_a_learner_without_new_evidence_for_ten_school_days_is_stalled(sw):
    learner = sw.learner()
    sw.evidence(learner, sw.a, 3, OCT(1))  # Thursday 1 October
    recompute_flags([learner.id], today=MONDAY)
    stalled = [f for f in open_flags(learner) if f.kind == "stalled"]
    # Fri 2 Oct, then four whole weeks (20), then Monday 2 November: 22 school days
    assert [f.reason for f in stalled] == ["No new evidence for 22 school days (threshold 10)"]
    settings.set_value("school_holidays", ["2026-10-12", "not a date"])
    recompute_flags([learner.id], today=MONDAY)
    [flag] = [f for f in open_flags(learner) if f.kind == "stalled"]
    assert flag.id == stalled[0].id and flag.reason_values["days"] == 21


def test_weekdays_outside_every_term_are_not_school_days(sw):
    from tracker.rosters.models import Term

    term = db.session.get(Term, sw.section.term_id)
    term.ends_on = OCT(16)  # a break from 19 to 23 October
    db.session.add(Term(school_id=term.school_id, name="After the break", starts_on=OCT(26),
                        ends_on=date(2027, 1, 15)))
    learner = sw.learner()
    sw.evidence(learner, sw.a, 3, OCT(1))
    recompute_flags([learner.id], today=MONDAY)
    [flag] = [f for f in open_flags(learner) if f.kind == "stalled"]
    assert flag.reason_values["days"] == 17


def test_a_learner_with_no_evidence_counts_from_its_placement(sw):
    learner = sw.learner(placed_on=OCT(1))
    recompute_flags([learner.id], today=MONDAY)
    reasons = {f.kind: f.reason for f in open_flags(learner)}
    assert reasons["stalled"] == "No evidence yet in 22 school days since starting (threshold 10)"
    # 32 days = 4.57 weeks ÷ 1.5 = 3.05 steps expected, none mastered: far behind
    assert reasons["behind_pace"] == "Far behind pace: steps mastered 0, about 3 expected by now"
    unplaced = sw.learner(placed_on=False)
    recompute_flags([unplaced.id], today=MONDAY)
    assert kinds(unplaced) == []  # nothing to count from


def test_behind_pace_is_a_flag_per_progression(sw):
    learner = sw.learner(placed_on=date(2026, 9, 1))
    sw.evidence(learner, sw.a, 3, OCT(28))
    sw.decide(learner, sw.a, "mastered", on=OCT(29))
    recompute_flags([learner.id], today=MONDAY)
    [flag] = [f for f in open_flags(learner) if f.kind == "behind_pace"]
    # 62 days = 8.86 weeks ÷ 1.5 = 5.9, capped at the 4 steps; 1 mastered: ratio 0.25
    assert flag.progression_id == sw.progression.id and flag.competency_id is None
    assert flag.reason == "Far behind pace: steps mastered 1, about 4 expected by now"
    for competency, day in ((sw.b, 29), (sw.c, 30), (sw.d, 30)):
        sw.decide(learner, competency, "mastered", on=OCT(day))
    recompute_flags([learner.id], today=MONDAY)
    assert [f for f in open_flags(learner) if f.kind == "behind_pace"] == []


def test_working_on_a_step_before_its_prerequisite_is_a_gap_until_it_is_mastered(sw):
    learner = sw.learner()
    sw.evidence(learner, sw.a, 2, OCT(27))
    sw.evidence(learner, sw.b, 2, OCT(28))
    recompute_flags([learner.id], today=MONDAY)
    [gap] = [f for f in open_flags(learner) if f.kind == "prerequisite_gap"]
    assert (gap.competency_id, gap.progression_id) == (sw.b.id, sw.progression.id)
    assert gap.reason == "Working on this step before mastering its prerequisite A.1"
    sw.decide(learner, sw.a, "mastered", on=OCT(29))
    recompute_flags([learner.id], today=MONDAY)
    assert [f for f in open_flags(learner) if f.kind == "prerequisite_gap"] == []


def test_a_step_placed_past_counts_as_met(sw):
    learner = sw.learner(start_position=2)
    sw.evidence(learner, sw.b, 2, OCT(28))
    recompute_flags([learner.id], today=MONDAY)
    assert kinds(learner) == []


def test_an_inactive_learner_keeps_no_open_flag(sw):
    learner = sw.learner()
    for day in (27, 28, 29):
        sw.evidence(learner, sw.a, 1, OCT(day))
    recompute_flags([learner.id], today=MONDAY)
    learner.active = False
    changes = recompute_flags([learner.id], today=MONDAY)
    assert changes.resolved == 1 and open_flags(learner) == []


def test_duplicates_from_two_writers_at_once_are_repaired(sw):
    learner = sw.learner()
    for day in (27, 28, 29):
        sw.evidence(learner, sw.a, 1, OCT(day))
    recompute_flags([learner.id], today=MONDAY)
    [kept] = open_flags(learner)
    db.session.add(SupportFlag(learner_id=learner.id, kind=kept.kind, competency_id=kept.competency_id,
                               reason=kept.reason, raised_at=kept.raised_at + timedelta(seconds=1)))
    db.session.flush()
    changes = recompute_flags([learner.id], today=MONDAY)
    assert changes.resolved == 1
    assert [f.id for f in open_flags(learner)] == [kept.id]


def _class_with_history(sw, size):
    from tracker.competencies.models import Competency

    learners = []
    for n in range(size):
        learner = sw.learner(given_name=f"Kid{n}", placed_on=date(2026, 9, 1) if n % 2 else OCT(26))
        for day in (26, 27, 28):
            sw.evidence(learner, sw.a, 1 + n % 2, OCT(day))
        sw.evidence(learner, sw.b, 2, OCT(29))
        if n % 3 == 0:
            sw.decide(learner, sw.d, "not_yet", on=OCT(29))
        learners.append(learner)
    assert db.session.scalar(select(func.count(Competency.id))) >= 4
    db.session.commit()
    return learners


def test_recompute_uses_the_same_number_of_queries_for_5_and_50_learners(sw, make, count_queries):
    counts = {"raise": [], "keep": [], "resolve": []}
    for size in (5, 50):
        learners = _class_with_history(sw, size)
        ids = [learner.id for learner in learners]
        with count_queries() as counter:
            changes = recompute_flags(ids, today=MONDAY)
        assert changes.raised >= size * 2  # a repeated "not yet" and a prerequisite gap each, at least
        counts["raise"].append(counter.count)
        with count_queries() as counter:
            recompute_flags(ids, today=MONDAY + timedelta(days=1))  # kept; stalled/behind reasons may change
        counts["keep"].append(counter.count)
        for learner in learners:
            sw.evidence(learner, sw.a, 3, OCT(30))
            sw.decide(learner, sw.a, "mastered", on=OCT(30))
        with count_queries() as counter:
            changes = recompute_flags(ids, today=MONDAY)
        assert changes.resolved >= size * 2
        counts["resolve"].append(counter.count)
        db.session.commit()
    print(counts)
    for name, (small, large) in counts.items():
        assert small == large, (name, counts)
    # Raising also tells the learners' teachers (notifications.events.flags_raised): five statements
    # however many teachers and learners (their teachers, the learners, the teachers, choices, one insert);
    # and one more reads the new flags' owners (auth.policy.flag_owners_of). The same pass rewrites the
    # learners' rollups (standing/rollups.py): three statements (clear the placements' rows, upsert both),
    # and on PostgreSQL one more that takes the refresh lock (supports.service.one_refresh_at_a_time).
    assert max(counts["keep"] + counts["resolve"]) <= 14 + 3 + 1, counts
    assert max(counts["raise"]) <= 14 + 3 + 5 + 1 + 1, counts  # the last: the PostgreSQL lock above


def test_the_nightly_command_recomputes_everyone(app, sw, runner):
    learner = sw.learner()
    sw.evidence(learner, sw.a, 3, OCT(1))
    db.session.commit()
    result = runner.invoke(args=["recompute-flags", "--today", "2026-11-02"])
    assert result.exit_code == 0, result.output
    assert "1 raised" in result.output
    db.session.expire_all()
    assert [f.kind for f in open_flags(learner)] == ["stalled"]
    result = runner.invoke(args=["recompute-flags", "--today", "2026-11-02"])
    assert "0 raised, 0 resolved, 1 still open" in result.output
    assert isinstance(open_flags(learner)[0].raised_at, datetime)


def test_the_behind_pace_flag_sees_the_pace_the_pages_show(sw, count_queries):
    from tracker.standing.engine import standings_for

    behind = sw.learner(placed_on=date(2026, 9, 1))
    sw.decide(behind, sw.a, "mastered", on=OCT(29))
    fresh = sw.learner()
    unplaced = sw.learner(placed_on=False)
    with count_queries() as counter:
        standings = standings_for([behind.id, fresh.id, unplaced.id], today=MONDAY, with_status=False)
    # placements, progressions, their steps, prerequisites, decisions, settings, the schools'
    # calendars (terms and non-school days in one statement): nothing per learner
    assert counter.count == 7
    assert {lid: [s.progression.id for s in rows] for lid, rows in standings.items()} == {
        behind.id: [sw.progression.id], fresh.id: [sw.progression.id]}
    far = standings[behind.id][0].pace
    assert (far.status, far.steps_mastered, far.expected_steps_by_today) == ("far_behind", 1, 4)
    assert standings[fresh.id][0].pace.status == "on_pace"
    recompute_flags([behind.id, fresh.id, unplaced.id], today=MONDAY)
    assert ("behind_pace", None) in kinds(behind) and ("behind_pace", None) not in kinds(fresh)


def test_a_mistyped_setting_falls_back_to_its_default_instead_of_failing_writes(sw):
    learner = sw.learner()
    for day in (27, 28, 29):
        sw.evidence(learner, sw.a, 1, OCT(day))
    settings.set_value("repeated_not_yet_attempts", 0)
    settings.set_value("pace_behind_ratio", "fast")
    settings.set_value("school_holidays", "2026-10-12")
    recompute_flags([learner.id], today=MONDAY)
    assert kinds(learner) == [("repeated_not_yet", sw.a.id)]  # 3, the default
