"""Demo validation: past decisions and open requests on the math progression (runs after evidence).

Built from the demo evidence so that each decision agrees with it and cites real evidence:
every step a learner has finished with its estimate at mastery is "mastered" (so the
progression opens the next step, as the evidence story has the learner moving on); a step
left after many pieces without reaching mastery was proposed and told "not yet". Some
learners were proposed too early, told "not yet", and mastered later: the history shows the
chain. The step each learner is working on now stays undecided; about a dozen of those, the
closest to mastery, wait in the validator queue with requests of various ages. Decisions are
by the validators Whitfield and Ortiz, who recorded none of the evidence. Deterministic
(fixed seed); bulk inserts.
"""
import random
from collections import defaultdict
from datetime import datetime, time, timedelta

from sqlalchemy import insert, select

from ..audit.models import AuditEvent
from ..competencies.models import Framework
from ..evidence import service as evidence_service
from ..evidence.models import Evidence
from ..extensions import db
from ..mastery.models import DecisionCitation, MasteryDecision, ValidationRequest
from ..mastery.overrides import override_kind
from ..progressions.models import Progression
from ..rosters.models import Enrollment
from ..timeutil import utcnow

SEED = 20261123
OPEN_REQUESTS = 12
OPEN_AGES = (0, 0, 1, 1, 2, 2, 3, 4, 5, 6, 7, 9)  # days waiting: validators keep up, none past two weeks
CLOSE_ENOUGH = 0.35  # an estimate this close below mastery, with the last two pieces at it, is read as shown
EARLY_PROPOSAL_CHANCE = 0.3  # a finished step first proposed too early (a "not yet", then mastered)

MASTERED_RATIONALES = [
    "Independent and accurate on the last pieces, including the summative task; explains each step.",
    "Consistent work at Proficient across class work and the quiz; the early errors are gone.",
    "The latest work shows the competency applied in a new situation; the explanation is clear and complete.",
]
NOT_YET_RATIONALES = [
    "Not yet: accurate with support, but the independent work still shows the same error in the set-up.",
    "Not yet: the ideas are there; the last pieces need more accuracy before this counts as mastered.",
]
SUPERSEDE_REASON = "New evidence since the earlier \u201cnot yet\u201d: re-proposed by the teacher."
REQUEST_NOTES = [
    "Three strong pieces in a row; please look at the latest one.",
    "Ready, I think: the last task shows it independently.",
    None, None,
]
LEARNER_NOTE = "I think my last two pieces show it."


def _math_progression() -> Progression | None:
    """The first active progression with 'math' in its or its framework's title."""
    candidates = db.session.scalars(
        select(Progression).join(Framework, Framework.id == Progression.framework_id)
        .where(Progression.active.is_(True), Framework.is_educator_framework.is_(False))
        .order_by(Progression.id)
    ).all()
    for progression in candidates:
        title = f"{progression.title} {progression.framework.title} {progression.framework.subject or ''}"
        if "math" in title.lower():
            return progression
    return None


def scored_evidence(competency_ids) -> dict:
    """{(learner_id, competency_id): [evidence...]} that counts toward estimates, in observation order."""
    rows = db.session.scalars(
        select(Evidence).where(Evidence.competency_id.in_(competency_ids), Evidence.deleted_at.is_(None),
                               Evidence.status == "accepted", Evidence.level.is_not(None))
        .order_by(Evidence.observed_on, Evidence.id)
    )
    grouped = defaultdict(list)
    for evidence in rows:
        grouped[(evidence.learner_id, evidence.competency_id)].append(evidence)
    return grouped


