"""The `xinyong` console script: a Flask `FlaskGroup`, so `flask` habits carry over.

Each command is thin: it parses arguments, calls a domain function in
`xinyong.credit`, and says what happened and what to do next.
"""

from __future__ import annotations

import click
from flask.cli import FlaskGroup, ScriptInfo
from sqlalchemy.exc import DBAPIError

from xinyong import create_app
from xinyong.commands import DatabaseNotReady, calendar, catalog, database, demo, intake, providers
from xinyong.database import engine_for, unusable


class Group(FlaskGroup):
    """The last guard: a database error is one line that names the database, not a traceback."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except DBAPIError as error:
            app = ctx.ensure_object(ScriptInfo).load_app()  # loaded already: cached
            shown = engine_for(app).url.render_as_string(hide_password=True)
            raise DatabaseNotReady(unusable(error, shown)) from None


@click.group(cls=Group, create_app=create_app, add_version_option=False)
def main() -> None:
    """信用周村: public credit information of Zhoucun District."""


for module in (database, providers, catalog, calendar, intake, demo):
    module.register(main)
