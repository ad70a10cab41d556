"""What every view of the forms app shares: pages in the site's look, the domain's helpers."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from flask import current_app, render_template

from xinyong import config
from xinyong.credit import applications, catalog
from xinyong.credit.identifiers import IdProtector
from xinyong.credit.workdays import WorkCalendar
from xinyong.database import get_session
from xinyong.site import pages


def render(template: str, status: int = 200, **context):
    """A page that extends the site's base.html, with links absolute on BASE_URL."""
    body = render_template(
        template,
        page="",
        site=pages.settings(current_app),
        absolute_links=True,
        kind_labels=applications.KIND_LABELS,
        state_labels=applications.STATE_LABELS,
        **context,
    )
    return body, status


def today() -> dt.date:
    return dt.date.today()


def protector() -> IdProtector:
    return IdProtector(config.id_key(current_app.config))


def work_calendar() -> WorkCalendar:
    return WorkCalendar.load(get_session())


def limits() -> applications.Limits:
    return applications.Limits.from_config(current_app.config)


def current_catalog() -> catalog.Catalog:
    return catalog.current(get_session())


def upload_dir() -> Path:
    return Path(current_app.config["UPLOAD_DIR"])


def setting(name: str):
    return current_app.config[name]
