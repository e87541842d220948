"""workflow gaps: verification opinion, check record corrections, whose records count

Issue 13 ("Workflow gaps found in use"): an item keeps the verification opinion (验收意见)
it was closed with; a check record keeps its author's unit and when it was corrected or
withdrawn; the committee can leave co-operating units' records out of an item's checks.

Revision ID: b5d81f3c6a27
Revises: 8d4f1a6c2e07
Create Date: 2026-12-01 10:10:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'b5d81f3c6a27'
down_revision = "8d4f1a6c2e07"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'item_uncounted_unit',
        sa.Column('item_id', sa.Integer(), nullable=False),
        sa.Column('unit_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['item_id'], ['item.id'],
                                name=op.f('fk_item_uncounted_unit_item_id_item')),
        sa.ForeignKeyConstraint(['unit_id'], ['unit.id'],
                                name=op.f('fk_item_uncounted_unit_unit_id_unit')),
        sa.PrimaryKeyConstraint('item_id', 'unit_id', name=op.f('pk_item_uncounted_unit')),
    )
    # A plain ADD COLUMN (SQLite needs no table copy, which would lose the item table's
    # expression index).
    with op.batch_alter_table('item', schema=None) as batch_op:
        batch_op.add_column(sa.Column('verification_opinion', sa.Text(), server_default='',
                                      nullable=False))
    with op.batch_alter_table('check_record', schema=None) as batch_op:
        batch_op.add_column(sa.Column('unit_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('corrected_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('withdrawn_at', sa.DateTime(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_check_record_unit_id_unit'), 'unit',
                                    ['unit_id'], ['id'])
    # Closed items take the opinion their closing recorded; records take their author's unit.
    op.execute(
        "UPDATE item SET verification_opinion = COALESCE((SELECT event.reason FROM event "
        "WHERE event.item_id = item.id AND event.kind = 'close' "
        "ORDER BY event.at DESC, event.id DESC LIMIT 1), '') WHERE status = 'closed'")
    op.execute(
        'UPDATE check_record SET unit_id = (SELECT "user".unit_id FROM "user" '
        'WHERE "user".id = check_record.author_id)')


def downgrade():
    with op.batch_alter_table('check_record', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_check_record_unit_id_unit'), type_='foreignkey')
        batch_op.drop_column('withdrawn_at')
        batch_op.drop_column('corrected_at')
        batch_op.drop_column('unit_id')
    with op.batch_alter_table('item', schema=None) as batch_op:
        batch_op.drop_column('verification_opinion')
    op.drop_table('item_uncounted_unit')
