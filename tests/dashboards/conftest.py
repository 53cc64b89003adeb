"""A class for dashboard tests: a framework with domains, a progression, evidence, decisions, flags."""
from dataclasses import dataclass, field
from datetime import timedelta

from tracker.competencies.models import Competency
from tracker.extensions import db
from tracker.progressions.models import Placement, Prerequisite, Progression, ProgressionStep
from tracker.rosters.models import EquityAttributes
from tracker.supports.models import Intervention, SupportFlag
from tracker.timeutil import utcnow

from ..conftest import Factory

TODAY = utcnow().date()


@dataclass
class ClassWorld:
    teacher: object
    validator: object
    section: object
    learners: list
    framework: object
    domains: list
    competencies: list  # the non-domain ones, in tree order
    progression: object
    guardian: object = None
    extra: dict = field(default_factory=dict)


def make_framework(title="Math 6", method="decaying_average", parameter=0.65):
    """A published Mathematics framework with this title, on a four-level scale of its own."""
    make = Factory()
    return make.framework(scale=make.scale(name=f"Scale for {title}"), method=method, parameter=parameter,
                          title=title, subject="Mathematics")


def add_evidence(learner, competency, level, observed_on, **kw):
    return Factory().evidence(learner, competency, level, observed_on, **kw)


def decide(learner, competency, validator, outcome="mastered", *, requested_days_ago=10, decided_days_ago=3,
           section=None):
    return Factory().decision(learner, competency, validator, outcome, requested_days_ago=requested_days_ago,
                              decided_days_ago=decided_days_ago, section=section)


def flag(learner, kind="stalled", *, days_ago=5, resolved=False, supported_after_days=None, competency=None):
    raised = utcnow() - timedelta(days=days_ago)
    item = SupportFlag(learner_id=learner.id, kind=kind, reason="Test reason", raised_at=raised,
                       competency_id=competency.id if competency else None,
                       resolved_at=utcnow() if resolved else None)
    db.session.add(item)
    db.session.flush()
    if supported_after_days is not None:
        db.session.add(Intervention(learner_id=learner.id, flag_id=item.id, kind="small_group",
                                    provider="Ms Rivera", plan="Small group on Tuesdays", starts_on=TODAY,
                                    status="active", opened_at=raised + timedelta(days=supported_after_days)))
        db.session.flush()
    return item


def build_class(make, *, size=3, domains=2, per_domain=2, title="Math 6", section_name=None, term=None,
                teacher=None, validator=None, with_data=True):
    """A section of `size` learners placed three weeks ago on a progression over every competency;
    each learner has evidence on every competency, the first competency is mastered by everyone,
    the first learner has two open flags and the second one (a small group is planned for it)."""
    teacher = teacher or make.user("teacher", name="Ana Rivera", email=f"rivera.{make._next()}@example.org")
    validator = validator or make.user("validator", name="Grace Whitfield")
    section = make.section(term=term, teachers=[teacher], name=section_name or f"Studio {make._next()}",
                           course_title="Math 6")
    learners = [make.learner(section, given_name=f"Kid{n:02d}", family_name=f"Family{n:02d}") for n in range(size)]
    framework = make_framework(title)
    tops, leaves = [], []
    for d in range(domains):
        domain = Competency(framework=framework, code=f"D{d + 1}", statement=f"Domain {d + 1}", position=d)
        db.session.add(domain)
        db.session.flush()
        tops.append(domain)
        for k in range(per_domain):
            leaf = Competency(framework=framework, parent_id=domain.id, code=f"D{d + 1}.{k + 1}", position=k,
                              statement=f"Competency {d + 1}.{k + 1}", student_statement=f"I can do {d + 1}.{k + 1}")
            db.session.add(leaf)
            db.session.flush()
            leaves.append(leaf)
    progression = Progression(framework_id=framework.id, title=f"{title} pathway", weeks_per_step=1.0)
    db.session.add(progression)
    db.session.flush()
    for position, competency in enumerate(leaves, start=1):
        db.session.add(ProgressionStep(progression_id=progression.id, competency_id=competency.id, position=position))
    for before, after in zip(leaves, leaves[1:]):
        db.session.add(Prerequisite(competency_id=after.id, prerequisite_id=before.id))
    placed_on = TODAY - timedelta(days=21)
    for learner in learners:
        db.session.add(Placement(learner_id=learner.id, progression_id=progression.id, start_position=1,
                                 placed_on=placed_on, reason="Start"))
    db.session.flush()
    world = ClassWorld(teacher, validator, section, learners, framework, tops, leaves, progression)
    if with_data:
        for learner in learners:
            for competency in leaves:
                add_evidence(learner, competency, 2, TODAY - timedelta(days=14), feedback="Good start")
                add_evidence(learner, competency, 3, TODAY - timedelta(days=7), feedback="Clear reasoning")
            decide(learner, leaves[0], validator, section=section)
        flag(learners[0], "stalled")
        flag(learners[0], "behind_pace", supported_after_days=2)
        # The flags above stand for what the rules raised: the changes that built the class must not
        # make the pages recompute them (tracker.supports.watch queued every learner written here).
        from tracker.supports.models import FlagRefresh

        db.session.execute(FlagRefresh.__table__.delete())
    db.session.commit()
    return world


def set_equity(learner, **values):
    db.session.add(EquityAttributes(learner_id=learner.id, **values))
    db.session.flush()
