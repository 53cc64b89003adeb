"""District-size data for benchmarks: `flask --app tracker demo --scale grade|district`.

Everything is generated from a fixed seed and streamed in batches, so memory stays flat:
bulk inserts (executemany) on SQLite, COPY on PostgreSQL. Evidence rows are generated per
learner as a growth curve, so estimates, decisions and pace look like a real school's.
"""
import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, select

from ..auth.models import STAFF_ROLES, User, UserRole
from ..competencies.models import Competency, Framework
from ..competencies.scales import STANDARD_SCALE, ensure_default_scales
from ..dashboards import summaries
from ..evidence.models import Evidence
from ..extensions import db
from ..grading import editing
from ..grading.models import Credit
from ..mastery.models import MasteryDecision, ValidationRequest
from ..progressions.models import Placement, Progression, ProgressionStep
from ..rosters.models import Enrollment, GuardianLink, Learner, School, Section, TeachingAssignment, Term
from ..supports.models import FlagRefresh, SupportFlag
from .bulk import bulk_insert, next_id, reset_sequences
from .school import _demo_password_hash

FEEDBACK = [
    "Clear reasoning; label your units.", "Good start: check the second step.", "Strong explanation.",
    "Not yet: revisit the worked example and try again.", "Accurate and efficient.",
    "Show how you checked your answer.", "Nice use of a model.", "Almost there: one error in the setup.",
]


@dataclass(frozen=True)
class ScaleSpec:
    learners: int
    competencies: int
    domains: int
    evidence_per_learner: int
    big_section: int  # learners in the one big section (heatmap test)
    small_section: int  # learners in the small section
    small_framework_competencies: int
    progression_steps: int


SCALES = {
    # 600 × 130 with about a million evidence rows (13 per learner-competency pair).
    "grade": ScaleSpec(learners=600, competencies=130, domains=10, evidence_per_learner=1690,
                       big_section=600, small_section=35, small_framework_competencies=40,
                       progression_steps=30),
    # 50,000 learners, 400 competencies, 10 million evidence rows (PostgreSQL).
    "district": ScaleSpec(learners=50_000, competencies=400, domains=20, evidence_per_learner=200,
                          big_section=600, small_section=35, small_framework_competencies=40,
                          progression_steps=40),
}


