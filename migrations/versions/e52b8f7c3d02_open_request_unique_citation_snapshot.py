"""validation_request: one open request per learner and competency; decision_citation: a snapshot
of each cited piece as it was when decided

Revision ID: e52b8f7c3d02
Revises: 7c1d2e3f4a5b
Create Date: 2026-12-04 14:00:00

Existing data, before the constraints:

- Duplicate open requests (two staff proposing at the same moment could create them): the
  oldest open request of each learner and competency stays open; each later one is set to
  "withdrawn" (it keeps its note and proposer) and an audit event
  `validation_request.withdraw` records which request it duplicated.
- Citations written before this revision get the state of the piece at the moment of the
  decision, read back from the evidence's edit history (the earliest version replaced after
  the decision, else the evidence as it is now), and who had set its level then.
"""
from datetime import datetime, timezone

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = 'e52b8f7c3d02'
down_revision = '7c1d2e3f4a5b'
branch_labels = None
depends_on = None

OPEN = sa.text("status = 'open'")

validation_request = sa.table(
    'validation_request', sa.column('id', sa.Integer), sa.column('learner_id', sa.Integer),
    sa.column('competency_id', sa.Integer), sa.column('status', sa.String), sa.column('requested_at', sa.DateTime))
audit_event = sa.table(
    'audit_event', sa.column('at', sa.DateTime), sa.column('actor_id', sa.Integer), sa.column('action', sa.String),
    sa.column('object_type', sa.String), sa.column('object_id', sa.Integer), sa.column('learner_id', sa.Integer),
    sa.column('detail', sa.JSON))
decision_citation = sa.table(
    'decision_citation', sa.column('id', sa.Integer), sa.column('decision_id', sa.Integer),
    sa.column('evidence_id', sa.Integer), sa.column('version', sa.Integer), sa.column('level', sa.Integer),
    sa.column('observed_on', sa.Date), sa.column('kind', sa.String), sa.column('feedback', sa.Text),
    sa.column('author_id', sa.Integer))
mastery_decision = sa.table('mastery_decision', sa.column('id', sa.Integer), sa.column('decided_at', sa.DateTime))
evidence = sa.table(
    'evidence', sa.column('id', sa.Integer), sa.column('version', sa.Integer), sa.column('level', sa.Integer),
    sa.column('observed_on', sa.Date), sa.column('kind', sa.String), sa.column('feedback', sa.Text),
    sa.column('recorded_by_id', sa.Integer))
evidence_version = sa.table(
    'evidence_version', sa.column('id', sa.Integer), sa.column('evidence_id', sa.Integer),
    sa.column('version', sa.Integer), sa.column('level', sa.Integer), sa.column('observed_on', sa.Date),
    sa.column('kind', sa.String), sa.column('feedback', sa.Text), sa.column('changed_by_id', sa.Integer),
    sa.column('changed_at', sa.DateTime))


def _withdraw_duplicate_open_requests(connection) -> None:
    rows = connection.execute(
        sa.select(validation_request.c.id, validation_request.c.learner_id, validation_request.c.competency_id)
        .where(validation_request.c.status == 'open')
        .order_by(validation_request.c.learner_id, validation_request.c.competency_id,
                  validation_request.c.requested_at, validation_request.c.id)
    ).all()
    kept: dict[tuple[int, int], int] = {}
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    for request_id, learner_id, competency_id in rows:
        first = kept.setdefault((learner_id, competency_id), request_id)
        if first == request_id:
            continue
        connection.execute(sa.update(validation_request).where(validation_request.c.id == request_id)
                           .values(status='withdrawn'))
        connection.execute(sa.insert(audit_event).values(
            at=now, actor_id=None, action='validation_request.withdraw', object_type='validation_request',
            object_id=request_id, learner_id=learner_id,
            detail={'reason': 'duplicate open request', 'kept_request_id': first, 'migration': revision}))


def _state_at_decision(current, versions, decided_at):
    """(state, author id) of a piece when decided. `versions` are its earlier states, oldest first,
    each (version, level, observed_on, kind, feedback, changed_by_id, changed_at)."""
    states = [(v[:5], v[5]) for v in versions] + [(current[:5], None)]
    index = next((i for i, v in enumerate(versions) if v[6] is not None and v[6] > decided_at), len(versions))
    author = current[5]  # recorded_by_id
    for j in range(index - 1, -1, -1):
        if states[j][0][1] != states[j + 1][0][1]:  # the level changed when state j was replaced
            author = states[j][1]
            break
    return states[index][0], author


def _fill_citation_snapshots(connection) -> None:
    citations = connection.execute(
        sa.select(decision_citation.c.id, decision_citation.c.evidence_id, mastery_decision.c.decided_at,
                  evidence.c.version, evidence.c.level, evidence.c.observed_on, evidence.c.kind,
                  evidence.c.feedback, evidence.c.recorded_by_id)
        .join(mastery_decision, mastery_decision.c.id == decision_citation.c.decision_id)
        .join(evidence, evidence.c.id == decision_citation.c.evidence_id)
    ).all()
    if not citations:
        return
    versions: dict[int, list] = {}
    for row in connection.execute(
            sa.select(evidence_version.c.evidence_id, evidence_version.c.version, evidence_version.c.level,
                      evidence_version.c.observed_on, evidence_version.c.kind, evidence_version.c.feedback,
                      evidence_version.c.changed_by_id, evidence_version.c.changed_at)
            .order_by(evidence_version.c.evidence_id, evidence_version.c.version, evidence_version.c.id)):
        versions.setdefault(row[0], []).append(tuple(row[1:]))
    for citation_id, evidence_id, decided_at, *current in citations:
        (version, level, observed_on, kind, feedback), author = _state_at_decision(
            tuple(current), versions.get(evidence_id, []), decided_at)
        connection.execute(sa.update(decision_citation).where(decision_citation.c.id == citation_id).values(
            version=version, level=level, observed_on=observed_on, kind=kind, feedback=feedback,
            author_id=author))


def upgrade():
    connection = op.get_bind()
    _withdraw_duplicate_open_requests(connection)
    with op.batch_alter_table('validation_request', schema=None) as batch_op:
        batch_op.create_index('uq_validation_request_open', ['learner_id', 'competency_id'], unique=True,
                              sqlite_where=OPEN, postgresql_where=OPEN)

    with op.batch_alter_table('decision_citation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('level', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('observed_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('kind', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('feedback', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('author_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_decision_citation_author_id_user'), 'user', ['author_id'], ['id'])
    _fill_citation_snapshots(connection)


def downgrade():
    with op.batch_alter_table('decision_citation', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_decision_citation_author_id_user'), type_='foreignkey')
        batch_op.drop_column('author_id')
        batch_op.drop_column('feedback')
        batch_op.drop_column('kind')
        batch_op.drop_column('observed_on')
        batch_op.drop_column('level')
        batch_op.drop_column('version')

    with op.batch_alter_table('validation_request', schema=None) as batch_op:
        batch_op.drop_index('uq_validation_request_open', sqlite_where=OPEN, postgresql_where=OPEN)
    # The requests withdrawn as duplicates stay withdrawn: reopening them would break nothing,
    # but which of two open requests a validator decides would be chance again.
