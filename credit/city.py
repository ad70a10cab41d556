"""Batches for the city platform 信用淄博 (seed 二（一）2: what the district accepts goes upward).

What goes into a batch is read off the audit trail, which every change to a record
passes through (intake, correction, repair, deletion, withdrawal, objection outcome):
a batch covers the events after the previous batch's high-water mark up to its own,
so batches chain without a hole or an overlap. The events are read inside one
snapshot together with the records' state, so a change made while a batch is
being written is either wholly in it or wholly in the next one. An event id below
the mark that is not visible yet (a transaction still running on PostgreSQL, whose
sequence hands out ids before commit) is remembered as a gap and taken into the
next batch once it shows.

A batch is written once and never changes: one CSV file per kind in the 2021
national standard's columns, a manifest, and a zip of them, whose SHA-256 the
platform's acknowledgement must name (`credit.city_push`). The batch files are the
one output where a person's full ID number is written (the standard asks for it):
opened here through `personal.reveal(..., Use.CITY_BATCH)` only, into files readable
by their owner only, in a folder outside any web root.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import os
import shutil
import tempfile
import zipfile
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from xinyong.credit import audit, personal
from xinyong.credit.intake.cells import HASH_SUFFIX
from xinyong.credit.intake.headers import COLUMNS, SUBJECT_COLUMNS
from xinyong.credit.models import (
    LABELS,
    AuditEvent,
    BatchState,
    CityBatch,
    IdNumber,
    Record,
    RecordKind,
    RecordStatus,
    now,
)
from xinyong.credit.workdays import WorkCalendar

#: the entities whose events put records into a batch (a subject's change touches its records)
TRACKED = ("records", "subjects")
CREATED = "record.create"
#: a gap older than this is an id a rolled-back transaction took, not one still running
GAP_KEEP = dt.timedelta(days=1)
CHUNK = 1000

FILES = {
    RecordKind.LICENSE: "license.csv",
    RecordKind.PENALTY: "penalty.csv",
    RecordKind.OTHER: "other.csv",
}
MANIFEST = "manifest.json"
DISTRICT = "370306"  # 淄博市周村区
STANDARD = "2021"


class Operation:
    """How a row changes what the platform holds (列 操作类型)."""

    ADD = "新增"
    CORRECT = "更正"
    WITHDRAW = "撤销"  # 行政处罚法 art. 48: changed, revoked, unlawful or void
    DELETE = "删除"  # deleted on the subject's request
    REPAIR = "修复"  # credit repair adopted: no longer published, shared or used


OPERATION = "操作类型"
#: columns after the standard's own: how the row changes the record, and why
MARKS = (
    OPERATION,
    "操作原因",
    "操作日期",
    "修复机关",
    "修复文号",
    "本区记录编号",
    "数据更新时间戳",
)
#: the standard's 当前状态 for a withdrawn record, per kind
WITHDRAWN_STATE = {RecordKind.LICENSE: "无效", RecordKind.PENALTY: "撤销", RecordKind.OTHER: "撤销"}
#: record columns under the standard's names, per kind
RECORD_COLUMNS: dict[str, dict[str, str]] = {
    RecordKind.LICENSE: {
        "行政许可决定文书名称": "title",
        "行政许可决定文书号": "doc_no",
        "许可内容": "content",
        "许可决定日期": "decided_on",
        "有效期自": "valid_from",
        "有效期至": "valid_to",
        "许可机关": "authority",
        "许可机关统一社会信用代码": "authority_uscc",
    },
    RecordKind.PENALTY: {
        "行政处罚决定书文号": "doc_no",
        "违法行为类型": "title",
        "处罚内容": "content",
        "处罚决定日期": "decided_on",
        "处罚有效期": "valid_to",
        "处罚机关": "authority",
        "处罚机关统一社会信用代码": "authority_uscc",
    },
    RecordKind.OTHER: {
        "目录项代码": "item_code",
        "信息内容": "content",
        "认定文号": "doc_no",
        "认定日期": "decided_on",
        "有效期至": "valid_to",
        "移出日期": "removed_on",
        "移出文号": "removed_doc",
        "认定机关": "authority",
        "认定机关统一社会信用代码": "authority_uscc",
        "书面同意文号": "consent_ref",
    },
}


#: each file's header: the standard's columns of the kind, then the marks
HEADERS = {kind: [column.name for column in COLUMNS[kind]] + list(MARKS) for kind in FILES}


class CityError(Exception):
    """A batch that cannot be made or sent: the message says why, in Chinese."""


@dataclass
class Scope:
    """What the next batch covers: events in (after, upto], plus late ones, and open gaps."""

    after: int
    upto: int
    late: list[int]
    gaps: dict[str, str]
    period_from: dt.datetime | None
    first: bool = False


def export_dir(config: Any, instance: Path) -> Path:
    return Path(config.get("CITY_EXPORT_DIR") or instance / "city-export")


def batches(session: Session) -> list[CityBatch]:
    return list(session.scalars(select(CityBatch).order_by(CityBatch.number)))


def unacknowledged(session: Session) -> list[CityBatch]:
    """Batches to send, oldest first: the platform applies them in order."""
    query = select(CityBatch).where(CityBatch.state != BatchState.ACKNOWLEDGED)
    return list(session.scalars(query.order_by(CityBatch.number)))


def overdue(
    session: Session, calendar: WorkCalendar, today: dt.date, workdays: int = 1
) -> list[CityBatch]:
    """Early warning: batches still unacknowledged more than `workdays` working days after made."""
    return [
        batch
        for batch in unacknowledged(session)
        if calendar.count(batch.made_at.date(), today).days > workdays
    ]


def make_batch(
    session: Session,
    keys: personal.Keys,
    out: Path,
    actor: str,
    at: dt.datetime | None = None,
) -> CityBatch | None:
    """The next batch, written under `out` and recorded (uncommitted); None when nothing changed."""
    at = at or now()
    _begin_snapshot(session)
    previous = session.scalar(select(CityBatch).order_by(CityBatch.number.desc()).limit(1))
    scope = _scope(session, previous, at)
    touched, created = _touched(session, scope)
    if not touched:
        session.rollback()
        return None
    number = (previous.number if previous else 0) + 1
    out.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".batch-{number:06d}-", dir=out))
    try:
        counts, persons = _write_files(session, keys, staging, touched, created)
        session.rollback()  # the snapshot ends here; what follows is the batch's own row
        manifest = _manifest(number, scope, at, counts, staging)
        _write(staging / MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2) + "\n")
        zip_name = f"batch-{number:06d}.zip"
        digest = _zip(staging, zip_name, at)
        folder = out / f"{number:06d}"
        batch = CityBatch(
            number=number,
            state=BatchState.MADE,
            after_event=scope.after,
            upto_event=scope.upto,
            gaps=scope.gaps,
            late_events=scope.late,
            period_from=scope.period_from,
            period_to=at,
            counts=manifest["counts"],
            files={name: entry["sha256"] for name, entry in manifest["files"].items()},
            folder=str(folder),
            sha256=digest,
            actor=actor,
            made_at=at,
        )
        session.add(batch)
        audit.log(
            session,
            actor,
            "city.export",
            "city_batches",
            number,
            records=len(touched),
            counts=manifest["counts"],
            after_event=scope.after,
            upto_event=scope.upto,
            full_id_numbers=persons,
            sha256=digest,
        )
        session.flush()
        if folder.exists():  # left by a run whose batch row never committed
            shutil.rmtree(folder)
        staging.rename(folder)
    except IntegrityError:
        session.rollback()
        shutil.rmtree(staging, ignore_errors=True)
        raise CityError(f"批次{number}已由另一个同时运行的导出生成：请稍后重新运行") from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return batch


def zip_path(batch: CityBatch) -> Path:
    return Path(batch.folder) / f"batch-{batch.number:06d}.zip"


def sealed_zip(batch: CityBatch) -> bytes:
    """The batch's zip exactly as made: a changed or missing file is refused, never re-made."""
    path = zip_path(batch)
    try:
        body = path.read_bytes()
    except FileNotFoundError:
        raise CityError(
            f"批次{batch.number}的文件{path}不存在：该批次无法重发，请从备份恢复该文件夹"
        ) from None
    if hashlib.sha256(body).hexdigest() != batch.sha256:
        raise CityError(f"批次{batch.number}的文件{path}已被改动（SHA-256不符）：请从备份恢复")
    return body


