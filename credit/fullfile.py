"""A staff member's look-up of a subject's full credit file, and the query log it writes.

seed 二（二）2: every look-up says who, when, what and for what purpose, and the
log is append-only (database triggers, migration 0004). The file shows every
item, off the site too; a person's ID number is revealed for this view only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from xinyong.credit import personal
from xinyong.credit.identifiers import IdProtector, InvalidCode, check_ric, check_uscc, normalize
from xinyong.credit.models import Application, QueryLogEntry, Record, Subject

MIN_PURPOSE = 4  # characters: "查询" alone says nothing


class PurposeMissing(ValueError):
    """`str()` is the reason, in Chinese."""


@dataclass(frozen=True)
class FullFile:
    subject: Subject
    id_number: str | None
    records: list[Record]
    applications: list[Application]
    entry: QueryLogEntry


def find_subject(session: Session, code: str, protector: IdProtector) -> Subject | None:
    """By 统一社会信用代码, ID number (its keyed hash) or the public key of a person."""
    value = normalize(code)
    if not value:
        return None
    try:
        found = session.scalar(select(Subject).where(Subject.uscc == check_uscc(value)))
    except InvalidCode:
        found = None
    if found:
        return found
    try:
        number = check_ric(value)
    except InvalidCode:
        number = None
    if number:
        for scope in ("", ":individual"):
            found = session.scalar(
                select(Subject).where(Subject.id_hash == protector.hash(number, scope))
            )
            if found:
                return found
    return session.scalar(select(Subject).where(Subject.key == (code or "").strip()))


def reveal_id_number(config: Mapping[str, Any], subject: Subject) -> str | None:
    """The person's ID number in clear, for the logged full-file view only."""
    if not subject.id_encrypted:
        return None
    from xinyong import keys

    return personal.reveal(
        keys.keys_of(config),
        subject.id_encrypted,
        personal.SUBJECT_NUMBER,
        personal.Use.FULL_FILE_VIEW,
    )


def look_up(
    session: Session,
    actor: str,
    subject: Subject,
    purpose: str,
    config: Mapping[str, Any],
) -> FullFile:
    """The full file, after the query is logged; refused without a purpose."""
    purpose = (purpose or "").strip()
    if len(purpose) < MIN_PURPOSE:
        raise PurposeMissing(f"请填写查询目的（至少{MIN_PURPOSE}个字），查询将记入查询日志。")
    entry = QueryLogEntry(
        actor=actor,
        subject_id=subject.id,
        subject_key=subject.key,
        subject_name=subject.name,
        purpose=purpose,
        at=dt.datetime.now(dt.UTC).replace(tzinfo=None),
    )
    session.add(entry)
    session.flush()
    records = list(
        session.scalars(
            select(Record).where(Record.subject_id == subject.id).order_by(Record.decided_on)
        )
    )
    applications = list(
        session.scalars(
            select(Application)
            .where(Application.subject_id == subject.id)
            .order_by(Application.id.desc())
        )
    )
    return FullFile(subject, reveal_id_number(config, subject), records, applications, entry)


CSV_HEADER = ("编号", "查询时间（UTC）", "查询人", "主体名称", "主体标识", "查询目的")


def log_rows(session: Session) -> Iterator[tuple[Any, ...]]:
    """The query log, oldest first, as rows for the CSV export."""
    for entry in session.scalars(select(QueryLogEntry).order_by(QueryLogEntry.id)):
        yield (
            entry.id,
            f"{entry.at:%Y-%m-%d %H:%M:%S}",
            entry.actor,
            entry.subject_name,
            entry.subject_key,
            entry.purpose,
        )
