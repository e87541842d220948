"""paper sheets: which anonymous rating sheets came from numbered paper sheets

Issue 16, point 3: a paper scoring sheet imported from Excel is a rating_sheet like an
online one; paper_sheet marks it as paper and keys it by rater group and sheet number
(表号), so a re-import replaces it.

Revision ID: 8c3f5a1d9e62
Revises: 5e7a91c3b2d4
Create Date: 2026-12-01 17:45:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '8c3f5a1d9e62'
down_revision = '5e7a91c3b2d4'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('paper_sheet',
    sa.Column('sheet_id', sa.String(length=32), nullable=False),
    sa.Column('rater_group_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['rater_group_id'], ['rater_group.id'],
                            name=op.f('fk_paper_sheet_rater_group_id_rater_group')),
    sa.ForeignKeyConstraint(['sheet_id'], ['rating_sheet.id'],
                            name=op.f('fk_paper_sheet_sheet_id_rating_sheet'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('sheet_id', name=op.f('pk_paper_sheet')),
    sa.UniqueConstraint('rater_group_id', 'number', name=op.f('uq_paper_sheet_rater_group_id'))
    )


def downgrade():
    op.drop_table('paper_sheet')
