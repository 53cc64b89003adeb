"""Issuing every pending credential of a school at once, on the job queue (an administrator's button
on the credentials page, for the end of a term).

One job works through the school's learners in id order, a share at a time (about BATCH_CREDENTIALS
credentials, a learner's never split), and commits each share with the job's progress (`job.result`:
issued so far, learners, the last learner done). Unlike other jobs it commits as it goes, on purpose: a
long batch never holds SQLite's write lock for more than one share, a worker that stops loses one share
at most, and the job run again (the queue's rescue, or an administrator's retry) goes on after the last
learner done. Issuing is idempotent besides: a mastery with a credential is never issued another.
"""
from flask_babel import ngettext
from sqlalchemy import exists, select

from ..audit import service as audit
from ..extensions import db
from ..jobs.models import Job
from ..mastery.models import MasteryDecision
from ..rosters.models import Learner, School
from . import service
from .models import IssuedCredential

JOB_KIND = "credential_batch"
BATCH_CREDENTIALS = 20  # credentials signed per job, about (a learner's are never split)


def waiting_batch(school: School) -> Job | None:
    return db.session.scalar(select(Job).where(Job.kind == JOB_KIND, Job.subject_id == school.id,
                                               Job.status.in_(("queued", "running"))).limit(1))


def queue_batch(school: School, actor, base_url: str) -> Job:
    """Queue the school's batch (flushes; sent on commit); one already waiting or running is reused."""
    from ..jobs import runner

    job = waiting_batch(school)
    if job is None:
        job = runner.create(JOB_KIND, subject_id=school.id, params={"base_url": base_url, "after": 0}, user=actor)
        audit.record(actor, "credential.issue_batch", school, job_id=job.id)
    return job


def _learners_with_pending(school_id: int, after: int, limit: int):
    """Learners of the school, after the given id, with a mastered decision that has no credential (the
    current ones among them are found by service.issue_pending)."""
    no_credential = ~exists().where(IssuedCredential.decision_id == MasteryDecision.id)
    return db.session.scalars(
        select(MasteryDecision.learner_id).distinct().join(Learner, Learner.id == MasteryDecision.learner_id)
        .where(Learner.school_id == school_id, MasteryDecision.learner_id > after,
               MasteryDecision.outcome == "mastered", no_credential)
        .order_by(MasteryDecision.learner_id).limit(limit)).all()


def run_job(job: Job) -> None:
    """The queue's work: every pending credential of the school, share by share, each committed."""
    school = db.session.get(School, job.subject_id)
    params = job.params or {}
    done = {"issued": 0, "learners": 0, "after": params.get("after", 0), **(job.result or {})}
    while school is not None:  # a school removed meanwhile has nothing to issue
        waiting = _learners_with_pending(school.id, done["after"], BATCH_CREDENTIALS)
        if not waiting:
            break
        share = 0
        for learner_id in waiting:
            created = service.issue_pending(db.session.get(Learner, learner_id), job.created_by, params["base_url"])
            share += len(created)
            done["learners"] += bool(created)
            done["after"] = learner_id
            if share >= BATCH_CREDENTIALS:
                break
        done["issued"] += share
        job.result = dict(done)  # assigned whole: a JSON column does not see a change made in place
        db.session.commit()
    job.result = dict(done)


def summary(job: Job) -> str:
    """What the jobs page says the batch came to."""
    result = job.result or {}
    issued, learners = result.get("issued", 0), result.get("learners", 0)
    return (ngettext("%(num)s credential issued", "%(num)s credentials issued", issued) + " "
            + ngettext("to %(num)s learner.", "to %(num)s learners.", learners))
