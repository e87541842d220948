"""evaluations: design, rater codes and anonymous sheets

Issue 16: an evaluation (评议) of a campaign with rater groups and their weights, the
scoring sheet's indicators or grade points, the questionnaire, one-time rater codes
(hashed), drafts, and submitted sheets that carry no reference to their code.

Revision ID: 5e7a91c3b2d4
Revises: d4a7c2e9f810
Create Date: 2026-12-01 17:03:17.220532

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '5e7a91c3b2d4'
down_revision = 'd4a7c2e9f810'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('evaluation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('sheet_form', sa.String(length=20), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('points_satisfied', sa.Integer(), nullable=False),
    sa.Column('points_basically_satisfied', sa.Integer(), nullable=False),
    sa.Column('points_dissatisfied', sa.Integer(), nullable=False),
    sa.Column('collection_started_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaign.id'],
                            name=op.f('fk_evaluation_campaign_id_campaign')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evaluation')),
    sa.UniqueConstraint('campaign_id', name=op.f('uq_evaluation_campaign_id'))
    )
    op.create_table('indicator',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('evaluation_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('max_points', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['evaluation_id'], ['evaluation.id'],
                            name=op.f('fk_indicator_evaluation_id_evaluation')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_indicator'))
    )
    with op.batch_alter_table('indicator', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_indicator_evaluation_id'),
                              ['evaluation_id'], unique=False)

    op.create_table('question',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('evaluation_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('text', sa.String(length=500), nullable=False),
    sa.Column('options', sa.JSON(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['evaluation_id'], ['evaluation.id'],
                            name=op.f('fk_question_evaluation_id_evaluation')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_question'))
    )
    with op.batch_alter_table('question', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_question_evaluation_id'),
                              ['evaluation_id'], unique=False)

    op.create_table('rater_group',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('evaluation_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('weight', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['evaluation_id'], ['evaluation.id'],
                            name=op.f('fk_rater_group_evaluation_id_evaluation')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rater_group'))
    )
    with op.batch_alter_table('rater_group', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rater_group_evaluation_id'),
                              ['evaluation_id'], unique=False)

    op.create_table('rater_code',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('rater_group_id', sa.Integer(), nullable=False),
    sa.Column('code_hash', sa.String(length=64), nullable=False),
    sa.Column('used', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['rater_group_id'], ['rater_group.id'],
                            name=op.f('fk_rater_code_rater_group_id_rater_group')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rater_code')),
    sa.UniqueConstraint('code_hash', name=op.f('uq_rater_code_code_hash'))
    )
    with op.batch_alter_table('rater_code', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rater_code_rater_group_id'),
                              ['rater_group_id'], unique=False)

    op.create_table('rater_group_unit',
    sa.Column('rater_group_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['rater_group_id'], ['rater_group.id'],
                            name=op.f('fk_rater_group_unit_rater_group_id_rater_group'),
                            ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'],
                            name=op.f('fk_rater_group_unit_unit_id_unit')),
    sa.PrimaryKeyConstraint('rater_group_id', 'unit_id', name=op.f('pk_rater_group_unit'))
    )
    with op.batch_alter_table('rater_group_unit', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rater_group_unit_unit_id'), ['unit_id'], unique=False)

    op.create_table('rating_sheet',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('rater_group_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['rater_group_id'], ['rater_group.id'],
                            name=op.f('fk_rating_sheet_rater_group_id_rater_group')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rating_sheet'))
    )
    with op.batch_alter_table('rating_sheet', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rating_sheet_rater_group_id'),
                              ['rater_group_id'], unique=False)

    op.create_table('rater_draft',
    sa.Column('code_id', sa.Integer(), nullable=False),
    sa.Column('scores', sa.JSON(), nullable=False),
    sa.Column('answers', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['code_id'], ['rater_code.id'],
                            name=op.f('fk_rater_draft_code_id_rater_code'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('code_id', name=op.f('pk_rater_draft'))
    )
    op.create_table('sheet_answer',
    sa.Column('sheet_id', sa.String(length=32), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('choice', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['question_id'], ['question.id'],
                            name=op.f('fk_sheet_answer_question_id_question')),
    sa.ForeignKeyConstraint(['sheet_id'], ['rating_sheet.id'],
                            name=op.f('fk_sheet_answer_sheet_id_rating_sheet'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('sheet_id', 'question_id', 'choice', name=op.f('pk_sheet_answer'))
    )
    with op.batch_alter_table('sheet_answer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sheet_answer_question_id'),
                              ['question_id'], unique=False)

    op.create_table('sheet_score',
    sa.Column('sheet_id', sa.String(length=32), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('indicator_key', sa.Integer(), nullable=False),
    sa.Column('grade', sa.String(length=20), nullable=True),
    sa.Column('points', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['sheet_id'], ['rating_sheet.id'],
                            name=op.f('fk_sheet_score_sheet_id_rating_sheet'),
                            ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_sheet_score_unit_id_unit')),
    sa.PrimaryKeyConstraint('sheet_id', 'unit_id', 'indicator_key', name=op.f('pk_sheet_score'))
    )
    with op.batch_alter_table('sheet_score', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sheet_score_unit_id'), ['unit_id'], unique=False)



def downgrade():
    with op.batch_alter_table('sheet_score', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sheet_score_unit_id'))

    op.drop_table('sheet_score')
    with op.batch_alter_table('sheet_answer', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sheet_answer_question_id'))

    op.drop_table('sheet_answer')
    op.drop_table('rater_draft')
    with op.batch_alter_table('rating_sheet', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rating_sheet_rater_group_id'))

    op.drop_table('rating_sheet')
    with op.batch_alter_table('rater_group_unit', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rater_group_unit_unit_id'))

    op.drop_table('rater_group_unit')
    with op.batch_alter_table('rater_code', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rater_code_rater_group_id'))

    op.drop_table('rater_code')
    with op.batch_alter_table('rater_group', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rater_group_evaluation_id'))

    op.drop_table('rater_group')
    with op.batch_alter_table('question', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_question_evaluation_id'))

    op.drop_table('question')
    with op.batch_alter_table('indicator', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_indicator_evaluation_id'))

    op.drop_table('indicator')
    op.drop_table('evaluation')
