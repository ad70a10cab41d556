"""The `xinyong` console script: a Flask `FlaskGroup`, so `flask` habits carry over.

Each command is thin: it parses arguments, calls a domain function in
`xinyong.credit`, and says what happened and what to do next.
"""

from __future__ import annotations

import click
from flask.cli import FlaskGroup

from xinyong import create_app
from xinyong.commands import calendar, catalog, database, demo, intake, providers, publish
from xinyong.commands import serve as serve_command
from xinyong.commands import users as users_command


@click.group(cls=FlaskGroup, create_app=create_app, add_version_option=False)
def main() -> None:
    """信用周村: public credit information of Zhoucun District."""


for module in (database, providers, catalog, calendar, intake, demo, publish):
    module.register(main)
users_command.register(main)  # xinyong create-user (forms)
serve_command.register(main)  # xinyong serve (forms)
