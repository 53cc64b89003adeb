"""Loaders for grading objects in URLs: 404 when missing (the routes' access rules already say who)."""
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..auth.loaders import get_or_404
from ..extensions import db
from .models import Credit, CreditCompetency, GradeScheme


def get_credit_or_404(credit_id: int) -> Credit:
    credit = db.session.scalar(select(Credit).where(Credit.id == credit_id).options(
        selectinload(Credit.parts).joinedload(CreditCompetency.competency)))
    return credit if credit is not None else get_or_404(Credit, credit_id)


def get_scheme_or_404(scheme_id: int) -> GradeScheme:
    return get_or_404(GradeScheme, scheme_id)
