"""records.provider_label: an objection label set by the provider, apart from the forms app's

Revision ID: 0003
Revises: 0001
Create Date: 2026-11-26 05:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("records") as table:
        table.add_column(sa.Column("provider_label", sa.String(length=20), nullable=True))
    # labels intake stored before now came from providers' reports (2016 当前状态 2)
    op.execute(
        "UPDATE records SET provider_label = objection_label, objection_label = NULL "
        "WHERE submission_id IS NOT NULL AND objection_label IS NOT NULL"
    )


def downgrade() -> None:
    op.execute(
        "UPDATE records SET objection_label = provider_label "
        "WHERE objection_label IS NULL AND provider_label IS NOT NULL"
    )
    with op.batch_alter_table("records") as table:
        table.drop_column("provider_label")
