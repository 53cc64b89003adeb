"""support_flag: owner_id and why it closed; support_group; intervention.group_id

A flag has an owner (the teacher of its learner's section when raised) and, once it closes by
itself, the reason it closed (English text, template and values, as its reason). A support group
is one support shared by several learners of a section; each learner's own intervention row points
to it (group_id), so each outcome is recorded on its own. Open flags raised before get their owner
here, by the same rule as tracker.auth.policy.flag_owners_of (copied, so this migration does not move
when the code does).

Revision ID: d5e7f9a1b3c4
Revises: a3c5e7f9b1d2
Create Date: 2026-12-04 20:45:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = 'd5e7f9a1b3c4'
down_revision = 'a3c5e7f9b1d2'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'support_group',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('section_id', sa.Integer(), nullable=False),
        sa.Column('competency_id', sa.Integer(), nullable=True),
        sa.Column('title', sa.String(length=300), nullable=False),
        sa.Column('kind', sa.String(length=30), nullable=False),
        sa.Column('provider', sa.String(length=200), nullable=False),
        sa.Column('plan', sa.Text(), nullable=False),
        sa.Column('starts_on', sa.Date(), nullable=False),
        sa.Column('review_on', sa.Date(), nullable=True),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('opened_by_id', sa.Integer(), nullable=True),
        sa.Column('opened_at', sa.DateTime(), nullable=False),
        sa.Column('closed_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['section_id'], ['section.id'], name=op.f('fk_support_group_section_id_section')),
        sa.ForeignKeyConstraint(['competency_id'], ['competency.id'],
                                name=op.f('fk_support_group_competency_id_competency')),
        sa.ForeignKeyConstraint(['opened_by_id'], ['user.id'], name=op.f('fk_support_group_opened_by_id_user')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_support_group')),
    )
    op.create_index(op.f('ix_support_group_section_id'), 'support_group', ['section_id'], unique=False)
    with op.batch_alter_table('intervention') as batch_op:
        batch_op.add_column(sa.Column('group_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_intervention_group_id'), ['group_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_intervention_group_id_support_group'), 'support_group',
                                    ['group_id'], ['id'])
    with op.batch_alter_table('support_flag') as batch_op:
        batch_op.add_column(sa.Column('resolved_reason', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('resolved_reason_template', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('resolved_reason_values', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('owner_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_support_flag_owner_id'), ['owner_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_support_flag_owner_id_user'), 'user', ['owner_id'], ['id'])
    _give_open_flags_an_owner()


def _give_open_flags_an_owner():
    connection = op.get_bind()
    rows = connection.execute(sa.text(
        "SELECT e.learner_id, t.user_id FROM enrollment e "
        "JOIN teaching_assignment t ON t.section_id = e.section_id JOIN section s ON s.id = e.section_id "
        "WHERE e.active AND t.active AND s.active "
        "AND e.learner_id IN (SELECT learner_id FROM support_flag WHERE resolved_at IS NULL) "
        "ORDER BY e.section_id, t.id")).all()
    owners = {}
    for learner_id, user_id in rows:
        owners.setdefault(learner_id, user_id)
    update = sa.text("UPDATE support_flag SET owner_id = :owner WHERE learner_id = :learner AND resolved_at IS NULL")
    for learner_id, user_id in owners.items():
        connection.execute(update, {"owner": user_id, "learner": learner_id})


def downgrade():
    with op.batch_alter_table('support_flag') as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_support_flag_owner_id_user'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_support_flag_owner_id'))
        for column in ('owner_id', 'resolved_reason_values', 'resolved_reason_template', 'resolved_reason'):
            batch_op.drop_column(column)
    with op.batch_alter_table('intervention') as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_intervention_group_id_support_group'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_intervention_group_id'))
        batch_op.drop_column('group_id')
    op.drop_index(op.f('ix_support_group_section_id'), table_name='support_group')
    op.drop_table('support_group')
