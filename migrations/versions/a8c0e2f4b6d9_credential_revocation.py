"""Revoking an issued credential (Bitstring Status List): issued_credential.revoked_at, revoked_by_id, revoked_reason

Revision ID: a8c0e2f4b6d9
Revises: f7b9d1e3a5c8
Create Date: 2026-12-05 18:00:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = 'a8c0e2f4b6d9'
down_revision = 'f7b9d1e3a5c8'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('issued_credential', schema=None) as batch_op:
        batch_op.add_column(sa.Column('revoked_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('revoked_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('revoked_reason', sa.Text(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_issued_credential_revoked_by_id_user'), 'user', ['revoked_by_id'],
                                    ['id'])


def downgrade():
    with op.batch_alter_table('issued_credential', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_issued_credential_revoked_by_id_user'), type_='foreignkey')
        batch_op.drop_column('revoked_reason')
        batch_op.drop_column('revoked_by_id')
        batch_op.drop_column('revoked_at')
