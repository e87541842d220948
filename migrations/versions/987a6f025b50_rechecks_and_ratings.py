"""rechecks and ratings

Issue 6 part B: re-checks of closed items (回头看: recheck, one pending at a time per item)
and the deputies' satisfaction ratings (满意度测评: rating, one tally per item).

Revision ID: 987a6f025b50
Revises: e4b8d2f61c37
Create Date: 2026-11-27 10:58:31.274695

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '987a6f025b50'
down_revision = 'e4b8d2f61c37'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('rating',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('satisfied', sa.Integer(), nullable=False),
    sa.Column('basically_satisfied', sa.Integer(), nullable=False),
    sa.Column('dissatisfied', sa.Integer(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['item_id'], ['item.id'], name=op.f('fk_rating_item_id_item')),
    sa.ForeignKeyConstraint(
        ['recorded_by_id'], ['user.id'], name=op.f('fk_rating_recorded_by_id_user')
    ),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rating')),
    sa.UniqueConstraint('item_id', name=op.f('uq_rating_item_id'))
    )
    op.create_table('recheck',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=False),
    sa.Column('scheduled_by_id', sa.Integer(), nullable=False),
    sa.Column('scheduled_at', sa.DateTime(), nullable=False),
    sa.Column('result', sa.String(length=20), nullable=False),
    sa.Column('result_note', sa.Text(), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(
        ['decided_by_id'], ['user.id'], name=op.f('fk_recheck_decided_by_id_user')
    ),
    sa.ForeignKeyConstraint(['item_id'], ['item.id'], name=op.f('fk_recheck_item_id_item')),
    sa.ForeignKeyConstraint(
        ['scheduled_by_id'], ['user.id'], name=op.f('fk_recheck_scheduled_by_id_user')
    ),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_recheck'))
    )
    with op.batch_alter_table('recheck', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_recheck_item_id'), ['item_id'], unique=False)
        batch_op.create_index('ix_recheck_result_due', ['result', 'due_date'], unique=False)



def downgrade():
    with op.batch_alter_table('recheck', schema=None) as batch_op:
        batch_op.drop_index('ix_recheck_result_due')
        batch_op.drop_index(batch_op.f('ix_recheck_item_id'))

    op.drop_table('recheck')
    op.drop_table('rating')
