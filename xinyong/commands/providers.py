"""`xinyong provider add NAME USCC` · `xinyong provider list`."""

from __future__ import annotations

import click

from xinyong.commands import actor, app, with_database
from xinyong.credit import providers
from xinyong.database import session_scope


@click.group("provider")
def provider() -> None:
    """Register and list provider departments."""


@provider.command("add")
@click.argument("name")
@click.argument("uscc")
@with_database
def add(name: str, uscc: str) -> None:
    """Register a provider department by NAME and 统一社会信用代码."""
    try:
        with session_scope(app()) as session:
            added = providers.add(session, name, uscc, actor=actor())
            click.echo(f"Registered {added.name} ({added.uscc}).")
    except providers.ProviderError as error:
        raise click.ClickException(str(error)) from None


@provider.command("list")
@with_database
def list_() -> None:
    """List the registered provider departments."""
    with session_scope(app()) as session:
        found = providers.all_providers(session)
        for entry in found:
            click.echo(f"{entry.uscc}  {entry.name}")
        if not found:
            click.echo("No providers registered yet: `xinyong provider add NAME USCC`.")


def register(group: click.Group) -> None:
    group.add_command(provider)
