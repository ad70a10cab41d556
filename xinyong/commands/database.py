"""`xinyong init-db`."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy.exc import DBAPIError

from xinyong import keys
from xinyong.commands import DatabaseNotReady
from xinyong.credit import catalog, db, personal
from xinyong.database import engine_for, session_scope, unusable


@click.command("init-db")
@with_appcontext
def init_db() -> None:
    """Create the database, or migrate it to the newest schema."""
    from alembic.util import CommandError  # here: alembic costs every other command 0.1 s

    app = current_app._get_current_object()
    engine = engine_for(app)
    url = engine.url.render_as_string(hide_password=True)
    try:
        keys.verify(app, engine)
        before = db.current_revision(engine)
        db.upgrade(engine, keys=keys.keys_of(app.config))
    except personal.KeyProblem as problem:
        raise keys.Refused(str(problem)) from None
    except DBAPIError as error:
        raise DatabaseNotReady(unusable(error, url)) from None
    except CommandError as error:  # a revision this program does not know
        raise DatabaseNotReady(
            f"数据库 {url} 无法迁移（{error}）：它是更新的程序建的，或不是本系统的库。"
        ) from None
    with session_scope(app) as session:
        installed = catalog.ensure_default(session, actor="init-db")
        remembered = personal.remember(session.connection(), keys.keys_of(app.config))
    after = db.current_revision(engine)
    if before == after:
        click.echo(f"Database {url} is up to date (revision {after}).")
    else:
        click.echo(f"Database {url} migrated from {before or 'empty'} to {after}.")
    if remembered:
        click.echo(
            f"Stored check values of {' and '.join(remembered)}: "
            "the database refuses any other key from now on."
        )
    if installed:
        click.echo(f"Installed the default catalog ({installed} items); see `xinyong catalog`.")


def register(group: click.Group) -> None:
    group.add_command(init_db)
