"""When a learner waiting for its flag refresh was first queued (flag_refresh.first_queued_at), so the worker can
wait for a pause in its writes and still refresh it within FLAG_REFRESH_MAX_WAIT_SECONDS

Revision ID: c4e6a8b0d2f3
Revises: b1d3f5a7c9e2
Create Date: 2026-12-05 22:45:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = 'c4e6a8b0d2f3'
down_revision = 'b1d3f5a7c9e2'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('flag_refresh', sa.Column('first_queued_at', sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table('flag_refresh', schema=None) as batch_op:
        batch_op.drop_column('first_queued_at')
