"""The site frozen by Frozen-Flask, one request per page: the reference the bulk renderer matches.

Used by the tests (the bulk renderer must write the same bytes) and by the
benchmark (its pages per second are the baseline).
"""

from __future__ import annotations

import datetime as dt
import warnings
from collections.abc import Iterator
from pathlib import Path

from flask import Flask
from flask_frozen import Freezer, MissingURLGeneratorWarning

from xinyong.credit.public import LISTS, Context
from xinyong.database import session_scope
from xinyong.site import data, links, pages


def urls(app: Flask, as_of: dt.date) -> Iterator[str]:
    """Every URL of the site, as the views serve them."""
    with session_scope(app) as session:
        context = Context.load(session)
        paths = data.all_paths(session, as_of, context)
        years = data.data_years(data.all_summaries(session, as_of, context))
    for path in paths:
        yield "/" + path
    for which in LISTS:
        for year in years.get(which, []):
            yield "/" + links.data_file(which, year, "csv")
            yield "/" + links.data_file(which, year, "json")
    for page in pages.sitemap_pages(paths):
        yield "/" + page.path
    for path in (links.FEED, links.ROBOTS, links.NOT_FOUND):
        yield "/" + path


def freeze(app: Flask, destination: Path, as_of: dt.date) -> int:
    """Freeze the whole site into `destination` with `Freezer(app).freeze()`; the number of URLs."""
    app.config.update(
        PUBLISH_AS_OF=as_of.isoformat(),
        FREEZER_DESTINATION=str(destination),
        FREEZER_STATIC_IGNORE=["*.py", "*.pyc", "__pycache__/"],
        FREEZER_IGNORE_MIMETYPE_WARNINGS=True,
    )
    freezer = Freezer(app, with_no_argument_rules=False, log_url_for=False)
    freezer.register_generator(lambda: urls(app, as_of))
    with warnings.catch_warnings():
        # the generator yields URLs, not endpoints: Frozen-Flask cannot tell they are covered
        warnings.simplefilter("ignore", MissingURLGeneratorWarning)
        return len(freezer.freeze())
