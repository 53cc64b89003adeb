"""The CASE server address a framework was imported from, for a re-sync: framework.case_source_url

Revision ID: f7b9d1e3a5c8
Revises: e5a7c9b1d3f6
Create Date: 2026-12-05 17:40:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = 'f7b9d1e3a5c8'
down_revision = 'e5a7c9b1d3f6'
branch_labels = None
depends_on = None


def upgrade():
    # A plain ADD COLUMN: a batch copy of the framework table would break the rows that refer to it.
    op.add_column('framework', sa.Column('case_source_url', sa.String(length=1000), nullable=True))


def downgrade():
    op.drop_column('framework', 'case_source_url')
