"""`xinyong check FILE --matter MATTER`: 信用核查 of a list of subjects."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from xinyong import keys
from xinyong.commands import Refused, actor, app, with_database
from xinyong.credit import checks, checks_sheet
from xinyong.database import session_scope


@click.command("check")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--matter", required=True, help="the matter: its code or Chinese name (政府采购)")
@with_database
def check(file: Path, matter: str) -> None:
    """信用核查 of the subjects listed in FILE (CSV / XLS / XLSX: 主体名称, 统一社会信用代码)."""
    application = app()
    limit = int(application.config["CHECK_MAX_SUBJECTS"])
    try:
        queries = checks.read_list(file, limit)
    except checks.CheckError as error:
        raise Refused(f"{file.name}：{error}") from None
    who = actor()
    runner = checks.Runner(who, "命令行", None, checks_today())
    target = file.with_name(f"{file.stem}.核查结果.xlsx")
    partial = target.with_name(f".{target.name}.part")
    try:
        with session_scope(application) as session, progress_bar(len(queries)) as progress:
            try:
                done = checks.run(
                    session,
                    queries,
                    matter,
                    runner,
                    keys.protector(application.config),
                    source=file.name,
                    progress=progress,
                )
            except checks.CheckError as error:
                raise click.UsageError(str(error)) from None
            checks_sheet.write(done, partial)
            mismatched = sum(1 for row in done.result["rows"] if row["status"] == "mismatch")
            summary = (
                f"核查{done.number}（{done.matter_name}）：{done.subjects}个主体，"
                f"本区掌握{done.found}个，有相关信息{done.hits}个，"
                f"名称与代码不一致{mismatched}个；结果：{target}"
            )
        partial.replace(target)  # only a check that was kept gets its sheet
    finally:
        partial.unlink(missing_ok=True)
    click.echo(summary)


def checks_today():
    import datetime as dt

    return dt.date.today()


class progress_bar:
    """click's progress bar on a terminal; nothing in a pipe, a log or a test."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.bar = None

    def __enter__(self):
        if not sys.stdout.isatty():
            return None
        self.bar = click.progressbar(length=self.total, label="核查", show_pos=True)
        self.bar.__enter__()
        return self.bar.update

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.__exit__(*exc)


def register(group: click.Group) -> None:
    group.add_command(check)
