"""The student's progress page and the family pages: what they say, who reaches them, their queries."""
import plotly.graph_objects as go
from sqlalchemy import select

from tracker.evidence.models import Evidence
from tracker.extensions import db
from tracker.mastery.models import ValidationRequest
from tracker.rosters.models import GuardianLink

from .conftest import build_class
from .test_heatmap import figure_of


def student_world(make, **kw):
    world = build_class(make, **kw)
    student = make.user("student", name="Kid Zero")
    guardian = make.user("guardian", name="Parent Zero")
    learner = world.learners[0]
    learner.user_id = student.id
    db.session.add(GuardianLink(guardian_id=guardian.id, learner_id=learner.id))
    # the second step waits for a validator
    db.session.add(ValidationRequest(learner_id=learner.id, competency_id=world.competencies[1].id))
    db.session.commit()
    world.extra.update(student=student, guardian=guardian)
    return world


def test_a_student_sees_its_map_pace_feedback_and_supports(client, auth, make):
    world = student_world(make)
    learner = world.learners[0]
    auth.as_user(world.extra["student"])
    response = client.get("/my/progress")
    assert response.status_code == 302 and response.location.endswith(f"/learners/{learner.id}/progress")
    html = client.get(response.location).get_data(as_text=True)
    assert "My progress" in html and "Share evidence of my learning" in html
    assert "Waiting for a validator" in html and "✓ Mastered" in html and "Not open yet" in html
    assert "I can do 1.2" in html  # "I can" words, not staff statements
    assert "Clear reasoning" in html  # recent feedback
    assert "Small group on Tuesdays" in html  # the support planned from the flag
    assert f"/learners/{learner.id}/transcript" in html and f"/learners/{learner.id}/credentials" in html
    spec = figure_of(html, "pace-chart")
    go.Figure(spec["figure"])
    names = [trace["name"] for trace in spec["figure"]["data"]]
    assert names[:2] == ["Steps mastered", "Expected pace"]


def test_the_student_page_names_who_gave_the_feedback(client, auth, make):
    world = student_world(make)
    learner = world.learners[0]
    latest = db.session.scalars(select(Evidence).where(Evidence.learner_id == learner.id,
                                                       Evidence.feedback == "Clear reasoning")).first()
    latest.recorded_by_id = world.teacher.id
    db.session.commit()
    auth.as_user(world.extra["student"])
    html = client.get(f"/learners/{learner.id}/progress").get_data(as_text=True)
    with client.application.test_request_context():
        from tracker.i18n import day

        shown_on = day(latest.observed_on)
    assert f"{shown_on} · {world.teacher.name}</span>" in html
    assert html.count(f" · {world.teacher.name}") == 1  # the other pieces name nobody: nobody is recorded


def test_a_student_without_a_learner_record(client, auth, make):
    auth.as_user(make.user("student"))
    db.session.commit()
    response = client.get("/my/progress")
    assert response.status_code == 404 and "not set up yet" in response.get_data(as_text=True)


def test_staff_see_the_progress_page_without_the_student_button(client, auth, make):
    world = student_world(make)
    auth.as_user(world.teacher)
    html = client.get(f"/learners/{world.learners[0].id}/progress").get_data(as_text=True)
    assert "Progress of Kid00 Family00" in html and "Share evidence of my learning" not in html


def test_the_family_page_says_it_in_plain_words(client, auth, make):
    world = student_world(make)
    learner = world.learners[0]
    learner.school.contact_email = "office@example.org"
    db.session.commit()
    auth.as_user(world.extra["guardian"])
    html = client.get(f"/learners/{learner.id}/family").get_data(as_text=True)
    assert "Kid00 has mastered 1 of the 4 steps in Math 6 pathway." in html
    assert "Kid00 has asked a teacher to confirm this one." in html
    assert "Small group" in html and "Ms Rivera" in html
    assert world.teacher.email in html and "office@example.org" in html
    children = client.get("/my/children").get_data(as_text=True)
    assert "Kid00 has mastered 1 of the 4 steps" in children
    assert f"/learners/{learner.id}/family" in children


