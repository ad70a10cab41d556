"""numbered credit reports, 本人查询, API keys and their calls

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "api_keys",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agency", sa.String(length=200), nullable=False),
        sa.Column("prefix", sa.String(length=16), nullable=False),
        sa.Column("key_hash", sa.String(length=64), nullable=False),
        sa.Column("daily_quota", sa.Integer(), nullable=True),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_keys")),
        sa.UniqueConstraint("key_hash", name=op.f("uq_api_keys_key_hash")),
    )
    op.create_table(
        "api_calls",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("path", sa.String(length=300), nullable=False),
        sa.Column("status", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["key_id"], ["api_keys.id"], name=op.f("fk_api_calls_key_id_api_keys")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_calls")),
    )
    op.create_index("ix_api_calls_key_day", "api_calls", ["key_id", "day"], unique=False)
    op.create_table(
        "credit_reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=32), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("purpose", sa.String(length=200), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("issued_by", sa.String(length=100), nullable=False),
        sa.Column("issued_at", sa.DateTime(), nullable=False),
        sa.Column("link_hash", sa.String(length=64), nullable=True),
        sa.Column("link_expires", sa.DateTime(), nullable=True),
        sa.Column("delivered_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["subject_id"], ["subjects.id"], name=op.f("fk_credit_reports_subject_id_subjects")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_credit_reports")),
        sa.UniqueConstraint("number", name=op.f("uq_credit_reports_number")),
        sa.UniqueConstraint("link_hash", name=op.f("uq_credit_reports_link_hash")),
    )
    op.create_index(
        op.f("ix_credit_reports_subject_id"), "credit_reports", ["subject_id"], unique=False
    )
    op.create_table(
        "self_queries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=24), nullable=False),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=True),
        sa.Column("applicant_type", sa.String(length=8), nullable=False),
        sa.Column("applicant_name", sa.String(length=200), nullable=False),
        sa.Column("applicant_code", sa.String(length=18), nullable=False),
        sa.Column("agent_name", sa.String(length=100), nullable=True),
        sa.Column("phone", sa.String(length=30), nullable=False),
        sa.Column("email", sa.String(length=200), nullable=True),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.Column("decided_by", sa.String(length=100), nullable=True),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("token_hash", sa.String(length=64), nullable=True),
        sa.Column("expires_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["subject_id"], ["subjects.id"], name=op.f("fk_self_queries_subject_id_subjects")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_self_queries")),
        sa.UniqueConstraint("number", name=op.f("uq_self_queries_number")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_self_queries_token_hash")),
    )
    op.create_index(op.f("ix_self_queries_state"), "self_queries", ["state"], unique=False)
    op.create_index(
        op.f("ix_self_queries_subject_id"), "self_queries", ["subject_id"], unique=False
    )
    op.create_table(
        "self_query_attachments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("query_id", sa.Integer(), nullable=False),
        sa.Column("original_name", sa.String(length=255), nullable=False),
        sa.Column("stored_name", sa.String(length=64), nullable=False),
        sa.Column("mime", sa.String(length=40), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["query_id"],
            ["self_queries.id"],
            name=op.f("fk_self_query_attachments_query_id_self_queries"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_self_query_attachments")),
        sa.UniqueConstraint("stored_name", name=op.f("uq_self_query_attachments_stored_name")),
    )
    op.create_index(
        op.f("ix_self_query_attachments_query_id"),
        "self_query_attachments",
        ["query_id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_table("self_query_attachments")
    op.drop_table("self_queries")
    op.drop_table("credit_reports")
    op.drop_index("ix_api_calls_key_day", table_name="api_calls")
    op.drop_table("api_calls")
    op.drop_table("api_keys")
