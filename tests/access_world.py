"""A small school for access tests: two sections, two learners, one of each role.

"own" objects relate to the signed-in person (their section, their child, themselves);
"other" objects belong to the other section. Every URL parameter name used by a route
needs an entry in PARAMS: a function (world) -> (own_id, other_id). An area adding a
route with a new parameter adds its builder here.
"""
from dataclasses import dataclass, field

from tracker.extensions import db


@dataclass
class World:
    users: dict
    learner_own: object
    learner_other: object
    section_own: object
    section_other: object
    extra: dict = field(default_factory=dict)


def build_world(make) -> World:
    from tracker.competencies.models import Competency, Framework, ProficiencyScale, ScaleLevel
    from tracker.mastery.models import ValidationRequest

    term = make.term()
    admin = make.user("admin", name="Admin")
    teacher = make.user("teacher", name="Teacher Own", can_author_frameworks=True)
    teacher_other = make.user("teacher", name="Teacher Other")
    validator = make.user("validator", name="Validator")
    student = make.user("student", name="Student Own")
    student_other = make.user("student", name="Student Other")
    guardian = make.user("guardian", name="Guardian Own")
    guardian_other = make.user("guardian", name="Guardian Other")
    section_own = make.section(term=term, teachers=[teacher], name="Own section")
    section_other = make.section(term=term, teachers=[teacher_other], name="Other section")
    learner_own = make.learner(section_own, user=student, guardians=[guardian], given_name="Own")
    learner_other = make.learner(section_other, user=student_other, guardians=[guardian_other],
                                 given_name="Other")

    scale = ProficiencyScale(name="Test scale", mastery_threshold=3)
    scale.levels = [ScaleLevel(number=n, label=f"L{n}") for n in (1, 2, 3, 4)]
    framework = Framework(title="Test framework", scale=scale, status="draft")
    competency = Competency(framework=framework, code="T.1", statement="Test competency")
    db.session.add_all([scale, framework, competency])
    db.session.flush()
    # The validator's queue holds a request for each learner: validators see the whole queue
    # (and so the records of both learners); a teacher sees only its own learner's request.
    request_own = ValidationRequest(learner_id=learner_own.id, competency_id=competency.id,
                                    section_id=section_own.id, requested_by_id=teacher.id)
    request_other = ValidationRequest(learner_id=learner_other.id, competency_id=competency.id,
                                      section_id=section_other.id, requested_by_id=teacher_other.id)
    db.session.add_all([request_own, request_other])
    db.session.flush()
    # Each staff reader is told something about the own learner (the notification list names it, so
    # that page's read is audited); the other learner's teacher about the other one.
    from tracker.notifications.service import notify

    for user, kind in ((teacher, "evidence_submitted"), (validator, "request_new"),
                       (teacher_other, "evidence_submitted")):
        learner = learner_other if user is teacher_other else learner_own
        notify([user], kind, learner=learner, params={"learner": learner.display_name, "competency": "T.1"})
    db.session.commit()
    users = {"admin": admin, "teacher": teacher, "validator": validator,
             "student": student, "guardian": guardian}
    return World(users=users, learner_own=learner_own, learner_other=learner_other,
                 section_own=section_own, section_other=section_other,
                 extra={"framework": framework, "competency": competency, "scale": scale,
                        "request_own": request_own, "request_other": request_other,
                        "teacher_other": teacher_other,
                        "student_other": student_other, "guardian_other": guardian_other})


def _same(obj_key):
    def build(world):
        obj = world.extra[obj_key]
        return obj.id, obj.id
    return build


