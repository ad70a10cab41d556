"""The database as the Flask app sees it: one engine per app, one session per request."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from flask import Flask, current_app, g
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from xinyong import keys
from xinyong.credit import db
from xinyong.credit.db import make_engine

_EXTENSION = "xinyong.sessionmaker"


class DatabaseSettingError(ValueError):
    """DATABASE_URL names no database this program can open; `str()` says what to write."""


def init_app(app: Flask) -> None:
    url = app.config["DATABASE_URL"]
    try:
        engine = make_engine(url)
    except (ArgumentError, ImportError) as error:
        raise DatabaseSettingError(
            f"设置 DATABASE_URL（环境变量 XINYONG_DATABASE_URL）的值“{_shown(url)}”无法使用（{error}）："
            "应为 sqlite:///文件路径，或 postgresql+psycopg://用户@主机/库名。"
        ) from None
    app.extensions[_EXTENSION] = sessionmaker(engine, expire_on_commit=False)
    app.teardown_appcontext(_close_session)


def _shown(url: str) -> str:
    """The URL without its password, when it parses at all."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


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


# ---------------------------------------------------------------- is the database usable?

INIT_DB = "xinyong init-db"


def schema_problem(app: Flask) -> str | None:
    """None when the database is at the newest migration, else one line: what is wrong, what to run.

    A missing SQLite file is reported without creating it.
    """
    engine = engine_for(app)
    shown = engine.url.render_as_string(hide_password=True)
    if engine.url.get_backend_name() == "sqlite" and not engine.url.query.get("uri"):
        name = engine.url.database
        if name and name != ":memory:" and not Path(name).exists():
            return f"数据库 {name} 还不存在：先运行 `{INIT_DB}` 建立它。"
    try:
        current = db.current_revision(engine)
    except DBAPIError as error:
        return unusable(error, shown)
    head, known = _revisions(engine)
    if current is None:
        return f"数据库 {shown} 还没有建表：先运行 `{INIT_DB}`。"
    if current not in known:
        return (
            f"数据库 {shown} 的版本 {current} 不是本程序的迁移（更新的程序建的，或不是本系统的库）："
            "请换用对应版本的程序或另一个数据库。"
        )
    if current != head:
        return f"数据库 {shown} 的版本是 {current}，最新是 {head}：先运行 `{INIT_DB}` 迁移。"
    return None


def _revisions(engine) -> tuple[str | None, set[str]]:
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory.from_config(db.alembic_config(engine))
    return scripts.get_current_head(), {script.revision for script in scripts.walk_revisions()}


#: driver messages a staff member meets, said in Chinese (the original follows in brackets)
_REASONS = (
    ("readonly", "文件只读，不能写入"),
    ("file is not a database", "这个文件不是数据库"),
    ("unable to open database file", "无法打开数据库文件（目录不存在或无权限）"),
    ("database is locked", "数据库正被另一个程序占用，请稍后再试"),
    ("disk i/o error", "读写磁盘出错"),
    ("connection refused", "连接被拒绝（数据库服务没有运行？）"),
    ("could not translate host name", "找不到数据库服务器"),
    ("password authentication failed", "用户名或密码不对"),
    ("does not exist", "数据库不存在：先建库，再运行 `xinyong init-db`"),
)


def unusable(error: BaseException, shown: str) -> str:
    """One line for an error of the database driver: which database, and why in Chinese."""
    original = str(getattr(error, "orig", None) or error).strip().splitlines()
    first = original[0] if original else type(error).__name__
    reason = next((said for key, said in _REASONS if key in first.lower()), "无法使用")
    return f"数据库 {shown} {reason}（{first}）。"
