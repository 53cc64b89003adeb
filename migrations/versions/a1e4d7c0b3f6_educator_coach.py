"""Educators as learners: educator_coach links an educator-learner to the staff who coach them

Revision ID: a1e4d7c0b3f6
Revises: a7e0d3f6b9c2
Create Date: 2026-12-05 00:20:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = 'a1e4d7c0b3f6'
down_revision = "a7e0d3f6b9c2"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'educator_coach',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('learner_id', sa.Integer(), nullable=False),
        sa.Column('coach_id', sa.Integer(), nullable=False),
        sa.Column('active', sa.Boolean(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['coach_id'], ['user.id'], name=op.f('fk_educator_coach_coach_id_user'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['learner_id'], ['learner.id'], name=op.f('fk_educator_coach_learner_id_learner'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_educator_coach')),
        sa.UniqueConstraint('learner_id', 'coach_id', name=op.f('uq_educator_coach_learner_id_coach_id')),
    )
    op.create_index(op.f('ix_educator_coach_learner_id'), 'educator_coach', ['learner_id'], unique=False)
    op.create_index(op.f('ix_educator_coach_coach_id'), 'educator_coach', ['coach_id'], unique=False)


def downgrade():
    op.drop_index(op.f('ix_educator_coach_coach_id'), table_name='educator_coach')
    op.drop_index(op.f('ix_educator_coach_learner_id'), table_name='educator_coach')
    op.drop_table('educator_coach')
