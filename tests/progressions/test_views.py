"""The progression pages: list, map, authoring forms, a learner's progression, placing."""
import re
from datetime import date

from sqlalchemy import select

from tracker.audit.models import AuditEvent
from tracker.extensions import db
from tracker.progressions.models import Placement, Prerequisite, Progression, ProgressionStep


def _setup(make, paths, *, status="draft", codes=("C.1", "C.2", "C.3"), edges=((0, 1), (1, 2))):
    author = make.user("teacher", can_author_frameworks=True)
    section = make.section(teachers=[author])
    student = make.user("student")
    guardian = make.user("guardian")
    learner = make.learner(section, user=student, guardians=[guardian], given_name="Maya")
    framework, competencies = paths.framework(codes=codes, status=status)
    progression = paths.progression(framework, competencies, edges=edges, title="Number sense")
    db.session.commit()
    return author, learner, student, guardian, framework, competencies, progression


def test_staff_see_the_list_and_a_map_with_a_table(app, client, auth, make, paths):
    author, _learner, *_rest, progression = _setup(make, paths)
    auth.as_user(author)
    page = client.get("/progressions").get_data(as_text=True)
    assert "Number sense" in page and "New progression" in page
    page = client.get(f"/progressions/{progression.id}").get_data(as_text=True)
    assert 'role="img"' in page
    assert page.count('class="map-node map-node--step"') == 3  # 3 steps drawn, and listed again as the phone's path
    assert page.count('class="progression-path__step progression-path__step--step"') == 3
    assert page.count('class="map-edge"') == 2
    assert re.search(r"<th scope=\"row\">.*C\.2.*Statement of C\.2", page, re.S)
    assert "Maya" in page  # the author's section is listed below the map


def test_a_teacher_without_authoring_rights_may_look_but_not_edit(app, client, auth, make, paths):
    *_rest, progression = _setup(make, paths)
    reader = make.user("teacher")
    db.session.commit()
    auth.as_user(reader)
    assert "New progression" not in client.get("/progressions").get_data(as_text=True)
    assert client.get(f"/progressions/{progression.id}").status_code == 200
    assert client.get(f"/progressions/{progression.id}/edit").status_code == 403
    assert client.post(f"/progressions/{progression.id}/steps", data={}).status_code == 403
    assert client.get("/progressions/new").status_code == 403


