"""What a background job came to, for the jobs page (job.result: a credential batch's counts)

Revision ID: b1d3f5a7c9e2
Revises: a8c0e2f4b6d9
Create Date: 2026-12-05 20:15:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = 'b1d3f5a7c9e2'
down_revision = 'a8c0e2f4b6d9'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('job', sa.Column('result', sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table('job', schema=None) as batch_op:
        batch_op.drop_column('result')
