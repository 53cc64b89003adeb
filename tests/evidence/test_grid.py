"""The class grid: every learner in one screen, one submit, one transaction, a fixed number of queries."""
import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from tracker.audit.models import AuditEvent
from tracker.evidence.grid import parse_rows
from tracker.evidence.models import Evidence
from tracker.extensions import db
from tracker.timeutil import today

from .conftest import add_evidence, a_day


def grid_url(room):
    return f"/sections/{room.section.id}/grid?competency_id={room.competency.id}"


def filled(room, levels=None, **common):
    data = {"observed_on": today().isoformat(), "kind": "formative", "context": "class"}
    data.update(common)
    for index, learner in enumerate(room.learners):
        level = (levels or {}).get(index, str(index % 4 + 1))
        data[f"level-{learner.id}"] = level
        data[f"feedback-{learner.id}"] = f"Feedback {index}" if level else ""
    return data


def evidence_count():
    return db.session.scalar(select(func.count(Evidence.id)))


def test_parse_rows_reads_levels_and_names_the_bad_rows():
    learners = [(11, "Ada Lovelace"), (12, "Alan Turing"), (13, "Grace Hopper"), (14, "Katherine Johnson")]
    rows = parse_rows(learners, {"level-11": " 3 ", "feedback-11": "Clear", "level-12": "7",
                                 "feedback-13": "Nice work", "level-14": ""}, [1, 2, 3, 4])
    assert [(r.level, r.error is None) for r in rows] == [(3, True), (None, False), (None, False), (None, True)]
    assert "Row 2, Alan Turing" in rows[1].error and "“7”" in rows[1].error
    assert "Row 3, Grace Hopper" in rows[2].error and "no level" in rows[2].error
    assert rows[0].feedback == "Clear"


def test_the_grid_lists_every_learner_with_a_labelled_numeric_input(client, auth, classroom):
    room = classroom(size=4)
    auth.as_user(room.teacher)
    page = client.get(grid_url(room)).get_data(as_text=True)
    for learner in room.learners:
        assert f'<label for="level-{learner.id}" class="visually-hidden">Level for {learner.display_name}</label>' in page
        assert f'name="feedback-{learner.id}"' in page
    assert page.count('inputmode="numeric"') == 4
    assert "Explains a ratio with a table and words." in page  # the rubric is one click away


def test_one_submit_saves_every_filled_row_and_skips_blank_ones(client, auth, classroom):
    room = classroom(size=5)
    auth.as_user(room.teacher)
    response = client.post(grid_url(room), data=filled(room, levels={1: "", 3: ""}, kind="summative"))
    assert response.status_code == 302
    rows = db.session.scalars(select(Evidence).order_by(Evidence.id)).all()
    assert len(rows) == 3
    assert {r.learner_id for r in rows} == {room.learners[i].id for i in (0, 2, 4)}
    assert all(r.kind == "summative" and r.recorded_by_id == room.teacher.id and r.status == "accepted"
               for r in rows)
    assert [r.level for r in rows] == [1, 3, 1]
    audits = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "evidence.create")).all()
    assert sorted(a.object_id for a in audits) == sorted(r.id for r in rows)
    assert {a.learner_id for a in audits} == {r.learner_id for r in rows}
    assert "Saved evidence for 3 learners." in client.get(response.location).get_data(as_text=True)


def test_one_bad_row_saves_nothing_and_names_the_row(client, auth, classroom):
    room = classroom(size=5)
    auth.as_user(room.teacher)
    response = client.post(grid_url(room), data=filled(room, levels={2: "9"}))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Nothing was saved" in page
    name = room.learners[2].display_name
    assert f"Row 3, {name}: “9” is not a level on the scale" in page
    assert f'name="level-{room.learners[2].id}" value="9"' in page and "aria-invalid" in page
    # The first error is focused, and every typed row is still there.
    assert f'id="level-{room.learners[2].id}" name="level-{room.learners[2].id}" value="9"\n' in page
    assert "autofocus" in page.split(f'id="level-{room.learners[2].id}"')[1].split(">")[0]
    assert 'value="Feedback 4"' in page
    assert evidence_count() == 0


