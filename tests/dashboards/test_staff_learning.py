"""The admin's view of staff professional learning: each educator's level per badge domain (a
coach's decision, else evidence up to the level below mastery), the spread per domain with
small-group suppression, where the school could offer support; admins only, the read audited."""
from datetime import date

from sqlalchemy import select

from tracker.audit.models import AuditEvent
from tracker.competencies.models import Competency
from tracker.competencies.scales import EDUCATOR_SCALE, ensure_default_scales
from tracker.competencies.domains import domains_of
from tracker.dashboards import professional_learning
from tracker.evidence.models import Evidence
from tracker.extensions import db
from tracker.rosters.models import EducatorCoach


def staff_world(make, educators=3):
    """An educator framework of two domains (E.1 with E.1.1, E.1.2; E.2 with E.2.1) and
    `educators` staff with professional learning records, coached by one validator."""
    scale = ensure_default_scales()[EDUCATOR_SCALE]
    framework = make.framework(title="Educator badges", scale=scale)
    framework.is_educator_framework = True
    domains = {}
    for code, statement, questions in (("E.1", "Engagement and communication", ("E.1.1", "E.1.2")),
                                       ("E.2", "Designing for personalization", ("E.2.1",))):
        domain = make.competency(framework, code=code, statement=statement)
        domains[code] = domain
        for question in questions:
            child = make.competency(framework, code=question, statement=f"Key question {question}")
            child.parent_id = domain.id
            domains[question] = child
    coach = make.user("validator", name="Coach")
    records = []
    for n in range(educators):
        teacher = make.user("teacher", name=f"Teacher {n}")
        record = make.learner(user=teacher)
        record.is_educator = True
        db.session.add(EducatorCoach(learner_id=record.id, coach_id=coach.id))
        records.append(record)
    db.session.flush()
    return framework, domains, coach, records


def evidence(record, competency, level, recorder):
    db.session.add(Evidence(learner_id=record.id, competency_id=competency.id, level=level,
                            observed_on=date(2026, 10, 1), source="teacher", context="class", kind="formative",
                            recorded_by_id=recorder.id, status="accepted"))


def test_a_domain_level_is_a_coach_decision_else_evidence_below_mastery(app, make):
    framework, domains, coach, (first, second, third) = staff_world(make)
    make.decision(first, domains["E.1.2"], coach, level=4)  # Expert on a key question of E.1
    evidence(first, domains["E.2.1"], 4, coach)  # evidence at 4, no decision: Novice at most
    evidence(second, domains["E.1.1"], 2, coach)
    db.session.commit()
    levels = professional_learning.domain_levels([first.id, second.id, third.id], framework,
                                                 domains_of(framework))
    assert levels[first.id] == {domains["E.1"].id: 4, domains["E.2"].id: 2}
    assert levels[second.id] == {domains["E.1"].id: 2, domains["E.2"].id: None}
    assert levels[third.id] == {domains["E.1"].id: None, domains["E.2"].id: None}


def test_a_domain_level_as_of_a_past_day_reads_what_was_recorded_by_then(app, make):
    """Issue 19: a coach's decision three days ago and evidence of 1 October; as of the day before the
    decision, the evidence alone; as of the day before the evidence was entered, nothing."""
    from datetime import datetime, timedelta

    from tracker.timeutil import today

    framework, domains, coach, (first,) = staff_world(make, educators=1)
    make.decision(first, domains["E.1.2"], coach, level=4, decided_days_ago=3)
    evidence(first, domains["E.1.1"], 2, coach)
    db.session.flush()
    db.session.execute(Evidence.__table__.update().values(created_at=datetime(2026, 10, 1, 15)))
    db.session.commit()
    chosen = domains_of(framework)
    assert professional_learning.domain_levels([first.id], framework, chosen)[first.id][domains["E.1"].id] == 4
    before_decision = today() - timedelta(days=4)
    assert professional_learning.domain_levels([first.id], framework, chosen, before_decision)[first.id] == {
        domains["E.1"].id: 2, domains["E.2"].id: None}
    assert professional_learning.domain_levels([first.id], framework, chosen, date(2026, 9, 30))[first.id] == {
        domains["E.1"].id: None, domains["E.2"].id: None}


