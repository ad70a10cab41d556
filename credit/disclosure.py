"""The disclosure policy: what may be public, and for how long.

One place for the rule, called by intake (to store each record's window),
the site, the open data and the search index (to decide what shows).
Periods and grades are the catalog item's data (NDRC《信用修复管理办法》, 2026).
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from typing import Any

from xinyong.credit.catalog import is_public_for
from xinyong.credit.models import CatalogItem, Record, RecordStatus, Severity


@dataclass(frozen=True)
class Grade:
    severity: str | None
    inferred: bool


@dataclass(frozen=True)
class Window:
    """`end`: last day on the site (None: no end); `repairable_from`: repair may be asked from.

    Whether a record shows at all is `is_public`'s question, not the window's.
    """

    end: dt.date | None
    repairable_from: dt.date | None


def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def grade(item: CatalogItem, given: str | None, penalty_kinds: str = "") -> Grade:
    """The provider's own grade when given; else the item's rule infers it, and says so."""
    if not item.dishonest:
        return Grade(None, False)
    if given:
        return Grade(given, False)
    for keyword, severity in item.severity_rules:
        if keyword in penalty_kinds:
            return Grade(severity, True)
    return Grade(item.default_severity or Severity.GENERAL, True)


def window(
    item: CatalogItem,
    severity: str | None,
    decided_on: dt.date,
    provider_end: dt.date | None = None,
) -> Window:
    """The disclosure window of a record, counted from the deciding date.

    A 失信 item stays between the minimum and maximum period of its grade; the
    provider's 公示截止期 is kept when it lies within them. A grade with no
    period (轻微, by default) is not published.
    """
    if not item.dishonest:
        return Window(provider_end, None)
    period = item.periods.get(severity or "")
    if not period:
        return Window(None, None)
    shortest = add_months(decided_on, period[0])
    longest = add_months(decided_on, period[1])
    end = min(max(provider_end, shortest), longest) if provider_end else longest
    return Window(end, shortest)


def assess(
    item: CatalogItem,
    decided_on: dt.date,
    *,
    given: str | None = None,
    penalty_kinds: str = "",
    provider_end: dt.date | None = None,
) -> dict[str, Any]:
    """A record's disclosure columns, graded and windowed once when the record is written.

    `given` is the provider's own grade, `penalty_kinds` the 处罚类别 joined by `;`
    (what an inferred grade goes by), `provider_end` the provider's 公示截止期 or
    有效期至. Intake and the demo store what this returns, so the site, the open data
    and the search index all read the same assessment.
    """
    graded = grade(item, given, penalty_kinds)
    shown = window(item, graded.severity, decided_on, provider_end)
    return {
        "severity": graded.severity,
        "severity_inferred": graded.inferred,
        "disclosure_end": shown.end,
        "repairable_from": shown.repairable_from,
    }


def is_public(record: Record, item: CatalogItem, subject_kind: str, today: dt.date) -> bool:
    """Whether a record goes on the public site today."""
    return (
        record.status == RecordStatus.ACTIVE
        and is_public_for(item, subject_kind)
        and not record.simple_procedure
        and not (item.dishonest and not item.periods.get(record.severity or ""))
        and (record.disclosure_end is None or today <= record.disclosure_end)
        and (record.removed_on is None or today < record.removed_on)
    )
