"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-25 08:00:54.197249
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


APPEND_ONLY = {
    "sqlite": [
        "CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events "
        "BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END",
        "CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events "
        "BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END",
    ],
    "postgresql": [
        "CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS "
        "$$ BEGIN RAISE EXCEPTION 'audit_events is append-only'; END $$",
        "CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events "
        "FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()",
    ],
}
DROP_APPEND_ONLY = {
    "sqlite": [
        "DROP TRIGGER audit_events_no_update",
        "DROP TRIGGER audit_events_no_delete",
    ],
    "postgresql": [
        "DROP TRIGGER audit_events_append_only ON audit_events",
        "DROP FUNCTION audit_events_append_only()",
    ],
}


def _run(statements: dict[str, list[str]]) -> None:
    for statement in statements.get(op.get_bind().dialect.name, []):
        op.execute(statement)


def upgrade() -> None:
    op.create_table(
        "audit_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(length=100), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("entity", sa.String(length=40), nullable=False),
        sa.Column("entity_id", sa.String(length=64), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_events")),
    )
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.create_index("ix_audit_events_entity", ["entity", "entity_id"], unique=False)

    op.create_table(
        "calendar_days",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("workday", sa.Boolean(), nullable=False),
        sa.Column("name", sa.String(length=50), nullable=False),
        sa.Column("actor", sa.String(length=100), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("day", name=op.f("pk_calendar_days")),
    )
    op.create_table(
        "catalog_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=300), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("actor", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_catalog_versions")),
    )
    op.create_table(
        "providers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("uscc", sa.String(length=18), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_providers")),
        sa.UniqueConstraint("name", name=op.f("uq_providers_name")),
        sa.UniqueConstraint("uscc", name=op.f("uq_providers_uscc")),
    )
    op.create_table(
        "subjects",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("uscc", sa.String(length=18), nullable=True),
        sa.Column("id_hash", sa.String(length=64), nullable=True),
        sa.Column("id_number", sa.String(length=18), nullable=True),
        sa.Column("id_masked", sa.String(length=18), nullable=True),
        sa.Column("legal_rep", sa.String(length=100), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_subjects")),
        sa.UniqueConstraint("id_hash", name=op.f("uq_subjects_id_hash")),
        sa.UniqueConstraint("key", name=op.f("uq_subjects_key")),
        sa.UniqueConstraint("uscc", name=op.f("uq_subjects_uscc")),
    )
    with op.batch_alter_table("subjects", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_subjects_kind"), ["kind"], unique=False)
        batch_op.create_index(batch_op.f("ix_subjects_name"), ["name"], unique=False)

    op.create_table(
        "catalog_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("category", sa.String(length=12), nullable=False),
        sa.Column("list_type", sa.String(length=8), nullable=True),
        sa.Column("openness_org", sa.String(length=8), nullable=False),
        sa.Column("openness_person", sa.String(length=8), nullable=False),
        sa.Column("masking", sa.String(length=40), nullable=True),
        sa.Column("restricted", sa.Boolean(), nullable=False),
        sa.Column("deletable", sa.Boolean(), nullable=False),
        sa.Column("dishonest", sa.Boolean(), nullable=False),
        sa.Column("required_fields", sa.JSON(), nullable=False),
        sa.Column("periods", sa.JSON(), nullable=False),
        sa.Column("default_severity", sa.String(length=12), nullable=True),
        sa.Column("severity_rules", sa.JSON(), nullable=False),
        sa.Column("extra", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["catalog_versions.id"],
            name=op.f("fk_catalog_items_version_id_catalog_versions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_catalog_items")),
        sa.UniqueConstraint("version_id", "code", name=op.f("uq_catalog_items_version_id")),
    )
    with op.batch_alter_table("catalog_items", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_catalog_items_version_id"), ["version_id"], unique=False
        )

    op.create_table(
        "submissions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("provider_id", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(length=300), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=True),
        sa.Column("file_format", sa.String(length=8), nullable=True),
        sa.Column("standard", sa.String(length=8), nullable=True),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.Column("processed_at", sa.DateTime(), nullable=True),
        sa.Column("refused", sa.Text(), nullable=True),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.Column("accepted", sa.Integer(), nullable=False),
        sa.Column("updated", sa.Integer(), nullable=False),
        sa.Column("unchanged", sa.Integer(), nullable=False),
        sa.Column("rejected", sa.Integer(), nullable=False),
        sa.Column("late", sa.Integer(), nullable=False),
        sa.Column("unmatched", sa.Integer(), nullable=False),
        sa.Column("actor", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(
            ["provider_id"], ["providers.id"], name=op.f("fk_submissions_provider_id_providers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_submissions")),
    )
    with op.batch_alter_table("submissions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_submissions_provider_id"), ["provider_id"], unique=False
        )

    op.create_table(
        "records",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("item_code", sa.String(length=40), nullable=False),
        sa.Column("provider_id", sa.Integer(), nullable=True),
        sa.Column("submission_id", sa.Integer(), nullable=True),
        sa.Column("doc_no", sa.String(length=200), nullable=False),
        sa.Column("authority", sa.String(length=200), nullable=False),
        sa.Column("authority_uscc", sa.String(length=18), nullable=True),
        sa.Column("title", sa.String(length=500), nullable=True),
        sa.Column("content", sa.Text(), nullable=True),
        sa.Column("decided_on", sa.Date(), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=True),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("severity", sa.String(length=12), nullable=True),
        sa.Column("severity_inferred", sa.Boolean(), nullable=False),
        sa.Column("disclosure_end", sa.Date(), nullable=True),
        sa.Column("repairable_from", sa.Date(), nullable=True),
        sa.Column("simple_procedure", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("status_reason", sa.Text(), nullable=True),
        sa.Column("status_on", sa.Date(), nullable=True),
        sa.Column("objection_label", sa.String(length=20), nullable=True),
        sa.Column("removed_on", sa.Date(), nullable=True),
        sa.Column("removed_doc", sa.String(length=200), nullable=True),
        sa.Column("consent_ref", sa.String(length=200), nullable=True),
        sa.Column("repaired_on", sa.Date(), nullable=True),
        sa.Column("repaired_by", sa.String(length=200), nullable=True),
        sa.Column("repair_doc", sa.String(length=200), nullable=True),
        sa.Column("report_workdays", sa.Integer(), nullable=False),
        sa.Column("late", sa.Boolean(), nullable=False),
        sa.Column("late_provisional", sa.Boolean(), nullable=False),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["provider_id"], ["providers.id"], name=op.f("fk_records_provider_id_providers")
        ),
        sa.ForeignKeyConstraint(
            ["subject_id"], ["subjects.id"], name=op.f("fk_records_subject_id_subjects")
        ),
        sa.ForeignKeyConstraint(
            ["submission_id"], ["submissions.id"], name=op.f("fk_records_submission_id_submissions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_records")),
        sa.UniqueConstraint("kind", "authority", "doc_no", name="uq_records_identity"),
    )
    with op.batch_alter_table("records", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_records_decided_on"), ["decided_on"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_records_disclosure_end"), ["disclosure_end"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_records_item_code"), ["item_code"], unique=False)
        batch_op.create_index(batch_op.f("ix_records_late"), ["late"], unique=False)
        batch_op.create_index(batch_op.f("ix_records_provider_id"), ["provider_id"], unique=False)
        batch_op.create_index("ix_records_subject_status", ["subject_id", "status"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_records_submission_id"), ["submission_id"], unique=False
        )

    op.create_table(
        "rejections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("submission_id", sa.Integer(), nullable=False),
        sa.Column("row", sa.Integer(), nullable=False),
        sa.Column("field", sa.String(length=100), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("notice", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["submission_id"],
            ["submissions.id"],
            name=op.f("fk_rejections_submission_id_submissions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rejections")),
    )
    with op.batch_alter_table("rejections", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_rejections_submission_id"), ["submission_id"], unique=False
        )
    _run(APPEND_ONLY)


def downgrade() -> None:
    _run(DROP_APPEND_ONLY)
    with op.batch_alter_table("rejections", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rejections_submission_id"))

    op.drop_table("rejections")
    with op.batch_alter_table("records", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_records_submission_id"))
        batch_op.drop_index("ix_records_subject_status")
        batch_op.drop_index(batch_op.f("ix_records_provider_id"))
        batch_op.drop_index(batch_op.f("ix_records_late"))
        batch_op.drop_index(batch_op.f("ix_records_item_code"))
        batch_op.drop_index(batch_op.f("ix_records_disclosure_end"))
        batch_op.drop_index(batch_op.f("ix_records_decided_on"))

    op.drop_table("records")
    with op.batch_alter_table("submissions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_submissions_provider_id"))

    op.drop_table("submissions")
    with op.batch_alter_table("catalog_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_catalog_items_version_id"))

    op.drop_table("catalog_items")
    with op.batch_alter_table("subjects", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_subjects_name"))
        batch_op.drop_index(batch_op.f("ix_subjects_kind"))

    op.drop_table("subjects")
    op.drop_table("providers")
    op.drop_table("catalog_versions")
    op.drop_table("calendar_days")
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_events_entity")

    op.drop_table("audit_events")
