"""Accepted rows merged into the credit files: created, updated, or left as they are.

A row with the identifying pair of a stored record updates it, and the audit trail keeps
the old and new values; an identical row changes nothing and leaves no event, so a file
imported twice is imported once. Work is done a chunk at a time, with one query per chunk
for the subjects and one for the records it touches.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session, selectinload

from xinyong.credit import audit, subjects
from xinyong.credit import records as records_
from xinyong.credit.catalog import Catalog
from xinyong.credit.intake.headers import DOC_NUMBER, Layout
from xinyong.credit.intake.problems import Problem
from xinyong.credit.intake.rows import Entry, RepairEntry
from xinyong.credit.models import Record, RecordKind, RecordStatus, Subject, SubjectKind
from xinyong.credit.workdays import WorkCalendar

#: statuses that a provider's unchanged 有效 does not undo: repair and deletion are decided here
KEPT_STATUSES = frozenset({RecordStatus.ARCHIVED, RecordStatus.DELETED})


class Outcome(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    REJECTED = "rejected"
    UNMATCHED = "unmatched"  # a repair for a record the district does not hold


@dataclass
class Merged:
    outcome: Outcome
    late: bool = False
    problems: list[Problem] = field(default_factory=list)


@dataclass(frozen=True)
class Receipt:
    """What the merge needs to know about the submission the rows came in."""

    actor: str
    provider_id: int
    submission_id: int
    received_on: dt.date
    calendar: WorkCalendar
    report_workdays: int
    catalog: Catalog
    layout: Layout
    #: the file comes from the credit agency (CREDIT_AGENCY), which forwards 信用中国's repairs
    agency: bool = False

    def problem(self, row: int, name: str, reason: str, notice: bool = False) -> Problem:
        return Problem(row, self.layout.header(name), reason, notice=notice)

    def lateness(self, decided_on: dt.date, received_on: dt.date) -> dict[str, Any]:
        return records_.lateness(self.calendar, decided_on, received_on, self.report_workdays)


def merge_entries(session: Session, entries: list[Entry], receipt: Receipt) -> list[Merged]:
    """Store a chunk of valid rows; one outcome per entry, in order.

    New records go in with one insert per chunk; a decision that comes twice in one chunk
    is stored at its first row and updated by the second.
    """
    if not entries:
        return []
    found = subjects.find_or_create_many(
        session, ((item.who, item.name, item.legal_rep) for item in entries), receipt.actor
    )
    records = _records(session, entries)
    pending: dict[tuple[str, str], dict[str, Any]] = {}
    outcomes = []
    for item in entries:
        subject = found[item.who.match]
        key = (item.values["authority"], item.values["doc_no"])
        if key in pending:
            _insert(session, pending, receipt)
            records.update(_records(session, [item]))
        if key in records:
            outcomes.append(_update(session, records[key], item, subject, receipt))
        else:
            subjects.refresh(session, subject, item.who, item.name, receipt.actor, item.legal_rep)
            pending[key] = _new_record(item, subject, receipt)
            outcomes.append(Merged(Outcome.CREATED, late=pending[key]["late"]))
    _insert(session, pending, receipt)
    return outcomes


def _records(session: Session, entries: list[Entry]) -> dict[tuple[str, str], Record]:
    """The stored records that the entries' identifying pairs name: one query."""
    kind = entries[0].values["kind"]
    authorities = {item.values["authority"] for item in entries}
    docs = {item.values["doc_no"] for item in entries}
    query = select(Record).where(
        Record.kind == kind, Record.authority.in_(authorities), Record.doc_no.in_(docs)
    )
    return {(record.authority, record.doc_no): record for record in session.scalars(query)}


def _new_record(item: Entry, subject: Subject, receipt: Receipt) -> dict[str, Any]:
    return {
        **item.values,
        **receipt.lateness(item.values["decided_on"], receipt.received_on),
        "subject_id": subject.id,
        "provider_id": receipt.provider_id,
        "submission_id": receipt.submission_id,
        "received_on": receipt.received_on,
        "fingerprint": item.fingerprint,
    }


def _insert(
    session: Session, pending: dict[tuple[str, str], dict[str, Any]], receipt: Receipt
) -> None:
    """The pending new records in one insert, then their creation audited."""
    if not pending:
        return
    rows = list(pending.values())
    session.execute(insert(Record), rows)
    kind = rows[0]["kind"]
    query = select(Record.id, Record.authority, Record.doc_no, Record.item_code).where(
        Record.kind == kind,
        Record.authority.in_({authority for authority, _doc in pending}),
        Record.doc_no.in_({doc for _authority, doc in pending}),
    )
    audit.log_many(
        session,
        receipt.actor,
        "record.create",
        "records",
        (
            (
                id_,
                {
                    "kind": kind,
                    "item_code": item_code,
                    "doc_no": doc_no,
                    "authority": authority,
                    "submission": receipt.submission_id,
                },
            )
            for id_, authority, doc_no, item_code in session.execute(query)
            if (authority, doc_no) in pending
        ),
    )
    pending.clear()


