"""content_translation: schools' content (titles, statements, descriptors, labels) in other languages

Revision ID: a7e0d3f6b9c2
Revises: b9d1f3a5c7e2
Create Date: 2026-12-04 23:50:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = 'a7e0d3f6b9c2'
down_revision = "b9d1f3a5c7e2"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'content_translation',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('object_type', sa.String(length=40), nullable=False),
        sa.Column('object_id', sa.Integer(), nullable=False),
        sa.Column('field', sa.String(length=40), nullable=False),
        sa.Column('lang', sa.String(length=10), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['created_by_id'], ['user.id'],
                                name=op.f('fk_content_translation_created_by_id_user'), ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_content_translation')),
        sa.UniqueConstraint('object_type', 'object_id', 'field', 'lang',
                            name=op.f('uq_content_translation_object_type_object_id_field_lang')),
    )
    op.create_index(op.f('ix_content_translation_lang'), 'content_translation', ['lang'], unique=False)


def downgrade():
    op.drop_index(op.f('ix_content_translation_lang'), table_name='content_translation')
    op.drop_table('content_translation')
