"""batches for the city platform 信用淄博 and their sending state

Revision ID: 0005
Revises: 0002
Create Date: 2026-11-26 05:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "city_batches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("after_event", sa.Integer(), nullable=False),
        sa.Column("upto_event", sa.Integer(), nullable=False),
        sa.Column("gaps", sa.JSON(), nullable=False),
        sa.Column("late_events", sa.JSON(), nullable=False),
        sa.Column("period_from", sa.DateTime(), nullable=True),
        sa.Column("period_to", sa.DateTime(), nullable=False),
        sa.Column("counts", sa.JSON(), nullable=False),
        sa.Column("files", sa.JSON(), nullable=False),
        sa.Column("folder", sa.String(length=500), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("actor", sa.String(length=100), nullable=False),
        sa.Column("made_at", sa.DateTime(), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.Column("acknowledged_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_city_batches")),
        sa.UniqueConstraint("number", name=op.f("uq_city_batches_number")),
    )
    with op.batch_alter_table("city_batches", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_city_batches_state"), ["state"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("city_batches", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_city_batches_state"))
    op.drop_table("city_batches")
