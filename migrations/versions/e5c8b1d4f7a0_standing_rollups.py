"""Rollups: each learner's standing (steps mastered, last evidence) and its pace on each placement,
kept current by the flag refresh; every learner is queued so the worker fills them

Revision ID: e5c8b1d4f7a0
Revises: a1e4d7c0b3f6
Create Date: 2026-12-05 00:10:00

"""
from datetime import datetime, timezone

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = 'e5c8b1d4f7a0'
down_revision = "a1e4d7c0b3f6"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'learner_rollup',
        sa.Column('learner_id', sa.Integer(), nullable=False),
        sa.Column('steps_mastered', sa.Integer(), nullable=False),
        sa.Column('last_evidence_on', sa.Date(), nullable=True),
        sa.Column('as_of', sa.Date(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['learner_id'], ['learner.id'], name=op.f('fk_learner_rollup_learner_id_learner'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('learner_id', name=op.f('pk_learner_rollup')),
    )
    op.create_table(
        'placement_rollup',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('learner_id', sa.Integer(), nullable=False),
        sa.Column('progression_id', sa.Integer(), nullable=False),
        sa.Column('framework_id', sa.Integer(), nullable=False),
        sa.Column('pace_state', sa.String(length=20), nullable=False),
        sa.Column('steps_mastered', sa.Integer(), nullable=False),
        sa.Column('steps_total', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['framework_id'], ['framework.id'],
                                name=op.f('fk_placement_rollup_framework_id_framework'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['learner_id'], ['learner.id'], name=op.f('fk_placement_rollup_learner_id_learner'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['progression_id'], ['progression.id'],
                                name=op.f('fk_placement_rollup_progression_id_progression'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_placement_rollup')),
        sa.UniqueConstraint('learner_id', 'progression_id', name=op.f('uq_placement_rollup_learner_id_progression_id')),
    )
    op.create_index('ix_placement_rollup_framework', 'placement_rollup', ['framework_id'], unique=False)
    # Every learner waits for its first rollup: the queue's refresh (or the first report) writes them.
    op.get_bind().execute(
        # (WHERE: SQLite needs one before ON CONFLICT in an INSERT ... SELECT)
        sa.text('INSERT INTO "flag_refresh" ("learner_id", "queued_at") SELECT "id", :now FROM "learner" WHERE 1 = 1 '
                'ON CONFLICT ("learner_id") DO NOTHING'),
        {"now": datetime.now(timezone.utc).replace(tzinfo=None)})


def downgrade():
    op.drop_index('ix_placement_rollup_framework', table_name='placement_rollup')
    op.drop_table('placement_rollup')
    op.drop_table('learner_rollup')
