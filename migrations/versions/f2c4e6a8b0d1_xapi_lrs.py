"""xAPI as an LRS: a tool's HTTP Basic key on api_token; verb, actor, registration, learner and voiding on xapi_statement

Revision ID: f2c4e6a8b0d1
Revises: c4a1e2d3f5b6
Create Date: 2026-12-04 21:50:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = 'f2c4e6a8b0d1'
down_revision = 'c4a1e2d3f5b6'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('api_token') as batch:
        batch.add_column(sa.Column('basic_key', sa.String(length=40), nullable=True))
        batch.create_unique_constraint(batch.f('uq_api_token_basic_key'), ['basic_key'])
    with op.batch_alter_table('xapi_statement') as batch:
        batch.add_column(sa.Column('verb_id', sa.String(length=1000), nullable=True))
        batch.add_column(sa.Column('actor_key', sa.String(length=64), nullable=True))
        batch.add_column(sa.Column('registration', sa.String(length=36), nullable=True))
        batch.add_column(sa.Column('learner_id', sa.Integer(), nullable=True))
        batch.add_column(sa.Column('voids_statement_id', sa.String(length=36), nullable=True))
        batch.add_column(sa.Column('voided', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch.create_foreign_key(batch.f('fk_xapi_statement_learner_id_learner'), 'learner', ['learner_id'], ['id'])
        batch.create_index(batch.f('ix_xapi_statement_verb_id'), ['verb_id'], unique=False)
        batch.create_index(batch.f('ix_xapi_statement_actor_key'), ['actor_key'], unique=False)
        batch.create_index(batch.f('ix_xapi_statement_learner_id'), ['learner_id'], unique=False)
        batch.create_index(batch.f('ix_xapi_statement_registration'), ['registration'], unique=False)
        batch.create_index(batch.f('ix_xapi_statement_voids_statement_id'), ['voids_statement_id'], unique=False)


def downgrade():
    with op.batch_alter_table('xapi_statement') as batch:
        batch.drop_index(batch.f('ix_xapi_statement_voids_statement_id'))
        batch.drop_index(batch.f('ix_xapi_statement_registration'))
        batch.drop_index(batch.f('ix_xapi_statement_learner_id'))
        batch.drop_index(batch.f('ix_xapi_statement_actor_key'))
        batch.drop_index(batch.f('ix_xapi_statement_verb_id'))
        batch.drop_constraint(batch.f('fk_xapi_statement_learner_id_learner'), type_='foreignkey')
        for column in ('voided', 'voids_statement_id', 'learner_id', 'registration', 'actor_key', 'verb_id'):
            batch.drop_column(column)
    with op.batch_alter_table('api_token') as batch:
        batch.drop_constraint(batch.f('uq_api_token_basic_key'), type_='unique')
        batch.drop_column('basic_key')
