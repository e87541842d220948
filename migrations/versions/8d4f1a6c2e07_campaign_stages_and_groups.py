"""campaign stages and groups

Issue 13: a campaign's theme, archiving, the units it evaluates (campaign_unit), the
dates of its four stages (campaign_stage), the committee users in each inspection group
(group_member), and audit events that name a campaign. Campaigns that exist already
evaluate every active unit, as they implicitly did; their stage dates are left to enter.

Revision ID: 8d4f1a6c2e07
Revises: b81d4e2c7a05
Create Date: 2026-12-01 09:55:03.361948

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '8d4f1a6c2e07'
down_revision = "b81d4e2c7a05"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('campaign_stage',
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('stage', sa.String(length=20), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(
        ['campaign_id'], ['campaign.id'], name=op.f('fk_campaign_stage_campaign_id_campaign')
    ),
    sa.PrimaryKeyConstraint('campaign_id', 'stage', name=op.f('pk_campaign_stage'))
    )
    op.create_table('campaign_unit',
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(
        ['campaign_id'], ['campaign.id'], name=op.f('fk_campaign_unit_campaign_id_campaign')
    ),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_campaign_unit_unit_id_unit')),
    sa.PrimaryKeyConstraint('campaign_id', 'unit_id', name=op.f('pk_campaign_unit'))
    )
    with op.batch_alter_table('campaign_unit', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_campaign_unit_unit_id'), ['unit_id'], unique=False)

    op.create_table('group_member',
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(
        ['group_id'],
        ['inspection_group.id'],
        name=op.f('fk_group_member_group_id_inspection_group'),
    ),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_group_member_user_id_user')),
    sa.PrimaryKeyConstraint('group_id', 'user_id', name=op.f('pk_group_member'))
    )
    with op.batch_alter_table('group_member', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_group_member_user_id'), ['user_id'], unique=False)

    with op.batch_alter_table('campaign', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('theme', sa.String(length=200), server_default='', nullable=False)
        )
        batch_op.add_column(sa.Column('archived_at', sa.DateTime(), nullable=True))

    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.add_column(sa.Column('campaign_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_event_campaign_id'), ['campaign_id'], unique=False)
        batch_op.create_foreign_key(
            batch_op.f('fk_event_campaign_id_campaign'), 'campaign', ['campaign_id'], ['id']
        )

    op.execute(sa.text(
        "INSERT INTO campaign_unit (campaign_id, unit_id) "
        "SELECT campaign.id, unit.id FROM campaign, unit WHERE unit.active = :yes"
    ).bindparams(yes=True))



def downgrade():
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_event_campaign_id_campaign'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_event_campaign_id'))
        batch_op.drop_column('campaign_id')

    with op.batch_alter_table('campaign', schema=None) as batch_op:
        batch_op.drop_column('archived_at')
        batch_op.drop_column('theme')

    with op.batch_alter_table('group_member', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_group_member_user_id'))

    op.drop_table('group_member')
    with op.batch_alter_table('campaign_unit', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_campaign_unit_unit_id'))

    op.drop_table('campaign_unit')
    op.drop_table('campaign_stage')