PARAMS = {
    "learner_id": lambda w: (w.learner_own.id, w.learner_other.id),
    "section_id": lambda w: (w.section_own.id, w.section_other.id),
    "framework_id": _same("framework"),
    "competency_id": _same("competency"),
    "scale_id": _same("scale"),
    "request_id": lambda w: (w.extra["request_own"].id, w.extra["request_other"].id),
    "credential_id": lambda w: _credentials(w),
    "progression_id": lambda w: _progression(w)["progression"],
    "step_id": lambda w: _progression(w)["step"],
    "edge_id": lambda w: _progression(w)["edge"],
    "school_id": lambda w: (w.section_own.school_id, w.section_other.school_id),
    "term_id": lambda w: (w.section_own.term_id, w.section_other.term_id),
    "day_id": lambda w: _non_school_day(w),
    # Admin-only routes: a staff account and someone else's (never the signed-in role users).
    "user_id": lambda w: (w.extra["teacher_other"].id, w.extra["guardian_other"].id),
    "enrollment_id": lambda w: _roster_links(w)["enrollment"],
    "link_id": lambda w: _roster_links(w)["link"],
    "coach_link_id": lambda w: _coach_links(w),
    "evidence_id": lambda w: _evidence(w)["evidence"],
    "artifact_id": lambda w: _evidence(w)["artifact"],
    "job_id": lambda w: _import_job(w),
    "import_id": lambda w: _roster_import(w),
    "queue_job_id": lambda w: _queue_job(w),
    "flag_id": lambda w: _supports(w)["flag"],
    "intervention_id": lambda w: _supports(w)["intervention"],
    "group_id": lambda w: _supports(w)["group"],
    "calibration_id": lambda w: _calibration(w)["session"],
    "item_id": lambda w: _calibration(w)["item"],
    "mail_id": lambda w: _sign_in_and_mail(w)["mail"],
    "provider_id": lambda w: _sign_in_and_mail(w)["provider"],
    "credit_id": lambda w: _grading(w)["credit"],
    "scheme_id": lambda w: _grading(w)["scheme"],
    # A link token nobody was sent: the public link pages answer that it cannot be used.
    "token": lambda w: ("no-such-token", "no-such-token"),
    "case_document_id": lambda w: _published_case(w)["document"],
    "case_item_id": lambda w: _published_case(w)["item"],
    "case_association_id": lambda w: _published_case(w)["association"],
}


def _grading(world):
    """Two credits on the world's competency and two grade schemes on its scale (admin-only editors;
    two of each, since deleting the "own" one must leave the "other" one to delete)."""
    if "grading" not in world.extra:
        from tracker.grading import editing

        framework = world.extra["framework"]
        credits, schemes = [], []
        for which in ("own", "other"):
            credits.append(editing.save_credit(
                None, title=f"Access world credit ({which})", code=None, rule="all", share_percent=None,
                floor_level=None, points_needed=None, framework_id=framework.id,
                competency_codes=world.extra["competency"].code, progression_id=None).id)
            schemes.append(editing.save_scheme(
                None, title=f"Access world scheme ({which})", scale_id=world.extra["scale"].id,
                min_assessed_percent=50, rows=[(1, {"grade": "P", "share_percent": 100, "at_level": 3,
                                                    "floor_level": None, "score": None})]).id)
        db.session.commit()
        world.extra["grading"] = {"credit": tuple(credits), "scheme": tuple(schemes)}
    return world.extra["grading"]


def _non_school_day(world):
    """A holiday at each section's school (the calendar routes name the school, then its day)."""
    if "non_school_day" not in world.extra:
        from datetime import date

        from tracker.calendar.models import NonSchoolDay

        days = [NonSchoolDay(school_id=section.school_id, name="Access world holiday", kind="holiday",
                             starts_on=date(2026, 11, 26), ends_on=date(2026, 11, 27))
                for section in (world.section_own, world.section_other)]
        db.session.add_all(days)
        db.session.commit()
        world.extra["non_school_day"] = (days[0].id, days[1].id)
    return world.extra["non_school_day"]


def _sign_in_and_mail(world):
    """A message in the outbox and a sign-in provider that cannot be reached (port 9, refused at once)."""
    if "sign_in_and_mail" not in world.extra:
        from tracker.mail.service import queue_mail
        from tracker.sso.service import save_provider

        mail = queue_mail(kind="invitation", to_address="someone@example.org", subject="Access world",
                          body_text="Hello")
        provider = save_provider(None, name="Nowhere", issuer="http://127.0.0.1:9", client_id="tracker",
                                 secret="secret", enabled=True, new_account_role=None)
        db.session.commit()
        world.extra["sign_in_and_mail"] = {"mail": (mail.id, mail.id), "provider": (provider.id, provider.id)}
    return world.extra["sign_in_and_mail"]


