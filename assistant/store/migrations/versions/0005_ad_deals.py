"""Advertising-deal records: the deal, the documents checked, the posts (issue 18).

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "ad_deals",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("advertiser", sa.Text, nullable=False),
        sa.Column("product", sa.Text, nullable=False),
        sa.Column("product_class", sa.String(40), nullable=False),
        sa.Column("product_used", sa.Boolean, nullable=True),
        sa.Column("used_since", sa.Date, nullable=True),
        sa.Column("use_note", sa.Text, nullable=False, server_default=""),
        sa.Column("agreed_claims_json", sa.Text, nullable=False, server_default="[]"),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("updated_by", sa.String(200), nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "ad_deal_documents",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("deal_id", sa.Integer, sa.ForeignKey("ad_deals.id", ondelete="CASCADE"), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("reference", sa.Text, nullable=False),
        sa.Column("checked_by", sa.String(200), nullable=False),
        sa.Column("checked_on", sa.Date, nullable=False),
        sa.Column("recorded_by", sa.String(200), nullable=False),
        sa.Column("recorded_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_ad_deal_documents_deal_id", "ad_deal_documents", ["deal_id"])
    op.create_table(
        "ad_deal_posts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("deal_id", sa.Integer, sa.ForeignKey("ad_deals.id", ondelete="CASCADE"), nullable=False),
        sa.Column("channel", sa.String(40), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("status", sa.String(20), nullable=False, server_default="draft"),
        sa.Column("scan_json", sa.Text, nullable=False),
        sa.Column("updated_by", sa.String(200), nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        sa.Column("ready_by", sa.String(200), nullable=True),
        sa.Column("ready_at", sa.DateTime, nullable=True),
    )
    op.create_index("ix_ad_deal_posts_deal_id", "ad_deal_posts", ["deal_id"])


def downgrade() -> None:
    op.drop_index("ix_ad_deal_posts_deal_id", table_name="ad_deal_posts")
    op.drop_table("ad_deal_posts")
    op.drop_index("ix_ad_deal_documents_deal_id", table_name="ad_deal_documents")
    op.drop_table("ad_deal_documents")
    op.drop_table("ad_deals")
