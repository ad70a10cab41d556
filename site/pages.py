"""The site's pages: what each page shows, built from the disclosure function's data.

Both ways of making the site go through here: the views (one request per page,
which Frozen-Flask freezes) and the publisher's bulk renderer (data streamed in
bulk, no request). A page is a path, a template and its context; `render` is the
one place that turns it into bytes, so the two ways give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import zlib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from flask import Flask
from markupsafe import Markup

from xinyong.credit.public import LISTS, Department, ListEntry, PublicFile
from xinyong.site import links, opendata, summary
from xinyong.site.templating import escape_output

#: name and sponsor shown on every page
SITE_NAME = "信用周村"
DISTRICT = "淄博市周村区"
SPONSOR = "周村区发展和改革局"

#: URLs per sitemap file (sitemaps.org: at most 50,000)
SITEMAP_SIZE = 50_000
#: the subjects' sitemap files (by a hash of their key): 200,000 subjects' pages at most per file
SITEMAP_BUCKETS = 16
#: the names of the subjects' sitemap groups start so (`sitemap_group`)
SUBJECT_GROUPS = "subjects-"

GUIDE_TITLES = {
    "objection": "如何提出异议",
    "deletion": "如何申请删除信息",
    "repair": "如何申请信用修复",
}

MIMETYPES = {
    ".html": "text/html; charset=utf-8",
    ".xml": "application/xml; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".csv": "text/csv; charset=utf-8",
    ".json": "application/json; charset=utf-8",
}


@dataclass(frozen=True)
class Page:
    """One output of the site: its path, and a template with its context or the bytes."""

    path: str
    template: str | None = None
    context: dict[str, Any] = field(default_factory=dict)
    body: bytes | None = None

    @property
    def file(self) -> str:
        return links.output_file(self.path)

    @property
    def mimetype(self) -> str:
        suffix = "." + self.file.rsplit(".", 1)[-1]
        return MIMETYPES.get(suffix, "application/octet-stream")


def settings(app: Flask) -> dict[str, Any]:
    return {
        "name": SITE_NAME,
        "district": DISTRICT,
        "sponsor": SPONSOR,
        "base_url": str(app.config["BASE_URL"]),
        "forms_url": str(app.config["FORMS_URL"]),
    }


def render(app: Flask, page: Page) -> bytes:
    """A page's bytes: the same for a view and for the bulk renderer."""
    if page.body is not None:
        return page.body
    environment = app.jinja_env
    template = environment.get_template(page.template)
    # what `template.render(...)` does, in fewer steps (a tenth of a page's time):
    # - the template's globals (a ChainMap of the environment's and its own) are put in the
    #   page's variables dict by dict, not key by key through the ChainMap;
    # - the context is told no globals of its own, as Jinja's derived contexts are: it
    #   keeps their names only for a template it imports, to see whether that one lacks
    #   some (then imported afresh), and no template here has globals of its own
    scope: dict[str, Any] = {}
    for mapping in reversed(getattr(template.globals, "maps", [template.globals])):
        scope.update(mapping)
    scope.update(page=page.path, site=settings(app), **page.context)
    context = environment.context_class(environment, scope, template.name, template.blocks)
    try:
        text = environment.concat(template.root_render_func(context))
    except Exception:
        environment.handle_exception()
    return text.encode("utf-8")


# -- one subject -------------------------------------------------------------


def subject_pages(file: PublicFile) -> list[Page]:
    """The subject's credit file and its 信用报告."""
    key = file.subject.key
    return [
        Page(links.subject(key), "site/subject.html", {"file": file}),
        Page(links.report(key), "site/report.html", {"file": file}),
    ]


# -- lists -------------------------------------------------------------------


