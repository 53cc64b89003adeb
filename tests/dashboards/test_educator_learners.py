"""Educators as learners: a member of staff's professional learning record, on the same engine as
the students' (standing, pace, evidence), visible to the educator, their coaches and admins only."""
import re

from tracker.extensions import db
from tracker.rosters.models import EducatorCoach, GuardianLink

from .conftest import build_class


def educator_world(make):
    """build_class's first learner becomes a teacher's professional learning record on an educator
    framework, coached by the world's validator; the class's own teacher and a guardian link stay."""
    world = build_class(make, size=2)
    educator = make.user("teacher", name="Edu Learner", email="edu.learner@example.org")
    record = world.learners[0]
    record.user_id, record.is_educator = educator.id, True
    world.framework.is_educator_framework = True
    guardian = make.user("guardian", name="Some Parent")
    db.session.add(GuardianLink(guardian_id=guardian.id, learner_id=record.id))
    student = make.user("student", name="A Student")
    world.learners[1].user_id = student.id
    db.session.add(EducatorCoach(learner_id=record.id, coach_id=world.validator.id))
    db.session.commit()
    world.extra.update(educator=educator, record=record, guardian=guardian, student=student)
    return world


def test_a_teacher_reaches_her_professional_learning_from_the_menu(client, auth, make):
    world = educator_world(make)
    auth.as_user(world.extra["educator"])
    home = client.get("/").get_data(as_text=True)
    assert 'href="/my/progress"' in home and "My professional learning" in home
    response = client.get("/my/progress")
    assert response.status_code == 302
    assert response.location.endswith(f"/learners/{world.extra['record'].id}/progress")
    html = client.get(response.location).get_data(as_text=True)
    assert "<h1>My professional learning</h1>" in html and "evaluation is not its purpose" in html
    # the same standing engine as the students' page: mastered steps, feedback, evidence
    assert "✓ Mastered" in html and "Share evidence of my learning" in html
    form = client.get("/my/evidence/new")
    assert form.status_code == 200 and world.competencies[0].code in form.get_data(as_text=True)
    assert client.get("/my/evidence").status_code == 200


def test_only_the_educator_coaches_and_admins_see_the_record(client, auth, make):
    world = educator_world(make)
    url = f"/learners/{world.extra['record'].id}/progress"
    other_validator = make.user("validator", name="Not A Coach")
    admin = make.user("admin", name="Head")
    db.session.commit()
    # the class's teacher teaches the record's section, yet does not see a colleague's record
    for refused in (world.teacher, other_validator, world.extra["guardian"], world.extra["student"]):
        auth.as_user(refused)
        assert client.get(url).status_code == 403, refused.name
    for allowed in (world.extra["educator"], world.validator, admin):
        auth.as_user(allowed)
        assert client.get(url).status_code == 200, allowed.name
    # lists answer the same: the record is not among the teacher's learners
    from sqlalchemy import select

    from tracker.auth.policy import visible_learners_condition
    from tracker.rosters.models import Learner

    def visible(user):
        return set(db.session.scalars(select(Learner.id).where(visible_learners_condition(user))))

    record_id = world.extra["record"].id
    assert record_id not in visible(world.teacher) and record_id not in visible(other_validator)
    assert record_id in visible(world.validator) and record_id in visible(world.extra["educator"])
    assert world.learners[1].id in visible(world.teacher)


def test_a_coach_stops_seeing_the_record_when_the_link_ends(client, auth, make):
    world = educator_world(make)
    link = db.session.query(EducatorCoach).one()
    link.active = False
    db.session.commit()
    auth.as_user(world.validator)
    assert client.get(f"/learners/{world.extra['record'].id}/progress").status_code == 403