class Builder:
    """Collects plain rows for bulk inserts; decisions refer to requests and earlier decisions
    by their position in the lists until the database hands out ids."""

    def __init__(self, world, progression, *, seed: int = SEED, open_requests: int = OPEN_REQUESTS):
        self.rng = random.Random(seed)
        self.open_count = open_requests
        self.now = utcnow()
        self.framework = progression.framework
        self.scale = self.framework.scale
        self.threshold = self.scale.mastery_threshold
        self.steps = [step.competency for step in progression.steps]
        self.validators = [world["validators"]["whitfield"], world["validators"]["ortiz"]]
        self.learners = list(world["learners"])
        self.starts = {p.learner_id: p.start_position for p in world.get("placements", [])
                       if p.progression_id == progression.id and p.ended_at is None}
        self.requests: list[dict] = []
        self.decisions: list[dict] = []  # with "_request" and "_supersedes" (list positions) and "_cited"
        # The learner's section, for the queue's section filter.
        self.section_of = dict(db.session.execute(
            select(Enrollment.learner_id, Enrollment.section_id).where(Enrollment.active.is_(True))).all())

    # Small helpers --------------------------------------------------------------------------

    def estimate(self, evidence) -> float | None:
        return evidence_service.estimate_for_scores(self.framework, [e.level for e in evidence])

    def at(self, day, hour: int) -> datetime:
        return min(datetime.combine(day, time(hour, self.rng.randrange(60))), self.now - timedelta(minutes=5))

    def mastered_at(self, evidence) -> int | None:
        """How many pieces it took to show mastery, if it did: the estimate at the threshold and the latest
        level too, or (a validator reading the work, not only the number) the latest two levels at the
        threshold with the estimate close below it, as a decaying average of 2, 3, 3 is."""
        for count in range(2, len(evidence) + 1):
            levels = [e.level for e in evidence[:count]]
            estimate = self.estimate(evidence[:count]) or 0
            if levels[-1] >= self.threshold and (estimate >= self.threshold or (
                    levels[-2] >= self.threshold and estimate >= self.threshold - CLOSE_ENOUGH)):
                return count
        return None

    @staticmethod
    def proposer_id(evidence) -> int:
        """The teacher who recorded the learner's latest evidence proposes it."""
        return next((e.recorded_by_id for e in reversed(evidence) if e.source == "teacher"),
                    evidence[-1].recorded_by_id)

    # Collecting rows --------------------------------------------------------------------------

    def request(self, learner, competency, requested_at, *, proposer_id, by_learner=False, note=None,
                status="decided") -> int:
        self.requests.append({
            "learner_id": learner.id, "competency_id": competency.id,
            "section_id": self.section_of.get(learner.id),
            "requested_by_id": learner.user_id if by_learner else proposer_id,
            "requested_by_learner": by_learner, "note": note, "status": status, "requested_at": requested_at,
        })
        return len(self.requests) - 1

    def decide(self, request_index, evidence, outcome, decided_at, previous=None) -> int:
        request = self.requests[request_index]
        estimate = self.estimate(evidence)
        if outcome == "mastered":
            cited = [e for e in evidence if e.level >= self.threshold][-3:]
            level = min(max(int(estimate), self.threshold), self.scale.max_level)
            rationale = self.rng.choice(MASTERED_RATIONALES)
        else:
            cited, level, rationale = evidence[-2:], None, self.rng.choice(NOT_YET_RATIONALES)
        self.decisions.append({
            "_request": request_index, "_supersedes": previous, "_cited": [e.id for e in cited],
            "learner_id": request["learner_id"], "competency_id": request["competency_id"],
            "validator_id": self.rng.choice(self.validators).id, "outcome": outcome, "level": level,
            "rationale": rationale, "estimate_value": estimate, "estimate_method": self.framework.estimate_method,
            "supersede_reason": SUPERSEDE_REASON if previous is not None else None, "separation_relaxed": False,
            # the one rule, so the validator dashboard's figures are what record_decision would have said
            "override_kind": override_kind(outcome=outcome, level=level, estimate=estimate, threshold=self.threshold,
                                           cited_levels=[e.level for e in cited]),
            "decided_at": max(decided_at, request["requested_at"] + timedelta(minutes=30)),
        })
        self.decisions[-1]["overrode_estimate"] = self.decisions[-1]["override_kind"] is not None
        return len(self.decisions) - 1

    # The story --------------------------------------------------------------------------------

    def finished_step(self, learner, competency, evidence) -> None:
        """Decisions on a step the learner has moved on from."""
        proposer = self.proposer_id(evidence)
        count = self.mastered_at(evidence)
        if count is None:
            if len(evidence) >= 3:
                day = evidence[-1].observed_on + timedelta(days=1)
                self.decide(self.request(learner, competency, self.at(day, 15), proposer_id=proposer),
                            evidence, "not_yet", self.at(day + timedelta(days=1), 10))
            return
        previous = None
        if count >= 4 and self.rng.random() < EARLY_PROPOSAL_CHANCE:
            early = evidence[:count - 2]
            day = early[-1].observed_on
            if day < evidence[count - 1].observed_on:
                previous = self.decide(self.request(learner, competency, self.at(day, 15), proposer_id=proposer),
                                       early, "not_yet", self.at(day, 17))
        shown = evidence[:count]
        day = shown[-1].observed_on + timedelta(days=self.rng.randrange(0, 2))
        requested = self.at(day, 16)
        decided = self.at(day + timedelta(days=self.rng.randrange(0, 3)), 11)
        self.decide(self.request(learner, competency, requested, proposer_id=proposer), shown, "mastered",
                    decided, previous)

    def run(self, evidence_by_pair) -> None:
        waiting = []  # (learner, competency, evidence) for the step each learner works on now
        for learner in self.learners:
            start = self.starts.get(learner.id, 1) - 1  # steps before the placement were placed past
            worked = [(c, evidence_by_pair[(learner.id, c.id)]) for c in self.steps[start:]
                      if (learner.id, c.id) in evidence_by_pair]
            for index, (competency, evidence) in enumerate(worked):
                if index < len(worked) - 1:
                    self.finished_step(learner, competency, evidence)
                else:
                    waiting.append((learner, competency, evidence))
        self.open_requests(waiting)

    def open_requests(self, waiting) -> None:
        """A dozen open requests for the learners closest to mastery on their current step
        (the demo student among them), of various ages; a few asked by the learners themselves."""
        def closeness(item):
            learner, _competency, evidence = item
            is_demo_student = learner is self.learners[0]
            return (not is_demo_student, -(self.estimate(evidence) or 0), learner.id)

        ready = [item for item in waiting if len(item[2]) >= 2
                 and (self.estimate(item[2]) or 0) >= self.threshold - 0.75]
        for index, (learner, competency, evidence) in enumerate(sorted(ready, key=closeness)[:self.open_count]):
            requested = self.now - timedelta(days=OPEN_AGES[index % len(OPEN_AGES)],
                                             hours=self.rng.randrange(1, 8))
            by_learner = index % 4 == 0 and learner.user_id is not None
            self.request(learner, competency, requested, proposer_id=self.proposer_id(evidence),
                         by_learner=by_learner, status="open",
                         note=LEARNER_NOTE if by_learner else self.rng.choice(REQUEST_NOTES))


