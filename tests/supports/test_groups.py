"""Small groups and the week's plan (issue 16): from flags raised by evidence to group support closed
with each learner's outcome, the bad input that must change nothing, and statements that do not grow."""
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from tracker.extensions import db
from tracker.supports.groups import suggest_groups
from tracker.supports.models import Intervention, SupportFlag, SupportGroup
from tracker.timeutil import today

from .conftest import waits_by_flag


def recent(days: int):
    return today() - timedelta(days=days)


def stuck_on_a(sw, name):
    """Three tries at level 1 on A this week: a repeated "not yet" on A."""
    learner = sw.learner(placed_on=recent(3), given_name=name, family_name="Test")
    for days in (3, 2, 1):
        sw.evidence(learner, sw.a, 1, recent(days))
    return learner


def gap_on_b(sw, name):
    """Work at level 2 on B, A not mastered: a prerequisite gap on B, missing A."""
    learner = sw.learner(placed_on=recent(3), given_name=name, family_name="Test")
    sw.evidence(learner, sw.b, 2, recent(1))
    return learner


def counts():
    return (db.session.scalar(select(func.count(SupportGroup.id))),
            db.session.scalar(select(func.count(Intervention.id))))


def open_flag(learner, kind):
    return db.session.scalar(select(SupportFlag).where(SupportFlag.learner_id == learner.id, SupportFlag.kind == kind,
                                                       SupportFlag.resolved_at.is_(None)))


def form_for(groups, **changes):
    data = {}
    for group in groups:
        k = group.key
        data.update({f"{k}-open": "1", f"{k}-title": group.title, f"{k}-kind": "reteach", f"{k}-provider": "Ana Rivera",
                     f"{k}-plan": "Re-teach A with manipulatives, then an exit ticket.",
                     f"{k}-starts_on": today().isoformat(), f"{k}-review_on": (today() + timedelta(days=7)).isoformat()})
        for member in group.members:
            data[f"learner-{member.learner.id}-group"] = k
    data.update(changes)
    return data


@pytest.fixture
def section_with_needs(sw, app):
    from tracker.supports.service import refresh_pending

    stuck = [stuck_on_a(sw, name) for name in ("Ava", "Ben", "Cal")]
    gaps = [gap_on_b(sw, name) for name in ("Dee", "Eli")]
    db.session.commit()
    refresh_pending()
    db.session.commit()
    return stuck, gaps


def test_groups_are_suggested_with_the_evidence_that_puts_each_learner_there(sw, section_with_needs):
    stuck, gaps = section_with_needs
    groups = suggest_groups(sw.section)
    assert [g.key for g in groups] == [f"stuck-{sw.a.id}", f"missing-{sw.a.id}"]
    assert [m.learner.given_name for m in groups[0].members] == ["Ava", "Ben", "Cal"]
    assert [m.learner.given_name for m in groups[1].members] == ["Dee", "Eli"]
    assert all(m.flag.kind == "repeated_not_yet" for m in groups[0].members)
    assert "3 attempts in a row" in groups[0].members[0].evidence and "scores on A.1: 1, 1, 1" in groups[0].members[0].evidence
    assert "prerequisite A.1" in groups[1].members[0].evidence and "no scored work on A.1 yet" in groups[1].members[0].evidence


