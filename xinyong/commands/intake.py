"""CLI commands: intake."""

import click


def register(group: click.Group) -> None:
    pass
