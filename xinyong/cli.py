"""The `xinyong` console script: a Flask `FlaskGroup`, so `flask` habits carry over.

Each command is thin: it parses arguments, calls a domain function in
`xinyong.credit`, and says what happened and what to do next.
"""

from __future__ import annotations

import logging
import os
import sys

import click
from flask.cli import FlaskGroup, ScriptInfo
from sqlalchemy.exc import DBAPIError

from xinyong import create_app
from xinyong.commands import (
    DatabaseNotReady,
    calendar,
    catalog,
    check,
    city,
    database,
    demo,
    ends_at_once,
    intake,
    measures,
    providers,
    publish,
    serve,
    users,
)
from xinyong.database import DatabaseSettingError, engine_for, unusable


class Group(FlaskGroup):
    """The last guard: a database error is one line that names the database, not a traceback."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        """`--help` lists the commands even when the settings name no usable database."""
        try:
            ctx.ensure_object(ScriptInfo).load_app()
        except DatabaseSettingError as error:
            click.secho(f"Error: {error}\n", err=True, fg="red")
            return sorted(click.Group.list_commands(self, ctx))
        return super().list_commands(ctx)

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except DatabaseSettingError as error:
            raise DatabaseNotReady(str(error)) from None
        except DBAPIError as error:
            app = ctx.ensure_object(ScriptInfo).load_app()  # loaded already: cached
            shown = engine_for(app).url.render_as_string(hide_password=True)
            raise DatabaseNotReady(unusable(error, shown)) from None


@click.group(cls=Group, create_app=create_app, add_version_option=False)
def main() -> None:
    """信用周村: public credit information of Zhoucun District."""


for module in (database, providers, catalog, calendar, intake, demo, city, publish, users, serve):
    module.register(main)

# issue 15: 联合奖惩 measures and 信用核查
for module in (measures, check):
    module.register(main)


def console() -> None:
    """The `xinyong` console script: `main`, and the process ends at once after a command
    that asked so (`commands.end_at_once`), its output flushed and its logs closed."""
    try:
        main()
    except SystemExit as end:
        if not ends_at_once():
            raise
        code = end.code
        if isinstance(code, str):
            print(code, file=sys.stderr)
            code = 1
        logging.shutdown()
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code or 0)