def test_flags_to_group_to_outcomes_to_measures(client, auth, sw, section_with_needs):
    """Raise flags by evidence → group suggested → one group support opened (a learner moved between
    groups) → each flag shows support in place → closed with an outcome per learner → measures updated."""
    stuck, gaps = section_with_needs
    before = waits_by_flag()
    assert before and not any(wait.supported for wait in before.values())
    auth.as_user(sw.teacher)
    page = client.get(f"/sections/{sw.section.id}/support-groups").get_data(as_text=True)
    assert "Ava Test" in page and "scores on A.1: 1, 1, 1" in page
    groups = suggest_groups(sw.section)
    # the teacher moves Dee into the re-teach group and leaves the prerequisite group closed
    data = form_for(groups, **{f"learner-{gaps[0].id}-group": groups[0].key, f"learner-{gaps[1].id}-group": "",
                               f"{groups[1].key}-open": ""})
    data.pop(f"{groups[1].key}-open")
    response = client.post(f"/sections/{sw.section.id}/support-groups", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)
    [group] = db.session.scalars(select(SupportGroup)).all()
    assert sorted(m.learner.given_name for m in group.members) == ["Ava", "Ben", "Cal", "Dee"]
    assert {m.flag.kind for m in group.members} == {"repeated_not_yet", "prerequisite_gap"}  # Dee came with her gap
    for learner in stuck:
        assert open_flag(learner, "repeated_not_yet").id in {m.flag_id for m in group.members}
    supports_page = client.get("/supports/flags").get_data(as_text=True)
    assert supports_page.count("support in place") >= 4
    week = client.get("/supports/week").get_data(as_text=True)
    assert group.title in week

    # closing needs every learner's outcome: one missing changes nothing
    outcomes = {f"outcome-{m.id}": f"{m.learner.given_name} now scores 3 on A." for m in group.members}
    missing = dict(outcomes, **{f"outcome-{group.members[0].id}": " "})
    response = client.post(f"/support-groups/{group.id}", data=dict(missing, action="close"))
    assert response.status_code == 400 and "Write the outcome for Ava Test" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(SupportGroup, group.id).status == "planned"
    response = client.post(f"/support-groups/{group.id}", data=dict(outcomes, action="close"))
    assert response.status_code == 302
    db.session.expire_all()
    group = db.session.get(SupportGroup, group.id)
    assert group.status == "closed" and group.closed_at is not None
    assert {m.learner.given_name: (m.status, m.outcome) for m in group.members} == {
        name: ("closed", f"{name} now scores 3 on A.") for name in ("Ava", "Ben", "Cal", "Dee")}
    after = waits_by_flag()
    supported = {flag_id for flag_id, wait in after.items() if wait.supported}
    assert supported == {m.flag_id for m in group.members}


@pytest.mark.parametrize("case", ["empty group", "learner from another section", "no start date", "nothing chosen"])
def test_bad_group_input_gets_a_clear_message_and_saves_nothing(client, auth, sw, make, section_with_needs, case):
    stuck, gaps = section_with_needs
    groups = suggest_groups(sw.section)
    data = form_for(groups)
    if case == "empty group":
        for member in groups[1].members:
            data[f"learner-{member.learner.id}-group"] = groups[0].key
        expected = "has no learners: move learners into it, or untick it."
    elif case == "learner from another section":
        other = make.learner(make.section(teachers=[make.user("teacher")], name="Elsewhere"), given_name="Zed")
        db.session.commit()
        data[f"learner-{other.id}-group"] = groups[0].key
        expected = f"Learner {other.id} is not one of this section’s learners with a flag to group"
    elif case == "no start date":
        data[f"{groups[0].key}-starts_on"] = ""
        expected = "Enter the start date."
    else:
        for group in groups:
            data.pop(f"{group.key}-open")
        expected = "Choose at least one group to open."
    auth.as_user(sw.teacher)
    before = counts()
    response = client.post(f"/sections/{sw.section.id}/support-groups", data=data)
    assert response.status_code == 400
    assert expected in response.get_data(as_text=True)
    assert counts() == before


def test_support_cannot_be_planned_from_a_closed_flag(client, auth, sw, section_with_needs):
    stuck, _gaps = section_with_needs
    flag = open_flag(stuck[0], "repeated_not_yet")
    sw.evidence(stuck[0], sw.a, 3, today())  # at mastery: the flag closes by itself
    db.session.commit()
    auth.as_user(sw.teacher)
    client.get(f"/learners/{stuck[0].id}/supports")  # a page refreshes the learner's flags
    db.session.expire_all()
    assert db.session.get(SupportFlag, flag.id).resolved_at is not None
    before = counts()
    response = client.post(f"/flags/{flag.id}/plan", data={
        "kind": "reteach", "provider": "Ana", "plan": "Again", "starts_on": today().isoformat(), "status": "planned"})
    assert response.status_code == 409
    assert "This flag closed on" in response.get_data(as_text=True)
    assert counts() == before
    page = client.get(f"/learners/{stuck[0].id}/supports").get_data(as_text=True)
    assert "The latest attempt is at the mastery level" in page  # why it closed, shown to the teacher


def test_a_week_that_is_not_a_date_is_refused_clearly(client, auth, sw):
    auth.as_user(sw.teacher)
    response = client.get("/supports/week?week=next-tuesday")
    assert response.status_code == 400
    assert "The week must be a date as year-month-day" in response.get_data(as_text=True)


