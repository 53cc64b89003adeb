"""mastery_decision: overrode_estimate, override_kind, override_rationale

A decision of "mastered" while the estimate reads below mastery, or at a level above every cited
piece, records that it overrode the evidence, how, and the validator's sentence on why. Decisions
recorded before are classified here by the same rule (tracker/mastery/overrides.py, copied so this
migration does not move when the code does), from the estimate and the cited levels they kept; they
have no sentence, since nobody was asked for one.

Revision ID: b7d2c9e1a3f4
Revises: e7f3a9b1c2d8
Create Date: 2026-12-04 16:30:00

"""
import math
from collections import defaultdict

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = 'b7d2c9e1a3f4'
down_revision = 'e7f3a9b1c2d8'
branch_labels = None
depends_on = None


def upgrade():
    # Plain ADD COLUMN: a batch rebuild of mastery_decision (SQLite, for a default that is an
    # expression) would drop a table that decision_citation and later decisions refer to.
    op.add_column('mastery_decision', sa.Column('overrode_estimate', sa.Boolean(), nullable=False,
                                                server_default=sa.false()))
    op.add_column('mastery_decision', sa.Column('override_kind', sa.String(length=30), nullable=True))
    op.add_column('mastery_decision', sa.Column('override_rationale', sa.Text(), nullable=True))
    _classify_earlier_decisions()


def _classify_earlier_decisions():
    connection = op.get_bind()
    decisions = connection.execute(sa.text(
        "SELECT d.id, d.level, d.estimate_value, s.mastery_threshold FROM mastery_decision d "
        "JOIN competency c ON c.id = d.competency_id JOIN framework f ON f.id = c.framework_id "
        "JOIN proficiency_scale s ON s.id = f.scale_id WHERE d.outcome = 'mastered'")).all()
    if not decisions:
        return
    cited = defaultdict(list)
    for decision_id, level in connection.execute(sa.text(
            "SELECT decision_id, level FROM decision_citation WHERE level IS NOT NULL")):
        cited[decision_id].append(level)
    update = sa.text("UPDATE mastery_decision SET overrode_estimate = :yes, override_kind = :kind WHERE id = :id")
    for decision_id, level, estimate, threshold in decisions:
        # The estimate as shown: cut to one decimal after rounding float noise away.
        below = estimate is not None and math.floor(round(estimate * 10, 6)) / 10 < threshold
        levels = cited[decision_id]
        above = level is not None and (not levels or level > max(levels))
        kind = ("below_mastery_above_evidence" if below and above else "below_mastery" if below
                else "above_evidence" if above else None)
        if kind is not None:
            connection.execute(update, {"yes": True, "kind": kind, "id": decision_id})


def downgrade():
    # Plain DROP COLUMN (SQLite 3.35+ and PostgreSQL), for the same reason.
    for column in ('override_rationale', 'override_kind', 'overrode_estimate'):
        op.execute(f"ALTER TABLE mastery_decision DROP COLUMN {column}")