def _begin_snapshot(session: Session) -> None:
    """One consistent view for the events and the records they name."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
    elif dialect == "sqlite":
        connection = session.connection()
        # pysqlite opens a transaction only before a write: open one for the reads
        if not connection.connection.dbapi_connection.in_transaction:
            connection.exec_driver_sql("BEGIN")


def _scope(session: Session, previous: CityBatch | None, at: dt.datetime) -> Scope:
    after = previous.upto_event if previous else 0
    upto = session.scalar(select(func.max(AuditEvent.id))) or after
    upto = max(upto, after)
    open_gaps: dict[str, str] = dict(previous.gaps) if previous else {}
    late: list[int] = []
    if open_gaps:
        shown = set(
            session.scalars(
                select(AuditEvent.id).where(AuditEvent.id.in_([int(id_) for id_ in open_gaps]))
            )
        )
        late = sorted(shown)
        open_gaps = {
            id_: seen
            for id_, seen in open_gaps.items()
            if int(id_) not in shown and at - dt.datetime.fromisoformat(seen) < GAP_KEEP
        }
    in_range = and_(AuditEvent.id > after, AuditEvent.id <= upto)
    count = session.scalar(select(func.count()).select_from(AuditEvent).where(in_range)) or 0
    if count < upto - after:
        present = set(session.scalars(select(AuditEvent.id).where(in_range)))
        for id_ in range(after + 1, upto + 1):
            if id_ not in present:
                open_gaps[str(id_)] = at.isoformat()
    return Scope(
        after=after,
        upto=upto,
        late=late,
        gaps=open_gaps,
        period_from=previous.period_to if previous else None,
        first=previous is None,
    )


def _touched(session: Session, scope: Scope) -> tuple[set[int], set[int]]:
    """The records the scope's events changed, and those among them created then.

    The first batch holds every record: what was loaded before there were batches, or in
    bulk with one audit event (the demo), is sent too.
    """
    if scope.first:
        every = set(session.scalars(select(Record.id)))
        return every, set(every)
    events = or_(
        and_(AuditEvent.id > scope.after, AuditEvent.id <= scope.upto),
        AuditEvent.id.in_(scope.late),
    )
    query = (
        select(AuditEvent.entity, AuditEvent.entity_id, AuditEvent.action)
        .where(events, AuditEvent.entity.in_(TRACKED))
        .distinct()
    )
    records: set[int] = set()
    created: set[int] = set()
    subject_ids: set[int] = set()
    for entity, entity_id, action in session.execute(query):
        if not entity_id.isdigit():
            continue
        if entity == "records":
            records.add(int(entity_id))
            if action == CREATED:
                created.add(int(entity_id))
        else:
            subject_ids.add(int(entity_id))
    for chunk in _chunks(sorted(subject_ids)):
        records.update(session.scalars(select(Record.id).where(Record.subject_id.in_(chunk))))
    return records, created


def _write_files(
    session: Session, keys: personal.Keys, folder: Path, touched: set[int], created: set[int]
) -> tuple[dict[str, Counter[str]], int]:
    """One CSV per kind; the counts of operations per kind and of full ID numbers written."""
    counts: dict[str, Counter[str]] = {}
    persons = 0
    writers = {}
    files = {}
    try:
        for kind, name in FILES.items():
            files[kind] = _private_open(folder / name)
            writers[kind] = csv.writer(files[kind], lineterminator="\r\n")
            writers[kind].writerow(HEADERS[kind])
            counts[kind] = Counter()
        for records in _records(session, sorted(touched)):
            numbers = _party_numbers(session, keys, records)
            for record in records:
                operation = _operation(record, record.id in created)
                row, revealed = _row(record, operation, keys, numbers)
                writers[record.kind].writerow(row)
                counts[record.kind][operation] += 1
                persons += revealed
    finally:
        for file in files.values():
            file.close()
    return counts, persons


def _records(session: Session, ids: list[int]) -> Iterator[list[Record]]:
    for chunk in _chunks(ids):
        query = (
            select(Record)
            .options(selectinload(Record.subject), selectinload(Record.provider))
            .where(Record.id.in_(chunk))
            .order_by(Record.id)
        )
        records = list(session.scalars(query))
        yield records
        session.expunge_all()  # bounded memory over a city's million records


def _party_numbers(
    session: Session, keys: personal.Keys, records: Iterable[Record]
) -> dict[str, str]:
    """Representatives' and operators' full numbers, by keyed hash, for these records."""
    hashes = {
        value
        for record in records
        for name, value in (record.fields or {}).items()
        if name.endswith(HASH_SUFFIX) and value
    }
    if not hashes:
        return {}
    query = select(IdNumber.id_hash, IdNumber.encrypted).where(IdNumber.id_hash.in_(hashes))
    return {
        id_hash: personal.reveal(keys, sealed, personal.PARTY_NUMBER, personal.Use.CITY_BATCH)
        for id_hash, sealed in session.execute(query)
    }


def _operation(record: Record, created: bool) -> str:
    if record.status == RecordStatus.INVALID:
        return Operation.WITHDRAW
    if record.status == RecordStatus.DELETED:
        return Operation.DELETE
    if record.status == RecordStatus.ARCHIVED:
        return Operation.REPAIR
    return Operation.ADD if created else Operation.CORRECT


def _row(
    record: Record, operation: str, keys: personal.Keys, numbers: dict[str, str]
) -> tuple[list[str], int]:
    """The record in its kind's standard columns, then the marks; and how many full numbers."""
    kind = record.kind
    values: dict[str, Any] = {}
    revealed = 0
    for name, value in (record.fields or {}).items():
        if name.endswith(HASH_SUFFIX):
            continue
        full = numbers.get((record.fields or {}).get(name + HASH_SUFFIX) or "")
        if full:
            value, revealed = full, revealed + 1
        values[name] = value
    for name, attribute in RECORD_COLUMNS[kind].items():
        value = getattr(record, attribute)
        if value is not None:
            values[name] = value
    subject = record.subject
    where = SUBJECT_COLUMNS[kind]
    values[where.name] = subject.name
    values[where.category] = LABELS[subject.kind]
    if subject.uscc:
        values[where.uscc] = subject.uscc
    if subject.legal_rep and not values.get(where.legal_rep):
        values[where.legal_rep] = subject.legal_rep
    if subject.id_encrypted:
        values[where.id_type] = "身份证"
        values[where.id_number] = personal.reveal(
            keys, subject.id_encrypted, personal.SUBJECT_NUMBER, personal.Use.CITY_BATCH
        )
        revealed += 1
    if record.severity and not values.get("失信严重程度"):
        values["失信严重程度"] = LABELS[record.severity]
    _fill_known(values, record)
    if operation == Operation.WITHDRAW:
        values["当前状态"] = (
            values.get("当前状态")
            if values.get("当前状态") in ("变更", "撤销", "无效")
            else WITHDRAWN_STATE[kind]
        )
        values["撤销原因"] = record.status_reason
        values["撤销日期"] = record.status_on
    values.update(
        {
            OPERATION: operation,
            "操作原因": record.status_reason if record.status != RecordStatus.ACTIVE else None,
            "操作日期": record.status_on if record.status != RecordStatus.ACTIVE else None,
            "修复机关": record.repaired_by if operation == Operation.REPAIR else None,
            "修复文号": record.repair_doc if operation == Operation.REPAIR else None,
            "本区记录编号": record.id,
            "数据更新时间戳": record.updated_at.replace(microsecond=0).isoformat(sep=" "),
        }
    )
    return [_text(values.get(name)) for name in HEADERS[kind]], revealed


