"""credit, credit_competency, grade_scheme, grade_rule, grading_period; framework.min_evidence

Course credits from competencies, the school's grade conversion rules and grading periods
(tracker/grading/), and each framework's minimum evidence before a level shows (1: as before).

Revision ID: c8e1f3a5b7d9
Revises: b7d2c9e1a3f4
Create Date: 2026-12-04 20:40:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = 'c8e1f3a5b7d9'
down_revision = 'b7d2c9e1a3f4'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('framework', sa.Column('min_evidence', sa.Integer(), nullable=False, server_default='1'))
    op.create_table(
        'credit',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('title', sa.String(length=200), nullable=False),
        sa.Column('code', sa.String(length=50), nullable=True),
        sa.Column('rule', sa.String(length=10), nullable=False),
        sa.Column('share_percent', sa.Integer(), nullable=True),
        sa.Column('floor_level', sa.Integer(), nullable=True),
        sa.Column('points_needed', sa.Integer(), nullable=True),
        sa.Column('progression_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['progression_id'], ['progression.id'],
                                name=op.f('fk_credit_progression_id_progression'), ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_credit')),
        sa.UniqueConstraint('title', name=op.f('uq_credit_title')),
    )
    op.create_table(
        'credit_competency',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('credit_id', sa.Integer(), nullable=False),
        sa.Column('competency_id', sa.Integer(), nullable=False),
        sa.Column('points', sa.Integer(), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['competency_id'], ['competency.id'],
                                name=op.f('fk_credit_competency_competency_id_competency'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['credit_id'], ['credit.id'],
                                name=op.f('fk_credit_competency_credit_id_credit'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_credit_competency')),
        sa.UniqueConstraint('credit_id', 'competency_id', name=op.f('uq_credit_competency_credit_id_competency_id')),
    )
    op.create_index(op.f('ix_credit_competency_competency_id'), 'credit_competency', ['competency_id'])
    op.create_index(op.f('ix_credit_competency_credit_id'), 'credit_competency', ['credit_id'])
    op.create_table(
        'grade_scheme',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('title', sa.String(length=200), nullable=False),
        sa.Column('scale_id', sa.Integer(), nullable=False),
        sa.Column('min_assessed_percent', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['scale_id'], ['proficiency_scale.id'],
                                name=op.f('fk_grade_scheme_scale_id_proficiency_scale')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_grade_scheme')),
        sa.UniqueConstraint('title', name=op.f('uq_grade_scheme_title')),
    )
    op.create_table(
        'grade_rule',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('scheme_id', sa.Integer(), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('grade', sa.String(length=20), nullable=False),
        sa.Column('share_percent', sa.Integer(), nullable=False),
        sa.Column('at_level', sa.Integer(), nullable=False),
        sa.Column('floor_level', sa.Integer(), nullable=True),
        sa.Column('score', sa.Float(), nullable=True),
        sa.ForeignKeyConstraint(['scheme_id'], ['grade_scheme.id'],
                                name=op.f('fk_grade_rule_scheme_id_grade_scheme'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_grade_rule')),
        sa.UniqueConstraint('scheme_id', 'position', name=op.f('uq_grade_rule_scheme_id_position')),
    )
    op.create_index(op.f('ix_grade_rule_scheme_id'), 'grade_rule', ['scheme_id'])
    op.create_table(
        'grading_period',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('title', sa.String(length=200), nullable=False),
        sa.Column('starts_on', sa.Date(), nullable=False),
        sa.Column('ends_on', sa.Date(), nullable=False),
        sa.Column('sourced_id', sa.String(length=255), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_grading_period')),
        sa.UniqueConstraint('sourced_id', name=op.f('uq_grading_period_sourced_id')),
    )


def downgrade():
    op.drop_table('grading_period')
    op.drop_index(op.f('ix_grade_rule_scheme_id'), table_name='grade_rule')
    op.drop_table('grade_rule')
    op.drop_table('grade_scheme')
    op.drop_index(op.f('ix_credit_competency_credit_id'), table_name='credit_competency')
    op.drop_index(op.f('ix_credit_competency_competency_id'), table_name='credit_competency')
    op.drop_table('credit_competency')
    op.drop_table('credit')
    # Plain DROP COLUMN (SQLite 3.35+): a batch rebuild would drop a table that competencies refer to.
    op.drop_column('framework', 'min_evidence')
