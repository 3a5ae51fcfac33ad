"""After the crisis: the post-incident review, action items, the recovery plan, fan-comment
batches imported week by week, and the closure of an incident.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def _incident() -> sa.Column:
    return sa.Column("incident_id", sa.Integer, sa.ForeignKey("incidents.id", ondelete="CASCADE"), nullable=False)


def upgrade() -> None:
    op.create_table(
        "post_incident_reviews",
        sa.Column("id", sa.Integer, primary_key=True), _incident(),
        sa.Column("sections_json", sa.Text, nullable=False),
        sa.Column("updated_by", sa.String(200), nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("incident_id", name="uq_post_incident_reviews_incident"),
    )
    op.create_table(
        "action_items",
        sa.Column("id", sa.Integer, primary_key=True), _incident(),
        sa.Column("item_json", sa.Text, nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_action_items_incident_id", "action_items", ["incident_id"])
    op.create_table(
        "recovery_plans",
        sa.Column("id", sa.Integer, primary_key=True), _incident(),
        sa.Column("plan_json", sa.Text, nullable=False),
        sa.Column("updated_by", sa.String(200), nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("incident_id", name="uq_recovery_plans_incident"),
    )
    op.create_table(
        "comment_batches",
        sa.Column("id", sa.Integer, primary_key=True), _incident(),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("imported_at", sa.DateTime, nullable=False),
        sa.Column("imported_by", sa.String(200), nullable=False),
        sa.Column("comments_json", sa.Text, nullable=False),
    )
    op.create_index("ix_comment_batches_incident_id", "comment_batches", ["incident_id"])
    op.create_table(
        "incident_closures",
        sa.Column("id", sa.Integer, primary_key=True), _incident(),
        sa.Column("closed_at", sa.DateTime, nullable=False),
        sa.Column("closed_by", sa.String(200), nullable=False),
        sa.Column("closing_draft_id", sa.Integer, nullable=False),
        sa.Column("closing_number", sa.Integer, nullable=False),
        sa.Column("closing_sha256", sa.String(64), nullable=False),
        sa.Column("archive_json", sa.Text, nullable=False),
        sa.Column("archive_sha256", sa.String(64), nullable=False),
        sa.UniqueConstraint("incident_id", name="uq_incident_closures_incident"),
    )


def downgrade() -> None:
    op.drop_table("incident_closures")
    op.drop_index("ix_comment_batches_incident_id", table_name="comment_batches")
    op.drop_table("comment_batches")
    op.drop_table("recovery_plans")
    op.drop_index("ix_action_items_incident_id", table_name="action_items")
    op.drop_table("action_items")
    op.drop_table("post_incident_reviews")