def _calibration(world):
    """Two closed calibration sessions on both learners' evidence (with files), each scored by the one
    validator it invited: the "own" one invites the world's validator, the "other" one does not."""
    if "calibration" not in world.extra:
        from tracker.calibration.models import (
            CalibrationItem, CalibrationParticipant, CalibrationScore, CalibrationSession,
        )
        from tracker.timeutil import utcnow

        evidence_ids = _evidence(world)["evidence"]
        sessions = []
        for title, invited in (("Access world", world.users["validator"]), ("Not invited", world.users["admin"])):
            session = CalibrationSession(title=title, competency_id=world.extra["competency"].id,
                                         status="closed", created_by_id=world.users["admin"].id, closed_at=utcnow())
            session.items = [CalibrationItem(evidence_id=evidence_id, position=n)
                             for n, evidence_id in enumerate(evidence_ids, start=1)]
            participant = CalibrationParticipant(validator_id=invited.id, position=1, submitted_at=utcnow())
            session.participants = [participant]
            db.session.add(session)
            db.session.flush()
            participant.scores = [CalibrationScore(item_id=item.id, level=2) for item in session.items]
            sessions.append(session)
        db.session.commit()
        own, other = sessions
        world.extra["calibration"] = {"session": (own.id, other.id),
                                      "item": (own.items[0].id, other.items[0].id)}
    return world.extra["calibration"]


def _supports(world):
    """An open support flag and an intervention planned from it, for each learner (made once)."""
    if "supports" not in world.extra:
        from datetime import date

        from tracker.supports.models import Intervention, SupportFlag, SupportGroup

        made = {"flag": [], "intervention": [], "group": []}
        for learner, section in ((world.learner_own, world.section_own), (world.learner_other, world.section_other)):
            flag = SupportFlag(learner_id=learner.id, kind="stalled", reason="No new evidence for 12 school days")
            group = SupportGroup(section_id=section.id, title="Access group", kind="reteach", provider="Access",
                                 plan="Access world", starts_on=date(2026, 9, 14))
            db.session.add_all([flag, group])
            db.session.flush()
            intervention = Intervention(learner_id=learner.id, flag_id=flag.id, kind="tutoring", provider="Access",
                                        plan="Access world", starts_on=date(2026, 9, 14))
            db.session.add(intervention)
            db.session.flush()
            made["flag"].append(flag.id)
            made["intervention"].append(intervention.id)
            made["group"].append(group.id)
        db.session.commit()
        world.extra["supports"] = {key: tuple(ids) for key, ids in made.items()}
    return world.extra["supports"]


def _import_job(world):
    """A finished framework import started by the (authoring) teacher; admins see it too."""
    if "import_job" not in world.extra:
        from tracker.competencies.models import ImportJob

        job = ImportJob(kind="csv", status="done", total=1, done=1, created_by_id=world.users["teacher"].id,
                        framework_id=world.extra["framework"].id,
                        report={"items": {"created": 1, "updated": 0, "unchanged": 0, "not_in_file": 0},
                                "warnings": [], "framework_id": world.extra["framework"].id,
                                "framework_title": "Test framework"})
        db.session.add(job)
        db.session.commit()
        world.extra["import_job"] = (job.id, job.id)
    return world.extra["import_job"]


def _roster_import(world):
    """An applied OneRoster import (admin-only pages: the same one serves as own and other)."""
    if "roster_import" not in world.extra:
        from tracker.rosters.models import RosterImport

        record = RosterImport(source_name="oneroster.zip", status="applied", created_by_id=world.users["admin"].id,
                              report={"version": "1.1", "rows": 0, "counts": {}, "changes": {}, "problems": [],
                                      "problem_counts": {"error": 0, "warning": 0}})
        db.session.add(record)
        db.session.commit()
        world.extra["roster_import"] = (record.id, record.id)
    return world.extra["roster_import"]


