"""working days: the Chinese holiday calendar's special days (调休 included)

Issue 18: deadlines may be counted in working days; the special days are kept in the
database so the administrator can add or correct a year the library does not know yet;
an item remembers whether its deadline was given in working days.

Revision ID: f5c9a1d3e7b2
Revises: 8c3f5a1d9e62
Create Date: 2026-12-01 17:20:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'f5c9a1d3e7b2'
down_revision = "8c3f5a1d9e62"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'special_day',
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('is_working_day', sa.Boolean(), nullable=False),
        sa.Column('name', sa.String(length=40), nullable=False),
        sa.Column('source', sa.String(length=10), nullable=False),
        sa.PrimaryKeyConstraint('day', name=op.f('pk_special_day')),
    )
    # A plain ADD COLUMN with a constant default: SQLite copies no table (a copy would lose
    # the item table's expression index), and '0' reads as false on PostgreSQL too.
    with op.batch_alter_table('item', schema=None) as batch_op:
        batch_op.add_column(sa.Column('due_in_working_days', sa.Boolean(), nullable=False,
                                      server_default='0'))


def downgrade():
    with op.batch_alter_table('item', schema=None) as batch_op:
        batch_op.drop_column('due_in_working_days')
    op.drop_table('special_day')
