"""`xinyong catalog` · `xinyong catalog import FILE`."""

from __future__ import annotations

from pathlib import Path

import click

from xinyong.commands import Refused, actor, app, table, with_database
from xinyong.credit import catalog as domain
from xinyong.credit.models import LABELS
from xinyong.database import session_scope


@click.group("catalog", invoke_without_command=True)
@click.pass_context
@with_database
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
        rows = [
            (
                item.code,
                item.name,
                LABELS[item.kind],
                item.category,
                item.openness_org,
                item.openness_person,
                " ".join(filter(None, flags(item))),
                ", ".join(
                    f"{LABELS[severity]} {low}-{high}个月"
                    for severity, (low, high) in item.periods.items()
                ),
            )
            for item in current.items.values()
        ]
        for line in table(COLUMNS, rows):
            click.echo(line)


COLUMNS = ("代码", "名称", "种类", "类别", "组织", "自然人", "标记", "公示期")


def flags(item) -> list[str | None]:
    return [
        domain.LIST_TYPES.get(item.list_type or ""),
        "失信" if item.dishonest else None,
        "需书面同意" if item.restricted else None,
        "可申请删除" if item.deletable else None,
    ]


@catalog.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_database
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
        raise Refused(str(error)) from None


def register(group: click.Group) -> None:
    group.add_command(catalog)
