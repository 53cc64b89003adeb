"""The latest estimate-method comparison of each framework: method_comparison

Revision ID: e5a7c9b1d3f6
Revises: d4f6a8c0e2b4
Create Date: 2026-12-05 17:20:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = 'e5a7c9b1d3f6'
down_revision = 'd4f6a8c0e2b4'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'method_comparison',
        sa.Column('framework_id', sa.Integer(), nullable=False),
        sa.Column('computed_at', sa.DateTime(), nullable=False),
        sa.Column('evidence_count', sa.Integer(), nullable=False),
        sa.Column('result', sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(['framework_id'], ['framework.id'], name=op.f('fk_method_comparison_framework_id_framework'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('framework_id', name=op.f('pk_method_comparison')),
    )


def downgrade():
    op.drop_table('method_comparison')