def build_scale(name: str, progress_factory=None) -> dict:
    """Add a school of the named size; returns what it made (ids and counts). The caller commits."""
    spec = SCALES[name]
    rng = random.Random(f"scale-{name}")
    progress_factory = progress_factory or (lambda label, length: _NoProgress())
    scales = ensure_default_scales()
    scale = scales[STANDARD_SCALE]
    password_hash = _demo_password_hash()

    school = School(name=f"{name.title()} Scale School", sourced_id=f"scale-{name}-school")
    term = Term(school=school, name="Fall 2026", starts_on=date(2026, 8, 24), ends_on=date(2027, 1, 15))
    db.session.add_all([school, term])
    staff = {}
    for role in STAFF_ROLES:
        user = User(email=f"{role}@{name}.scale", name=f"{name.title()} {role.title()}",
                    password_hash=password_hash, can_author_frameworks=role == "teacher")
        user.set_roles([role])
        staff[role] = user
    db.session.add_all(staff.values())

    # Frameworks: the big one (domains → competencies) and a small one for the small heatmap.
    framework = Framework(title=f"{name.title()} Mathematics", subject="Mathematics", scale=scale,
                          status="published", estimate_method="decaying_average", estimate_parameter=0.65)
    small_framework = Framework(title=f"{name.title()} Science", subject="Science", scale=scale,
                                status="published")
    db.session.add_all([framework, small_framework])
    db.session.flush()
    competency_ids = _make_competencies(framework, spec.domains, spec.competencies, "MATH")
    small_ids = _make_competencies(small_framework, 4, spec.small_framework_competencies, "SCI")

    big = Section(school=school, term=term, course_title="Grade 7 Mathematics", name="All grade 7")
    small = Section(school=school, term=term, course_title="Grade 7 Science", name="Period 1")
    db.session.add_all([big, small])
    db.session.flush()
    db.session.add_all([TeachingAssignment(section_id=big.id, user_id=staff["teacher"].id),
                        TeachingAssignment(section_id=small.id, user_id=staff["teacher"].id)])

    progression = Progression(framework_id=framework.id, title=f"{name.title()} math pathway",
                              weeks_per_step=1.5, term_id=term.id)
    db.session.add(progression)
    db.session.flush()
    db.session.add_all([ProgressionStep(progression_id=progression.id, competency_id=cid, position=i + 1)
                        for i, cid in enumerate(competency_ids[:spec.progression_steps])])
    db.session.flush()

    first_user, first_learner = next_id(User), next_id(Learner)
    learner_ids = list(range(first_learner, first_learner + spec.learners))
    bar = progress_factory("people", spec.learners * 4)
    bulk_insert(User, ({"id": first_user + i, "email": f"learner{i + 1}@{name}.scale",
                        "name": f"Learner {i + 1}", "password_hash": password_hash, "locale": "en",
                        "active": True, "can_author_frameworks": False, "session_version": 1,
                        "created_at": datetime(2026, 8, 1)}
                       for i in range(spec.learners * 2)), bar.update)
    first_role = next_id(UserRole)
    bulk_insert(UserRole, ({"id": first_role + i, "user_id": first_user + i,
                            "role": "student" if i < spec.learners else "guardian"}
                           for i in range(spec.learners * 2)), bar.update)
    bulk_insert(Learner, ({"id": lid, "user_id": first_user + i, "school_id": school.id,
                           "given_name": f"Learner{i + 1}", "family_name": "Scale", "grade_level": "7",
                           "is_educator": False, "active": True, "created_at": datetime(2026, 8, 1)}
                          for i, lid in enumerate(learner_ids)), bar.update)
    first_link = next_id(GuardianLink)
    bulk_insert(GuardianLink, ({"id": first_link + i, "guardian_id": first_user + spec.learners + i,
                                "learner_id": lid, "active": True} for i, lid in enumerate(learner_ids)))
    first_enrollment = next_id(Enrollment)
    enrollments = [(big.id, lid) for lid in learner_ids[:spec.big_section]]
    enrollments += [(small.id, lid) for lid in learner_ids[:spec.small_section]]
    bulk_insert(Enrollment, ({"id": first_enrollment + i, "section_id": sid, "learner_id": lid, "active": True,
                              "created_at": datetime(2026, 8, 24)} for i, (sid, lid) in enumerate(enrollments)),
                bar.update)
    bulk_insert(Placement, ({"learner_id": lid, "progression_id": progression.id, "start_position": 1,
                             "placed_by_id": staff["teacher"].id, "placed_on": date(2026, 8, 24),
                             "reason": "Start of year", "created_at": datetime(2026, 8, 24)}
                            for lid in learner_ids))
    bar.finish()

    total_evidence = spec.learners * spec.evidence_per_learner + spec.small_section * len(small_ids) * 6
    bar = progress_factory("evidence", total_evidence)
    with summaries.deferred():  # one rebuild after the bulk load instead of a refresh per batch
        evidence_count = bulk_insert(Evidence, _evidence_rows(
            rng, learner_ids, competency_ids, small_ids, spec, staff["teacher"].id), bar.update)
        summaries.rebuild_all()
    bar.finish()
    decision_count = bulk_insert(MasteryDecision, _decision_rows(
        rng, learner_ids, competency_ids[:spec.progression_steps], staff["validator"].id))
    # About 2% of learners wait in the validator queue, and about 5% have an open support flag.
    request_count = bulk_insert(ValidationRequest, (
        {"learner_id": lid, "competency_id": competency_ids[rng.randrange(spec.progression_steps)],
         "section_id": big.id if lid < first_learner + spec.big_section else None,
         "requested_by_id": staff["teacher"].id, "requested_by_learner": False, "status": "open",
         "note": "Ready, I think.", "requested_at": datetime(2026, 11, 1) + timedelta(hours=lid % 400)}
        for lid in learner_ids if lid % 50 == 7))
    flag_count = bulk_insert(SupportFlag, (
        {"learner_id": lid, "kind": "stalled", "reason": "No new evidence for 12 school days (threshold 10)",
         "raised_at": datetime(2026, 11, 2) + timedelta(hours=lid % 300)}
        for lid in learner_ids if lid % 20 == 3))
    if db.engine.dialect.name == "postgresql":
        # COPY bypasses the ORM events that queue learners for the flag and rollup refresh (supports/watch.py;
        # on SQLite the bulk evidence insert queued them): queue them as those events would have.
        bulk_insert(FlagRefresh, ({"learner_id": lid, "queued_at": datetime(2026, 11, 2)} for lid in learner_ids))
    reset_sequences([User, UserRole, Learner, Enrollment, GuardianLink, Evidence, MasteryDecision, Competency,
                     Placement, ProgressionStep])
    db.session.flush()
    ensure_grading(progression.id)
    return {"school_id": school.id, "big_section_id": big.id, "small_section_id": small.id,
            "framework_id": framework.id, "small_framework_id": small_framework.id,
            "progression_id": progression.id, "learners": spec.learners, "evidence": evidence_count,
            "decisions": decision_count, "open_requests": request_count, "open_flags": flag_count,
            "first_learner_id": first_learner,
            "student_email": f"learner1@{name}.scale", "guardian_email": f"learner{spec.learners + 1}@{name}.scale",
            "teacher_email": staff["teacher"].email, "validator_email": staff["validator"].email,
            "admin_email": staff["admin"].email}


