"""notification, notification_preference, digest_sent; outgoing_mail.unsubscribe_url

In-app notifications (rendered in the reader's language from a text key and params), each person's
choice per kind, the digests already sent (one per person per period), and the one-click unsubscribe
link a digest mail carries (RFC 8058).

Revision ID: a3c5e7f9b1d2
Revises: c8e1f3a5b7d9
Create Date: 2026-12-04 21:00:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = 'a3c5e7f9b1d2'
down_revision = 'c8e1f3a5b7d9'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('notification',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('recipient_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('learner_id', sa.Integer(), nullable=True),
    sa.Column('subject_id', sa.Integer(), nullable=True),
    sa.Column('text_key', sa.String(length=60), nullable=False),
    sa.Column('params', sa.JSON(), nullable=False),
    sa.Column('link', sa.String(length=300), nullable=True),
    sa.Column('delivery', sa.String(length=10), nullable=False),
    sa.Column('read_at', sa.DateTime(), nullable=True),
    sa.Column('mailed_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['learner_id'], ['learner.id'], name=op.f('fk_notification_learner_id_learner'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recipient_id'], ['user.id'], name=op.f('fk_notification_recipient_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notification'))
    )
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.create_index('ix_notification_delivery_mailed_at', ['delivery', 'mailed_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_notification_learner_id'), ['learner_id'], unique=False)
        batch_op.create_index('ix_notification_recipient_id_read_at', ['recipient_id', 'read_at'], unique=False)

    op.create_table('notification_preference',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('delivery', sa.String(length=10), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_notification_preference_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notification_preference')),
    sa.UniqueConstraint('user_id', 'kind', name=op.f('uq_notification_preference_user_id_kind'))
    )
    op.create_table('digest_sent',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('period_start', sa.Date(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_digest_sent_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_digest_sent')),
    sa.UniqueConstraint('user_id', 'kind', 'period_start', name=op.f('uq_digest_sent_user_id_kind_period_start'))
    )
    op.add_column('outgoing_mail', sa.Column('unsubscribe_url', sa.String(length=500), nullable=True))


def downgrade():
    with op.batch_alter_table('outgoing_mail', schema=None) as batch_op:
        batch_op.drop_column('unsubscribe_url')
    op.drop_table('digest_sent')
    op.drop_table('notification_preference')
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.drop_index('ix_notification_recipient_id_read_at')
        batch_op.drop_index(batch_op.f('ix_notification_learner_id'))
        batch_op.drop_index('ix_notification_delivery_mailed_at')
    op.drop_table('notification')
