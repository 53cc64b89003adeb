"""roster_import: confirmed_links, the account collisions an administrator confirmed

Revision ID: a74d018e5f04
Revises: f63c907d4e03
Create Date: 2026-11-24 10:00:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = 'a74d018e5f04'
down_revision = 'f63c907d4e03'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('roster_import', schema=None) as batch_op:
        batch_op.add_column(sa.Column('confirmed_links', sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table('roster_import', schema=None) as batch_op:
        batch_op.drop_column('confirmed_links')