def _update(
    session: Session, record: Record, item: Entry, subject: Subject, receipt: Receipt
) -> Merged:
    if record.provider_id not in (None, receipt.provider_id):
        reason = "该决定已由其他部门报送，只能由原报送部门更正"
        doc_field = DOC_NUMBER[record.kind]
        return Merged(Outcome.REJECTED, problems=[receipt.problem(item.row, doc_field, reason)])
    if record.fingerprint == item.fingerprint and record.subject_id == subject.id:
        return Merged(Outcome.UNCHANGED)
    values = _new_values(record, item, subject, receipt)
    changes = _changes(record, values)
    record.fingerprint = item.fingerprint
    if not changes:
        return Merged(Outcome.UNCHANGED)
    subjects.refresh(session, subject, item.who, item.name, receipt.actor, item.legal_rep)
    for name, value in values.items():
        setattr(record, name, value)
    record.submission_id = receipt.submission_id
    audit.log(
        session,
        receipt.actor,
        "record.update",
        "records",
        record.id,
        changes=changes,
        submission=receipt.submission_id,
    )
    return Merged(Outcome.UPDATED)


def _new_values(record: Record, item: Entry, subject: Subject, receipt: Receipt) -> dict[str, Any]:
    """The row's values as they apply to the stored record."""
    values = {**item.values, "subject_id": subject.id}
    del values["objection_label"]  # the forms app's: a provider's row sets `provider_label`
    if record.status in KEPT_STATUSES and values["status"] == RecordStatus.ACTIVE:
        for name in ("status", "status_reason", "status_on"):
            del values[name]
    values.update(receipt.lateness(values["decided_on"], record.received_on))
    return values


def _changes(record: Record, values: dict[str, Any]) -> dict[str, list[Any]]:
    """{field: [old, new]} for the audit trail, `fields.…` for the fields kept as JSON."""
    changes = {
        name: [_plain(getattr(record, name)), _plain(value)]
        for name, value in values.items()
        if name != "fields" and getattr(record, name) != value
    }
    if "fields" not in values:
        return changes
    old, new = record.fields or {}, values["fields"]
    for name in sorted(old.keys() | new.keys()):
        if old.get(name) != new.get(name):
            changes[f"fields.{name}"] = [old.get(name), new.get(name)]
    return changes


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def merge_repairs(session: Session, entries: list[RepairEntry], receipt: Receipt) -> list[Merged]:
    """Repairs decided upstream (谁认定谁修复) take effect as a repair adopted here."""
    if not entries:
        return []
    held = _held(session, entries)
    return [
        _repair(session, item, held.get((item.authority, item.doc_no), []), receipt)
        for item in entries
    ]


def _held(session: Session, entries: Iterable[RepairEntry]) -> dict[tuple[str, str], list[Record]]:
    entries = list(entries)
    query = (
        select(Record)
        .options(selectinload(Record.subject))
        .where(
            Record.kind.in_((RecordKind.PENALTY, RecordKind.OTHER)),
            Record.authority.in_({item.authority for item in entries}),
            Record.doc_no.in_({item.doc_no for item in entries}),
        )
    )
    held: dict[tuple[str, str], list[Record]] = defaultdict(list)
    for record in session.scalars(query):
        held[(record.authority, record.doc_no)].append(record)
    return held


def _repair(session: Session, item: RepairEntry, records: list[Record], receipt: Receipt) -> Merged:
    problem = _repair_problem(item, records, receipt)
    if problem is not None:
        return problem
    record = records[0]
    target = records_.repaired(item.repaired_on, item.repaired_by, item.repair_doc)
    changes = _changes(record, target)
    if not changes:
        return Merged(Outcome.UNCHANGED)
    for name, value in target.items():
        setattr(record, name, value)
    audit.log(
        session,
        receipt.actor,
        "record.repair",
        "records",
        record.id,
        changes=changes,
        submission=receipt.submission_id,
    )
    return Merged(Outcome.UPDATED)


def _repair_problem(item: RepairEntry, records: list[Record], receipt: Receipt) -> Merged | None:
    """Why a repair result cannot be applied, if it cannot."""
    row = item.row
    if not records:
        reason = "本区未归集该决定（决定机关与决定文书号），修复结果未采用，无需处理"
        return Merged(
            Outcome.UNMATCHED, problems=[receipt.problem(row, "决定文书号", reason, notice=True)]
        )
    if len(records) > 1:
        reason = (
            "本区有多条信息使用同一决定机关和决定文书号，无法确定修复哪一条：请联系信用信息工作机构"
        )
        return Merged(Outcome.REJECTED, problems=[receipt.problem(row, "决定文书号", reason)])
    record = records[0]
    item_rule = receipt.catalog.get(record.item_code)
    if record.provider_id not in (None, receipt.provider_id) and not receipt.agency:
        field, reason = (
            "决定文书号",
            "该信息由其他部门报送：修复结果只能由原报送部门或信用信息工作机构报送",
        )
    elif item.repaired_on < record.decided_on:
        field, reason = (
            "修复日期",
            f"修复日期{item.repaired_on.isoformat()}早于该决定的决定日期"
            f"{record.decided_on.isoformat()}：请核对",
        )
    elif record.subject.kind != SubjectKind.PERSON and not item.uscc:
        field, reason = "统一社会信用代码", "该决定的行政相对人是组织，应填写统一社会信用代码"
    elif item.uscc and item.uscc != record.subject.uscc:
        field, reason = "统一社会信用代码", "统一社会信用代码与该决定的行政相对人不一致"
    elif item_rule is not None and not item_rule.dishonest:
        field, reason = "决定文书号", "该信息不属于失信信息，无需信用修复"
    elif record.status in (RecordStatus.INVALID, RecordStatus.DELETED):
        reason = "该信息已撤销或删除，不再公示，修复结果无需采用"
        return Merged(
            Outcome.UNCHANGED, problems=[receipt.problem(row, "决定文书号", reason, notice=True)]
        )
    else:
        return None
    return Merged(Outcome.REJECTED, problems=[receipt.problem(row, field, reason)])
