"""The database as the Flask app sees it: one engine per app, one session per request."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask, current_app, g
from sqlalchemy.orm import Session, sessionmaker

from xinyong import keys
from xinyong.credit.db import make_engine

_EXTENSION = "xinyong.sessionmaker"


def init_app(app: Flask) -> None:
    engine = make_engine(app.config["DATABASE_URL"])
    app.extensions[_EXTENSION] = sessionmaker(engine, expire_on_commit=False)
    app.teardown_appcontext(_close_session)


def engine_for(app: Flask):
    return app.extensions[_EXTENSION].kw["bind"]


def get_session() -> Session:
    """The session of the current request or CLI command."""
    if "db_session" not in g:
        g.db_session = _open(current_app)
    return g.db_session


def _open(app: Flask) -> Session:
    """A session, once the database is known to be made with the app's keys."""
    keys.verify(app, engine_for(app))
    return app.extensions[_EXTENSION]()


def _close_session(_exc: BaseException | None) -> None:
    session = g.pop("db_session", None)
    if session is not None:
        session.close()


@contextmanager
def session_scope(app: Flask) -> Iterator[Session]:
    """A session committed on success and rolled back on error, outside a request."""
    session = _open(app)
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
