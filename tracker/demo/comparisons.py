"""The demo's method comparisons, computed once its evidence is in, so each framework's page shows its table."""
from sqlalchemy import select

from ..competencies.models import Framework
from ..extensions import db
from ..mastery.method_comparisons import compute


def build(world: dict) -> None:
    for framework in db.session.scalars(select(Framework).where(Framework.status == "published")
                                        .order_by(Framework.id)):
        compute(framework)