def _fill_known(values: dict[str, Any], record: Record) -> None:
    """Standard columns the row left empty that the district knows: it sends them filled."""
    known = {
        "数据来源单位": record.provider.name if record.provider else None,
        "数据来源单位统一社会信用代码": record.provider.uscc if record.provider else None,
    }
    if record.kind == RecordKind.PENALTY:
        known["公示截止期"] = record.disclosure_end
        known["程序类型"] = "简易程序" if record.simple_procedure else None
    for name, value in known.items():
        if value is not None and not values.get(name):
            values[name] = value


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _manifest(
    number: int, scope: Scope, at: dt.datetime, counts: dict[str, Counter[str]], folder: Path
) -> dict[str, Any]:
    files = {}
    for kind, name in FILES.items():
        files[name] = {
            "kind": LABELS[kind],
            "rows": sum(counts[kind].values()),
            "sha256": _sha256(folder / name),
        }
    return {
        "batch": number,
        "district": DISTRICT,
        "standard": STANDARD,
        "made_at": at.isoformat(timespec="seconds"),
        "period": {
            "from": scope.period_from.isoformat(timespec="seconds") if scope.period_from else None,
            "to": at.isoformat(timespec="seconds"),
        },
        "events": {"after": scope.after, "upto": scope.upto, "late": scope.late},
        "counts": {
            FILES[kind]: {"total": sum(counter.values()), **dict(sorted(counter.items()))}
            for kind, counter in counts.items()
        },
        "files": files,
    }


def _zip(folder: Path, name: str, at: dt.datetime) -> str:
    """The files in a zip (streamed, in bounded memory); its SHA-256, which the send names."""
    path = folder / name
    stamp = (max(at.year, 1980), at.month, at.day, at.hour, at.minute, at.second)
    with _private_open(path, binary=True) as raw, zipfile.ZipFile(raw, "w") as archive:
        for member in [*FILES.values(), MANIFEST]:
            info = zipfile.ZipInfo(member, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            with (folder / member).open("rb") as source, archive.open(info, "w") as target:
                shutil.copyfileobj(source, target, 1 << 20)
    return _sha256(path)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _private_open(path: Path, binary: bool = False, encoding: str = "utf-8-sig"):
    """A new file only its owner may read: the batch holds full ID numbers.

    CSV files carry a BOM, so that Excel on a Chinese Windows reads them as UTF-8.
    """
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    if binary:
        return os.fdopen(fd, "wb")
    return os.fdopen(fd, "w", encoding=encoding, newline="")


def _write(path: Path, text: str) -> None:
    with _private_open(path, encoding="utf-8") as file:
        file.write(text)


def _chunks(items: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]
