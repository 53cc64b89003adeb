"""login_session: last_seen_at and remembered, for the idle timeout

Revision ID: d41a9e6b2c01
Revises: c96f23a07b06
Create Date: 2026-11-24 10:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd41a9e6b2c01'
down_revision = 'c96f23a07b06'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('login_session', schema=None) as batch_op:
        batch_op.add_column(sa.Column('last_seen_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('remembered', sa.Boolean(), nullable=False, server_default=sa.false()))
    # Sign-ins started before this change count as last seen when they began (and as not remembered).
    op.execute("UPDATE login_session SET last_seen_at = created_at")
    with op.batch_alter_table('login_session', schema=None) as batch_op:
        batch_op.alter_column('last_seen_at', existing_type=sa.DateTime(), nullable=False)
        batch_op.alter_column('remembered', existing_type=sa.Boolean(), server_default=None)


def downgrade():
    with op.batch_alter_table('login_session', schema=None) as batch_op:
        batch_op.drop_column('remembered')
        batch_op.drop_column('last_seen_at')
