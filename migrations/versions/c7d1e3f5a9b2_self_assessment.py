"""An educator's self-assessment per badge domain, waiting for their coach: self_assessment

Revision ID: c7d1e3f5a9b2
Revises: b2f5e8a1c4d7
Create Date: 2026-12-05 05:30:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = 'c7d1e3f5a9b2'
down_revision = 'b2f5e8a1c4d7'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'self_assessment',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('learner_id', sa.Integer(), nullable=False),
        sa.Column('competency_id', sa.Integer(), nullable=False),
        sa.Column('level', sa.Integer(), nullable=False),
        sa.Column('note', sa.Text(), nullable=True),
        sa.Column('submitted_at', sa.DateTime(), nullable=False),
        sa.Column('status', sa.String(length=12), nullable=False),
        sa.Column('confirmed_level', sa.Integer(), nullable=True),
        sa.Column('confirmed_by_id', sa.Integer(), nullable=True),
        sa.Column('confirmed_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['learner_id'], ['learner.id'], name=op.f('fk_self_assessment_learner_id_learner'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['competency_id'], ['competency.id'],
                                name=op.f('fk_self_assessment_competency_id_competency'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['confirmed_by_id'], ['user.id'], name=op.f('fk_self_assessment_confirmed_by_id_user'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_self_assessment')),
    )
    op.create_index(op.f('ix_self_assessment_learner_id'), 'self_assessment', ['learner_id'], unique=False)


def downgrade():
    op.drop_index(op.f('ix_self_assessment_learner_id'), table_name='self_assessment')
    op.drop_table('self_assessment')
