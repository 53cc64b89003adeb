"""The validator's figures: the queue's size and age, decisions per week, agreement with other
validators from calibration sessions, and how often decisions went against the evidence
(mastery/overrides.py). A fixed number of queries whatever the queue's length."""
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from statistics import median

from flask_babel import lazy_gettext as _l
from sqlalchemy import case, func, select

from ..calibration.results import agreement_for_validator
from ..extensions import db
from ..mastery.models import MasteryDecision, ValidationRequest
from ..timeutil import today as utc_today

# (first day, last day or None, label) of each age band of the open queue.
AGE_BANDS = (
    (0, 2, _l("0–2 days")),
    (3, 7, _l("3–7 days")),
    (8, 14, _l("8–14 days")),
    (15, 30, _l("15–30 days")),
    (31, None, _l("More than 30 days")),
)
WEEKS = 12


@dataclass
class WeekRow:
    starts_on: date
    mine_mastered: int = 0
    mine_not_yet: int = 0
    all_mastered: int = 0
    all_not_yet: int = 0

    @property
    def mine(self) -> int:
        return self.mine_mastered + self.mine_not_yet

    @property
    def everyone(self) -> int:
        return self.all_mastered + self.all_not_yet


@dataclass(frozen=True)
class OverrideRate:
    """Of the "mastered" decisions (the only ones that can go against the evidence), how many did."""

    mastered: int
    overrides: int

    @property
    def share(self) -> float | None:
        """0–100; None with no "mastered" decision."""
        return 100 * self.overrides / self.mastered if self.mastered else None


def override_rates(rows) -> dict[int, OverrideRate]:
    """{validator id: OverrideRate} from (validator id, mastered decisions, overrides) rows."""
    return {validator_id: OverrideRate(int(mastered), int(overrides or 0))
            for validator_id, mastered, overrides in rows}


def everyone(rates: dict[int, OverrideRate]) -> OverrideRate:
    return OverrideRate(sum(r.mastered for r in rates.values()), sum(r.overrides for r in rates.values()))


@dataclass
class ValidatorStats:
    open_count: int
    oldest_days: int | None
    median_days: float | None
    ages: list[tuple[str, int]]  # (band label, requests)
    weeks: list[WeekRow] = field(default_factory=list)  # oldest first
    agreement: object = None  # calibration.results.ValidatorAgreement, or None without calibration data
    calibration_available: bool = False
    my_overrides: OverrideRate | None = None  # the viewer's own, for a validator
    all_overrides: OverrideRate = OverrideRate(0, 0)  # every validator's together, all time


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def age_bands(ages: list[int]) -> list[tuple[str, int]]:
    """How many of the waiting requests fall in each age band (in days)."""
    return [(str(label), sum(1 for age in ages if age >= low and (high is None or age <= high)))
            for low, high, label in AGE_BANDS]


def decisions_by_week(rows, viewer_id: int | None, first_week: date, weeks: int) -> list[WeekRow]:
    """WeekRows from (validator id, outcome, decided at) rows; the viewer's own decisions apart."""
    table = [WeekRow(first_week + timedelta(weeks=n)) for n in range(weeks)]
    for validator_id, outcome, decided_at in rows:
        index = (week_start(decided_at.date()) - first_week).days // 7
        if not 0 <= index < weeks:
            continue
        row = table[index]
        mastered = outcome == "mastered"
        row.all_mastered += mastered
        row.all_not_yet += not mastered
        if validator_id == viewer_id:
            row.mine_mastered += mastered
            row.mine_not_yet += not mastered
    return table


def validator_stats(user, *, today: date | None = None, weeks: int = WEEKS) -> ValidatorStats:
    """The queue now, the decisions of the last `weeks` weeks (this one included) and, for a
    validator, its agreement in calibration sessions."""
    today = today or utc_today()
    requested = list(db.session.scalars(
        select(ValidationRequest.requested_at).where(ValidationRequest.status == "open")))
    ages = [max(0, (today - at.date()).days) for at in requested]
    first_week = week_start(today) - timedelta(weeks=weeks - 1)
    rows = db.session.execute(
        select(MasteryDecision.validator_id, MasteryDecision.outcome, MasteryDecision.decided_at)
        .where(MasteryDecision.decided_at >= datetime.combine(first_week, time.min))).all()
    rates = override_rates(db.session.execute(
        select(MasteryDecision.validator_id, func.count(),
               func.sum(case((MasteryDecision.overrode_estimate.is_(True), 1), else_=0)))
        .where(MasteryDecision.outcome == "mastered").group_by(MasteryDecision.validator_id)))
    is_validator = user.has_role("validator")
    stats = ValidatorStats(open_count=len(ages), oldest_days=max(ages) if ages else None,
                           median_days=median(ages) if ages else None, ages=age_bands(ages),
                           weeks=decisions_by_week(rows, user.id if is_validator else None, first_week, weeks),
                           my_overrides=rates.get(user.id, OverrideRate(0, 0)) if is_validator else None,
                           all_overrides=everyone(rates))
    stats.calibration_available = True
    if user.has_role("validator"):
        stats.agreement = agreement_for_validator(user)
    return stats
