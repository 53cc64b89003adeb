"""xapi_statement: statement ids as the canonical lower-case UUID (data only)

Before, "{UUID}", "urn:uuid:UUID" and upper case were stored as sent, so the same statement
sent in two spellings was recorded twice. The intake now stores and looks up the canonical
form; this rewrites the ids stored before. Where the canonical id is already taken (the same
statement stored twice before the fix), the later row keeps its id as sent and is logged for an
admin to look at: its evidence may be a duplicate, and nothing is deleted here.

Revision ID: c96f23a07b06
Revises: e52b8f7c3d02
Create Date: 2026-12-04 14:00:00

"""
import logging
import uuid

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = 'c96f23a07b06'
down_revision = 'e52b8f7c3d02'
branch_labels = None
depends_on = None

log = logging.getLogger("alembic.runtime.migration")
statement = sa.table("xapi_statement", sa.column("id", sa.Integer), sa.column("statement_id", sa.String))


def _canonical(value: str) -> str | None:
    try:
        return str(uuid.UUID(value))
    except (TypeError, ValueError):
        return None


def upgrade():
    bind = op.get_bind()
    # Only ids that cannot be canonical are read: not 36 characters, or with upper case.
    odd = bind.execute(sa.select(statement.c.id, statement.c.statement_id).where(
        (sa.func.length(statement.c.statement_id) != 36)
        | (statement.c.statement_id != sa.func.lower(statement.c.statement_id))
    ).order_by(statement.c.id)).all()
    for row_id, statement_id in odd:
        canonical = _canonical(statement_id)
        if canonical is None or canonical == statement_id:
            continue
        taken = bind.execute(sa.select(statement.c.id).where(statement.c.statement_id == canonical)).first()
        if taken is not None:
            log.warning("xapi_statement %s: id %s is statement %s, already stored as row %s; left as is",
                        row_id, statement_id, canonical, taken[0])
            continue
        bind.execute(statement.update().where(statement.c.id == row_id).values(statement_id=canonical))


def downgrade():
    pass  # the canonical ids are the same statements' ids: nothing to undo