def test_creating_a_progression_shows_clear_errors_then_saves(app, client, auth, make, paths):
    author, *_rest, framework, _competencies, _progression = _setup(make, paths)
    auth.as_user(author)
    response = client.post("/progressions/new", data={"title": "", "framework_id": "0",
                                                      "pace_mode": "weeks_per_step", "weeks_per_step": "abc"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Give the progression a title." in page
    assert "Choose the framework its steps come from." in page
    assert "Enter a number, for example 1.5." in page
    response = client.post("/progressions/new", data={"title": "Dated", "framework_id": str(framework.id),
                                                      "pace_mode": "target_dates", "term_id": "0"})
    assert "Choose the term that the target dates fall in." in response.get_data(as_text=True)
    response = client.post("/progressions/new", data={"title": "Weekly", "framework_id": str(framework.id),
                                                      "pace_mode": "weeks_per_step", "weeks_per_step": "2",
                                                      "active": "y"})
    assert response.status_code == 302
    created = db.session.scalar(select(Progression).where(Progression.title == "Weekly"))
    assert created.weeks_per_step == 2 and created.active and response.location.endswith(f"/{created.id}/edit")


def test_steps_are_added_moved_and_removed_from_the_edit_page(app, client, auth, make, paths):
    author, *_rest, framework, competencies, progression = _setup(make, paths, edges=())
    from tracker.competencies.models import Competency

    extra = Competency(framework=framework, code="C.4", statement="Fourth")
    db.session.add(extra)
    db.session.commit()
    auth.as_user(author)
    page = client.get(f"/progressions/{progression.id}/edit").get_data(as_text=True)
    assert f'<option value="{extra.id}" data-search="C.4 Fourth">C.4 Fourth</option>' in page  # the one picker
    empty = client.post(f"/progressions/{progression.id}/steps", data={"competency_id": ""})
    assert empty.status_code == 200 and "Choose a competency." in empty.get_data(as_text=True)
    assert client.post(f"/progressions/{progression.id}/steps",
                       data={"competency_id": str(extra.id)}).status_code == 302
    steps = db.session.scalars(select(ProgressionStep).where(ProgressionStep.progression_id == progression.id)
                               .order_by(ProgressionStep.position)).all()
    assert [s.competency_id for s in steps][-1] == extra.id
    last = steps[-1]
    client.post(f"/progressions/{progression.id}/steps/{last.id}/move", data={"direction": "up"})
    db.session.expire_all()
    assert db.session.get(ProgressionStep, last.id).position == 3
    # A bare POST removes nothing; the form's confirm field does.
    client.post(f"/progressions/{progression.id}/steps/{last.id}/remove", data={})
    assert db.session.get(ProgressionStep, last.id) is not None
    client.post(f"/progressions/{progression.id}/steps/{last.id}/remove", data={"confirm": "yes"})
    assert db.session.scalar(select(ProgressionStep).where(ProgressionStep.id == last.id)) is None
    positions = db.session.scalars(select(ProgressionStep.position).where(
        ProgressionStep.progression_id == progression.id).order_by(ProgressionStep.position)).all()
    assert positions == [1, 2, 3]


def test_a_cycle_is_refused_on_the_form_with_its_path(app, client, auth, make, paths):
    author, *_rest, competencies, progression = _setup(make, paths, codes=("MATH.6.RP.1", "MATH.6.RP.2", "X"),
                                                       edges=((0, 1),))
    auth.as_user(author)
    response = client.post(f"/progressions/{progression.id}/prerequisites",
                           data={"competency_id": str(competencies[0].id),
                                 "prerequisite_id": str(competencies[1].id)})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "This would make a loop: MATH.6.RP.2 → MATH.6.RP.1 → MATH.6.RP.2" in page
    assert 'class="field-error"' in page
    assert db.session.scalar(select(Prerequisite).where(Prerequisite.competency_id == competencies[0].id)) is None
    # A safe edge is saved, and removing it needs the form's confirm field.
    assert client.post(f"/progressions/{progression.id}/prerequisites",
                       data={"competency_id": str(competencies[2].id),
                             "prerequisite_id": str(competencies[1].id)}).status_code == 302
    edge = db.session.scalar(select(Prerequisite).where(Prerequisite.competency_id == competencies[2].id))
    client.post(f"/progressions/{progression.id}/prerequisites/{edge.id}/remove", data={"confirm": "yes"})
    assert db.session.scalar(select(Prerequisite).where(Prerequisite.id == edge.id)) is None


def test_published_framework_prerequisites_are_read_only(app, client, auth, make, paths):
    author, *_rest, competencies, progression = _setup(make, paths, status="published")
    auth.as_user(author)
    page = client.get(f"/progressions/{progression.id}/edit").get_data(as_text=True)
    assert "Create a new version of the framework" in page and "Add a prerequisite" not in page


def test_bad_target_dates_are_shown_and_what_was_typed_is_kept(app, client, auth, make, paths):
    author, *_rest, progression = _setup(make, paths)
    term = make.term(starts_on=date(2026, 8, 24), ends_on=date(2027, 1, 15))
    progression.pace_mode, progression.term = "target_dates", term
    db.session.commit()
    step_ids = [s.id for s in progression.steps]
    auth.as_user(author)
    response = client.post(f"/progressions/{progression.id}/target-dates",
                           data={"confirm": "yes", f"target_date-{step_ids[0]}": "2026-09-01",
                                 f"target_date-{step_ids[1]}": "someday"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "“someday” is not a date" in page and 'value="2026-09-01"' in page
    db.session.expire_all()
    assert db.session.get(ProgressionStep, step_ids[0]).target_date is None


def test_a_student_sees_its_progression_in_plain_words(app, client, auth, make, paths):
    _author, learner, student, *_rest, progression = _setup(make, paths)
    auth.as_user(student)
    page = client.get(f"/learners/{learner.id}/progressions/{progression.id}").get_data(as_text=True)
    assert "My progress: Number sense" in page
    assert "I can do C.1." in page and "Ready to start" in page and "Not open yet" in page
    assert "Opens after step 1" in page
    assert "Save placement" not in page and "Statement of C.1" not in page
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "learner.view")) is None


def test_a_guardian_sees_the_child_by_name(app, client, auth, make, paths):
    _author, learner, _student, guardian, *_rest, progression = _setup(make, paths)
    auth.as_user(guardian)
    page = client.get(f"/learners/{learner.id}/progressions/{progression.id}").get_data(as_text=True)
    assert "Maya: Number sense" in page and "Ready to start" in page and "Save placement" not in page


def test_a_teacher_places_a_learner_mid_way(app, client, auth, make, paths):
    author, learner, *_rest, progression = _setup(make, paths)
    auth.as_user(author)
    url = f"/learners/{learner.id}/progressions/{progression.id}"
    page = client.get(url).get_data(as_text=True)
    assert "Save placement" in page and "Not placed on this progression yet" in page
    response = client.post(url + "/placement", data={"start_position": "3", "reason": ""})
    assert "Say why the learner starts here" in response.get_data(as_text=True)
    response = client.post(url + "/placement", data={"start_position": "3", "reason": "Diagnostic in August"})
    assert response.status_code == 302
    placement = db.session.scalar(select(Placement).where(Placement.learner_id == learner.id))
    assert placement.start_position == 3 and placement.placed_by_id == author.id
    page = client.get(url).get_data(as_text=True)
    assert page.count("Placed past") >= 3 and "Diagnostic in August" in page
    assert "map-node--placed_past" in page and "map-node--open" in page
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "learner.view")) is not None