def test_the_admin_page_shows_staff_by_domain_suppresses_small_groups_and_names_support(
        app, make, client, auth, count_queries):
    framework, domains, coach, records = staff_world(make, educators=12)
    for record in records[:2]:
        make.decision(record, domains["E.1.1"], coach, level=3)
    db.session.commit()
    admin = make.user("admin", name="Head")
    db.session.commit()
    auth.as_user(admin)
    with count_queries() as counter:
        page = client.get("/admin/professional-learning")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert records[0].display_name in html and "Experienced" in html
    # E.1: 2 Experienced, 10 without a level; 2 < 10 is suppressed, and so is the complement
    assert html.count("suppressed (fewer than 10)") >= 2
    # every educator is without a level in E.2 (12 of 12), and 10 of 12 in E.1: both need support
    support = html.split('id="support-heading"')[1].split("</section>")[0]
    assert "Engagement and communication" in support and "Designing for personalization" in support
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "learners.view")).one()
    assert event.actor_id == admin.id and event.detail["page"] == "staff_learning"
    assert event.detail["learner_count"] == 12
    # a fixed number of statements: twelve more educators read no more
    statements = len(counter.statements)
    more = staff_world(make, educators=12)[3]
    db.session.commit()
    with count_queries() as again:
        client.get("/admin/professional-learning")
    assert len(again.statements) <= statements, (len(again.statements), statements, len(more))


def test_only_admins_see_it(app, make, client, auth):
    staff_world(make)
    db.session.commit()
    for role in ("teacher", "validator", "student", "guardian"):
        auth.as_user(make.user(role))
        db.session.commit()
        assert client.get("/admin/professional-learning").status_code == 403, role


def test_the_educator_sees_her_level_in_each_domain_as_the_admin_does(app, make, client, auth):
    from tracker.progressions.models import Placement, Progression, ProgressionStep

    framework, domains, coach, (record, *_others) = staff_world(make)
    path = Progression(framework_id=framework.id, title="Badge path", weeks_per_step=None)
    path.steps = [ProgressionStep(competency_id=domains[code].id, position=n)
                  for n, code in enumerate(("E.1.1", "E.2.1"), start=1)]
    db.session.add(path)
    db.session.flush()
    db.session.add(Placement(learner_id=record.id, progression_id=path.id, start_position=1,
                             placed_on=date(2026, 9, 1)))
    make.decision(record, domains["E.1.2"], coach, level=4)
    db.session.commit()
    auth.as_user(record.user)
    html = client.get(f"/learners/{record.id}/progress").get_data(as_text=True)
    panel = html.split('id="domains-heading"')[1].split("</section>")[0]
    rows = panel.split("<tr>")[2:]
    assert "Engagement and communication" in rows[0] and "Expert" in rows[0]
    assert "Leads others in the practice" in rows[0]  # the badge level's words
    assert "Designing for personalization" in rows[1] and "No level yet" in rows[1]
    auth.as_user(coach)
    assert "Level in each domain" in client.get(f"/learners/{record.id}/progress").get_data(as_text=True)


def _placed_on_path(record, framework, domains):
    from tracker.progressions.models import Placement, Progression, ProgressionStep

    path = Progression(framework_id=framework.id, title="Badge path", weeks_per_step=None)
    path.steps = [ProgressionStep(competency_id=domains[code].id, position=n)
                  for n, code in enumerate(("E.1.1", "E.2.1"), start=1)]
    db.session.add(path)
    db.session.flush()
    db.session.add(Placement(learner_id=record.id, progression_id=path.id, start_position=1,
                             placed_on=date(2026, 9, 1)))
    db.session.flush()
    return path


