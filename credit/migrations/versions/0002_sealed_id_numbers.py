"""persons' ID numbers sealed at rest; the keys' check values

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26 04:50:00

`subjects.id_number` held every person's number in clear. It becomes
`subjects.id_encrypted` (AES-GCM under DATA_KEY, with its purpose as associated
data), sealed here with the configured keys, and the clear column is dropped.
Representatives' and operators' numbers get a table of their own (`id_numbers`),
and the database a table for its keys' check values (`key_checks`).
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

#: the associated data of a subject's sealed number (credit.personal.SUBJECT_NUMBER)
SUBJECT_NUMBER = "subjects.id_encrypted"

subjects = sa.table(
    "subjects",
    sa.column("id", sa.Integer),
    sa.column("kind", sa.String),
    sa.column("id_hash", sa.String),
    sa.column("id_number", sa.String),
    sa.column("id_encrypted", sa.String),
)


def _keys():
    """The app's keys (`credit.personal.Keys`), handed over by `credit.db.upgrade`."""
    from xinyong.credit.personal import KeyProblem

    keys = op.get_context().config.attributes.get("keys")
    if keys is None:
        raise KeyProblem("the database holds ID numbers: migrate it with `xinyong init-db`")
    return keys


def upgrade() -> None:
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(subjects.c.id, subjects.c.kind, subjects.c.id_hash, subjects.c.id_number).where(
            subjects.c.id_number.is_not(None)
        )
    ).all()
    sealed = _seal(rows) if rows else []

    op.create_table(
        "id_numbers",
        sa.Column("id_hash", sa.String(length=64), nullable=False),
        sa.Column("encrypted", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id_hash", name=op.f("pk_id_numbers")),
    )
    op.create_table(
        "key_checks",
        sa.Column("name", sa.String(length=20), nullable=False),
        sa.Column("value", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_key_checks")),
    )
    with op.batch_alter_table("subjects", schema=None) as batch_op:
        batch_op.add_column(sa.Column("id_encrypted", sa.String(length=80), nullable=True))
    if sealed:
        connection.execute(
            subjects.update()
            .where(subjects.c.id == sa.bindparam("subject"))
            .values(id_encrypted=sa.bindparam("sealed")),
            sealed,
        )
    with op.batch_alter_table("subjects", schema=None) as batch_op:
        batch_op.drop_column("id_number")


def _seal(rows) -> list[dict]:
    """Each clear number sealed, once the hash key is known to be the database's own."""
    from xinyong.credit.identifiers import IdProtector
    from xinyong.credit.personal import KeyProblem

    keys = _keys()
    protector = IdProtector(keys.id, keys.data)
    for _id, kind, id_hash, number in rows:
        scope = ":individual" if kind == "individual" else ""
        if protector.hash(number, scope) != id_hash:
            raise KeyProblem(
                "ID_KEY is not the key this database was made with (before this version a "
                "development database used SECRET_KEY): set XINYONG_ID_KEY to that key"
            )
    return [
        {"subject": subject, "sealed": protector.seal(number, SUBJECT_NUMBER)}
        for subject, _kind, _hash, number in rows
    ]


def downgrade() -> None:
    from xinyong.credit.personal import Use, reveal

    connection = op.get_bind()
    rows = connection.execute(
        sa.select(subjects.c.id, subjects.c.id_encrypted).where(
            subjects.c.id_encrypted.is_not(None)
        )
    ).all()
    clear = []
    if rows:
        keys = _keys()
        clear = [
            {"subject": subject, "number": reveal(keys, sealed, SUBJECT_NUMBER, Use.DOWNGRADE)}
            for subject, sealed in rows
        ]
    with op.batch_alter_table("subjects", schema=None) as batch_op:
        batch_op.add_column(sa.Column("id_number", sa.String(length=18), nullable=True))
    if clear:
        connection.execute(
            subjects.update()
            .where(subjects.c.id == sa.bindparam("subject"))
            .values(id_number=sa.bindparam("number")),
            clear,
        )
    with op.batch_alter_table("subjects", schema=None) as batch_op:
        batch_op.drop_column("id_encrypted")
    op.drop_table("key_checks")
    op.drop_table("id_numbers")