def _list_after(html, heading):
    """The items of the list that follows a heading, as visible text."""
    import re

    part = html.split(heading, 1)[1].split("</ul>", 1)[0].split("<h", 1)[0]
    return [re.sub(r"<[^>]+>", "", item).strip() for item in re.findall(r"<li>(.*?)</li>", part, re.S)]


def test_the_family_page_names_what_was_mastered_lately_and_what_comes_next(client, auth, make):
    from datetime import timedelta

    from tracker.dashboards.learner_pages import short_day
    from tracker.timeutil import today

    from .conftest import decide

    world = student_world(make, per_domain=3)  # six steps; the first mastered 3 days ago by everyone
    learner, steps = world.learners[0], world.competencies
    decide(learner, steps[2], world.validator, decided_days_ago=45)  # long ago: not "lately"
    decide(learner, steps[3], world.validator, decided_days_ago=10)
    db.session.commit()
    auth.as_user(world.extra["guardian"])
    html = client.get(f"/learners/{learner.id}/family").get_data(as_text=True)
    with client.application.test_request_context():
        first, fourth = (short_day(today() - timedelta(days=n)) for n in (3, 10))
    # newest first, in "I can" words, with the day the standing engine gives
    assert _list_after(html, "Mastered in the last 30 days") == [f"“I can do 1.1” · {first}",
                                                                  f"“I can do 2.1” · {fourth}"]
    # waiting for a validator first, then the open steps in path order (step 3 is mastered)
    assert _list_after(html, "What comes next") == [
        "“I can do 1.2” · Kid00 has asked a teacher to confirm this one.", "“I can do 2.2”"]
    assert "I can do 1.3" not in _list_after(html, "Mastered in the last 30 days")


def test_the_family_page_in_spanish_names_steps_and_days_in_spanish(client, auth, make):
    world = student_world(make)
    guardian = world.extra["guardian"]
    guardian.locale = "es"
    db.session.commit()
    auth.as_user(guardian)
    html = client.get(f"/learners/{world.learners[0].id}/family").get_data(as_text=True)
    assert "Dominado en los últimos 30 días" in html and "Lo que viene" in html
    months = ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre",
              "octubre", "noviembre", "diciembre")
    assert any(month in item for item in _list_after(html, "Dominado en los últimos 30 días") for month in months)


def test_the_family_page_is_not_for_other_families(client, auth, make):
    world = student_world(make)
    auth.as_user(world.extra["guardian"])
    assert client.get(f"/learners/{world.learners[1].id}/family").status_code == 403


def test_pages_about_learners_cost_the_same_statements_with_more_data(client, auth, make, count_queries):
    counts = {"progress": [], "family": [], "children": []}
    for size, per_domain in ((2, 2), (4, 5)):
        world = student_world(make, size=size, per_domain=per_domain, title=f"Math {size}")
        guardian = world.extra["guardian"]
        for other in world.learners[1:]:  # more children for the bigger family
            db.session.add(GuardianLink(guardian_id=guardian.id, learner_id=other.id))
        db.session.commit()
        learner = world.learners[0]
        for page, user, address in (("progress", world.extra["student"], f"/learners/{learner.id}/progress"),
                                    ("family", guardian, f"/learners/{learner.id}/family"),
                                    ("children", guardian, "/my/children")):
            auth.as_user(user)
            with count_queries() as counter:
                assert client.get(address).status_code == 200
            counts[page].append(counter.count)
    print("statements", counts)
    assert all(small == large for small, large in counts.values()), counts
    assert db.session.scalar(select(GuardianLink.id).limit(1))


def test_the_family_page_says_so_when_nothing_was_mastered_lately(client, auth, make):
    world = student_world(make, with_data=False)
    learner = world.learners[0]
    from .conftest import decide

    decide(learner, world.competencies[0], world.validator, decided_days_ago=45)
    db.session.commit()
    auth.as_user(world.extra["guardian"])
    html = client.get(f"/learners/{learner.id}/family").get_data(as_text=True)
    assert "Nothing new in the last 30 days" in html
    assert _list_after(html, "What comes next")[0].startswith("“I can do 1.2”")
