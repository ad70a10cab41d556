"""联合奖惩 measures catalog, 信用核查 kept as evidence, and the departments' feedback

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-26 05:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "measure_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=300), nullable=False),
        sa.Column("actor", sa.String(length=100), nullable=False),
        sa.Column("matters", sa.JSON(), nullable=False),
        sa.Column("measures", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_measure_versions")),
    )
    op.create_table(
        "credit_checks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=24), nullable=False),
        sa.Column("matter_code", sa.String(length=20), nullable=False),
        sa.Column("matter_name", sa.String(length=50), nullable=False),
        sa.Column("actor", sa.String(length=100), nullable=False),
        sa.Column("department", sa.String(length=200), nullable=False),
        sa.Column("provider_id", sa.Integer(), nullable=True),
        sa.Column("checked_on", sa.Date(), nullable=False),
        sa.Column("data_date", sa.Date(), nullable=False),
        sa.Column("measure_version_id", sa.Integer(), nullable=False),
        sa.Column("catalog_version_id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=300), nullable=False),
        sa.Column("subjects", sa.Integer(), nullable=False),
        sa.Column("found", sa.Integer(), nullable=False),
        sa.Column("hits", sa.Integer(), nullable=False),
        sa.Column("result", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["measure_version_id"],
            ["measure_versions.id"],
            name=op.f("fk_credit_checks_measure_version_id_measure_versions"),
        ),
        sa.ForeignKeyConstraint(
            ["provider_id"], ["providers.id"], name=op.f("fk_credit_checks_provider_id_providers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_credit_checks")),
        sa.UniqueConstraint("number", name=op.f("uq_credit_checks_number")),
    )
    with op.batch_alter_table("credit_checks", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_credit_checks_created_at"), ["created_at"])
        batch_op.create_index(batch_op.f("ix_credit_checks_matter_code"), ["matter_code"])
        batch_op.create_index(batch_op.f("ix_credit_checks_provider_id"), ["provider_id"])
    op.create_table(
        "check_feedback",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("check_id", sa.Integer(), nullable=False),
        sa.Column("row", sa.Integer(), nullable=False),
        sa.Column("subject_name", sa.String(length=200), nullable=False),
        sa.Column("measure_code", sa.String(length=40), nullable=False),
        sa.Column("measure_name", sa.String(length=100), nullable=False),
        sa.Column("applied_on", sa.Date(), nullable=False),
        sa.Column("doc_no", sa.String(length=200), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("actor", sa.String(length=100), nullable=False),
        sa.Column("provider_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["check_id"],
            ["credit_checks.id"],
            name=op.f("fk_check_feedback_check_id_credit_checks"),
        ),
        sa.ForeignKeyConstraint(
            ["provider_id"], ["providers.id"], name=op.f("fk_check_feedback_provider_id_providers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_check_feedback")),
    )
    with op.batch_alter_table("check_feedback", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_check_feedback_check_id"), ["check_id"])
        batch_op.create_index(batch_op.f("ix_check_feedback_provider_id"), ["provider_id"])


def downgrade() -> None:
    with op.batch_alter_table("check_feedback", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_check_feedback_provider_id"))
        batch_op.drop_index(batch_op.f("ix_check_feedback_check_id"))
    op.drop_table("check_feedback")
    with op.batch_alter_table("credit_checks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_credit_checks_provider_id"))
        batch_op.drop_index(batch_op.f("ix_credit_checks_matter_code"))
        batch_op.drop_index(batch_op.f("ix_credit_checks_created_at"))
    op.drop_table("credit_checks")
    op.drop_table("measure_versions")
