"""Running a framework's method comparison (method_comparison.py) on its evidence, as a job of the queue,
and what the framework page shows of the stored result."""
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from ..competencies.models import Competency, Framework
from ..evidence.models import Evidence
from ..extensions import db
from ..jobs.models import Job
from ..timeutil import utcnow
from .method_comparison import BASELINE, Comparison, MethodResult, compare_methods, parameters_for
from .method_comparison_model import MethodComparisonResult

JOB_KIND = "method_comparison"
ABOUT_THE_SAME = 0.02  # mean errors closer than this (in levels) are "about as good"


def _scored(framework_id: int):
    return (Evidence.deleted_at.is_(None), Evidence.status == "accepted", Evidence.level.is_not(None),
            Evidence.competency_id.in_(select(Competency.id).where(Competency.framework_id == framework_id)))


def evidence_count(framework: Framework) -> int:
    return db.session.scalar(select(func.count()).select_from(Evidence).where(*_scored(framework.id)))


def score_series(framework: Framework) -> list[list[int]]:
    """Every learner × competency's scores in the framework, oldest first by the date observed (one query)."""
    series: dict[tuple[int, int], list[int]] = defaultdict(list)
    rows = db.session.execute(select(Evidence.learner_id, Evidence.competency_id, Evidence.level)
                              .where(*_scored(framework.id))
                              .order_by(Evidence.learner_id, Evidence.competency_id, Evidence.observed_on,
                                        Evidence.id))
    for learner_id, competency_id, level in rows:
        series[(learner_id, competency_id)].append(level)
    return list(series.values())


def compute(framework: Framework) -> MethodComparisonResult:
    """Replay the framework's evidence with every method and keep the result (flushes)."""
    scale = framework.scale
    series = score_series(framework)
    comparison = compare_methods(series, threshold=scale.mastery_threshold, min_level=scale.min_level,
                                 max_level=scale.max_level,
                                 parameters=parameters_for(framework.estimate_method, framework.estimate_parameter))
    row = db.session.get(MethodComparisonResult, framework.id)
    if row is None:
        row = MethodComparisonResult(framework_id=framework.id)
        db.session.add(row)
    row.computed_at, row.evidence_count = utcnow(), sum(len(scores) for scores in series)
    row.result = comparison.as_dict()
    db.session.flush()
    return row


def waiting_job(framework: Framework) -> Job | None:
    return db.session.scalar(select(Job).where(Job.kind == JOB_KIND, Job.subject_id == framework.id,
                                               Job.status.in_(("queued", "running"))).limit(1))


def queue_run(framework: Framework, user) -> Job:
    """Queue a run for the framework (flushes; sent on commit); one already waiting is reused."""
    from ..jobs import runner

    return waiting_job(framework) or runner.create(JOB_KIND, subject_id=framework.id, user=user)


def run_job(job: Job) -> None:
    """The queue's work for a JOB_KIND job: its framework's comparison, committed with the job."""
    framework = db.session.get(Framework, job.subject_id)
    if framework is not None:  # a framework deleted meanwhile has nothing to compare
        compute(framework)


@dataclass(frozen=True)
class PagePanel:
    """What the framework page shows: the stored comparison (or None), how old it is, and the verdict."""

    comparison: Comparison | None
    computed_at: datetime | None
    added_since: int  # scored pieces added (or removed) since it ran
    settings_changed: bool  # the framework's parameter for its method is not the one compared
    waiting: bool
    current: MethodResult | None
    best: MethodResult | None
    baseline: MethodResult | None
    verdict: str | None  # "current_is_best", "about_the_same", "better", or None (nothing to judge)


def panel(framework: Framework) -> PagePanel:
    row = db.session.get(MethodComparisonResult, framework.id)
    waiting = waiting_job(framework) is not None
    if row is None:
        return PagePanel(None, None, 0, False, waiting, None, None, None, None)
    comparison = Comparison.from_dict(row.result)
    method = framework.estimate_method
    current = comparison.result(method)
    best = comparison.result(comparison.best) if comparison.best else None
    changed = current.parameter != parameters_for(method, framework.estimate_parameter)[method]
    return PagePanel(comparison, row.computed_at, abs(evidence_count(framework) - row.evidence_count), changed,
                     waiting, current, best, comparison.result(BASELINE), _verdict(current, best))


def _verdict(current: MethodResult, best: MethodResult | None) -> str | None:
    if best is None:
        return None
    if best.method == current.method:
        return "current_is_best"
    if (current.mean_absolute_error is not None and current.coverage >= best.coverage
            and current.mean_absolute_error - best.mean_absolute_error < ABOUT_THE_SAME):
        return "about_the_same"
    return "better"
