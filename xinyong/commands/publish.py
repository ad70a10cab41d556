"""`xinyong publish` and `xinyong rollback`: build the public site, switch it in, go back."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from xinyong.commands import DateParam, app, end_at_once, with_database
from xinyong.credit.catalog import CatalogError
from xinyong.publisher.releases import PublishError, current_release, publish, rollback


def _out(value: str | None) -> Path:
    return Path(value or app().config["PUBLISH_DIR"])


def _bar(total: int, label: str):
    """A progress bar on a terminal; nothing when the output goes to a file or cron's mail."""
    if not sys.stdout.isatty():
        return lambda _n: None
    bar = click.progressbar(length=total, label=label, file=sys.stdout)
    bar.__enter__()

    def advance(n: int) -> None:
        bar.update(n)
        if bar.pos >= bar.length:
            bar.__exit__(None, None, None)

    return advance


@click.command("publish")
@click.option("--out", "out", metavar="DIR", help="Publish folder (default: PUBLISH_DIR).")
@click.option("--full", is_flag=True, help="Render every page again, ignoring what is unchanged.")
@click.option(
    "--dry-run", is_flag=True, help="List what would be added, changed, removed; change nothing."
)
@click.option("--base-url", metavar="URL", help="The site's base URL or path (default: BASE_URL).")
@click.option("--as-of", type=DateParam(), help="Publish as of this date (default: today).")
@with_database
def publish_command(
    out: str | None, full: bool, dry_run: bool, base_url: str | None, as_of: dt.date | None
) -> None:
    """Build a release of the public site and switch `current` to it.

    Incremental by default: only pages whose data, date or templates changed are
    rendered again; unchanged ones are shared with the previous release.
    """
    end_at_once()
    flask_app = app()
    if base_url:
        flask_app.config["BASE_URL"] = base_url
    day = as_of or dt.date.today()
    flask_app.config["PUBLISH_AS_OF"] = day.isoformat()
    folder = _out(out)
    try:
        result = publish(
            flask_app,
            folder,
            as_of=day,
            full=full,
            dry_run=dry_run,
            keep=int(flask_app.config["RELEASES_KEPT"]),
            progress=_bar,
        )
    except (PublishError, CatalogError) as error:
        raise click.ClickException(str(error)) from None
    except OSError as error:  # a full disk, a folder not writable: the release is dropped
        raise click.ClickException(
            f"the publish failed: {error}; {folder / 'current'} is as it was"
        ) from None
    if dry_run:
        for sign, names in (("+", result.added), ("~", result.changed), ("-", result.removed)):
            for name in names:
                click.echo(f"{sign} {name}")
        click.echo(
            f"Dry run as of {day}: {len(result.added)} to add, {len(result.changed)} to change, "
            f"{len(result.removed)} to remove (subject folders and list months; the site-wide "
            f"pages follow them); nothing written."
        )
        return
    click.echo(result.line())
    if result.index:
        click.echo(result.index.line())
    if result.switched:
        click.echo(
            f"{folder / 'current'} -> releases/{result.release}; serve {folder / 'current' / 'site'}"
        )
    else:
        click.echo(f"Nothing changed since releases/{result.release}; current stays.")


@click.command("rollback")
@click.option("--out", "out", metavar="DIR", help="Publish folder (default: PUBLISH_DIR).")
@with_database
def rollback_command(out: str | None) -> None:
    """Point `current` at the release before it (the newer one is kept until pruned)."""
    folder = _out(out)
    before = current_release(folder)
    try:
        now = rollback(folder)
    except PublishError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"{folder / 'current'} -> releases/{now} (was {before})")


def register(group: click.Group) -> None:
    group.add_command(publish_command)
    group.add_command(rollback_command)
