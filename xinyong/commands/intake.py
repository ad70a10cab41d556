"""`xinyong import FILE --provider CODE [--kind K] [--received DATE]`: provider intake.

Exit status: 0 every row taken, 1 some rows rejected (see the feedback file), 2 a usage
mistake, 3 the file itself refused or unreadable (nothing of it stored), 4 the database
missing or not migrated (`xinyong.commands.EXIT_*`).
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from xinyong import keys
from xinyong.commands import (
    EXIT_REFUSED,
    DateParam,
    actor,
    app,
    with_database,
)
from xinyong.credit import intake, providers
from xinyong.credit.formats import FORMATS_DOC
from xinyong.credit.intake.headers import REPAIR
from xinyong.database import session_scope


class Unusable(click.ClickException):
    """Exit 3, as for a refused file: nothing was taken in."""

    exit_code = EXIT_REFUSED


@click.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--provider",
    "provider_key",
    required=True,
    metavar="CODE",
    help="The department's 统一社会信用代码 or exact registered name.",
)
@click.option(
    "--kind",
    type=click.Choice(intake.KINDS),
    help="What the file holds, when its headers do not say.",
)
@click.option(
    "--received",
    type=DateParam(),
    help="Date of receipt, when back-filling older files (default: today).",
)
@with_database
def import_(file: Path, provider_key: str, kind: str | None, received: dt.date | None) -> None:
    """Take in a provider FILE (CSV, XLSX, XLS, ODS or JSON); write FILE.feedback.csv.

    \b
    Exit status: 0 every row taken; 1 some rows rejected (see the feedback file);
    2 a usage mistake; 3 the file refused, unreadable or its import failed (nothing of
    it stored);
    4 the database missing or not migrated (run `xinyong init-db`).
    The file format: docs/formats.md.
    """
    application = app()
    try:
        received = intake.receipt_date(received)
    except intake.ReceiptError as error:
        raise click.BadParameter(str(error), param_hint="--received") from None
    with session_scope(application) as session:
        try:
            provider = providers.find(session, provider_key)
        except providers.ProviderError as error:
            raise click.BadParameter(str(error), param_hint="--provider") from None
        try:
            with progress_bar() as progress:
                result = intake.import_file(
                    session,
                    file,
                    provider,
                    protector=keys.protector(application.config),
                    actor=actor(),
                    kind=kind,
                    received_on=received,
                    settings=intake.Settings.from_config(application.config),
                    progress=progress,
                )
        except OSError as error:
            raise Unusable(f"cannot read {file} or write its feedback: {error}") from None
    say(result)
    click.get_current_context().exit(result.exit_code)


def say(result: intake.ImportResult) -> None:
    if result.failed:
        click.echo(
            f"Failed: {result.refused}\nNothing of the file was stored; the error is in the "
            f"log, and submission {result.submission_id} records it — feedback: {result.feedback}",
            err=True,
        )
        return
    if result.refused:
        click.echo(
            f"Refused: {result.refused}\nNothing of it was stored; fix the file and hand it in "
            f"again — feedback: {result.feedback}; the format: {FORMATS_DOC}",
            err=True,
        )
        return
    counts = [
        f"accepted {result.accepted}",
        f"updated {result.updated}",
        f"unchanged {result.unchanged}",
        f"rejected {result.rejected}",
        f"late {result.late}",
    ]
    if result.kind == REPAIR:
        counts.append(f"not held {result.unmatched}")
    click.echo(", ".join(counts) + f" — feedback: {result.feedback}")
    if result.rejected:
        click.echo(
            f"{result.rejected} rows were rejected: the department fixes them as the feedback "
            "says and hands them in again."
        )


@contextmanager
def progress_bar() -> Iterator[intake.Progress | None]:
    """click's progress bar on a terminal; nothing in a pipe, a log or a test."""
    if not sys.stdout.isatty():
        yield None
        return
    bars: list = []

    def advance(done: int, total: int) -> None:
        if not bars:
            bars.append(click.progressbar(length=total, label="导入", show_pos=True))
            bars[0].__enter__()
        bars[0].update(done - bars[0].pos)

    try:
        yield advance
    finally:
        if bars:
            bars[0].__exit__(None, None, None)


def register(group: click.Group) -> None:
    group.add_command(import_)
