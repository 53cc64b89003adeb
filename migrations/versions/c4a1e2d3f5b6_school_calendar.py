"""School calendar: non_school_day (holidays, breaks, closures per school) and term.kind

term.kind keeps the OneRoster academic session type (schoolYear, semester, term, gradingPeriod);
terms entered by hand have none. The `school_holidays` setting is kept as it is: days every
school is closed.

Revision ID: c4a1e2d3f5b6
Revises: e9b2d4f6a8c1
Create Date: 2026-12-04 20:55:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = 'c4a1e2d3f5b6'
down_revision = 'e9b2d4f6a8c1'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'non_school_day',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('school_id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('starts_on', sa.Date(), nullable=False),
        sa.Column('ends_on', sa.Date(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['school_id'], ['school.id'], name=op.f('fk_non_school_day_school_id_school')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_non_school_day')),
    )
    op.create_index(op.f('ix_non_school_day_school_id'), 'non_school_day', ['school_id'], unique=False)
    op.add_column('term', sa.Column('kind', sa.String(length=20), nullable=True))


def downgrade():
    # Plain DROP COLUMN (SQLite 3.35+): a batch rebuild of term would drop a table sections refer to.
    op.drop_column('term', 'kind')
    op.drop_index(op.f('ix_non_school_day_school_id'), table_name='non_school_day')
    op.drop_table('non_school_day')