def _make_competencies(framework, domains: int, count: int, prefix: str) -> list[int]:
    """Domains with competencies under them; returns the competency (leaf) ids in order."""
    per_domain = max(1, count // domains)
    leaves = []
    made = 0
    for d in range(domains):
        domain = Competency(framework_id=framework.id, code=f"{prefix}.{d + 1}",
                            statement=f"Domain {d + 1}", item_type="Domain", position=d + 1,
                            rollup_rule="all")
        db.session.add(domain)
        db.session.flush()
        in_domain = per_domain if d < domains - 1 else count - made
        rows = [Competency(framework_id=framework.id, parent_id=domain.id, code=f"{prefix}.{d + 1}.{k + 1}",
                           statement=f"Competency {d + 1}.{k + 1}: apply the ideas of domain {d + 1}.",
                           student_statement=f"I can apply idea {k + 1} of domain {d + 1}.",
                           position=k + 1) for k in range(in_domain)]
        db.session.add_all(rows)
        db.session.flush()
        leaves.extend(c.id for c in rows)
        made += in_domain
    return leaves


def _evidence_rows(rng, learner_ids, competency_ids, small_ids, spec: ScaleSpec, teacher_id: int):
    start = date(2026, 8, 31)
    created = datetime(2026, 11, 1)
    per_pair = max(1, spec.evidence_per_learner // len(competency_ids))
    pairs_per_learner = min(len(competency_ids), spec.evidence_per_learner // per_pair)
    for lid in learner_ids:
        ability = rng.random()
        for cid in competency_ids[:pairs_per_learner]:
            level = 1 + (ability > 0.5)
            for k in range(per_pair):
                if rng.random() < 0.35 + ability * 0.3:
                    level = min(4, level + 1)
                yield {"learner_id": lid, "competency_id": cid, "recorded_by_id": teacher_id,
                       "source": "teacher", "status": "accepted",
                       "observed_on": start + timedelta(days=(k * 77) // per_pair + rng.randrange(3)),
                       "kind": "summative" if k == per_pair - 1 else "formative", "level": level,
                       "feedback": FEEDBACK[(lid + cid + k) % len(FEEDBACK)], "context": "class",
                       "version": 1, "created_at": created, "updated_at": created}
    for lid in learner_ids[:spec.small_section]:
        for cid in small_ids:
            for k in range(6):
                yield {"learner_id": lid, "competency_id": cid, "recorded_by_id": teacher_id,
                       "source": "teacher", "status": "accepted",
                       "observed_on": start + timedelta(days=k * 12), "kind": "formative",
                       "level": 1 + min(3, k // 2 + rng.randrange(2)), "feedback": FEEDBACK[k],
                       "context": "class", "version": 1, "created_at": created, "updated_at": created}


def _decision_rows(rng, learner_ids, step_ids, validator_id: int):
    first_id = next_id(MasteryDecision)
    n = 0
    for lid in learner_ids:
        reached = rng.randrange(len(step_ids) // 2 + 1)
        for position, cid in enumerate(step_ids[:reached]):
            yield {"id": first_id + n, "learner_id": lid, "competency_id": cid, "validator_id": validator_id,
                   "outcome": "mastered", "level": 3 + (rng.random() < 0.3), "rationale": "Consistent evidence.",
                   "separation_relaxed": False,
                   "decided_at": datetime(2026, 9, 7) + timedelta(days=position * 9 + rng.randrange(5))}
            n += 1


class _NoProgress:
    def update(self, n):
        pass

    def finish(self):
        pass


def ensure_grading(progression_id: int) -> None:
    """A credit made from the pathway (80 % mastered, none below 2), a report-card scheme and a
    grading period, unless some credit exists already: the bench's grades page needs them. The
    caller commits."""
    if db.session.scalar(select(func.count()).select_from(Credit)):
        return
    progression = db.session.get(Progression, progression_id)
    editing.save_credit(None, title=f"{progression.title} credit", code="MATH7", rule="share", share_percent=80,
                        floor_level=2, points_needed=None, framework_id=None, competency_codes="",
                        progression_id=progression.id)
    rows = [("A", 90, 3, 3, 4.0), ("B", 80, 3, 2, 3.0), ("C", 60, 3, None, 2.0), ("D", 0, 1, None, 1.0)]
    editing.save_scheme(None, title="Report card", scale_id=progression.framework.scale_id, min_assessed_percent=50,
                        rows=[(n, {"grade": g, "share_percent": sh, "at_level": at, "floor_level": fl, "score": sc})
                              for n, (g, sh, at, fl, sc) in enumerate(rows, start=1)])
    editing.save_period(title="Fall 2026", starts_on=date(2026, 8, 24), ends_on=date(2027, 1, 15), sourced_id=None)
