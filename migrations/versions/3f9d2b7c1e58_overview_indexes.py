"""overview indexes

Issue 7 (speed): the overview's cards and its bars by category and by source come from one
GROUP BY status, category, source, which this covering index answers without reading the
table; an index on the local calendar day an item was raised serves the "raised versus
closed" trend (on PostgreSQL with created_at and id included, for an index-only scan).

Revision ID: 3f9d2b7c1e58
Revises: 987a6f025b50
Create Date: 2026-11-27 13:40:00

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = '3f9d2b7c1e58'
down_revision = '987a6f025b50'
branch_labels = None
depends_on = None

# Must read exactly as rectify.models.items.local_day writes it, or the database will not
# use it (tests/test_schema.py checks that the two agree).
CREATED_LOCAL_DAY = {
    'sqlite': "CREATE INDEX ix_item_created_local_day ON item (date(created_at, '+8 hours'))",
    'postgresql': "CREATE INDEX ix_item_created_local_day ON item "
                  "((CAST(created_at + interval '8 hours' AS DATE))) INCLUDE (created_at, id)",
}


def upgrade():
    op.create_index('ix_item_status_category_source_due', 'item',
                    ['status', 'category_id', 'source', 'due_date'])
    op.execute(CREATED_LOCAL_DAY[op.get_bind().dialect.name])


def downgrade():
    op.drop_index('ix_item_created_local_day', table_name='item')
    op.drop_index('ix_item_status_category_source_due', table_name='item')
