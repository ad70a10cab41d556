"""The data a page needs beyond one subject, read through the disclosure function.

Shared by the views and the publisher, so that both count the same way.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from xinyong.credit import public
from xinyong.credit.public import LISTS, Context, Department
from xinyong.site import links, summary

#: lists that have pages per department (双公示)
BY_DEPARTMENT = ("license", "penalty")

Summaries = dict[str, dict[str, Any]]


def month_summaries(
    session: Session,
    which: str,
    as_of: dt.date,
    context: Context,
    dept: Department | None = None,
) -> Summaries:
    """A list's months (of one department, or all), each summarised."""
    entries = public.list_entries(
        session, which, as_of, provider_id=dept.id if dept else None, context=context
    )
    return {period: summary.summarise(month) for period, month in summary.by_month(entries)}


def all_summaries(session: Session, as_of: dt.date, context: Context) -> dict[str, Summaries]:
    return {which: month_summaries(session, which, as_of, context) for which in LISTS}


def data_years(lists: dict[str, Summaries]) -> dict[str, list[int]]:
    """The years for which a list has open data files."""
    return {
        which: sorted({int(period[:4]) for period, month in months.items() if month["count"]})
        for which, months in lists.items()
    }


def month_entries(
    session: Session,
    which: str,
    period: str,
    as_of: dt.date,
    context: Context,
    dept: Department | None = None,
) -> list[public.ListEntry]:
    since, until = summary.bounds(period)
    return list(
        public.list_entries(
            session,
            which,
            as_of,
            provider_id=dept.id if dept else None,
            since=since,
            until=until,
            context=context,
        )
    )


def year_entries(
    session: Session, which: str, year: int, as_of: dt.date, context: Context
) -> list[public.ListEntry]:
    return list(
        public.list_entries(
            session,
            which,
            as_of,
            since=dt.date(year, 1, 1),
            until=dt.date(year + 1, 1, 1),
            context=context,
        )
    )


def department(session: Session, which: str, uscc: str, context: Context) -> Department | None:
    if which not in BY_DEPARTMENT:
        return None
    found = [d for d in public.departments(session, which, context=context) if d.uscc == uscc]
    return found[0] if found else None


def list_paths(which: str, dept: Department | None, months: Summaries) -> list[str]:
    uscc = dept.uscc if dept else None
    paths = [links.listing(which, uscc)]
    for period, month in sorted(months.items()):
        paths += [links.month(which, uscc, period, n) for n in range(1, month["pages"] + 1)]
    return paths


FIXED_PATHS = (links.HOME, links.STATS, links.POLICY, links.DATA, *links.GUIDES.values())


def all_paths(session: Session, as_of: dt.date, context: Context) -> list[str]:
    """Every HTML page of the site (what the sitemap lists), read per list and per subject."""
    paths = list(FIXED_PATHS)
    for file in public.files(session, as_of, context=context):
        paths += [links.subject(file.subject.key), links.report(file.subject.key)]
    for which in LISTS:
        paths += list_paths(which, None, month_summaries(session, which, as_of, context))
        if which in BY_DEPARTMENT:
            for dept in public.departments(session, which, context=context):
                months = month_summaries(session, which, as_of, context, dept)
                paths += list_paths(which, dept, months)
    return paths
