"""notifications and chases

Issue 6 part A: the notification centre (notification, with a per-user reminder key
that keeps the daily reminders idempotent), chasing (chase) and users' mail addresses.

Revision ID: a7c3e91f4b2d
Revises: 5b1e7c9a2d40
Create Date: 2026-11-27 10:56:15.438639

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'a7c3e91f4b2d'
down_revision = '5b1e7c9a2d40'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('chase',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['user.id'], name=op.f('fk_chase_author_id_user')),
    sa.ForeignKeyConstraint(['item_id'], ['item.id'], name=op.f('fk_chase_item_id_item')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_chase'))
    )
    with op.batch_alter_table('chase', schema=None) as batch_op:
        batch_op.create_index('ix_chase_item_created', ['item_id', 'created_at'], unique=False)

    op.create_table('notification',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('params', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('read_at', sa.DateTime(), nullable=True),
    sa.Column('dedupe_key', sa.String(length=120), nullable=True),
    sa.ForeignKeyConstraint(['item_id'], ['item.id'], name=op.f('fk_notification_item_id_item')),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_notification_user_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notification')),
    sa.UniqueConstraint('dedupe_key', 'user_id', name='uq_notification_dedupe_user')
    )
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notification_item_id'), ['item_id'], unique=False)
        batch_op.create_index(
            'ix_notification_user_created', ['user_id', 'created_at'], unique=False
        )
        batch_op.create_index('ix_notification_user_read', ['user_id', 'read_at'], unique=False)

    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('email', sa.String(length=254), nullable=True))


def downgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('email')

    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.drop_index('ix_notification_user_read')
        batch_op.drop_index('ix_notification_user_created')
        batch_op.drop_index(batch_op.f('ix_notification_item_id'))

    op.drop_table('notification')
    with op.batch_alter_table('chase', schema=None) as batch_op:
        batch_op.drop_index('ix_chase_item_created')

    op.drop_table('chase')
