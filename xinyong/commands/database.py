"""`xinyong init-db`."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from xinyong.credit import catalog, db
from xinyong.database import engine_for, session_scope


@click.command("init-db")
@with_appcontext
def init_db() -> None:
    """Create the database, or migrate it to the newest schema."""
    app = current_app._get_current_object()
    engine = engine_for(app)
    before = db.current_revision(engine)
    db.upgrade(engine)
    with session_scope(app) as session:
        installed = catalog.ensure_default(session, actor="init-db")
    after = db.current_revision(engine)
    url = engine.url.render_as_string(hide_password=True)
    if before == after:
        click.echo(f"Database {url} is up to date (revision {after}).")
    else:
        click.echo(f"Database {url} migrated from {before or 'empty'} to {after}.")
    if installed:
        click.echo(f"Installed the default catalog ({installed} items); see `xinyong catalog`.")


def register(group: click.Group) -> None:
    group.add_command(init_db)