def build(world: dict) -> None:
    """Add the demo's requests, decisions, citations and their audit events (bulk inserts)."""
    progression = world.get("math_progression") or _math_progression()
    if progression is None or not progression.steps or not world.get("learners"):
        return
    builder = Builder(world, progression)
    evidence_by_pair = scored_evidence([competency.id for competency in builder.steps])
    if not evidence_by_pair:
        return  # nothing to decide on: a decision without evidence would teach the wrong thing
    builder.run(evidence_by_pair)
    insert_all(builder)
    world["decision_count"] = len(builder.decisions)
    world["open_request_count"] = sum(1 for r in builder.requests if r["status"] == "open")


def _insert_returning_ids(model, rows: list[dict]) -> list[int]:
    if not rows:
        return []
    table = model.__table__  # Core inserts: the ORM's bookkeeping is not needed for new rows
    result = db.session.execute(insert(table).returning(table.c.id, sort_by_parameter_order=True), rows)
    return [row.id for row in result]


def insert_all(builder: Builder) -> None:
    """Bulk inserts: requests, then decisions (those that supersede another after it), then
    citations and the audit events of both."""
    request_ids = _insert_returning_ids(ValidationRequest, builder.requests)
    decision_ids: list[int | None] = [None] * len(builder.decisions)
    plain = lambda row: {k: v for k, v in row.items() if not k.startswith("_")}  # noqa: E731
    for wave in (False, True):  # an earlier decision gets its id before the one that supersedes it
        indexes = [i for i, row in enumerate(builder.decisions) if (row["_supersedes"] is not None) == wave]
        rows = [{**plain(builder.decisions[i]), "request_id": request_ids[builder.decisions[i]["_request"]],
                 "supersedes_id": (decision_ids[builder.decisions[i]["_supersedes"]]
                                   if builder.decisions[i]["_supersedes"] is not None else None)}
                for i in indexes]
        for i, new_id in zip(indexes, _insert_returning_ids(MasteryDecision, rows)):
            decision_ids[i] = new_id
    cited_ids = {evidence_id for row in builder.decisions for evidence_id in row["_cited"]}
    snapshots = {  # the demo's evidence is never edited: its recorder set its level
        evidence_id: {"version": version, "level": level, "observed_on": observed_on, "kind": kind,
                      "feedback": feedback, "author_id": recorded_by_id}
        for evidence_id, version, level, observed_on, kind, feedback, recorded_by_id in db.session.execute(
            select(Evidence.id, Evidence.version, Evidence.level, Evidence.observed_on, Evidence.kind,
                   Evidence.feedback, Evidence.recorded_by_id).where(Evidence.id.in_(cited_ids)))
    } if cited_ids else {}
    citations = [{"decision_id": decision_ids[i], "evidence_id": evidence_id, **snapshots[evidence_id]}
                 for i, row in enumerate(builder.decisions) for evidence_id in row["_cited"]]
    if citations:
        db.session.execute(insert(DecisionCitation.__table__), citations)
    events = [
        {"at": row["requested_at"], "actor_id": row["requested_by_id"], "action": "validation_request.create",
         "object_type": "validation_request", "object_id": request_ids[i], "learner_id": row["learner_id"],
         "detail": {"competency_id": row["competency_id"], "by_learner": row["requested_by_learner"],
                    "demo": True}, "ip_address": None}
        for i, row in enumerate(builder.requests)
    ] + [
        {"at": row["decided_at"], "actor_id": row["validator_id"], "action": "mastery_decision.create",
         "object_type": "mastery_decision", "object_id": decision_ids[i], "learner_id": row["learner_id"],
         "detail": {"outcome": row["outcome"], "level": row["level"], "cited": row["_cited"], "demo": True},
         "ip_address": None}
        for i, row in enumerate(builder.decisions)
    ]
    db.session.execute(insert(AuditEvent.__table__), sorted(events, key=lambda event: event["at"]))
