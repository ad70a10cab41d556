"""The schema: migrations from empty to head and back, and the append-only audit trail."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect, select, text
from sqlalchemy.exc import DBAPIError

from xinyong.credit import audit, db
from xinyong.credit.models import AuditEvent, Base
from xinyong.database import engine_for


def head() -> str:
    """The newest migration, whichever branch added it."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory(str(db.MIGRATIONS)).get_current_head()


def test_migrations_run_from_empty_to_head_and_match_the_models(app):
    engine = engine_for(app)
    assert db.current_revision(engine) == head()
    tables = set(inspect(engine).get_table_names())
    assert set(Base.metadata.tables) <= tables


def test_migrations_go_down_to_empty_and_up_again(app):
    engine = engine_for(app)
    db.downgrade(engine, "base")
    assert db.current_revision(engine) is None
    assert "records" not in inspect(engine).get_table_names()
    db.upgrade(engine)
    assert db.current_revision(engine) == head()


def test_init_db_creates_then_reports_up_to_date(cli):
    first = cli("init-db")
    assert first.exit_code == 0
    assert "up to date" in first.output


def test_audit_trail_is_append_only(app, session):
    event = audit.log(session, "staff:王", "record.update", "records", 1, changes={"a": [1, 2]})
    session.commit()
    with pytest.raises(DBAPIError):
        session.execute(text("UPDATE audit_events SET actor = 'someone else'"))
        session.flush()
    session.rollback()
    with pytest.raises(DBAPIError):
        session.execute(text("DELETE FROM audit_events"))
    session.rollback()
    kept = session.scalars(select(AuditEvent).where(AuditEvent.id == event.id)).one()
    assert kept.actor == "staff:王"
