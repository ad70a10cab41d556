"""Where every page lives, and links between them that work anywhere.

Every page is a directory with an `index.html`, so the frozen site needs no
server rewrites. Links between pages are relative and name the `index.html`, so
a release opens from the disk (`file://`) and from any sub-path of a web
server alike; what must be absolute (the sitemap, the feed, the 404 page,
which is served at any depth) is built on `BASE_URL`.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urlencode

HOME = ""
STATS = "stats/"
POLICY = "policy/"
DATA = "data/"
GUIDES = {
    "objection": "guide/objection/",
    "deletion": "guide/deletion/",
    "repair": "guide/repair/",
}
FEED = "feed.xml"
SITEMAP = "sitemap.xml"
ROBOTS = "robots.txt"
NOT_FOUND = "404.html"
CSS = "static/site.css"

#: forms app routes (DESIGN.md, "Public interfaces")
FORMS = {
    "search": "/search",
    "objection": "/objection/new",
    "deletion": "/deletion/new",
    "repair": "/repair/new",
    "status": "/status",
}


#: the characters `urlencode` (quote_plus) never changes
_PLAIN = re.compile(r"[A-Za-z0-9_.~-]*")


def subject(key: str) -> str:
    return f"subject/{key}/"


def report(key: str) -> str:
    return f"subject/{key}/report/"


def listing(which: str, dept: str | None = None) -> str:
    """A list's landing page: all departments, or one (`dept`: its USCC)."""
    return f"list/{which}/dept/{dept}/" if dept else f"list/{which}/"


def month(which: str, dept: str | None, period: str, number: int = 1) -> str:
    """Page `number` of a month of a list; numbered from the month's oldest record."""
    first = f"{listing(which, dept)}{period}/"
    return first if number == 1 else f"{first}{number}/"


def data_file(which: str, year: int, suffix: str) -> str:
    return f"{DATA}{which}-{year}.{suffix}"


def is_page(path: str) -> bool:
    """A directory page (`…/` or the home page) rather than a file."""
    return path == HOME or path.endswith("/")


def output_file(path: str) -> str:
    """The file a site path is written to."""
    return f"{path}index.html" if is_page(path) else path


def relative(page: str, target: str) -> str:
    """A link from `page` to `target` that works from the disk and under any sub-path.

    Up to the site's root, then down: every link on a page shares its depth, so
    the same header serves every page at that depth.
    """
    return _up(page.count("/")) + output_file(target)


@lru_cache(maxsize=64)
def _up(depth: int) -> str:
    return "../" * depth


def absolute(base_url: str, target: str) -> str:
    """`target` under the site's base URL, pretty (a directory page ends in `/`)."""
    return base_url.rstrip("/") + "/" + target


def forms(forms_url: str, route: str, **params: str) -> str:
    """A link into the forms app (objection, deletion, repair, search, status)."""
    shown = {name: value for name, value in params.items() if value}
    if all(_PLAIN.fullmatch(f"{name}{value}") for name, value in shown.items()):
        # what `urlencode` leaves as it is (a record's reference): the same link, made cheaply
        query = "&".join(f"{name}={value}" for name, value in shown.items())
    else:
        query = urlencode(shown)
    return forms_url.rstrip("/") + FORMS[route] + (f"?{query}" if query else "")
