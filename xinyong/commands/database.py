"""`xinyong init-db`."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from xinyong import keys
from xinyong.credit import catalog, db, personal
from xinyong.database import engine_for, session_scope


@click.command("init-db")
@with_appcontext
def init_db() -> None:
    """Create the database, or migrate it to the newest schema."""
    app = current_app._get_current_object()
    engine = engine_for(app)
    keys.verify(app, engine)
    before = db.current_revision(engine)
    try:
        db.upgrade(engine, keys=keys.keys_of(app.config))
    except personal.KeyProblem as problem:
        raise keys.Refused(str(problem)) from None
    with session_scope(app) as session:
        installed = catalog.ensure_default(session, actor="init-db")
        remembered = personal.remember(session.connection(), keys.keys_of(app.config))
    after = db.current_revision(engine)
    url = engine.url.render_as_string(hide_password=True)
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
