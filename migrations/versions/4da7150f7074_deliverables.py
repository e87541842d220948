"""deliverables

Issue 13 point 5: units' deliverables (报送材料) — the documents the committee asks of each
unit (deliverable), their submissions and files; chases, notices and audit events may now
name a deliverable instead of an item.

Revision ID: 4da7150f7074
Revises: b5d81f3c6a27
Create Date: 2026-12-01 09:55:08.926545

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '4da7150f7074'
down_revision = 'b5d81f3c6a27'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('deliverable',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('stage', sa.String(length=20), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('requested_by_id', sa.Integer(), nullable=False),
    sa.Column('requested_at', sa.DateTime(), nullable=False),
    sa.Column('submitted_at', sa.DateTime(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(
        ['campaign_id'], ['campaign.id'], name=op.f('fk_deliverable_campaign_id_campaign')
    ),
    sa.ForeignKeyConstraint(
        ['requested_by_id'], ['user.id'], name=op.f('fk_deliverable_requested_by_id_user')
    ),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_deliverable_unit_id_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_deliverable')),
    sa.UniqueConstraint('campaign_id', 'unit_id', 'kind', name='uq_deliverable_campaign_unit_kind')
    )
    with op.batch_alter_table('deliverable', schema=None) as batch_op:
        batch_op.create_index('ix_deliverable_status_due', ['status', 'due_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_deliverable_unit_id'), ['unit_id'], unique=False)

    op.create_table('deliverable_submission',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('deliverable_id', sa.Integer(), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=False),
    sa.Column('uploaded_at', sa.DateTime(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('decision', sa.String(length=20), nullable=True),
    sa.Column('decision_reason', sa.Text(), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(
        ['decided_by_id'], ['user.id'], name=op.f('fk_deliverable_submission_decided_by_id_user')
    ),
    sa.ForeignKeyConstraint(
        ['deliverable_id'],
        ['deliverable.id'],
        name=op.f('fk_deliverable_submission_deliverable_id_deliverable'),
    ),
    sa.ForeignKeyConstraint(
        ['uploaded_by_id'], ['user.id'], name=op.f('fk_deliverable_submission_uploaded_by_id_user')
    ),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_deliverable_submission'))
    )
    with op.batch_alter_table('deliverable_submission', schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f('ix_deliverable_submission_deliverable_id'), ['deliverable_id'], unique=False
        )

    op.create_table('deliverable_file',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('submission_id', sa.Integer(), nullable=False),
    sa.Column('original_name', sa.String(length=255), nullable=False),
    sa.Column('stored_name', sa.String(length=64), nullable=False),
    sa.Column('content_type', sa.String(length=100), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('uploaded_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(
        ['submission_id'],
        ['deliverable_submission.id'],
        name=op.f('fk_deliverable_file_submission_id_deliverable_submission'),
    ),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_deliverable_file')),
    sa.UniqueConstraint('stored_name', name=op.f('uq_deliverable_file_stored_name'))
    )
    with op.batch_alter_table('deliverable_file', schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f('ix_deliverable_file_submission_id'), ['submission_id'], unique=False
        )

    with op.batch_alter_table('chase', schema=None) as batch_op:
        batch_op.add_column(sa.Column('deliverable_id', sa.Integer(), nullable=True))
        batch_op.alter_column('item_id',
               existing_type=sa.INTEGER(),
               nullable=True)
        batch_op.create_index(
            batch_op.f('ix_chase_deliverable_id'), ['deliverable_id'], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f('fk_chase_deliverable_id_deliverable'),
            'deliverable',
            ['deliverable_id'],
            ['id'],
        )

    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.add_column(sa.Column('deliverable_id', sa.Integer(), nullable=True))
        batch_op.create_index(
            batch_op.f('ix_event_deliverable_id'), ['deliverable_id'], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f('fk_event_deliverable_id_deliverable'),
            'deliverable',
            ['deliverable_id'],
            ['id'],
        )

    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.add_column(sa.Column('deliverable_id', sa.Integer(), nullable=True))
        batch_op.create_index(
            batch_op.f('ix_notification_deliverable_id'), ['deliverable_id'], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f('fk_notification_deliverable_id_deliverable'),
            'deliverable',
            ['deliverable_id'],
            ['id'],
        )



def downgrade():
    op.execute("DELETE FROM chase WHERE item_id IS NULL")  # deliverables' chases
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f('fk_notification_deliverable_id_deliverable'), type_='foreignkey'
        )
        batch_op.drop_index(batch_op.f('ix_notification_deliverable_id'))
        batch_op.drop_column('deliverable_id')

    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f('fk_event_deliverable_id_deliverable'), type_='foreignkey'
        )
        batch_op.drop_index(batch_op.f('ix_event_deliverable_id'))
        batch_op.drop_column('deliverable_id')

    with op.batch_alter_table('chase', schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f('fk_chase_deliverable_id_deliverable'), type_='foreignkey'
        )
        batch_op.drop_index(batch_op.f('ix_chase_deliverable_id'))
        batch_op.alter_column('item_id',
               existing_type=sa.INTEGER(),
               nullable=False)
        batch_op.drop_column('deliverable_id')

    with op.batch_alter_table('deliverable_file', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_deliverable_file_submission_id'))

    op.drop_table('deliverable_file')
    with op.batch_alter_table('deliverable_submission', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_deliverable_submission_deliverable_id'))

    op.drop_table('deliverable_submission')
    with op.batch_alter_table('deliverable', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_deliverable_unit_id'))
        batch_op.drop_index('ix_deliverable_status_due')

    op.drop_table('deliverable')
