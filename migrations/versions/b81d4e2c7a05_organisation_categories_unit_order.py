"""organisation, category active flag, units' official order, short names and aliases

Issue 13 (first run): the committee's own settings (names, 发文 settings) in one row;
categories an administrator can retire; units listed in the official order (排序号)
rather than by pinyin, with a short name (简称) and aliases (别名) the problem-list
import also accepts.

Revision ID: b81d4e2c7a05
Revises: 6c2e8f4a9b13
Create Date: 2026-12-01 10:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'b81d4e2c7a05'
down_revision = '6c2e8f4a9b13'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'organisation',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('full_name', sa.String(length=100), nullable=False),
        sa.Column('short_name', sa.String(length=50), nullable=False),
        sa.Column('name_en', sa.String(length=200), nullable=False),
        sa.Column('city', sa.String(length=50), nullable=False),
        sa.Column('sender_name', sa.String(length=100), nullable=False),
        sa.Column('doc_prefix', sa.String(length=30), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_organisation')),
    )
    op.create_table(
        'unit_alias',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('unit_id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_unit_alias_unit_id_unit'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_unit_alias')),
        sa.UniqueConstraint('name', name=op.f('uq_unit_alias_name')),
    )
    op.create_index(op.f('ix_unit_alias_unit_id'), 'unit_alias', ['unit_id'], unique=False)
    with op.batch_alter_table('unit', schema=None) as batch_op:
        batch_op.add_column(sa.Column('position', sa.Integer(), server_default='0',
                                      nullable=False))
        batch_op.add_column(sa.Column('short_name', sa.String(length=50), server_default='',
                                      nullable=False))
    with op.batch_alter_table('category', schema=None) as batch_op:
        batch_op.add_column(sa.Column('active', sa.Boolean(), server_default=sa.true(),
                                      nullable=False))


def downgrade():
    with op.batch_alter_table('category', schema=None) as batch_op:
        batch_op.drop_column('active')
    with op.batch_alter_table('unit', schema=None) as batch_op:
        batch_op.drop_column('short_name')
        batch_op.drop_column('position')
    op.drop_index(op.f('ix_unit_alias_unit_id'), table_name='unit_alias')
    op.drop_table('unit_alias')
    op.drop_table('organisation')
