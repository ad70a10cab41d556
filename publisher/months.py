"""A month of a list in a republish: only the pages whose days changed are made again.

A month is paged 50 entries a page from its oldest entry (`decided_on`, then id),
so an entry's page follows from how many entries the days before it show. Each
month unit keeps beside its folder (`<folder>.days.json`) what the next republish
needs, per day of the month: the fingerprint of that day's records (the day's
rows of `inputs.month_fingerprints`), how many entries it shows, its counts by
department and item, and the lengths of its open data rows (JSON and CSV).

When some days changed: a day that shows as many entries as before changes only
the pages it is on; a day that shows more or fewer shifts every page from its own
to the month's end; when the month's number of pages changes, its first page (which
links every page) and its last one (which links the next) change too. The other pages are the previous folder's
files (hard links), and the open data rows are the previous rows with the changed
days' rows put in their place.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path
from typing import Any

from xinyong.credit.public import ListEntry
from xinyong.publisher.trash import data_parts
from xinyong.site import opendata, summary

#: a month with more than this share of its pages changed is made whole (one read)
WHOLE_SHARE = 0.5
#: a month of fewer pages is made whole (and keeps nothing by day)
SMALLEST = 2
#: the open data records of a JSON part are joined by this
JOIN = b",\n"


@dataclass
class Day:
    """What a month unit keeps about one of its days."""

    day: str
    fp: str
    count: int = 0
    by_dept: dict[str, int] | None = None
    by_item: dict[str, int] | None = None
    json: int = 0
    csv: int = 0

    def as_list(self) -> list[Any]:
        return [self.day, self.fp, self.count, self.by_dept, self.by_item, self.json, self.csv]


def days_file(folder: Path) -> Path:
    return data_parts(folder)[2]


def load(folder: Path) -> dict[str, Day] | None:
    """The days a month unit's folder was made from, or None (not kept, unreadable)."""
    try:
        found = json.loads(days_file(folder).read_bytes())
        return {item[0]: Day(*item) for item in found}
    except (OSError, ValueError, TypeError):
        return None


def save(folder: Path, days: list[Day]) -> None:
    body = json.dumps([day.as_list() for day in days], ensure_ascii=False, separators=(",", ":"))
    days_file(folder).write_text(body, encoding="utf-8")


def by_day(entries: Iterable[ListEntry]) -> dict[str, list[ListEntry]]:
    """Entries (oldest first) by their ISO day."""
    return {
        day.isoformat(): list(group)
        for day, group in groupby(entries, key=lambda entry: entry.record.decided_on)
    }


def parts(
    which: str, days: list[str], shown: dict[str, list[ListEntry]]
) -> list[tuple[bytes, bytes]]:
    """Each day's open data rows (JSON records, CSV lines), in day order."""
    segments = []
    for day in days:
        rows = [opendata.row(which, entry) for entry in shown.get(day, [])]
        segments.append((opendata.json_records(rows), opendata.csv_lines(rows)))
    return segments


def whole(
    which: str,
    fps: dict[str, str],
    entries: list[ListEntry],
    with_rows: bool,
) -> tuple[list[Day], tuple[bytes, bytes] | None]:
    """A month made whole: its days and, for a list of all departments, its open data parts."""
    shown = by_day(entries)
    order = sorted(fps.keys() | shown.keys())
    segments = parts(which, order, shown) if with_rows else [(b"", b"")] * len(order)
    days = []
    for day, (as_json, as_csv) in zip(order, segments, strict=True):
        by_dept, by_item = summary.counts(shown.get(day, []))
        days.append(
            Day(
                day,
                fps.get(day, ""),
                len(shown.get(day, [])),
                by_dept,
                by_item,
                len(as_json),
                len(as_csv),
            )
        )
    if not with_rows:
        return days, None
    return days, joined(segments)


def joined(segments: list[tuple[bytes, bytes]]) -> tuple[bytes, bytes]:
    as_json = JOIN.join(part for part, _csv in segments if part)
    return as_json, b"".join(part for _json, part in segments)


def old_segments(days: list[Day], as_json: bytes, as_csv: bytes) -> dict[str, tuple[bytes, bytes]]:
    """The previous rows of each day, cut from the previous parts by the lengths kept."""
    found = {}
    at_json = at_csv = 0
    for day in days:
        found[day.day] = (as_json[at_json : at_json + day.json], as_csv[at_csv : at_csv + day.csv])
        if day.json:
            at_json += day.json + len(JOIN)
        at_csv += day.csv
    return found


@dataclass
class Plan:
    """A changed month of which only some days changed."""

    previous: dict[str, Day]
    fps: dict[str, str]
    changed: set[str]
    pages: int


