"""`xinyong measures` · `xinyong measures import FILE`."""

from __future__ import annotations

from pathlib import Path

import click

from xinyong.commands import Refused, actor, app, table, with_database
from xinyong.credit import measures as domain
from xinyong.database import session_scope


@click.group("measures", invoke_without_command=True)
@click.pass_context
@with_database
def measures(ctx: click.Context) -> None:
    """List the 联合奖惩 measures catalog (or revise it: `measures import FILE`)."""
    if ctx.invoked_subcommand:
        return
    with session_scope(app()) as session:
        current = domain.current(session, actor())
        click.echo(
            f"Measures version {current.version_id}: {len(current.matters)} matters, "
            f"{len(current.measures)} measures."
        )
        matters = [(m.code, m.name, "、".join(m.channels)) for m in current.matters.values()]
        for line in table(("事项代码", "事项", "还应查询"), matters):
            click.echo(line)
        click.echo("")
        rows = [
            (
                m.code,
                m.name,
                m.kind,
                " ".join(m.triggers),
                " ".join(current.matters[code].name for code in m.matters),
                m.list_item or "—",
            )
            for m in current.measures
        ]
        for line in table(COLUMNS, rows):
            click.echo(line)


COLUMNS = ("代码", "措施", "种类", "触发目录项", "适用事项", "清单位置")


@measures.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_database
def import_(file: Path) -> None:
    """Revise the measures catalog from FILE (TOML or JSON, the layout of the shipped one)."""
    try:
        data = domain.load_file(file)
        with session_scope(app()) as session:
            version = domain.install(session, data, source=file.name, actor=actor())
            click.echo(
                f"Measures version {version.id} installed with {len(data['measures'])} measures "
                f"and {len(data['matters'])} matters; earlier versions are kept."
            )
    except domain.MeasuresError as error:
        raise Refused(str(error)) from None


def register(group: click.Group) -> None:
    group.add_command(measures)