def _queue_job(world):
    """A failed job of the queue (admin-only pages: the same one serves as own and other)."""
    if "queue_job" not in world.extra:
        from tracker.jobs.models import Job

        job = Job(kind="prune_idempotency_keys", status="failed", attempts=1, error="OperationalError: test")
        db.session.add(job)
        db.session.commit()
        world.extra["queue_job"] = (job.id, job.id)
    return world.extra["queue_job"]


def _evidence(world):
    """A piece of evidence with a stored file for each learner (made once, then cached)."""
    if "evidence" not in world.extra:
        import io
        from datetime import date

        from werkzeug.datastructures import FileStorage

        from tracker.evidence import artifacts
        from tracker.evidence.models import Evidence

        made = {"evidence": [], "artifact": []}
        for learner in (world.learner_own, world.learner_other):
            upload = FileStorage(io.BytesIO(b"Notes from class."), filename="notes.txt")
            artifact = artifacts.store(upload, world.users["admin"])
            evidence = Evidence(learner_id=learner.id, competency_id=world.extra["competency"].id,
                                recorded_by_id=world.users["admin"].id, observed_on=date(2026, 9, 14),
                                level=2, feedback="Access world", artifact=artifact)
            db.session.add(evidence)
            db.session.flush()
            made["evidence"].append(evidence.id)
            made["artifact"].append(artifact.id)
        db.session.commit()
        world.extra["evidence"] = {key: tuple(ids) for key, ids in made.items()}
    return world.extra["evidence"]


def _roster_links(world):
    """The own and the other learner's enrollment and guardian link (looked up once)."""
    if "roster_links" not in world.extra:
        from sqlalchemy import select

        from tracker.rosters.models import Enrollment, GuardianLink

        learners = (world.learner_own.id, world.learner_other.id)
        enrollments = {e.learner_id: e.id for e in db.session.scalars(
            select(Enrollment).where(Enrollment.learner_id.in_(learners)))}
        links = {g.learner_id: g.id for g in db.session.scalars(
            select(GuardianLink).where(GuardianLink.learner_id.in_(learners)))}
        world.extra["roster_links"] = {"enrollment": tuple(enrollments[i] for i in learners),
                                       "link": tuple(links[i] for i in learners)}
    return world.extra["roster_links"]


def _coach_links(world):
    """Two educators' professional learning records, each coached by another teacher (made once)."""
    if "coach_links" not in world.extra:
        from tracker.rosters.models import EducatorCoach, Learner

        links = []
        for which in ("own", "other"):
            record = Learner(school_id=world.learner_own.school_id, given_name="Educator", family_name=which,
                             is_educator=True)
            db.session.add(record)
            db.session.flush()
            link = EducatorCoach(learner_id=record.id, coach_id=world.extra["teacher_other"].id)
            db.session.add(link)
            db.session.flush()
            links.append(link.id)
        db.session.commit()
        world.extra["coach_links"] = tuple(links)
    return world.extra["coach_links"]


def _progression(world):
    """A two-step progression on the test framework, with one prerequisite edge (made once)."""
    if "progression" not in world.extra:
        from tracker.competencies.models import Competency
        from tracker.progressions.models import Prerequisite, Progression, ProgressionStep

        first = world.extra["competency"]
        second = Competency(framework=world.extra["framework"], code="T.2", statement="Second competency")
        progression = Progression(framework=world.extra["framework"], title="Test progression")
        progression.steps = [ProgressionStep(competency=first, position=1),
                             ProgressionStep(competency=second, position=2)]
        edge = Prerequisite(competency=second, prerequisite=first)
        db.session.add_all([second, progression, edge])
        db.session.commit()
        world.extra["progression"] = {"progression": (progression.id, progression.id),
                                      "step": (progression.steps[1].id, progression.steps[1].id),
                                      "edge": (edge.id, edge.id)}
    return world.extra["progression"]


