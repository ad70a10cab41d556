"""CLI commands, one module per concern; each module has `register(group)`.

This module holds what the commands share: who acts, the app, and parameter types.
"""

from __future__ import annotations

import datetime as dt
import functools
import unicodedata
from collections.abc import Sequence

import click
from flask import current_app
from flask.cli import with_appcontext

from xinyong.credit import settings
from xinyong.credit.dates import parse_date
from xinyong.database import schema_problem

# beyond these a date is a typo, not a deadline (the settings table's defaults)
YEARS = (settings.earliest_date().year, settings.default("LATEST_YEAR"))

#: exit status of every command, so that a script can tell the cases apart
EXIT_OK = 0
EXIT_ROWS_REJECTED = 1  # `import`: some rows rejected (see the feedback file); other failures
EXIT_USAGE = 2  # a usage mistake: unknown option, missing or bad argument (click's own)
EXIT_REFUSED = 3  # the file itself refused or unreadable: nothing of it stored
EXIT_NO_DATABASE = 4  # the database is missing, not migrated, or unusable: nothing done


#: whether the process ends at once after this command (`end_at_once`)
_AT_ONCE: list[bool] = [False]


def end_at_once() -> None:
    """The command holds a great many objects when it is done (a publish at 100,000
    subjects: about a million): the console script then ends the process without freeing
    them one by one, half a second the operating system does at once (`cli.console`)."""
    _AT_ONCE[0] = True


def ends_at_once() -> bool:
    return _AT_ONCE[0]


class Refused(click.ClickException):
    """A file refused as a whole: nothing of it was stored."""

    exit_code = EXIT_REFUSED


class DatabaseNotReady(click.ClickException):
    """The database cannot serve the command; the message says what to run."""

    exit_code = EXIT_NO_DATABASE


def with_database(command):
    """Like `with_appcontext`, and first make sure the database is at the newest migration."""

    @functools.wraps(command)
    def checked(*args, **kwargs):
        problem = schema_problem(app())
        if problem:
            raise DatabaseNotReady(problem)
        return command(*args, **kwargs)

    return with_appcontext(checked)


def actor() -> str:
    """Who a CLI change is audited as: the operating-system user."""
    import getpass

    try:
        return f"cli:{getpass.getuser()}"
    except Exception:  # no user name in some containers
        return "cli"


def app():
    return current_app._get_current_object()


class DateParam(click.ParamType):
    """A calendar date, `YYYY-MM-DD` (the other export spellings are taken too)."""

    name = "DATE"

    def convert(self, value, param, ctx) -> dt.date:
        if isinstance(value, dt.date):
            return value
        try:
            day = parse_date(value)
        except ValueError as error:
            self.fail(f"{value!r} is not a date ({error}); write it as YYYY-MM-DD", param, ctx)
        if not YEARS[0] <= day.year <= YEARS[1]:
            self.fail(f"{value!r} lies outside {YEARS[0]}–{YEARS[1]}", param, ctx)
        return day


def width(text: str) -> int:
    """Columns a terminal gives `text`: Chinese characters (East Asian wide/full) take two."""
    return sum(
        0
        if unicodedata.combining(char)
        else 2
        if unicodedata.east_asian_width(char) in ("W", "F")
        else 1
        for char in text
    )


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], gap: int = 2) -> list[str]:
    """Lines of an aligned table by display width; the last column is not padded."""
    widths = [max(width(str(row[i])) for row in [headers, *rows]) for i in range(len(headers))]

    def line(cells: Sequence[str]) -> str:
        padded = [
            str(cell) + " " * (widths[i] - width(str(cell)) + gap)
            for i, cell in enumerate(cells[:-1])
        ]
        return ("".join(padded) + str(cells[-1])).rstrip()

    return [line(headers), *(line(row) for row in rows)]
