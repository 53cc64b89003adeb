"""Teacher override of an estimate: teacher_level (a hand-set level with its reason, kept or ended by new evidence)

Revision ID: b2f5e8a1c4d7
Revises: e5c8b1d4f7a0
Create Date: 2026-12-05 00:10:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = 'b2f5e8a1c4d7'
down_revision = 'e5c8b1d4f7a0'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'teacher_level',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('learner_id', sa.Integer(), nullable=False),
        sa.Column('competency_id', sa.Integer(), nullable=False),
        sa.Column('level', sa.Float(), nullable=False),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.Column('keep', sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column('set_by_id', sa.Integer(), nullable=True),
        sa.Column('set_at', sa.DateTime(), nullable=False),
        sa.Column('ended_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['competency_id'], ['competency.id'], name=op.f('fk_teacher_level_competency_id_competency'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['learner_id'], ['learner.id'], name=op.f('fk_teacher_level_learner_id_learner'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['set_by_id'], ['user.id'], name=op.f('fk_teacher_level_set_by_id_user'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_teacher_level')),
    )
    op.create_index(op.f('ix_teacher_level_learner_id'), 'teacher_level', ['learner_id'], unique=False)
    op.create_index(op.f('ix_teacher_level_competency_id'), 'teacher_level', ['competency_id'], unique=False)
    op.create_index('uq_teacher_level_open', 'teacher_level', ['learner_id', 'competency_id'], unique=True,
                    sqlite_where=sa.text('ended_at IS NULL'), postgresql_where=sa.text('ended_at IS NULL'))


def downgrade():
    op.drop_index('uq_teacher_level_open', table_name='teacher_level')
    op.drop_index(op.f('ix_teacher_level_competency_id'), table_name='teacher_level')
    op.drop_index(op.f('ix_teacher_level_learner_id'), table_name='teacher_level')
    op.drop_table('teacher_level')
