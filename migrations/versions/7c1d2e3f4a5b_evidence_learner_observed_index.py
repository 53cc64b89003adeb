"""evidence: index on (learner_id, observed_on, id) for a learner's latest evidence

Revision ID: 7c1d2e3f4a5b
Revises: 5a00950ae06e
Create Date: 2026-11-22 14:00:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '7c1d2e3f4a5b'
down_revision = '5a00950ae06e'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('evidence', schema=None) as batch_op:
        batch_op.create_index('ix_evidence_learner_observed', ['learner_id', 'observed_on', 'id'], unique=False)


def downgrade():
    with op.batch_alter_table('evidence', schema=None) as batch_op:
        batch_op.drop_index('ix_evidence_learner_observed')