def test_the_week_lists_reviews_ready_learners_and_waiting_requests(client, auth, sw, make):
    from tracker.mastery.models import ValidationRequest

    due = sw.learner(given_name="Due", family_name="Test")
    later = sw.learner(given_name="Later", family_name="Test")
    for learner, days in ((due, 2), (later, 30)):
        db.session.add(Intervention(learner_id=learner.id, kind="tutoring", provider="Ana", plan="Tutoring",
                                    starts_on=recent(10), review_on=today() + timedelta(days=days - 3)))
    ready = sw.learner(given_name="Ready", family_name="Test")
    for days in (3, 2):
        sw.evidence(ready, sw.d, 4, recent(days))
    asked = sw.learner(given_name="Asked", family_name="Test")
    sw.evidence(asked, sw.c, 4, recent(2))
    db.session.add(ValidationRequest(learner_id=asked.id, competency_id=sw.c.id, section_id=sw.section.id,
                                     requested_by_id=sw.teacher.id))
    db.session.commit()
    auth.as_user(sw.teacher)
    page = client.get("/supports/week").get_data(as_text=True)
    reviews = page[page.index("Individual supports due for review"):page.index("Ready to propose")]
    assert "Due Test" in reviews and "Later Test" not in reviews
    ready_part = page[page.index("Ready to propose"):page.index("Requests waiting on a validator")]
    assert "Propose Ready Test on D.1" in ready_part and "Asked Test" not in ready_part
    assert "Asked Test: C.1" in page[page.index("Requests waiting on a validator"):]
    assert 'href="/supports/week"' in client.get("/").get_data(as_text=True)


def test_the_week_supports_and_groups_pages_cost_the_same_statements_at_two_sizes(client, auth, sw, count_queries):
    from tracker.mastery.models import ValidationRequest
    from tracker.supports.service import refresh_pending

    measured = {"/supports/week": [], "/supports/flags": [], f"/sections/{sw.section.id}/support-groups": [], "/": []}
    made = 0
    for size in (3, 12):
        while made < size:
            made += 1
            learner = stuck_on_a(sw, f"Kid{made:02d}")
            sw.evidence(learner, sw.d, 4, recent(1))
            db.session.add(Intervention(learner_id=learner.id, kind="tutoring", provider="Ana", plan="Tutoring",
                                        starts_on=recent(10), review_on=today()))
            db.session.add(ValidationRequest(learner_id=learner.id, competency_id=sw.c.id, section_id=sw.section.id,
                                             requested_by_id=sw.teacher.id))
        db.session.commit()
        refresh_pending()
        db.session.commit()
        groups = suggest_groups(sw.section)
        assert sum(len(g.members) for g in groups) == size - (3 if size == 12 else 0)  # the suggestions are shown
        auth.as_user(sw.teacher)
        groups_path = f"/sections/{sw.section.id}/support-groups"
        with count_queries() as counter:
            assert client.get(groups_path).status_code == 200
        measured[groups_path].append(counter.count)
        client.post(groups_path, data=form_for(groups))
        for path, found in measured.items():
            if path == groups_path:
                continue
            client.get(path)  # warm: flags refreshed, caches filled
            with count_queries() as counter:
                response = client.get(path)
            assert response.status_code == 200, path
            found.append(counter.count)
    print("statements at 3 and 12 learners:", measured)
    for path, found in measured.items():
        assert found[0] == found[1], (path, found)


def test_a_weekend_belongs_to_the_coming_school_week():
    """Seen on a Sunday: the week was the one just ended, so a support due on the Saturday was in no week's
    plan until it showed as overdue on Monday."""
    from datetime import date

    from tracker.supports.week import week_of

    for day in range(30, 35):  # Monday 30 November to Friday 4 December 2026
        assert week_of(date(2026, 11, 30) + timedelta(days=day - 30)) == (date(2026, 11, 30), date(2026, 12, 4))
    assert week_of(date(2026, 12, 5)) == week_of(date(2026, 12, 6)) == (date(2026, 12, 7), date(2026, 12, 11))


def test_a_teacher_planning_on_a_sunday_sees_what_was_due_on_the_saturday(client, auth, sw):
    from datetime import date

    learner = sw.learner(given_name="Weekend", family_name="Test")
    db.session.add(Intervention(learner_id=learner.id, kind="tutoring", provider="Ana", plan="Tutoring",
                                starts_on=date(2026, 11, 2), review_on=date(2026, 12, 5)))
    db.session.commit()
    auth.as_user(sw.teacher)
    page = client.get("/supports/week?week=2026-12-06").get_data(as_text=True)
    reviews = page[page.index("Individual supports due for review"):page.index("Ready to propose")]
    assert "Weekend Test" in reviews
