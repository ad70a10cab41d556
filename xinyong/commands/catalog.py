"""`xinyong catalog` · `xinyong catalog import FILE`."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from xinyong.commands import actor, app
from xinyong.credit import catalog as domain
from xinyong.credit.models import LABELS
from xinyong.database import session_scope


@click.group("catalog", invoke_without_command=True)
@click.pass_context
@with_appcontext
def catalog(ctx: click.Context) -> None:
    """List the public credit information catalog (or revise it: `catalog import FILE`)."""
    if ctx.invoked_subcommand:
        return
    with session_scope(app()) as session:
        try:
            current = domain.current(session)
        except domain.CatalogError as error:
            raise click.ClickException(str(error)) from None
        click.echo(f"Catalog version {current.version_id}, {len(current.items)} items:")
        for item in current.items.values():
            flags = [
                domain.LIST_TYPES.get(item.list_type or ""),
                "失信" if item.dishonest else None,
                "需书面同意" if item.restricted else None,
                "可申请删除" if item.deletable else None,
            ]
            periods = ", ".join(
                f"{LABELS[severity]} {low}-{high}个月"
                for severity, (low, high) in item.periods.items()
            )
            click.echo(
                f"{item.code:<8} {item.name:<10} {LABELS[item.kind]:<6} {item.category} "
                f"组织:{item.openness_org} 自然人:{item.openness_person} "
                + " ".join(filter(None, flags))
                + (f" 公示期 {periods}" if periods else "")
            )


@catalog.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_appcontext
def import_(file: Path) -> None:
    """Revise the catalog from FILE (TOML or JSON, the layout of the shipped catalog)."""
    try:
        items = domain.load_file(file)
        with session_scope(app()) as session:
            version = domain.install(session, items, source=file.name, actor=actor())
            click.echo(
                f"Catalog version {version.id} installed with {len(items)} items; "
                "earlier versions are kept."
            )
    except domain.CatalogError as error:
        raise click.ClickException(str(error)) from None


def register(group: click.Group) -> None:
    group.add_command(catalog)