def test_staff_without_a_record_are_told_how_to_start(client, auth, make):
    teacher = make.user("teacher", name="No Record")
    db.session.commit()
    auth.as_user(teacher)
    for url in ("/my/progress", "/my/evidence", "/my/evidence/new"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no professional learning record yet" in response.get_data(as_text=True)


def _submission(world, **overrides):
    from tracker.timeutil import today

    data = {"competency_id": str(world.competencies[0].id), "observed_on": today().isoformat(),
            "context": "class", "reflection": "My lesson plan with learning targets written with the class.",
            "link_url": "https://video.example.org/my-lesson"}
    data.update(overrides)
    return data


def test_an_educator_shares_an_artifact_through_the_evidence_code(client, auth, make):
    from sqlalchemy import select

    from tracker.evidence.models import Evidence

    from ..evidence.conftest import PNG_BYTES, upload

    world = educator_world(make)
    record = world.extra["record"]
    before = set(db.session.scalars(select(Evidence.id).where(Evidence.learner_id == record.id)))
    auth.as_user(world.extra["educator"])
    refused = client.post("/my/evidence/new", content_type="multipart/form-data",
                          data=_submission(world, artifact=upload(b"<html><script></script></html>", "plan.docx")))
    page = refused.get_data(as_text=True)
    assert refused.status_code == 200 and "plan.docx" in page and "not accepted" in page
    assert set(db.session.scalars(select(Evidence.id).where(Evidence.learner_id == record.id))) == before
    sent = client.post("/my/evidence/new", content_type="multipart/form-data",
                       data=_submission(world, artifact=upload(PNG_BYTES, "student-work.png")))
    assert sent.status_code == 302 and sent.location.endswith("/my/evidence")
    new = db.session.scalars(select(Evidence).where(Evidence.learner_id == record.id,
                                                    Evidence.id.not_in(before))).one()
    assert new.source == "student" and new.status == "to_review" and new.artifact_id is not None


def test_an_educators_request_goes_to_their_coach_only(client, auth, make):
    """The educator asks for validation on her own record; the validation queue, the request page,
    the decision and the home page's count show it to her coach (a validator) and admins only; the
    coach's decision moves her standing on the same engine."""
    from tracker.mastery.models import MasteryDecision, ValidationRequest

    world = educator_world(make)
    record, competency = world.extra["record"], world.competencies[0]
    other_validator = make.user("validator", name="Not A Coach")
    db.session.commit()
    auth.as_user(world.extra["educator"])
    assert "Ask my coach to validate a level" in client.get(f"/learners/{record.id}/progress").get_data(as_text=True)
    asked = client.post("/my/requests/new", data={"competency_id": competency.id, "note": "Ready, I think."})
    assert asked.status_code == 302
    request = db.session.query(ValidationRequest).filter_by(learner_id=record.id, status="open").one()
    assert request.competency_id == competency.id and request.requested_by_learner

    auth.as_user(other_validator)
    queue = client.get("/validation").get_data(as_text=True)
    assert f"/validation/requests/{request.id}" not in queue
    page = client.get(f"/validation/requests/{request.id}")
    assert page.status_code == 403 and "only their coaches and admins see it" in page.get_data(as_text=True)
    refused = client.post(f"/validation/requests/{request.id}/decide",
                          data={"outcome": "mastered", "level": "3", "rationale": "Looks fine."})
    assert refused.status_code == 403
    assert db.session.query(MasteryDecision).filter_by(request_id=request.id).count() == 0
    from tracker.home.service import home_summary

    waiting_for_other = home_summary(other_validator).open_requests
    waiting_for_coach = home_summary(world.validator).open_requests
    assert waiting_for_coach == waiting_for_other + 1

    auth.as_user(world.validator)
    assert f"/validation/requests/{request.id}" in client.get("/validation").get_data(as_text=True)
    assert client.get(f"/validation/requests/{request.id}").status_code == 200
    from tracker.evidence.models import Evidence

    cited = [e.id for e in db.session.query(Evidence).filter_by(learner_id=record.id, competency_id=competency.id)]
    decided = client.post(f"/validation/requests/{request.id}/decide",
                          data={"outcome": "mastered", "level": "3", "citations": cited[-1:],
                                "rationale": "Seen in class: the students explain their own targets.",
                                "override_rationale": "The observation outweighs the older reflection.",
                                "supersede_reason": "New evidence since the last decision."})
    assert decided.status_code == 302, re.findall(r"class=\"(?:error|flash|field-error)[^>]*>([^<]*)", decided.get_data(as_text=True))
    decision = db.session.query(MasteryDecision).filter_by(request_id=request.id).one()
    assert decision.validator_id == world.validator.id and decision.outcome == "mastered"
    from tracker.standing.engine import standings_for

    standing = standings_for([record.id])[record.id][0]
    assert competency.id in standing.mastered


def test_the_admin_links_a_coach_who_then_sees_the_record(client, auth, make):
    """Coaches are linked on the learner's admin page: only a member of staff, only to an
    educator's record, never the educator herself; a linked coach sees the record, an unlinked one
    no longer does."""
    world = educator_world(make)
    record = world.extra["record"]
    admin, new_coach = make.user("admin", name="Head"), make.user("teacher", name="Peer Coach",
                                                                  email="peer.coach@example.org")
    db.session.commit()
    url = f"/learners/{record.id}/progress"
    auth.as_user(new_coach)
    assert client.get(url).status_code == 403
    auth.as_user(admin)
    assert "Link a coach" in client.get(f"/admin/learners/{record.id}").get_data(as_text=True)
    for email, message in ((world.extra["student"].email, "A coach is a member of staff"),
                           (world.extra["educator"].email, "cannot coach their own professional learning"),
                           ("nobody@example.org", "No user has this email")):
        refused = client.post(f"/admin/learners/{record.id}/coaches", data={"coach_email": email})
        assert message in refused.get_data(as_text=True), email
    assert db.session.query(EducatorCoach).filter_by(learner_id=record.id).count() == 1
    student_record = world.learners[1]
    refused = client.post(f"/admin/learners/{student_record.id}/coaches", data={"coach_email": new_coach.email})
    assert "mark the learner as an educator first" in refused.get_data(as_text=True)
    linked = client.post(f"/admin/learners/{record.id}/coaches", data={"coach_email": new_coach.email})
    assert linked.status_code == 302
    auth.as_user(new_coach)
    assert client.get(url).status_code == 200
    link = db.session.query(EducatorCoach).filter_by(coach_id=new_coach.id).one()
    auth.as_user(admin)
    client.post(f"/admin/coach-links/{link.id}/active", data={"active": "0"})
    auth.as_user(new_coach)
    assert client.get(url).status_code == 403
