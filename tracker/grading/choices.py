"""Which course, scheme and period a grades page shows: the query string's, else the first (the
period holding today). Plain reads shared by the learner and section pages."""
from dataclasses import dataclass

from ..form_helpers import posted_id
from . import service
from .models import Credit, GradeScheme, GradingPeriod


@dataclass
class Chosen:
    credits: list[Credit]
    schemes: list[GradeScheme]
    periods: list[GradingPeriod]
    credit: Credit | None
    scheme: GradeScheme | None
    period: GradingPeriod | None

    @property
    def complete(self) -> bool:
        return self.credit is not None and self.scheme is not None and self.period is not None

    def args(self) -> dict:
        return {"credit_id": self.credit.id if self.credit else None,
                "scheme_id": self.scheme.id if self.scheme else None,
                "period_id": self.period.id if self.period else None}


def _pick(items, wanted, default):
    return next((item for item in items if item.id == wanted), default)


def choose(args) -> Chosen:
    credits, schemes, periods = service.load_credits(), service.load_schemes(), service.load_periods()
    return Chosen(credits, schemes, periods,
                  _pick(credits, posted_id(args.get("credit_id")), credits[0] if credits else None),
                  _pick(schemes, posted_id(args.get("scheme_id")), schemes[0] if schemes else None),
                  _pick(periods, posted_id(args.get("period_id")), service.current_period(periods)))