def test_a_teacher_of_another_section_cannot_place(app, client, auth, make, paths):
    _author, learner, *_rest, progression = _setup(make, paths)
    stranger = make.user("teacher")
    db.session.commit()
    auth.as_user(stranger)
    url = f"/learners/{learner.id}/progressions/{progression.id}"
    assert client.get(url).status_code == 403
    assert client.post(url + "/placement", data={"start_position": "1", "reason": "x"}).status_code == 403


def test_the_progression_page_runs_a_fixed_number_of_queries(app, client, auth, make, paths, count_queries):
    author, learner, *_rest, competencies, progression = _setup(make, paths)
    big = make.section(teachers=[author], name="Big")
    for n in range(30):
        other = make.learner(big)
        paths.decide(other, competencies[n % 3])
    db.session.commit()
    auth.as_user(author)
    counts = []
    for section_id in (learner_section_id(learner), big.id):
        client.get(f"/progressions/{progression.id}?section={section_id}")  # warm up
        with count_queries() as counter:
            page = client.get(f"/progressions/{progression.id}?section={section_id}").get_data(as_text=True)
        counts.append(counter.count)
    assert "Learner" in page
    assert counts[0] == counts[1], counts


def learner_section_id(learner):
    from tracker.rosters.models import Enrollment

    return db.session.scalar(select(Enrollment.section_id).where(Enrollment.learner_id == learner.id))


def test_a_forty_step_map_draws_every_step_with_a_text_state(app, client, auth, make, paths):
    codes = tuple(f"MATH.7.EE.{i}" for i in range(1, 41))
    edges = tuple((i, i + 1) for i in range(0, 39, 2)) + tuple((i, i + 3) for i in range(0, 37, 5))
    author, learner, *_rest, progression = _setup(make, paths, codes=codes, edges=edges)
    auth.as_user(author)
    page = client.get(f"/learners/{learner.id}/progressions/{progression.id}").get_data(as_text=True)
    nodes = re.findall(r'class="map-node map-node--(\w+)" transform', page)
    assert len(nodes) == 40
    for code in codes:
        assert f">{code}</tspan></text>" in page and f'class="progression-path__code">{code}</span>' in page
    states = re.findall(r'class="map-node__state"><tspan[^>]*>(\w+)</tspan></text>', page)
    assert len(states) == 40 and set(states) <= {"Open", "Locked"}