def _credentials(world):
    """An issued credential on a mastered decision for each learner (made once, then cached)."""
    if "credentials" not in world.extra:
        from tracker.credentials.keys import current_key
        from tracker.credentials.models import IssuedCredential
        from tracker.mastery.models import MasteryDecision

        key = current_key(world.section_own.school_id)  # a real one: the status list is signed with it
        ids = []
        for n, learner in enumerate((world.learner_own, world.learner_other)):
            decision = MasteryDecision(learner_id=learner.id, competency_id=world.extra["competency"].id,
                                       validator_id=world.users["validator"].id, outcome="mastered",
                                       level=3, rationale="Access world")
            db.session.add(decision)
            db.session.flush()
            credential = IssuedCredential(uuid=f"00000000-0000-0000-0000-00000000000{n}",
                                          decision_id=decision.id, learner_id=learner.id,
                                          signing_key=key, document={"name": "Access world"})
            db.session.add(credential)
            db.session.flush()
            ids.append(credential.id)
        db.session.commit()
        world.extra["credentials"] = tuple(ids)
    return world.extra["credentials"]

# Who passes each access rule, for the "own" object and for the "other" one.
ALL = {"admin", "teacher", "validator", "student", "guardian"}
EXPECTED = {
    "public": (ALL | {"anonymous"}, ALL | {"anonymous"}),
    "signed_in": (ALL, ALL),
    "admin": ({"admin"}, {"admin"}),
    "staff": ({"admin", "teacher", "validator"}, {"admin", "teacher", "validator"}),
    "teacher": ({"admin", "teacher"}, {"admin", "teacher"}),
    "author": ({"admin", "teacher"}, {"admin", "teacher"}),
    "validator": ({"validator"}, {"validator"}),
    "validator_or_admin": ({"validator", "admin"}, {"validator", "admin"}),
    "student": ({"student"}, {"student"}),
    # One's own record; staff without a professional learning record are told they have none (200).
    "own_record": ({"admin", "teacher", "validator", "student"}, {"admin", "teacher", "validator", "student"}),
    "guardian": ({"guardian"}, {"guardian"}),
    # Validators see the learners in the validation queue, which holds a request for each.
    "learner": (ALL, {"admin", "validator"}),
    "learner_teacher": ({"admin", "teacher"}, {"admin"}),
    "learner_staff": ({"admin", "teacher", "validator"}, {"admin", "validator"}),
    # The world's framework is a draft (its authoring routes need one): staff only.
    "framework": ({"admin", "teacher", "validator"}, {"admin", "teacher", "validator"}),
    "section": ({"admin", "teacher"}, {"admin"}),
    "validation_request": ({"admin", "teacher", "validator"}, {"admin", "validator"}),
    # The world's own calibration session invites the validator, the other one does not.
    "calibration": ({"admin", "validator"}, {"admin"}),
    # Scoring: only an invited validator, in its own session.
    "calibration_scorer": ({"validator"}, set()),
    # The test client calls from 127.0.0.1 and no METRICS_TOKEN is set: this machine may scrape
    # (tests/monitoring covers the token and a remote address).
    "monitoring": (ALL | {"anonymous"}, ALL | {"anonymous"}),
}
OBJECT_RULES = {"learner", "learner_teacher", "learner_staff", "framework", "section", "validation_request",
                "calibration", "calibration_scorer"}


def _published_case(world) -> dict:
    """A published framework with two items, one under the other, for the public CASE API (made once)."""
    if "published_case" not in world.extra:
        from tracker.competencies.interchange.case_export import export_package
        from tracker.competencies.models import Competency, Framework

        framework = Framework(title="Published framework", scale=world.extra["scale"], status="published")
        parent = Competency(framework=framework, code="P.1", statement="Published domain")
        child = Competency(framework=framework, code="P.1.1", statement="Published skill", parent=parent)
        db.session.add_all([framework, parent, child])
        db.session.commit()
        package = export_package(framework)
        ids = {kind: tuple(entry["identifier"] for entry in package[key][:2])
               for kind, key in (("item", "CFItems"), ("association", "CFAssociations"))}
        world.extra["published_case"] = {"document": (framework.identifier, framework.identifier), **ids}
    return world.extra["published_case"]
