"""Demo professional learning: two teachers are also learners on the educator framework (before supports).

Linh Tran and James Okafor each have a professional learning record (a learner marked as an
educator, linked to their staff account), coached by Grace Whitfield, on a path through the nine
badge domains (the first key question of each). Their evidence (a lesson plan, a reflection, a
coach's observation, a course done elsewhere) is read by the same standing engine as the students'.
Okafor's coach has validated two of his steps (Expert and Experienced: his badges); Tran waits in
her coach's queue. Deterministic and small: a few dozen rows.
"""
from datetime import datetime, time, timedelta

from sqlalchemy import select

from ..competencies.models import Competency
from ..evidence.models import Evidence
from ..extensions import db
from ..progressions.models import Placement
from ..rosters.models import EducatorCoach, Learner
from ..timeutil import today
from .evidence import TERM_START, weeks_later
from .frameworks import build_path

PATH = tuple((f"EDU.{n}.1", ()) for n in range(1, 10))
# (teacher key, given, family, [(step code, level, days into the term, source, context, note)])
EDUCATORS = (
    ("tran", "Linh", "Tran", [
        ("EDU.1.1", 2, 40, "student", "other", "Reflection: how I explained competency education to my class."),
        ("EDU.1.1", 3, 62, "teacher", "class", "Coach's observation: clear explanation at the family evening."),
        ("EDU.2.1", 2, 70, "student", "online", "Course done elsewhere: personalized learning, 6 hours."),
    ]),
    ("okafor", "James", "Okafor", [
        ("EDU.1.1", 3, 30, "student", "class", "Lesson plan: learning targets written with the students."),
        ("EDU.1.1", 4, 44, "teacher", "class", "Coach's observation: students explain their own targets."),
        ("EDU.2.1", 3, 55, "teacher", "class", "Peer observation: flexible groups by step."),
        ("EDU.2.1", 4, 65, "student", "class", "Student-work samples across three steps."),
        ("EDU.3.1", 2, 72, "student", "other", "Conference: building a learning infrastructure."),
    ]),
)


def build(world: dict) -> None:
    framework = world["educator_framework"]
    by_code = {c.code: c for c in db.session.scalars(
        select(Competency).where(Competency.framework_id == framework.id))}
    progression = build_path(framework, by_code, PATH, slug="educator-badges-path",
                             title="Professional learning: competency education",
                             description="The first key question of each of the nine badge domains, in order.",
                             pace_mode="weeks_per_step", weeks_per_step=12, term=world["terms"][0])
    coach = world["validators"]["whitfield"]
    shift = timedelta(weeks=weeks_later(today()))
    records = []
    for key, given, family, pieces in EDUCATORS:
        teacher = world["teachers"][key]
        record = Learner(user=teacher, school=world["school"], given_name=given, family_name=family,
                         is_educator=True, sourced_id=f"demo-educator-{key}")
        db.session.add(record)
        db.session.add(EducatorCoach(learner=record, coach=coach))
        db.session.add(Placement(learner=record, progression=progression, start_position=1, placed_by=coach,
                                 reason="Professional learning for the year.", placed_on=TERM_START + shift,
                                 created_at=datetime.combine(TERM_START + shift, time(8))))
        for code, level, day, source, context, note in pieces:
            by_self = source == "student"
            db.session.add(Evidence(
                learner=record, competency=by_code[code], level=level, observed_on=TERM_START + shift
                + timedelta(days=day), source=source, context=context, kind="formative",
                recorded_by=teacher if by_self else coach, reflection=note if by_self else None,
                feedback=None if by_self else note))
        records.append(record)
    db.session.flush()
    _coach_decisions(records, by_code, coach, TERM_START + shift)
    world["educator_records"] = records


# (teacher key, step code, level decided, days into the term): the coach's decisions. Okafor has
# reached Expert in one domain and Experienced in another (their badges); Tran has asked her coach
# to validate her first step, and waits in the coach's queue (another validator does not see it).
DECISIONS = (("okafor", "EDU.1.1", 4, 46), ("okafor", "EDU.2.1", 3, 67))
WAITING = (("tran", "EDU.1.1", 64, "The observation at the family evening shows it, I think."),)
RATIONALE = {4: "Leads others in the practice: the students explain their own targets, and colleagues visit.",
             3: "Uses the practice consistently: flexible groups by step, seen twice."}


def _coach_decisions(records, by_code, coach, start) -> None:
    from ..evidence.service import estimate_for_scores
    from ..mastery.models import DecisionCitation, MasteryDecision, ValidationRequest

    by_key = {key: record for (key, *_rest), record in zip(EDUCATORS, records)}
    for key, code, level, day in DECISIONS:
        record, competency = by_key[key], by_code[code]
        asked = datetime.combine(start + timedelta(days=day - 2), time(15))
        request = ValidationRequest(learner=record, competency=competency, requested_by_id=record.user_id,
                                    requested_by_learner=True, status="decided", requested_at=asked,
                                    note="Ready for my coach to look.")
        pieces = list(db.session.scalars(select(Evidence).where(
            Evidence.learner_id == record.id, Evidence.competency_id == competency.id)
            .order_by(Evidence.observed_on, Evidence.id)))
        cited = [e for e in pieces if e.level >= 3]
        framework = competency.framework
        decision = MasteryDecision(request=request, learner=record, competency=competency, validator=coach,
                                   outcome="mastered", level=level, rationale=RATIONALE[level],
                                   estimate_value=estimate_for_scores(framework, [e.level for e in pieces]),
                                   estimate_method=framework.estimate_method,
                                   decided_at=datetime.combine(start + timedelta(days=day), time(10)))
        decision.citations = [DecisionCitation(evidence_id=e.id, version=e.version, level=e.level,
                                               observed_on=e.observed_on, kind=e.kind, feedback=e.feedback,
                                               author_id=e.recorded_by_id) for e in cited]
        db.session.add_all([request, decision])
    for key, code, day, note in WAITING:
        record = by_key[key]
        db.session.add(ValidationRequest(
            learner=record, competency=by_code[code], requested_by_id=record.user_id, requested_by_learner=True,
            status="open", requested_at=datetime.combine(start + timedelta(days=day), time(16)), note=note))
    db.session.flush()
