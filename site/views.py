"""The public site's views: read the request, ask the domain, render a page.

These are what Frozen-Flask freezes, one request per page. The publisher's bulk
renderer builds the same `Page`s from data read in bulk; `render` makes both.
"""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, Response, abort, current_app

from xinyong.credit import public
from xinyong.credit.public import LISTS, Context
from xinyong.database import get_session
from xinyong.site import data, pages, summary

bp = Blueprint("site", __name__)


def as_of() -> dt.date:
    """The date the site is published as of: `PUBLISH_AS_OF`, else today."""
    value = current_app.config.get("PUBLISH_AS_OF")
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(value) if value else dt.date.today()


def context() -> Context:
    return Context.load(get_session())


def respond(page: pages.Page, status: int = 200) -> Response:
    return Response(pages.render(current_app, page), status=status, mimetype=page.mimetype)


def overview() -> dict:
    return summary.overview(data.all_summaries(get_session(), as_of(), context()))


@bp.route("/")
def home():
    return respond(pages.home_page(overview()))


@bp.route("/subject/<key>/")
def subject(key: str):
    return respond(_subject_pages(key)[0])


@bp.route("/subject/<key>/report/")
def report(key: str):
    return respond(_subject_pages(key)[1])


def _subject_pages(key: str) -> list[pages.Page]:
    found = public.file(get_session(), key, as_of())
    if found is None:
        abort(404)
    return pages.subject_pages(found)


def _department(which: str, uscc: str | None):
    if which not in LISTS:
        abort(404)
    if uscc is None:
        return None
    dept = data.department(get_session(), which, uscc, context())
    if dept is None:
        abort(404)
    return dept


@bp.route("/list/<which>/")
@bp.route("/list/<which>/dept/<uscc>/")
def listing(which: str, uscc: str | None = None):
    dept = _department(which, uscc)
    session, loaded = get_session(), context()
    months = data.month_summaries(session, which, as_of(), loaded, dept)
    departments = public.departments(session, which, context=loaded)
    return respond(pages.landing_page(which, dept, months, departments))


@bp.route("/list/<which>/<period>/")
@bp.route("/list/<which>/<period>/<int:number>/")
@bp.route("/list/<which>/dept/<uscc>/<period>/")
@bp.route("/list/<which>/dept/<uscc>/<period>/<int:number>/")
def month(which: str, period: str, number: int | None = None, uscc: str | None = None):
    dept = _department(which, uscc)
    if not summary.is_period(period) or number == 1:  # page 1 is the month's own URL
        abort(404)
    entries = data.month_entries(get_session(), which, period, as_of(), context(), dept)
    found = pages.month_pages(which, dept, period, entries)
    number = number or 1
    if not 1 <= number <= len(found):
        abort(404)
    return respond(found[number - 1])


@bp.route("/stats/")
def stats():
    return respond(pages.stats_page(overview()))


@bp.route("/guide/<name>/")
def guide(name: str):
    if name not in pages.GUIDE_TITLES:
        abort(404)
    return respond(pages.guide_page(name))


@bp.route("/policy/")
def policy():
    return respond(pages.policy_page())


@bp.route("/data/")
def dictionary():
    lists = data.all_summaries(get_session(), as_of(), context())
    return respond(pages.dictionary_page(data.data_years(lists)))


@bp.route("/data/<which>-<int:year>.<suffix>")
def data_file(which: str, year: int, suffix: str):
    if which not in LISTS or suffix not in ("csv", "json"):
        abort(404)
    entries = data.year_entries(get_session(), which, year, as_of(), context())
    if not entries:
        abort(404)
    csv_page, json_page = pages.data_pages(which, year, entries)
    return respond(csv_page if suffix == "csv" else json_page)


@bp.route("/feed.xml")
def feed():
    return respond(pages.feed_page(overview()))


def _sitemaps() -> list[pages.Page]:
    return pages.sitemap_pages(data.all_paths(get_session(), as_of(), context()))


@bp.route("/sitemap.xml")
def sitemap_index():
    return respond(_sitemaps()[0])


@bp.route("/sitemap-<name>.xml")
def sitemap(name: str):
    found = [page for page in _sitemaps()[1:] if page.path == f"sitemap-{name}.xml"]
    if not found:
        abort(404)
    return respond(found[0])


@bp.route("/robots.txt")
def robots():
    return respond(pages.robots_page())


@bp.route("/404.html")
def not_found_file():
    """The 404 page as a file of the frozen site (web servers serve it for any missing page)."""
    return respond(pages.not_found_page())


def not_found(_error):
    return respond(pages.not_found_page(), status=404)