def plan(previous: dict[str, Day] | None, fps: dict[str, str], pages: int) -> Plan | None:
    """The changed days of a month against its previous days; None to make it whole."""
    if previous is None or not fps or pages < SMALLEST:
        return None
    changed = {
        day
        for day in fps.keys() | previous.keys()
        if day not in previous or previous[day].fp != fps.get(day)
    }
    if not changed or len(changed) > WHOLE_SHARE * len(fps):
        return None
    return Plan(previous, fps, changed, pages)


@dataclass
class Pages:
    """What a partial month makes: the pages to render and the days they need."""

    counts: dict[str, int]
    total: int
    count: int
    numbers: list[int]
    needed: set[str]
    latest: bool

    def start(self, day: str) -> int:
        return sum(n for other, n in self.counts.items() if other < day)

    def entries(self, number: int, shown: dict[str, list[ListEntry]]) -> list[ListEntry]:
        """Page `number`'s entries from the entries of the days it covers."""
        size = summary.PAGE_SIZE
        begin, end = (number - 1) * size, min(number * size, self.total)
        found: list[ListEntry] = []
        at = 0
        for day in sorted(self.counts):
            n = self.counts[day]
            if n and at + n > begin and at < end:
                found += shown[day][max(begin - at, 0) : end - at]
            at += n
        return found


def pages_of(plan: Plan, fresh: dict[str, list[ListEntry]]) -> Pages | None:
    """The pages a change of some days makes again (`fresh`: the changed days' entries).

    None when the month shows nothing any more, or most of its pages would be made
    again: it is made whole.
    """
    size = summary.PAGE_SIZE
    counts = {
        day: len(fresh.get(day, [])) if day in plan.changed else plan.previous[day].count
        for day in plan.fps
    }
    total = sum(counts.values())
    count = -(-total // size)
    if not total:
        return None
    result = Pages(counts, total, count, [], set(), False)
    numbers: set[int] = set()
    shifted: int | None = None
    for day in plan.changed:
        now = counts.get(day, 0)
        before = plan.previous[day].count if day in plan.previous else 0
        at = result.start(day)
        if now != before:
            shifted = at if shifted is None else min(shifted, at)
        elif now:
            numbers.update(range(at // size + 1, (at + now - 1) // size + 2))
    if shifted is not None:
        numbers.update(range(shifted // size + 1, count + 1))
    if count != plan.pages:  # the first page links every page; the last one links the next
        numbers.update({1, min(plan.pages, count)})
    if len(numbers) > WHOLE_SHARE * count:
        return None
    result.numbers = sorted(numbers)
    at = 0
    spans = []
    for day in sorted(counts):
        spans.append((day, at, at + counts[day]))
        at += counts[day]
    for number in result.numbers:
        begin, end = (number - 1) * size, number * size
        result.needed.update(
            day for day, first, last in spans if first < end and last > begin and last > first
        )
    # the month's newest lines (its summary) come from its last days holding `LATEST` entries
    tail, held = set(), 0
    for day, first, last in reversed(spans):
        if held >= summary.LATEST:
            break
        tail.add(day)
        held += last - first
    oldest = min(tail) if held >= summary.LATEST else ""
    if any(day >= oldest for day in plan.changed):
        result.latest = True
        result.needed |= {day for day in tail if counts[day]}
    return result


def summarised(
    days: list[Day], entries: list[ListEntry] | None, latest: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    """The month's summary (`summary.summarise`) from its days' counts and its newest entries.

    `entries` hold the month's newest (its last days' entries, or all); None keeps `latest`.
    """
    by_dept: Counter[str] = Counter()
    by_item: Counter[str] = Counter()
    for day in days:
        by_dept.update(day.by_dept or {})
        by_item.update(day.by_item or {})
    newest = summary.newest(entries) if entries is not None else latest
    return summary.month_summary(sum(day.count for day in days), by_dept, by_item, newest)


def runs(days: list[str], known: set[str]) -> list[tuple[dt.date, dt.date]]:
    """Ranges (since, until) covering `days` that take in no other day with records."""
    ordered = sorted(known | set(days))
    wanted = set(days)
    ranges: list[tuple[dt.date, dt.date]] = []
    current: list[str] = []
    for day in ordered:
        if day in wanted:
            current.append(day)
        elif current:
            ranges.append(_range(current))
            current = []
    if current:
        ranges.append(_range(current))
    return ranges


def _range(days: list[str]) -> tuple[dt.date, dt.date]:
    return dt.date.fromisoformat(days[0]), dt.date.fromisoformat(days[-1]) + dt.timedelta(days=1)
