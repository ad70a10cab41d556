"""`/search`: the current release's index, answered in the site's own pages.

`GET /search?q=&kind=&group=&dept=&from=&to=&page=`. The index is the one the
publisher built beside the release `current` points at; when `current`
switches, the next request opens the new release's searcher (a request that
holds the old one finishes on it). No input makes it fail: the engine treats
every character as text and caps words and length; filters that are not known
values are ignored; a missing release or index is a 503 page in Chinese.
"""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path
from typing import TYPE_CHECKING

from flask import Blueprint, current_app, request, url_for

from xinyong import config
from xinyong.credit.identifiers import IdProtector
from xinyong.credit.public import GROUPS
from xinyong.forms import rendering

if TYPE_CHECKING:
    from xinyong.search.engine import Filters, Results, Searcher

bp = Blueprint("search", __name__)

KINDS = {"org": "法人和非法人组织", "individual": "个体工商户", "person": "自然人"}
#: departments shown as filters
MAX_DEPTS = 12
UNAVAILABLE = (
    "查询服务暂不可用：本站的查询索引尚未发布或正在更新。请稍后再试，或浏览首页的公示信息。"
)


def _param(name: str) -> str:
    # the engine is imported by the first search, not with the app: its NumPy and
    # dictionaries would cost every process the app runs in (a publish too) 0.2 s to start
    from xinyong.search.engine import MAX_CHARS

    value = request.args.get(name, "", type=str) or ""
    return value[: 4 * MAX_CHARS]  # read at all (the engine caps the query further)


def _date(name: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(_param(name).strip()[:10])
    except ValueError:
        return None


def _filters() -> Filters:
    from xinyong.search.engine import Filters

    kind = _param("kind")
    group = _param("group")
    dept = _param("dept").strip()
    return Filters(
        kind=kind if kind in KINDS else None,
        group=group if group in GROUPS else None,
        dept=dept or None,
        date_from=_date("from"),
        date_to=_date("to"),
    )


def _hasher():
    """Exact search by a person's ID number matches the keyed hash, never the number."""
    try:
        protector = IdProtector(config.id_key(current_app.config))
    except Exception:  # no key configured: ID numbers find nothing
        return None
    return protector.hash


def searcher() -> Searcher | None:
    """The current release's searcher, or None when there is no release or index yet."""
    from xinyong.search.engine import Searcher

    current = Path(current_app.config["PUBLISH_DIR"]) / "current"
    for _attempt in range(2):  # `current` may switch (and an old release go) between steps
        if not (current / "index").is_dir():
            return None
        try:
            return Searcher.for_release(current, _hasher())
        except Exception:  # noqa: BLE001 - a half-pruned release, an unreadable index
            current_app.logger.warning("search index of %s could not be opened", current)
    return None


def _link(filters: Filters, q: str, **changed) -> str:
    params = {
        "q": q,
        "kind": filters.kind,
        "group": filters.group,
        "dept": filters.dept,
        "from": filters.date_from.isoformat() if filters.date_from else None,
        "to": filters.date_to.isoformat() if filters.date_to else None,
    }
    params.update(changed)
    return url_for("search.search", **{k: v for k, v in params.items() if v})


@bp.route("/search")
def search():
    q = _param("q")
    filters = _filters()
    found = searcher()
    if found is None:
        return rendering.render(
            "search/unavailable.html", status=503, title="查询服务暂不可用", message=UNAVAILABLE
        )
    started = time.perf_counter()
    results: Results | None = found.search(q, filters, _param("page")) if q.strip() else None
    seconds = time.perf_counter() - started
    body, status = rendering.render(
        "search/results.html",
        title=f"“{results.query}”的查询结果" if results and results.query else "查询信用主体",
        q=q,
        results=results,
        filters=filters,
        seconds=seconds,
        kinds=KINDS,
        groups=GROUPS,
        max_depts=MAX_DEPTS,
        link=lambda **changed: _link(filters, q, **changed),
    )
    return body, status, {"Cache-Control": "no-cache"}
