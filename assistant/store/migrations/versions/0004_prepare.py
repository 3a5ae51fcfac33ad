"""Preparation: crisis plans, pre-approved playbook templates, incidents started from a
playbook (checklist ticks, template versions), drills and their answers; incidents get
``is_drill``.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # a plain ADD COLUMN (no table copy: on SQLite a copy would cascade-delete the children)
    op.add_column("incidents", sa.Column("is_drill", sa.Boolean, nullable=False, server_default=sa.false()))
    op.create_table(
        "crisis_plans",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("speaker_key", sa.String(200), nullable=False, unique=True),
        sa.Column("speaker_name", sa.String(200), nullable=False),
        sa.Column("plan_json", sa.Text, nullable=False),
        sa.Column("updated_by", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "template_approvals",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("playbook_id", sa.String(100), nullable=False),
        sa.Column("language", sa.String(8), nullable=False),
        sa.Column("template_sha256", sa.String(64), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("reviewer", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_template_approvals_playbook_id", "template_approvals", ["playbook_id"])
    op.create_table(
        "incident_playbooks",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("incident_id", sa.Integer, sa.ForeignKey("incidents.id", ondelete="CASCADE"), nullable=False,
                  unique=True),
        sa.Column("playbook_id", sa.String(100), nullable=False),
        sa.Column("language", sa.String(8), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "checklist_ticks",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("incident_id", sa.Integer, sa.ForeignKey("incidents.id", ondelete="CASCADE"), nullable=False),
        sa.Column("item_id", sa.String(100), nullable=False),
        sa.Column("done", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("incident_id", "item_id", name="uq_checklist_ticks_item"),
    )
    op.create_index("ix_checklist_ticks_incident_id", "checklist_ticks", ["incident_id"])
    op.create_table(
        "template_versions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("version_id", sa.Integer, sa.ForeignKey("versions.id", ondelete="CASCADE"), nullable=False,
                  unique=True),
        sa.Column("playbook_id", sa.String(100), nullable=False),
        sa.Column("language", sa.String(8), nullable=False),
        sa.Column("template_sha256", sa.String(64), nullable=False),
        sa.Column("slots_json", sa.Text, nullable=False),
    )
    op.create_table(
        "drills",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("incident_id", sa.Integer, sa.ForeignKey("incidents.id", ondelete="CASCADE"), nullable=False,
                  unique=True),
        sa.Column("script_id", sa.String(100), nullable=False),
        sa.Column("team", sa.String(200), nullable=False),
        sa.Column("language", sa.String(8), nullable=False),
        sa.Column("speed", sa.Float, nullable=False),
        sa.Column("started_by", sa.String(200), nullable=False),
        sa.Column("started_at", sa.DateTime, nullable=False),
        sa.Column("ended_at", sa.DateTime, nullable=True),
    )
    op.create_table(
        "drill_answers",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("drill_id", sa.Integer, sa.ForeignKey("drills.id", ondelete="CASCADE"), nullable=False),
        sa.Column("inject_id", sa.String(100), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("scan_json", sa.Text, nullable=True),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_drill_answers_drill_id", "drill_answers", ["drill_id"])


def downgrade() -> None:
    op.drop_index("ix_drill_answers_drill_id", table_name="drill_answers")
    op.drop_table("drill_answers")
    op.drop_table("drills")
    op.drop_table("template_versions")
    op.drop_index("ix_checklist_ticks_incident_id", table_name="checklist_ticks")
    op.drop_table("checklist_ticks")
    op.drop_table("incident_playbooks")
    op.drop_index("ix_template_approvals_playbook_id", table_name="template_approvals")
    op.drop_table("template_approvals")
    op.drop_table("crisis_plans")
    op.drop_column("incidents", "is_drill")  # SQLite >= 3.35 drops a column in place (no table copy)
