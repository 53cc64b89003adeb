"""A learner's own view of the level its evidence shows, beside the teacher's: evidence.self_level

Revision ID: d4f6a8c0e2b4
Revises: c7d1e3f5a9b2
Create Date: 2026-12-05 14:00:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = 'd4f6a8c0e2b4'
down_revision = 'c7d1e3f5a9b2'
branch_labels = None
depends_on = None


def upgrade():
    # A plain ADD COLUMN (SQLite has it): a batch copy of the evidence table would break the rows that refer to it.
    op.add_column('evidence', sa.Column('self_level', sa.Integer(), nullable=True))


def downgrade():
    # Plain DROP COLUMN too (SQLite 3.35 and later): the migration tests go down with evidence in the table.
    op.drop_column('evidence', 'self_level')
