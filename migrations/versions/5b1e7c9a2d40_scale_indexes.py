"""scale indexes

Issue 7 (province-size data): covering indexes for the dashboards' breakdowns by category
and by source, the closures per day (status, closed_at), and the item list's default
order (due_date, id) so its pages are read from an index, not sorted.

Revision ID: 5b1e7c9a2d40
Revises: 46bdfcb12b49
Create Date: 2026-11-27 11:20:00

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = '5b1e7c9a2d40'
down_revision = '46bdfcb12b49'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('item', schema=None) as batch_op:
        batch_op.create_index('ix_item_category_status', ['category_id', 'status'], unique=False)
        batch_op.create_index('ix_item_source_status', ['source', 'status'], unique=False)
        batch_op.create_index('ix_item_status_closed_at', ['status', 'closed_at'], unique=False)
        batch_op.create_index('ix_item_due_id', ['due_date', 'id'], unique=False)


def downgrade():
    with op.batch_alter_table('item', schema=None) as batch_op:
        batch_op.drop_index('ix_item_due_id')
        batch_op.drop_index('ix_item_status_closed_at')
        batch_op.drop_index('ix_item_source_status')
        batch_op.drop_index('ix_item_category_status')
