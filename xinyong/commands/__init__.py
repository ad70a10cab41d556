"""CLI commands, one module per concern; each module has `register(group)`.

This module holds what the commands share: who acts, the app, and parameter types.
"""

from __future__ import annotations

import datetime as dt

import click
from flask import current_app

from xinyong.credit.dates import parse_date

YEARS = (1900, 2100)  # beyond these a date is a typo, not a deadline


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
