"""framework.estimate_parameter: stored parameters a method cannot use become the value it was computed with

The estimator used to replace such a parameter silently by the method's default (n = 0.65 for
"n times at mastery" was computed as 3, shown as "n = 0"); it now refuses it, and the forms and
imports refuse such values. This data migration writes the value each estimate was already
computed with, so no estimate moves: a weight outside (0, 1] becomes 0.65, a count that is not a
whole number of at least 1 becomes 3. No schema change.

Revision ID: e1f2a3b4c5d6
Revises: a74d018e5f04
Create Date: 2026-12-04 15:00:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'e1f2a3b4c5d6'
down_revision = 'a74d018e5f04'
branch_labels = None
depends_on = None


def upgrade():
    op.execute("UPDATE framework SET estimate_parameter = 0.65 "
               "WHERE estimate_method IN ('weighted_average', 'decaying_average') "
               "AND (estimate_parameter <= 0 OR estimate_parameter > 1)")
    op.execute("UPDATE framework SET estimate_parameter = 3 "
               "WHERE estimate_method IN ('n_times', 'best_n') "
               "AND (estimate_parameter < 1 OR estimate_parameter <> ROUND(estimate_parameter))")


def downgrade():
    pass  # the old values were unusable; nothing to give back