def month_pages(
    which: str, dept: Department | None, period: str, entries: list[ListEntry]
) -> list[Page]:
    """A month of a list, 50 records a page, numbered from the month's oldest."""
    size = summary.PAGE_SIZE
    count = -(-len(entries) // size)
    return [
        month_page(which, dept, period, number, count, entries[(number - 1) * size : number * size])
        for number in range(1, count + 1)
    ]


def month_page(
    which: str,
    dept: Department | None,
    period: str,
    number: int,
    count: int,
    entries: list[ListEntry],
) -> Page:
    """Page `number` of a month's `count` pages, showing `entries` (its share of the month).

    The first page links every page of the month; the others the first, the one before
    and the one after: a page added to the month changes its first page and its last
    one, not all of them (a month gains a page on most nights).
    """
    uscc = dept.uscc if dept else None
    shown = (
        range(1, count + 1)
        if number == 1
        else sorted({1, number - 1, number, min(number + 1, count)})
    )
    context = {
        "which": which,
        "title": LISTS[which],
        "dept": dept,
        "period": period,
        "number": number,
        "count": count,
        "entries": entries,
        "first": (number - 1) * summary.PAGE_SIZE + 1,
        "pagers": [(n, links.month(which, uscc, period, n)) for n in shown],
        "landing": links.listing(which, uscc),
    }
    return Page(links.month(which, uscc, period, number), "site/month.html", context)


def landing_page(
    which: str,
    dept: Department | None,
    months: dict[str, dict[str, Any]],
    departments: list[Department],
) -> Page:
    uscc = dept.uscc if dept else None
    return Page(
        links.listing(which, uscc),
        "site/list.html",
        {
            "which": which,
            "title": LISTS[which],
            "dept": dept,
            "landing": summary.landing(months),
            "month_links": {period: links.month(which, uscc, period) for period in months},
            "departments": departments if which in ("license", "penalty") else [],
        },
    )


# -- the whole site ----------------------------------------------------------


def home_page(overview: dict[str, Any]) -> Page:
    return Page(
        links.HOME, "site/home.html", {"overview": overview, "lists": LISTS, "guides": GUIDE_TITLES}
    )


def stats_page(overview: dict[str, Any]) -> Page:
    return Page(links.STATS, "site/stats.html", {"overview": overview, "lists": LISTS})


def feed_page(overview: dict[str, Any]) -> Page:
    entries = overview["feed"]
    updated = max((item["decided_on"] for item in entries), default="2018-05-16")
    return Page(
        links.FEED, "site/feed.xml", {"entries": entries, "updated": updated, "lists": LISTS}
    )


def guide_page(name: str) -> Page:
    return Page(links.GUIDES[name], f"site/guide_{name}.html", {"title": GUIDE_TITLES[name]})


def policy_text() -> list[str]:
    """The 2018 implementation opinion of the district government, paragraph by paragraph."""
    text = (resources.files("xinyong.templates") / "site" / "policy.txt").read_text("utf-8")
    return [paragraph.strip() for paragraph in text.splitlines() if paragraph.strip()]


def policy_page() -> Page:
    return Page(links.POLICY, "site/policy.html", {"paragraphs": policy_text()})


def dictionary_page(years: dict[str, list[int]]) -> Page:
    files = {
        which: [
            (year, links.data_file(which, year, "csv"), links.data_file(which, year, "json"))
            for year in sorted(years.get(which, []), reverse=True)
        ]
        for which in LISTS
    }
    return Page(
        links.DATA,
        "site/data.html",
        {"columns": opendata.COLUMNS, "files": files, "lists": LISTS},
    )


def data_pages(which: str, year: int, entries: list[ListEntry]) -> list[Page]:
    return data_rows_pages(which, year, [opendata.row(which, entry) for entry in entries])


def data_rows_pages(which: str, year: int, rows: list[dict[str, Any]]) -> list[Page]:
    """A year of a list as CSV and JSON, from its open data rows."""
    return [
        Page(links.data_file(which, year, "csv"), body=opendata.to_csv(rows)),
        Page(links.data_file(which, year, "json"), body=opendata.to_json(which, year, rows)),
    ]


def not_found_page() -> Page:
    return Page(links.NOT_FOUND, "site/not_found.html", {"absolute_links": True})


def robots_page() -> Page:
    return Page(links.ROBOTS, "site/robots.txt")


def sitemap_pages(paths: list[str]) -> list[Page]:
    """A sitemap index and its files, by group (`sitemap_groups`), each of at most `SITEMAP_SIZE` URLs."""
    groups = sitemap_groups(paths)
    files = [page for group in sorted(groups) for page in sitemap_files(group, groups[group])]
    return [sitemap_index([page.path for page in files]), *files]


def sitemap_index(files: list[str]) -> Page:
    return Page(links.SITEMAP, "site/sitemap_index.xml", {"files": files})


def sitemap_groups(paths: list[str]) -> dict[str, list[str]]:
    """The URLs by the sitemap file they go in, each group sorted.

    Groups that a change leaves alone: the subjects by a bucket of their key's
    hash, a list's months by their year, the other pages together. A new page
    changes only its own group's file, not every file after it.
    """
    groups: dict[str, list[str]] = {}
    for path in paths:
        groups.setdefault(sitemap_group(path), []).append(path)
    return {group: sorted(found) for group, found in groups.items()}


def sitemap_group(path: str) -> str:
    parts = path.split("/")
    if parts[0] == "subject" and len(parts) > 2:
        return f"{SUBJECT_GROUPS}{zlib.crc32(parts[1].encode()) % SITEMAP_BUCKETS + 1:02d}"
    if parts[0] == "list" and len(parts) > 3:
        period = parts[4] if parts[2] == "dept" and len(parts) > 5 else parts[2]
        if summary.is_period(period):
            return f"{parts[1]}-{period[:4]}"
    return "pages"


def sitemap_files(group: str, paths: list[str]) -> list[Page]:
    """A group's sitemap files: `sitemap-<group>.xml`, then `-2`, `-3` … past `SITEMAP_SIZE` URLs."""
    chunks = [paths[n : n + SITEMAP_SIZE] for n in range(0, len(paths), SITEMAP_SIZE)]
    return [
        Page(f"sitemap-{group}{f'-{n}' if n > 1 else ''}.xml", "site/sitemap.xml", {"paths": chunk})
        for n, chunk in enumerate(chunks, start=1)
    ]


def fixed_pages() -> list[Page]:
    """Pages that depend on no data."""
    return [
        *(guide_page(name) for name in GUIDE_TITLES),
        policy_page(),
        not_found_page(),
        robots_page(),
    ]


@lru_cache(maxsize=8192)
def cn_date(value: dt.date | str | None) -> Markup:
    """2026-03-02 → 2026年3月2日 (dates come as dates, or ISO text from stored summaries).

    Digits and 年月日 only: safe as it is, so the template need not escape it. A page
    shows a few dates of its records, and the site a few thousand days: each made once.
    """
    if not value:
        return Markup("")
    day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
    return Markup(f"{day.year}年{day.month}月{day.day}日")


def nl2p(text: str | None) -> Markup:
    """Paragraphs from plain text, escaped."""
    if not text:
        return Markup("")
    parts = [escape_output(part) for part in str(text).splitlines() if part.strip()]
    return Markup("<p>" + "</p><p>".join(parts) + "</p>") if parts else Markup("")