def test_a_future_date_saves_nothing(client, auth, classroom):
    room = classroom(size=3)
    auth.as_user(room.teacher)
    page = client.post(grid_url(room), data=filled(room, observed_on=(today() + timedelta(days=2)).isoformat())
                       ).get_data(as_text=True)
    assert "Date observed: The date cannot be in the future." in page
    assert evidence_count() == 0


def test_an_empty_grid_saves_nothing_and_says_so(client, auth, classroom):
    room = classroom(size=3)
    auth.as_user(room.teacher)
    data = filled(room, levels={0: "", 1: "", 2: ""})
    page = client.post(grid_url(room), data=data).get_data(as_text=True)
    assert "No level was typed" in page
    assert evidence_count() == 0


def test_a_failure_after_the_insert_rolls_back_every_row(client, auth, classroom, monkeypatch):
    """One transaction: if anything fails once the rows are inserted, none of them is kept."""
    from tracker.evidence import grid

    room = classroom(size=4)
    auth.as_user(room.teacher)

    def failing_audit(*args, **kwargs):
        assert db.session.scalar(select(func.count(Evidence.id))) == 4  # inserted, not committed
        raise RuntimeError("disk full")

    monkeypatch.setattr(grid, "_audit_created", failing_audit)
    with pytest.raises(RuntimeError):  # testing mode lets the error through instead of a 500 page
        client.post(grid_url(room), data=filled(room))
    db.session.expire_all()
    assert evidence_count() == 0


def test_the_picker_refuses_an_unknown_competency(client, auth, classroom):
    room = classroom(size=2)
    auth.as_user(room.teacher)
    page = client.get(f"/sections/{room.section.id}/grid?competency_id=987654").get_data(as_text=True)
    assert "Choose a competency from the list." in page


def test_another_teacher_cannot_open_the_grid(client, auth, classroom, make):
    room = classroom(size=2)
    stranger = make.user("teacher")
    db.session.commit()
    auth.as_user(stranger)
    assert client.get(grid_url(room)).status_code == 403
    assert client.post(grid_url(room), data=filled(room)).status_code == 403


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_the_grid_uses_the_same_number_of_queries_for_5_and_35_learners(app, client, auth, classroom,
                                                                          count_queries, method, make):
    counts = []
    for size in (5, 35):
        room = classroom(size=size, title=f"Math for {size}")
        for learner in room.learners:  # history, so the latest and estimate columns have work to do
            add_evidence(learner, room.competency, 2, a_day(9, 14))
            add_evidence(learner, room.competency, 3, a_day(10, 2))
        db.session.commit()
        auth.as_user(room.teacher)
        address, data = grid_url(room), filled(room)
        with count_queries() as counter:
            if method == "GET":
                response = client.get(address)
            else:
                response = client.post(address, data=data)
        assert response.status_code == (200 if method == "GET" else 302)
        counts.append(counter.count)
    assert counts[0] == counts[1], counts
    assert counts[0] <= 25, counts  # includes the dashboards summary refresh of the saved cells


def test_the_evidence_page_lists_the_teachers_sections_and_learners(client, auth, classroom):
    room = classroom(size=3)
    auth.as_user(room.teacher)
    page = client.get("/evidence").get_data(as_text=True)
    assert f"/sections/{room.section.id}/grid" in page and f"/sections/{room.section.id}/to-review" in page
    for learner in room.learners:
        assert f"/learners/{learner.id}/evidence" in page


def test_the_estimate_column_says_when_there_is_too_little_evidence_for_a_level(client, auth, classroom):
    """Below the framework's minimum evidence the column says so; a learner with no scored evidence shows a dash;
    one with enough shows the number."""
    room = classroom(size=3)
    room.competency.framework.min_evidence = 2
    first, second, _third = room.learners
    add_evidence(first, room.competency, 3, a_day(10, 2))
    add_evidence(second, room.competency, 3, a_day(10, 3))
    add_evidence(second, room.competency, 3, a_day(10, 2))
    db.session.commit()
    auth.as_user(room.teacher)
    page = client.get(grid_url(room)).get_data(as_text=True)
    cells = [cell.strip() for cell in re.findall(r'<td>((?:3\.0|<span class="muted">[^<]*</span>))</td>', page)]
    dash = '<span class="muted">–</span>'  # the third learner: no latest level, no estimate
    assert cells == ['<span class="muted">not enough evidence yet</span>', "3.0", dash, dash], cells
