"""What the lists add up to, month by month: the home page, statistics and the feed.

A list is cut into months (of the decision date); each month is summarised
once, as plain JSON-able data, and the whole site's figures are the merge of
the months' summaries. The publisher keeps a month's summary beside its pages,
so figures are counted at publish time from the months that changed, and never
per request; a view that renders one page computes the same summaries, so both
paths give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import heapq
from collections import Counter
from collections.abc import Iterable, Iterator
from itertools import groupby
from typing import Any

from xinyong.credit.public import LISTS, ListEntry

#: records per list page
PAGE_SIZE = 50
#: newest lines a month keeps for the landing pages and the feed
LATEST = 50
#: entries in the Atom feed, lines on the home page, months in the statistics chart
FEED_SIZE = 50
HOME_LATEST = 10
CHART_MONTHS = 24


def period_of(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def bounds(period: str) -> tuple[dt.date, dt.date]:
    """The first day of a month (`YYYY-MM`) and the first day of the next."""
    year, number = (int(part) for part in period.split("-"))
    first = dt.date(year, number, 1)
    return first, dt.date(year + number // 12, number % 12 + 1, 1)


def is_period(text: str) -> bool:
    try:
        bounds(text)
    except ValueError:
        return False
    return len(text) == 7


def by_month(entries: Iterable[ListEntry]) -> Iterator[tuple[str, list[ListEntry]]]:
    """A list's entries (oldest first) cut into months."""
    for _month, month in groupby(entries, key=_month_of):
        found = list(month)
        yield period_of(found[0].record.decided_on), found


def _month_of(entry: ListEntry) -> tuple[int, int]:
    day = entry.record.decided_on
    return day.year, day.month


def line(entry: ListEntry) -> dict[str, Any]:
    """An entry as the landing pages and the feed show it (plain data, stored as JSON)."""
    record, subject = entry.record, entry.subject
    return {
        "ref": record.ref,
        "key": subject.key,
        "name": subject.name,
        "uscc": subject.uscc,
        "id_masked": subject.id_masked,
        "item_name": record.item_name,
        "title": record.title,
        "doc_no": record.doc_no,
        "authority": record.authority,
        "decided_on": record.decided_on.isoformat(),
        "severity_label": record.severity_label,
        "objection": record.objection,
        "content": record.content,
    }


def _newest_first(lines: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(lines, key=lambda item: (item["decided_on"], item["ref"]), reverse=True)


def summarise(entries: list[ListEntry]) -> dict[str, Any]:
    """One month of one list: counts and its newest lines."""
    by_dept, by_item = counts(entries)
    return month_summary(len(entries), by_dept, by_item, newest(entries))


def counts(entries: Iterable[ListEntry]) -> tuple[Counter[str], Counter[str]]:
    """Entries counted by department (as the record names its source) and by item."""
    by_dept: Counter[str] = Counter()
    by_item: Counter[str] = Counter()
    for entry in entries:
        by_dept[entry.record.source or "未注明"] += 1
        by_item[entry.record.item_name] += 1
    return by_dept, by_item


def month_summary(
    count: int, by_dept: Counter[str], by_item: Counter[str], latest: list[dict[str, Any]] | None
) -> dict[str, Any]:
    """A month's summary as the site-wide pages read it (`summarise`, or from its days)."""
    return {
        "count": count,
        "pages": -(-count // PAGE_SIZE),
        "by_dept": dict(sorted(by_dept.items())),
        "by_item": dict(sorted(by_item.items())),
        "latest": latest,
    }


def newest(entries: Iterable[ListEntry]) -> list[dict[str, Any]]:
    """A month's newest lines (of its entries, or of its last days' holding `LATEST` of them):
    `_newest_first`'s order, of the entries' date and reference (no line made for the others)."""
    return [line(entry) for entry in heapq.nlargest(LATEST, entries, key=_recency)]


def _recency(entry: ListEntry) -> tuple[dt.date, str]:
    return entry.record.decided_on, entry.record.ref


def landing(months: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """A list's landing page: its months, newest first, and its newest lines."""
    periods = sorted(months, reverse=True)
    lines = [item for period in periods[:3] for item in months[period]["latest"]]
    return {
        "months": [
            (period, months[period]["count"], months[period]["pages"]) for period in periods
        ],
        "years": sorted({period[:4] for period in periods}, reverse=True),
        "count": sum(month["count"] for month in months.values()),
        "latest": _newest_first(lines)[:20],
    }


def overview(lists: dict[str, dict[str, dict[str, Any]]]) -> dict[str, Any]:
    """The whole site's figures from every list's month summaries (`lists[which][period]`)."""
    counts = {which: sum(m["count"] for m in lists.get(which, {}).values()) for which in LISTS}
    by_dept: Counter[str] = Counter()
    by_item: Counter[str] = Counter()
    by_month: dict[str, Counter[str]] = {}
    latest: list[dict[str, Any]] = []
    feed: list[dict[str, Any]] = []
    for which in LISTS:
        months = lists.get(which, {})
        for period, month in months.items():
            if which in ("license", "penalty"):
                by_dept.update({f"{dept}\t{which}": n for dept, n in month["by_dept"].items()})
            by_item.update(month["by_item"])
            by_month.setdefault(period, Counter())[which] += month["count"]
        recent = [item for period in sorted(months)[-3:] for item in months[period]["latest"]]
        feed.extend({**item, "list": which} for item in recent)
        if which in ("license", "penalty"):
            latest.extend({**item, "list": which} for item in recent)
    departments: dict[str, dict[str, int]] = {}
    for joined, n in sorted(by_dept.items()):
        dept, which = joined.split("\t")
        departments.setdefault(dept, {"license": 0, "penalty": 0})[which] = n
    months = sorted(by_month)[-CHART_MONTHS:]
    return {
        "counts": counts,
        "total": sum(counts.values()),
        "departments": sorted(departments.items(), key=lambda kv: (-sum(kv[1].values()), kv[0])),
        "items": sorted(by_item.items(), key=lambda kv: (-kv[1], kv[0])),
        "months": [(period, dict(sorted(by_month[period].items()))) for period in months],
        "latest": _newest_first(latest)[:HOME_LATEST],
        "feed": _newest_first(feed)[:FEED_SIZE],
    }
