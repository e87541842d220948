"""data generation

Issue 7 (throughput): one row whose token changes with every write the application
commits, so each worker can tell whether a page it rendered a moment ago still shows
the current data (rectify/web/page_cache.py).

Revision ID: 6c2e8f4a9b13
Revises: 3f9d2b7c1e58
Create Date: 2026-11-27 14:30:00

"""
import uuid

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '6c2e8f4a9b13'
down_revision = '3f9d2b7c1e58'
branch_labels = None
depends_on = None


def upgrade():
    table = op.create_table(
        'data_generation',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('token', sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_data_generation')),
    )
    op.bulk_insert(table, [{'id': 1, 'token': uuid.uuid4().hex}])


def downgrade():
    op.drop_table('data_generation')
