"""Statistics and early warnings for the back office (seed 二（一）2, 二（三）; issue 14).

Counted by the database in a few grouped queries, never by walking records in
Python: the city's data set is a million records.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Integer, String, cast, func, select
from sqlalchemy.orm import Session

from xinyong.credit.applications import OPEN_STATES
from xinyong.credit.disclosure import add_months
from xinyong.credit.models import (
    LABELS,
    Application,
    Provider,
    Record,
    RecordKind,
    RecordStatus,
    Subject,
)

#: seed 二（一）2 does not say how many; three in twelve months is the district's rule of thumb
REPEAT_PENALTIES = 3


@dataclass(frozen=True)
class Overview:
    by_department: list[tuple[str, int]]
    by_kind: list[tuple[str, int]]
    by_month: list[tuple[str, int]]
    late_reports: list[tuple[str, int, int]]  # department, late, of them 暂定
    overdue: list[Application]
    repeat_offenders: list[tuple[Subject, int]]


def _month(column):
    """'YYYY-MM' of a date column, the same on SQLite and PostgreSQL."""
    return func.substr(cast(column, String), 1, 7)


def overview(session: Session, today: dt.date, months: int = 12) -> Overview:
    active = Record.status == RecordStatus.ACTIVE
    department = func.coalesce(Provider.name, Record.authority)
    by_department = session.execute(
        select(department, func.count())
        .select_from(Record)
        .outerjoin(Provider, Provider.id == Record.provider_id)
        .where(active)
        .group_by(department)
        .order_by(func.count().desc())
    ).all()
    by_kind = session.execute(
        select(Record.kind, func.count()).where(active).group_by(Record.kind)
    ).all()
    since = add_months(today.replace(day=1), -(months - 1))
    month = _month(Record.decided_on)
    by_month = session.execute(
        select(month, func.count())
        .where(active, Record.decided_on >= since)
        .group_by(month)
        .order_by(month)
    ).all()
    late_reports = session.execute(
        select(
            department,
            func.count(),
            func.sum(cast(Record.late_provisional, Integer)),
        )
        .select_from(Record)
        .outerjoin(Provider, Provider.id == Record.provider_id)
        .where(Record.late.is_(True))
        .group_by(department)
        .order_by(func.count().desc())
    ).all()
    overdue = list(
        session.scalars(
            select(Application)
            .where(Application.state.in_(OPEN_STATES), Application.deadline < today)
            .order_by(Application.deadline)
        )
    )
    return Overview(
        by_department=[(name, count) for name, count in by_department],
        by_kind=[(LABELS.get(kind, kind), count) for kind, count in by_kind],
        by_month=[(str(name), count) for name, count in by_month],
        late_reports=[
            (name, count, int(provisional or 0)) for name, count, provisional in late_reports
        ],
        overdue=overdue,
        repeat_offenders=repeat_offenders(session, today),
    )


def repeat_offenders(
    session: Session, today: dt.date, threshold: int = REPEAT_PENALTIES
) -> list[tuple[Subject, int]]:
    """Subjects with `threshold` or more penalties decided in the last twelve months."""
    since = add_months(today, -12)
    count = func.count(Record.id)
    rows = session.execute(
        select(Subject, count)
        .join(Record, Record.subject_id == Subject.id)
        .where(
            Record.kind == RecordKind.PENALTY,
            Record.decided_on > since,
            Record.status.in_((RecordStatus.ACTIVE, RecordStatus.ARCHIVED)),
        )
        .group_by(Subject.id)
        .having(count >= threshold)
        .order_by(count.desc(), Subject.name)
    ).all()
    return [(subject, number) for subject, number in rows]
