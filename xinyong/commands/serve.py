"""`xinyong serve [--host H] [--port P]`: the forms app with the current release, for local use."""

from __future__ import annotations

import click
from werkzeug.serving import run_simple

from xinyong.commands import app, with_database
from xinyong.forms.serving import ReleaseAndForms, release_site


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@with_database
def serve(host: str, port: int) -> None:
    """Run the site, the forms and the back office at one address (not for production)."""
    application = app()
    site = release_site(application)
    if site.is_dir():
        click.echo(f"Serving the release {site.resolve().parent.name} and the forms app.")
    else:
        click.echo("No release published yet (`xinyong publish`): the site is rendered live.")
    click.echo(f"Open http://{host}:{port}/ — back office at /admin/ (`xinyong create-user`).")
    run_simple(host, port, ReleaseAndForms(application), threaded=True)


def register(group: click.Group) -> None:
    group.add_command(serve)