def test_an_educator_places_herself_and_her_coach_confirms(app, make, client, auth):
    """Self-assessment per domain: refused with no level; sent to the coach; a colleague cannot
    confirm; the coach confirms Expert in E.1 (a decision on her E.1 step: mastered, badge-ready)
    and Novice in E.2 (a kept hand-set level); the levels then read on her page and the admin's."""
    from tracker.mastery.models import MasteryDecision
    from tracker.mastery.self_assessment_model import SelfAssessment
    from tracker.mastery.teacher_level_model import TeacherLevel
    from tracker.standing.engine import standings_for

    framework, domains, coach, (record, *_others) = staff_world(make)
    _placed_on_path(record, framework, domains)
    colleague = make.user("validator", name="Not her coach")
    db.session.commit()
    auth.as_user(record.user)
    page = client.get("/my/self-assessment").get_data(as_text=True)
    assert "Leads others in the practice" in page and "Engagement and communication" in page
    empty = client.post("/my/self-assessment", data={f"domain-{domains['E.1'].id}": ""})
    assert empty.status_code == 400 and "Choose your level in at least one domain." in empty.get_data(as_text=True)
    off_scale = client.post("/my/self-assessment", data={f"domain-{domains['E.1'].id}": "9"})
    assert off_scale.status_code == 400 and "between 1 and 4" in off_scale.get_data(as_text=True)
    assert db.session.query(SelfAssessment).count() == 0
    sent = client.post("/my/self-assessment", data={f"domain-{domains['E.1'].id}": "4",
                                                    f"domain-{domains['E.2'].id}": "2", "note": "Ten years of it."})
    assert sent.status_code == 302
    rows = {r.competency_id: r for r in db.session.query(SelfAssessment)}
    assert {cid: r.level for cid, r in rows.items()} == {domains["E.1"].id: 4, domains["E.2"].id: 2}

    auth.as_user(colleague)
    refused = client.post(f"/learners/{record.id}/self-assessment/confirm",
                          data={f"confirm-{r.id}": str(r.level) for r in rows.values()})
    assert refused.status_code == 403
    assert {r.status for r in db.session.query(SelfAssessment)} == {"waiting"}

    auth.as_user(coach)
    html = client.get(f"/learners/{record.id}/progress").get_data(as_text=True)
    assert "Self-assessment waiting for the coach" in html and "Ten years of it." in html
    client.post(f"/learners/{record.id}/self-assessment/confirm",
                data={f"confirm-{r.id}": str(r.level) for r in rows.values()})
    db.session.expire_all()
    assert {r.status for r in db.session.query(SelfAssessment)} == {"confirmed"}
    decision = db.session.query(MasteryDecision).filter_by(learner_id=record.id).one()
    assert (decision.competency_id, decision.level, decision.validator_id) == (domains["E.1.1"].id, 4, coach.id)
    kept = db.session.query(TeacherLevel).filter_by(learner_id=record.id).one()
    assert (kept.competency_id, kept.level, kept.keep) == (domains["E.2.1"].id, 2.0, True)
    standing = standings_for([record.id])[record.id][0]
    assert domains["E.1.1"].id in standing.mastered  # she starts past E.1's step
    levels = professional_learning.domain_levels([record.id], framework, domains_of(framework))[record.id]
    assert levels == {domains["E.1"].id: 4, domains["E.2"].id: 2}


def test_a_coach_who_does_not_validate_confirms_only_levels_below_mastery(app, make, client, auth):
    from tracker.mastery.models import MasteryDecision
    from tracker.mastery.self_assessment_model import SelfAssessment

    framework, domains, _coach, (record, *_others) = staff_world(make)
    _placed_on_path(record, framework, domains)
    peer = make.user("teacher", name="Peer coach")
    db.session.add(EducatorCoach(learner_id=record.id, coach_id=peer.id))
    db.session.commit()
    auth.as_user(record.user)
    client.post("/my/self-assessment", data={f"domain-{domains['E.1'].id}": "4", f"domain-{domains['E.2'].id}": "2"})
    rows = {r.competency_id: r for r in db.session.query(SelfAssessment)}
    auth.as_user(peer)
    page = client.post(f"/learners/{record.id}/self-assessment/confirm",
                       data={f"confirm-{r.id}": str(r.level) for r in rows.values()}, follow_redirects=True)
    assert "a coach who validates confirms it. Nothing was changed." in page.get_data(as_text=True)
    db.session.expire_all()
    assert {r.status for r in db.session.query(SelfAssessment)} == {"waiting"}
    assert db.session.query(MasteryDecision).count() == 0
    client.post(f"/learners/{record.id}/self-assessment/confirm", data={f"confirm-{rows[domains['E.2'].id].id}": "2"})
    db.session.expire_all()
    assert db.session.get(SelfAssessment, rows[domains["E.2"].id].id).status == "confirmed"
