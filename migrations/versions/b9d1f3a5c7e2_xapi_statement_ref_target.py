"""xAPI: the statement a StatementRef object targets, for the filter rule of xAPI-Communication 2.1.3.s3

Revision ID: b9d1f3a5c7e2
Revises: f2c4e6a8b0d1
Create Date: 2026-12-04 23:55:00

"""
import json
import uuid

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = 'b9d1f3a5c7e2'
down_revision = 'f2c4e6a8b0d1'
branch_labels = None
depends_on = None

statements = sa.table('xapi_statement', sa.column('id', sa.Integer), sa.column('raw', sa.JSON),
                      sa.column('object_statement_id', sa.String(36)))


def _target(raw):
    if isinstance(raw, str):
        raw = json.loads(raw)
    target = (raw or {}).get('object') or {}
    if target.get('objectType') != 'StatementRef':
        return None
    try:
        return str(uuid.UUID(target.get('id')))  # stored as the intake stores ids (xapi.canonical_id)
    except (TypeError, ValueError, AttributeError):
        return None


def upgrade():
    op.add_column('xapi_statement', sa.Column('object_statement_id', sa.String(length=36), nullable=True))
    op.create_index(op.f('ix_xapi_statement_object_statement_id'), 'xapi_statement', ['object_statement_id'],
                    unique=False)
    connection = op.get_bind()
    for row_id, raw in connection.execute(sa.select(statements.c.id, statements.c.raw)).all():
        target = _target(raw)
        if target:
            connection.execute(statements.update().where(statements.c.id == row_id)
                               .values(object_statement_id=target))


def downgrade():
    op.drop_index(op.f('ix_xapi_statement_object_statement_id'), table_name='xapi_statement')
    op.drop_column('xapi_statement', 'object_statement_id')
