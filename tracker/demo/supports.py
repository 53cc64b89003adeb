"""Demo supports and calibration (runs after frameworks, evidence and decisions).

* Flags: the rules run over every demo learner (as the nightly job would), so the flags are
  what the evidence and decisions say. Each is then dated back a little (a flag raised at
  load time would make every "time to support" zero).
* Interventions: a few closed ones from earlier in the term (a learner told "not yet",
  re-taught, then mastered: the flag resolved, the outcome recorded), and a handful open on
  today's flags, Maya Hernández's among them.
* Calibration: one closed session in which Whitfield, Ortiz and Okafor scored eight pieces of
  grade 6 ratio work (two at each level), agreeing on most and not on all.
Deterministic (fixed seed).
"""
import random
from datetime import datetime, time, timedelta

from sqlalchemy import select

from ..evidence.models import Evidence
from ..extensions import db
from ..calibration.models import (
    CalibrationItem, CalibrationParticipant, CalibrationScore, CalibrationSession,
)
from ..mastery.models import MasteryDecision
from ..supports.models import Intervention, SupportFlag
from ..supports.service import recompute_all
from ..timeutil import utcnow
from .school import LEARNERS_PER_SECTION, grade_of

SEED = 20261125
PAST_SUPPORT = 4          # closed interventions from "not yet, re-taught, mastered" stories
OPEN_SUPPORT_KINDS = ("repeated_not_yet", "repeated_not_yet", "prerequisite_gap", "behind_pace")

PLANS = {
    "reteach": "Re-teach the set-up with a worked example and a ratio table, then two practice problems "
               "with feedback the same day. Re-assess once the practice shows it independently.",
    "small_group": "Small-group tutoring on Tuesdays and Thursdays at lunch (20 minutes): visual models "
                   "first, then the same problems in words. Check progress after two weeks.",
    "tutoring": "Peer tutoring twice a week in the studio's last period, with a checklist the tutor and "
                "learner fill in together.",
    "family_conference": "Call the family to talk about what is getting in the way, and agree one thing "
                         "to try at home and one at school.",
    "extended_time": "Extra time on the next two summative tasks, in a quiet room.",
}
OUTCOMES = [
    "Mastered on re-assessment after the re-teach; the ratio table is now the learner's own strategy.",
    "The small group helped: the last three pieces were at Proficient and the validator confirmed mastery.",
    "Worked: the learner explains the method to others now. Closing; keep an eye on the next strand.",
]
# Calibration: two pieces at each level, scored by three validators (some disagreement by design).
CALIBRATION_LEVELS = (1, 1, 2, 2, 3, 3, 4, 4)
CALIBRATION_SCORES = {
    "whitfield": (1, 2, 2, 2, 3, 3, 4, 3),
    "ortiz": (1, 1, 2, 3, 3, 3, 4, 4),
    "okafor": (3, 1, 2, 3, 3, 2, 4, 4),
}


def build(world: dict) -> None:
    rng = random.Random(SEED)
    now = utcnow()
    learners = world.get("learners") or []
    if not learners:
        return
    recompute_all()
    _date_flags_back(rng, now)
    teacher_of = _math_teachers(world)
    _past_support(world, rng, teacher_of)
    _open_support(world, rng, now, teacher_of)
    _group_support(world, now)
    _calibration(world, now)
    db.session.flush()


