"""Accounts, roles per incident, login attempts; the audit log becomes a hash chain.

Existing audit rows are chained in id order (with the server key, if set, they are signed).
The append-only triggers are lifted only for that back-fill and put back at once.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_AUDIT_MESSAGE = "audit_log is append-only: rows cannot be updated or deleted"


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("email", sa.String(200), nullable=False, unique=True),
        sa.Column("name", sa.String(200), nullable=False, server_default=""),
        sa.Column("password_hash", sa.Text, nullable=True),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "memberships",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
        sa.Column("incident_id", sa.Integer, sa.ForeignKey("incidents.id", ondelete="CASCADE"), nullable=True),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("user_id", "incident_id", "role", name="uq_memberships_role"),
    )
    op.create_index("ix_memberships_user_id", "memberships", ["user_id"])
    op.create_index("ix_memberships_incident_id", "memberships", ["incident_id"])
    op.create_table(
        "login_attempts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("email", sa.String(200), nullable=False),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.Column("ok", sa.Boolean, nullable=False, server_default=sa.false()),
    )
    op.create_index("ix_login_attempts_email_at", "login_attempts", ["email", "at"])
    for name in ("prev_hash", "row_hash", "signature"):
        op.add_column("audit_log", sa.Column(name, sa.String(64), nullable=True))
    op.add_column("audit_log", sa.Column("seq", sa.Integer, nullable=True))
    _chain_existing_rows()
    op.create_index("uq_audit_log_seq", "audit_log", ["seq"], unique=True)


def _chain_existing_rows() -> None:
    from assistant.store import chain

    bind = op.get_bind()
    log = sa.table("audit_log", sa.column("id", sa.Integer), sa.column("at", sa.DateTime),
                   sa.column("actor", sa.String), sa.column("action", sa.String), sa.column("target_type", sa.String),
                   sa.column("target_id", sa.Integer), sa.column("incident_id", sa.Integer),
                   sa.column("detail_json", sa.Text))
    rows = bind.execute(sa.select(log).order_by(log.c.id)).all()
    if not rows:
        return
    key = chain.server_key()
    dialect = bind.dialect.name
    _lift_protection(dialect)
    previous = chain.GENESIS
    for seq, r in enumerate(rows, start=1):
        digest = chain.row_hash(seq, r.at, r.actor, r.action, r.target_type, r.target_id, r.incident_id,
                                r.detail_json, previous)
        bind.execute(sa.text("UPDATE audit_log SET seq = :seq, prev_hash = :prev, row_hash = :hash, "
                             "signature = :sig WHERE id = :id"),
                     {"seq": seq, "prev": previous, "hash": digest, "sig": chain.sign(digest, key), "id": r.id})
        previous = digest
    _restore_protection(dialect)


def _lift_protection(dialect: str) -> None:
    if dialect == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_delete")
    elif dialect == "postgresql":
        op.execute("ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only")


def _restore_protection(dialect: str) -> None:
    if dialect == "sqlite":
        for event in ("UPDATE", "DELETE"):
            op.execute(f"CREATE TRIGGER audit_log_no_{event.lower()} BEFORE {event} ON audit_log "
                       f"BEGIN SELECT RAISE(ABORT, '{_AUDIT_MESSAGE}'); END")
    elif dialect == "postgresql":
        op.execute("ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only")


def downgrade() -> None:
    op.drop_index("uq_audit_log_seq", table_name="audit_log")
    dialect = op.get_bind().dialect.name
    _lift_protection(dialect)
    with op.batch_alter_table("audit_log") as batch:
        for name in ("seq", "signature", "row_hash", "prev_hash"):
            batch.drop_column(name)
    _restore_protection(dialect)
    op.drop_table("login_attempts")
    op.drop_table("memberships")
    op.drop_table("users")
