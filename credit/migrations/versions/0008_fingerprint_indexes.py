"""Covering indexes for the publisher's fingerprints: a grouped scan reads an index, not the table

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-26 07:15:00
"""

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

SUBJECT = ("subject_id", "updated_at", "disclosure_end", "removed_on", "id")
MONTH = ("item_code", "provider_id", "decided_on", *SUBJECT)


def upgrade() -> None:
    op.create_index("ix_records_subject_fp", "records", list(SUBJECT))
    op.create_index("ix_records_month_fp", "records", list(MONTH))


def downgrade() -> None:
    op.drop_index("ix_records_month_fp", table_name="records")
    op.drop_index("ix_records_subject_fp", table_name="records")
