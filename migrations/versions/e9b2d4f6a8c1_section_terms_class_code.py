"""section.class_code, section_term, competency.case_unplaced: what rosters and CASE packages sent is kept

A OneRoster class names its title and its class code, and may run over several academic sessions
(termSourcedIds "s1,s2"). The section's own term stays the first; section_term holds the others.
A CASE item its publisher placed under nothing (no isChildOf) is exported without one
(competency.case_unplaced).

Revision ID: e9b2d4f6a8c1
Revises: d5e7f9a1b3c4
Create Date: 2026-12-04 21:05:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = 'e9b2d4f6a8c1'
down_revision = 'd5e7f9a1b3c4'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('section', sa.Column('class_code', sa.String(length=200), nullable=True))
    op.add_column('competency', sa.Column('case_unplaced', sa.Boolean(), nullable=False,
                                          server_default=sa.false()))
    op.create_table(
        'section_term',
        sa.Column('section_id', sa.Integer(), nullable=False),
        sa.Column('term_id', sa.Integer(), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['section_id'], ['section.id'], name=op.f('fk_section_term_section_id_section')),
        sa.ForeignKeyConstraint(['term_id'], ['term.id'], name=op.f('fk_section_term_term_id_term')),
        sa.PrimaryKeyConstraint('section_id', 'term_id', name=op.f('pk_section_term')),
    )
    with op.batch_alter_table('section_term', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_section_term_term_id'), ['term_id'], unique=False)


def downgrade():
    with op.batch_alter_table('section_term', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_section_term_term_id'))
    op.drop_table('section_term')
    # Dropped in place (SQLite 3.35+ and PostgreSQL): rebuilding competency or section on SQLite
    # fails on the rows that refer to them.
    op.drop_column('competency', 'case_unplaced')
    op.drop_column('section', 'class_code')