def _math_teachers(world) -> dict[int, object]:
    """{learner_id: its math teacher} (Rivera for grade 6, Okafor for grade 7)."""
    teachers = world.get("teachers", {})
    sections = world.get("sections") or []
    result = {}
    for index, learner in enumerate(world["learners"]):
        section = sections[index // LEARNERS_PER_SECTION] if sections else None
        grade = grade_of(section) if section else "6"
        result[learner.id] = teachers.get("rivera" if grade == "6" else "okafor") or world.get("admin")
    return result


def _date_flags_back(rng, now) -> None:
    """Flags as the nightly job would have raised them over the last weeks, not all this minute."""
    for flag in db.session.scalars(select(SupportFlag).where(SupportFlag.resolved_at.is_(None))):
        flag.raised_at = now - timedelta(days=rng.randint(2, 24), hours=rng.randint(0, 8))


def _past_support(world, rng, teacher_of) -> None:
    """"Not yet" → re-teach → mastered: a resolved flag and a closed intervention for a few learners."""
    by_id = {learner.id: learner for learner in world["learners"]}
    superseding = db.session.scalars(
        select(MasteryDecision).where(MasteryDecision.supersedes_id.is_not(None),
                                      MasteryDecision.outcome == "mastered")
        .order_by(MasteryDecision.id)).all()
    earlier = {d.id: d for d in db.session.scalars(
        select(MasteryDecision).where(MasteryDecision.id.in_([d.supersedes_id for d in superseding])))}
    for index, mastered in enumerate(superseding[:PAST_SUPPORT]):
        not_yet = earlier.get(mastered.supersedes_id)
        if not_yet is None or not_yet.outcome != "not_yet" or mastered.learner_id not in by_id:
            continue
        raised = not_yet.decided_at + timedelta(hours=2)
        flag = SupportFlag(learner_id=mastered.learner_id, kind="repeated_not_yet", competency_id=mastered.competency_id,
                           reason="3 attempts in a row not yet at the mastery level (flag after 3)",
                           reason_template="%(count)d attempts in a row not yet at the mastery level (flag after %(limit)d)",
                           reason_values={"count": 3, "limit": 3}, raised_at=raised,
                           resolved_at=mastered.decided_at)
        db.session.add(flag)
        db.session.flush()
        kind = ("reteach", "small_group")[index % 2]
        opened = min(raised + timedelta(days=rng.randint(1, 3)), mastered.decided_at - timedelta(hours=1))
        teacher = teacher_of[mastered.learner_id]
        db.session.add(Intervention(
            learner_id=mastered.learner_id, flag_id=flag.id, competency_id=mastered.competency_id, kind=kind,
            provider=teacher.name, plan=PLANS[kind], starts_on=opened.date(),
            review_on=opened.date() + timedelta(days=14), status="closed", outcome=OUTCOMES[index % len(OUTCOMES)],
            opened_by_id=teacher.id, opened_at=opened, closed_at=mastered.decided_at + timedelta(days=1)))


def _group_support(world, now) -> None:
    """Okafor re-teaches the largest group the app suggests for the first of his sections that has one
    (Rivera's are left to suggest, for her to try)."""
    from ..auth import policy
    from ..supports import groups

    okafor = world.get("teachers", {}).get("okafor")
    sections = policy.sections_taught(okafor) if okafor is not None else []
    section, suggested = next(((s, found) for s in sections if (found := groups.suggest_groups(s))), (None, []))
    if not suggested:
        return
    group = suggested[0]
    starts = now.date() - timedelta(days=now.weekday() or 7)  # last Monday
    groups.open_groups(okafor, section, [groups.GroupPlan(
        key=group.key, chosen=True, title=group.title, kind="reteach", provider=okafor.name,
        plan=PLANS["reteach"], starts_on=starts, review_on=starts + timedelta(days=10),
        learner_ids=[member.learner.id for member in group.members])])


def _open_support(world, rng, now, teacher_of) -> None:
    """Support planned or in place on some of today's flags: Maya's first, then a few of each kind."""
    open_flags = db.session.scalars(
        select(SupportFlag).where(SupportFlag.resolved_at.is_(None)).order_by(SupportFlag.learner_id, SupportFlag.id)
    ).all()
    maya = world["learners"][0]
    chosen = [f for f in open_flags if f.learner_id == maya.id][:1]
    for kind in OPEN_SUPPORT_KINDS:
        candidates = [f for f in open_flags if f.kind == kind and f not in chosen and f.learner_id != maya.id]
        if candidates:
            chosen.append(candidates[rng.randrange(len(candidates))])
    plans = [("small_group", "active"), ("reteach", "active"), ("tutoring", "planned"), ("reteach", "planned"),
             ("family_conference", "planned")]
    for flag, (kind, status) in zip(chosen, plans):
        teacher = teacher_of[flag.learner_id]
        opened = min(flag.raised_at + timedelta(days=rng.randint(1, 4), hours=rng.randint(1, 6)), now)
        starts = opened.date() if status == "active" else max(opened.date(), now.date()) + timedelta(days=2)
        provider = "Ana Rivera and the math interventionist" if flag.learner_id == maya.id else teacher.name
        db.session.add(Intervention(
            learner_id=flag.learner_id, flag_id=flag.id, competency_id=flag.competency_id, kind=kind,
            provider=provider, plan=PLANS[kind], starts_on=starts, review_on=starts + timedelta(days=14),
            status=status, opened_by_id=teacher.id, opened_at=opened))
    if not any(f.learner_id == maya.id for f in chosen):
        # Maya is on pace, but her teacher planned small-group time anyway: support needs no flag.
        progression = world.get("math_progression")
        competency_id = progression.steps[2].competency_id if progression and len(progression.steps) > 2 else None
        teacher = teacher_of[maya.id]
        opened = now - timedelta(days=9)
        db.session.add(Intervention(
            learner_id=maya.id, flag_id=None, competency_id=competency_id, kind="small_group",
            provider="Ana Rivera and the math interventionist", plan=PLANS["small_group"],
            starts_on=opened.date(), review_on=opened.date() + timedelta(days=14), status="active",
            opened_by_id=teacher.id, opened_at=opened))
    # One support tried and closed while its flag stays open: the record shows what was tried.
    rest = [f for f in open_flags if f not in chosen and f.kind == "repeated_not_yet"]
    if rest:
        flag = rest[0]
        teacher = teacher_of[flag.learner_id]
        opened = flag.raised_at + timedelta(days=1)
        db.session.add(Intervention(
            learner_id=flag.learner_id, flag_id=flag.id, competency_id=flag.competency_id, kind="extended_time",
            provider=teacher.name, plan=PLANS["extended_time"], starts_on=opened.date(),
            review_on=opened.date() + timedelta(days=7), status="closed",
            outcome="More time alone did not change the result: the set-up is the difficulty. "
                    "Next: a re-teach in a small group.",
            opened_by_id=teacher.id, opened_at=opened, closed_at=min(opened + timedelta(days=8), now)))


def _calibration(world, now) -> None:
    """A closed session: three validators, eight grade 6 pieces on the first math step, two at each level."""
    validators = world.get("validators", {})
    people = {"whitfield": validators.get("whitfield"), "ortiz": validators.get("ortiz"),
              "okafor": world.get("teachers", {}).get("okafor")}
    progression = world.get("math_progression")
    if not all(people.values()) or progression is None or not progression.steps:
        return
    competency = progression.steps[0].competency
    grade6 = [learner.id for index, learner in enumerate(world["learners"]) if index < 3 * LEARNERS_PER_SECTION]
    candidates = db.session.scalars(
        select(Evidence).where(Evidence.competency_id == competency.id, Evidence.learner_id.in_(grade6),
                               Evidence.deleted_at.is_(None), Evidence.status == "accepted",
                               Evidence.feedback.is_not(None), Evidence.source == "teacher")
        .order_by(Evidence.observed_on, Evidence.id)).all()
    pieces, used_learners = [], set()
    for level in CALIBRATION_LEVELS:
        piece = next((e for e in candidates if e.level == level and e not in pieces
                      and e.learner_id not in used_learners), None)
        if piece is None:
            return  # not enough variety in the evidence for a meaningful session
        pieces.append(piece)
        used_learners.add(piece.learner_id)
    order = [pieces[i] for i in (2, 6, 0, 5, 3, 7, 1, 4)]  # mixed, so the levels do not run in order
    admin = world.get("admin")
    created = now - timedelta(days=12)
    session = CalibrationSession(
        title="Fall calibration: ratio language", competency_id=competency.id, status="closed",
        instructions="Score each piece from the work shown, against the rubric descriptors.",
        created_by_id=admin.id if admin else None, created_at=created, closed_at=now - timedelta(days=5))
    session.items = [CalibrationItem(evidence_id=piece.id, position=n) for n, piece in enumerate(order, start=1)]
    for position, name in enumerate(("whitfield", "ortiz", "okafor"), start=1):
        participant = CalibrationParticipant(
            validator_id=people[name].id, position=position,
            submitted_at=datetime.combine(created.date() + timedelta(days=position + 1), time(16, 10 * position)))
        by_piece = dict(zip(pieces, CALIBRATION_SCORES[name]))
        participant.scores = [CalibrationScore(item=item, level=by_piece[piece], scored_at=participant.submitted_at)
                              for item, piece in zip(session.items, order)]
        session.participants.append(participant)
    db.session.add(session)
