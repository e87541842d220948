"""hardening: server-side sessions, code counters, one pending request at a time

Issue 14 (security and concurrency): signed-in sessions kept on the server, so that
signing out, a new password, an admin reset or disabling an account end them at once;
a counter row per item code prefix, locked while numbering, so simultaneous raises and
imports never take the same code (rows are created on first use, from the items' codes);
partial unique indexes so an item has at most one pending extension request and one
pending re-check, however many are sent at once; API tokens that never expired now
expire a year after they were made (the default RECTIFY_API_TOKEN_MAX_DAYS).

Revision ID: b8e3f0c5d721
Revises: 4da7150f7074
Create Date: 2026-12-01 10:00:00

"""
from datetime import timedelta

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'b8e3f0c5d721'
down_revision = "4da7150f7074"
branch_labels = None
depends_on = None


TOKEN_MAX_DAYS = 365
PENDING_INDEXES = (
    ('extension_request', 'uq_extension_request_pending', "status = 'pending'"),
    ('recheck', 'uq_recheck_pending', "result = 'pending'"),
)


def upgrade():
    op.create_table(
        'user_session',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('key_hash', sa.String(length=64), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('last_seen_at', sa.DateTime(), nullable=False),
        sa.Column('ended_at', sa.DateTime(), nullable=True),
        sa.Column('address', sa.String(length=64), nullable=False),
        sa.Column('user_agent', sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['user.id'],
                                name=op.f('fk_user_session_user_id_user')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_user_session')),
        sa.UniqueConstraint('key_hash', name=op.f('uq_user_session_key_hash')),
    )
    with op.batch_alter_table('user_session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_user_session_user_id'), ['user_id'], unique=False)
    op.create_table(
        'code_counter',
        sa.Column('prefix', sa.String(length=40), nullable=False),
        sa.Column('last', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('prefix', name=op.f('pk_code_counter')),
    )
    for table, index, condition in PENDING_INDEXES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_index(index, ['item_id'], unique=True,
                                  sqlite_where=sa.text(condition),
                                  postgresql_where=sa.text(condition))
    _expire_tokens_that_never_expired()


def _expire_tokens_that_never_expired():
    connection = op.get_bind()
    tokens = sa.table('api_token', sa.column('id', sa.Integer),
                      sa.column('created_at', sa.DateTime), sa.column('expires_at', sa.DateTime))
    rows = connection.execute(sa.select(tokens.c.id, tokens.c.created_at)
                              .where(tokens.c.expires_at.is_(None))).all()
    for token_id, created_at in rows:
        connection.execute(tokens.update().where(tokens.c.id == token_id).values(
            expires_at=created_at + timedelta(days=TOKEN_MAX_DAYS)))


def downgrade():
    for table, index, _condition in PENDING_INDEXES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(index)
    op.drop_table('code_counter')
    with op.batch_alter_table('user_session', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_user_session_user_id'))
    op.drop_table('user_session')
