"""Issuing every pending credential of a school at once, on the real job queue (issue 17: credential
batches on the queue): an administrator presses one button; the worker signs them share by share, each
share committed with the job's progress; a job stopped midway goes on after the last learner done;
nothing is issued twice; the jobs page says what the batch came to."""
from sqlalchemy import func, select

from tracker.audit.models import AuditEvent
from tracker.credentials import batch
from tracker.credentials.models import IssuedCredential
from tracker.extensions import db
from tracker.jobs.models import Job

from .test_clr import verifies


def _school_with_masteries(make, learners=5, each=3):
    framework = make.framework(title="Math 7")
    competencies = [make.competency(framework, code=f"M.{n}") for n in range(each)]
    admin = make.user("admin")
    section = make.section()
    people = [make.learner(section) for _ in range(learners)]
    for learner in people:
        for competency in competencies:
            make.decision(learner, competency)
    db.session.commit()
    return admin, section.school_id, people


def test_an_admin_issues_every_pending_credential_in_shares_on_the_queue(client, auth, make, run_queued_jobs,
                                                                        monkeypatch):
    monkeypatch.setattr(batch, "BATCH_CREDENTIALS", 4)  # shares of about 4: 15 credentials take 4 jobs
    admin, school_id, people = _school_with_masteries(make)
    from tracker.credentials import service
    service.issue_pending(people[0], admin, "http://localhost/")  # one learner's were issued already
    db.session.commit()
    auth.as_user(admin)
    page = client.get("/admin/credentials/keys").get_data(as_text=True)
    assert "Issue every pending credential" in page
    response = client.post("/admin/credentials/batch", data={"school_id": school_id})
    assert response.status_code == 302 and response.location.endswith("/admin/jobs")
    again = client.post("/admin/credentials/batch", data={"school_id": school_id})  # the waiting job is reused
    assert again.status_code == 302 and db.session.scalar(select(func.count()).select_from(Job)) == 1

    run_queued_jobs()
    db.session.expire_all()
    [job] = db.session.scalars(select(Job).where(Job.kind == "credential_batch")).all()
    # 4 learners with 3 pending each, in shares of two learners (a share stops at 4 or more)
    assert job.status == "done" and job.result == {"issued": 12, "learners": 4, "after": people[-1].id}
    credentials = db.session.scalars(select(IssuedCredential)).all()
    assert len(credentials) == 15 and len({c.decision_id for c in credentials}) == 15  # none twice
    assert all(verifies(c.document) for c in credentials)
    page = client.get("/admin/jobs").get_data(as_text=True)
    assert "Issue pending credentials" in page and "12 credentials issued to 4 learners." in page
    assert db.session.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.action == "credential.issue_batch")) == 1

    client.post("/admin/credentials/batch", data={"school_id": school_id})  # nothing left: one empty share
    run_queued_jobs()
    db.session.expire_all()
    last = db.session.scalars(select(Job).order_by(Job.id.desc())).first()
    assert last.status == "done" and last.result == {"issued": 0, "learners": 0, "after": 0}
    assert db.session.scalar(select(func.count()).select_from(IssuedCredential)) == 15


def test_a_batch_stopped_midway_goes_on_after_the_last_learner_done_without_issuing_twice(
        app, make, run_queued_jobs, monkeypatch):
    """Shares of one learner: the worker signs the first share (committed), then fails on the second; the
    job is failed with the first share standing; run again, it goes on after the first learner."""
    monkeypatch.setattr(batch, "BATCH_CREDENTIALS", 2)
    admin, school_id, people = _school_with_masteries(make, learners=3, each=2)
    from tracker.rosters.models import School
    job = batch.queue_batch(db.session.get(School, school_id), admin, "http://localhost/")
    db.session.commit()
    original = batch.service.issue_pending
    seen = []

    def fails_on_the_second_learner(learner, actor, base_url):
        seen.append(learner.id)
        if len(seen) == 2:
            raise RuntimeError("the worker stopped")
        return original(learner, actor, base_url)

    monkeypatch.setattr(batch.service, "issue_pending", fails_on_the_second_learner)
    run_queued_jobs()
    db.session.expire_all()
    stopped = db.session.get(Job, job.id)
    assert stopped.status == "failed" and stopped.result == {"issued": 2, "learners": 1, "after": people[0].id}
    assert db.session.scalar(select(func.count()).select_from(IssuedCredential)) == 2  # the first share stands

    monkeypatch.setattr(batch.service, "issue_pending", original)
    seen.clear()
    from tracker.jobs import runner
    runner.retry(stopped, admin)  # the administrator's Retry on the jobs page
    db.session.commit()
    run_queued_jobs()
    db.session.expire_all()
    assert db.session.get(Job, job.id).result == {"issued": 6, "learners": 3, "after": people[-1].id}
    credentials = db.session.scalars(select(IssuedCredential)).all()
    assert len(credentials) == 6 and len({c.decision_id for c in credentials}) == 6


def test_only_administrators_issue_a_schools_batch(client, auth, make):
    _admin, school_id, _people = _school_with_masteries(make, learners=1, each=1)
    for role in ("teacher", "validator", "guardian", "student"):
        auth.as_user(make.user(role))
        assert client.post("/admin/credentials/batch", data={"school_id": school_id}).status_code in (302, 403, 404)
    assert db.session.scalar(select(func.count()).select_from(Job)) == 0
