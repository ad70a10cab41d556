"""The domain model (SQLAlchemy 2.0, typed declarative).

Values stored in enum-like columns are short English codes; `LABELS` gives
their Chinese names for every screen and file that shows them.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class SubjectKind(StrEnum):
    ORG = "org"  # 法人及非法人组织
    INDIVIDUAL = "individual"  # 个体工商户
    PERSON = "person"  # 自然人


class RecordKind(StrEnum):
    LICENSE = "license"  # 行政许可
    PENALTY = "penalty"  # 行政处罚
    OTHER = "other"  # other catalog items: lists, commendations, …


class RecordStatus(StrEnum):
    ACTIVE = "active"
    ARCHIVED = "archived"  # after credit repair: kept, never used or shown
    DELETED = "deleted"  # deleted on the subject's request
    INVALID = "invalid"  # withdrawn: changed, revoked, unlawful or void


class Severity(StrEnum):
    MINOR = "minor"  # 轻微
    GENERAL = "general"  # 一般
    SERIOUS = "serious"  # 严重


LABELS: dict[str, str] = {
    SubjectKind.ORG: "法人及非法人组织",
    SubjectKind.INDIVIDUAL: "个体工商户",
    SubjectKind.PERSON: "自然人",
    RecordKind.LICENSE: "行政许可",
    RecordKind.PENALTY: "行政处罚",
    RecordKind.OTHER: "其他信用信息",
    RecordStatus.ACTIVE: "有效",
    RecordStatus.ARCHIVED: "已修复（存档）",
    RecordStatus.DELETED: "已删除",
    RecordStatus.INVALID: "已撤销",
    Severity.MINOR: "轻微",
    Severity.GENERAL: "一般",
    Severity.SERIOUS: "严重",
}


class Provider(Base):
    """A provider department (信息提供主体) that hands in records."""

    __tablename__ = "providers"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    uscc: Mapped[str] = mapped_column(String(18), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now)


class Subject(Base):
    """A 信息主体: organisation, 个体工商户 or adult person.

    `key` is the public, stable key: the USCC for organisations, an opaque
    keyed hash for persons. A person's ID number is matched by `id_hash`, shown
    only as `id_masked`, and kept in full only sealed (`credit.personal`).
    """

    __tablename__ = "subjects"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(40), unique=True)
    kind: Mapped[str] = mapped_column(String(12), index=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    uscc: Mapped[str | None] = mapped_column(String(18), unique=True)
    id_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    id_encrypted: Mapped[str | None] = mapped_column(String(80))
    id_masked: Mapped[str | None] = mapped_column(String(18))
    legal_rep: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now, onupdate=now)

    records: Mapped[list[Record]] = relationship(back_populates="subject")


class IdNumber(Base):
    """A representative's or an operator's ID number, sealed, under the keyed hash in `fields`.

    A record keeps such a number masked and hashed only; the city batch finds the
    full number here by the hash (`credit.personal.reveal`).
    """

    __tablename__ = "id_numbers"

    id_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    encrypted: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now)


class KeyCheck(Base):
    """A check value of a key the database was made with (an HMAC of a label, never the key)."""

    __tablename__ = "key_checks"

    name: Mapped[str] = mapped_column(String(20), primary_key=True)
    value: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now)


class CatalogVersion(Base):
    """One revision of the public credit information catalog; old ones are kept."""

    __tablename__ = "catalog_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(300))
    note: Mapped[str | None] = mapped_column(Text)
    actor: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now)

    items: Mapped[list[CatalogItem]] = relationship(
        back_populates="version", order_by="CatalogItem.position"
    )


class CatalogItem(Base):
    """An item of the catalog (目录项), with its rules as data."""

    __tablename__ = "catalog_items"
    __table_args__ = (UniqueConstraint("version_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("catalog_versions.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    code: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(12))  # RecordKind
    category: Mapped[str] = mapped_column(
        String(12)
    )  # 基本信息 · 行政管理 · 诚实守信 · 严重失信 · 其他信息
    list_type: Mapped[str | None] = mapped_column(String(8))  # red · black
    openness_org: Mapped[str] = mapped_column(String(8))  # 社会公开 · 授权查询 · 政务共享
    openness_person: Mapped[str] = mapped_column(String(8))
    masking: Mapped[str | None] = mapped_column(String(40))
    restricted: Mapped[bool] = mapped_column(Boolean, default=False)
    deletable: Mapped[bool] = mapped_column(Boolean, default=False)
    dishonest: Mapped[bool] = mapped_column(Boolean, default=False)  # 失信 information
    required_fields: Mapped[list[Any]] = mapped_column(default=list)
    # {"minor": null | [min, max], "general": [3, 12], "serious": [12, 36]} in months
    periods: Mapped[dict[str, Any]] = mapped_column(default=dict)
    default_severity: Mapped[str | None] = mapped_column(String(12))
    # [[keyword, severity], …]: the first keyword found in the penalty's kinds wins
    severity_rules: Mapped[list[Any]] = mapped_column(default=list)
    extra: Mapped[dict[str, Any]] = mapped_column(default=dict)

    version: Mapped[CatalogVersion] = relationship(back_populates="items")


class Submission(Base):
    """One provider file handed in, and what intake made of it."""

    __tablename__ = "submissions"

    id: Mapped[int] = mapped_column(primary_key=True)
    provider_id: Mapped[int] = mapped_column(ForeignKey("providers.id"), index=True)
    filename: Mapped[str] = mapped_column(String(300))
    sha256: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str | None] = mapped_column(String(12))
    file_format: Mapped[str | None] = mapped_column(String(8))
    standard: Mapped[str | None] = mapped_column(String(8))  # 2021 · 2016
    received_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now)
    processed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    refused: Mapped[str | None] = mapped_column(Text)  # why the whole file was refused
    rows: Mapped[int] = mapped_column(Integer, default=0)
    accepted: Mapped[int] = mapped_column(Integer, default=0)
    updated: Mapped[int] = mapped_column(Integer, default=0)
    unchanged: Mapped[int] = mapped_column(Integer, default=0)
    rejected: Mapped[int] = mapped_column(Integer, default=0)
    late: Mapped[int] = mapped_column(Integer, default=0)
    # repair results for records the district does not hold: reported, not rejected
    unmatched: Mapped[int] = mapped_column(Integer, default=0)
    actor: Mapped[str] = mapped_column(String(100))

    provider: Mapped[Provider] = relationship()
    rejections: Mapped[list[Rejection]] = relationship(back_populates="submission")


class Rejection(Base):
    """A problem with one row (or the whole file, row 0) of a submission."""

    __tablename__ = "rejections"

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id"), index=True)
    row: Mapped[int] = mapped_column(Integer)
    field: Mapped[str] = mapped_column(String(100))
    reason: Mapped[str] = mapped_column(Text)
    # a remark that refused nothing: an ignored column, a repair for a record not held
    notice: Mapped[bool] = mapped_column(Boolean, default=False)

    submission: Mapped[Submission] = relationship(back_populates="rejections")


class Record(Base):
    """One piece of credit information about a subject.

    Identified by (kind, authority, doc_no): a later row with the same pair
    updates it. Nothing is ever removed: repair archives, deletion and
    withdrawal change the status, and the audit trail keeps every change.
    """

    __tablename__ = "records"
    __table_args__ = (
        UniqueConstraint("kind", "authority", "doc_no", name="uq_records_identity"),
        Index("ix_records_subject_status", "subject_id", "status"),
        # the lists read an item's records by date, and skip in the index those whose
        # window ended or that were removed (a republish reads some days of some months)
        Index(
            "ix_records_item_day",
            "item_code",
            "decided_on",
            "provider_id",
            "disclosure_end",
            "removed_on",
        ),
        # the publisher's fingerprints (publisher/inputs.py) read these, never the table
        Index(
            "ix_records_subject_fp",
            "subject_id",
            "updated_at",
            "disclosure_end",
            "removed_on",
            "id",
        ),
        Index(
            "ix_records_month_fp",
            "item_code",
            "provider_id",
            "decided_on",
            "subject_id",
            "updated_at",
            "disclosure_end",
            "removed_on",
            "id",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    subject_id: Mapped[int] = mapped_column(ForeignKey("subjects.id"))
    kind: Mapped[str] = mapped_column(String(12))
    item_code: Mapped[str] = mapped_column(String(40))
    provider_id: Mapped[int | None] = mapped_column(ForeignKey("providers.id"), index=True)
    submission_id: Mapped[int | None] = mapped_column(ForeignKey("submissions.id"), index=True)
    doc_no: Mapped[str] = mapped_column(String(200))
    authority: Mapped[str] = mapped_column(String(200))
    authority_uscc: Mapped[str | None] = mapped_column(String(18))
    title: Mapped[str | None] = mapped_column(String(500))
    content: Mapped[str | None] = mapped_column(Text)
    decided_on: Mapped[dt.date] = mapped_column(Date, index=True)  # the information is formed
    received_on: Mapped[dt.date] = mapped_column(Date)
    valid_from: Mapped[dt.date | None] = mapped_column(Date)
    valid_to: Mapped[dt.date | None] = mapped_column(Date)
    # 失信 items: disclosure period from the catalog and the severity
    severity: Mapped[str | None] = mapped_column(String(12))
    severity_inferred: Mapped[bool] = mapped_column(Boolean, default=False)
    disclosure_end: Mapped[dt.date | None] = mapped_column(Date, index=True)
    repairable_from: Mapped[dt.date | None] = mapped_column(Date)
    simple_procedure: Mapped[bool] = mapped_column(Boolean, default=False)  # 简易程序
    status: Mapped[str] = mapped_column(String(12), default=RecordStatus.ACTIVE)
    status_reason: Mapped[str | None] = mapped_column(Text)  # 撤销原因, repair, deletion
    status_on: Mapped[dt.date | None] = mapped_column(Date)
    # set by the forms app when the subject objects: 异议处理中 · 存在异议
    objection_label: Mapped[str | None] = mapped_column(String(20))
    # set by the provider's own report (a 2016 export's 当前状态 2): 异议处理中; its later 0 clears it
    provider_label: Mapped[str | None] = mapped_column(String(20))
    removed_on: Mapped[dt.date | None] = mapped_column(Date)  # 移出日期 of a list entry
    removed_doc: Mapped[str | None] = mapped_column(String(200))
    consent_ref: Mapped[str | None] = mapped_column(String(200))  # 书面同意文号
    repaired_on: Mapped[dt.date | None] = mapped_column(Date)
    repaired_by: Mapped[str | None] = mapped_column(String(200))
    repair_doc: Mapped[str | None] = mapped_column(String(200))
    # working days from forming to receipt (seed 二（一）2: due within REPORT_WORKDAYS)
    report_workdays: Mapped[int] = mapped_column(Integer, default=0)
    late: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    late_provisional: Mapped[bool] = mapped_column(Boolean, default=False)
    # every other field of the row, under its standard name; never an ID number in clear
    fields: Mapped[dict[str, Any]] = mapped_column(default=dict)
    fingerprint: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now, onupdate=now)

    subject: Mapped[Subject] = relationship(back_populates="records")
    provider: Mapped[Provider | None] = relationship()


class CalendarDay(Base):
    """A day of a holiday arrangement entered by staff: 休 (rest) or 班 (make-up work day)."""

    __tablename__ = "calendar_days"

    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    workday: Mapped[bool] = mapped_column(Boolean)
    name: Mapped[str] = mapped_column(String(50))
    actor: Mapped[str] = mapped_column(String(100))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now, onupdate=now)


class AuditEvent(Base):
    """Append-only trail of every change: who, when, what (database triggers refuse edits)."""

    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_entity", "entity", "entity_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=now)
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(40))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str] = mapped_column(String(64))
    detail: Mapped[dict[str, Any]] = mapped_column(default=dict)


class BatchState(StrEnum):
    MADE = "made"  # written, not sent yet
    SENDING = "sending"  # a send began; interrupted, it stays here and is sent again
    ACKNOWLEDGED = "acknowledged"  # the city platform confirmed the batch number and digest
    FAILED = "failed"  # the last send ended without an acknowledgement


class CityBatch(Base):
    """A batch for the city platform 信用淄博 (seed 二（一）2), and how its sending went.

    A batch covers the audit trail's events in (`after_event`, `upto_event`] plus
    `late_events` that an earlier batch saw as gaps; batches chain without overlap.
    Its files never change once made: a failed send sends the same bytes again.
    """

    __tablename__ = "city_batches"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(Integer, unique=True)
    state: Mapped[str] = mapped_column(String(12), default=BatchState.MADE, index=True)
    after_event: Mapped[int] = mapped_column(Integer)
    upto_event: Mapped[int] = mapped_column(Integer)
    # audit event ids below `upto_event` not yet visible when the batch was made: {id: first seen}
    gaps: Mapped[dict[str, Any]] = mapped_column(default=dict)
    late_events: Mapped[list[Any]] = mapped_column(default=list)
    period_from: Mapped[dt.datetime | None] = mapped_column(DateTime)
    period_to: Mapped[dt.datetime] = mapped_column(DateTime)
    counts: Mapped[dict[str, Any]] = mapped_column(default=dict)
    files: Mapped[dict[str, Any]] = mapped_column(default=dict)  # name -> SHA-256
    folder: Mapped[str] = mapped_column(String(500))
    sha256: Mapped[str] = mapped_column(String(64))  # of the zip that is sent
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    actor: Mapped[str] = mapped_column(String(100))
    made_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now)
    sent_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    acknowledged_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


LABELS.update(
    {
        BatchState.MADE: "已生成",
        BatchState.SENDING: "发送中",
        BatchState.ACKNOWLEDGED: "已确认接收",
        BatchState.FAILED: "发送失败",
    }
)


# -- the forms app: applications, staff, the query log (issue 14) -------------


class ApplicationKind(StrEnum):
    OBJECTION = "objection"  # 异议申请 (seed 二（三）5)
    DELETION = "deletion"  # 删除申请 (seed 二（三）4)
    REPAIR = "repair"  # 信用修复申请 (seed 二（三）3)


class ApplicationState(StrEnum):
    RECEIVED = "received"  # 已受理, being verified
    ASSISTED = "assisted"  # 已转信息提供单位协查
    UPHELD = "upheld"  # objection: 异议成立
    REJECTED = "rejected"  # objection: 异议不成立
    DISPUTED = "disputed"  # the applicant disputes the result: 存在异议
    DONE = "done"  # deletion: 已删除
    ADOPTED = "adopted"  # repair: 已修复
    REFUSED = "refused"  # deletion or repair: 不予办理


class StaffRole(StrEnum):
    ADMIN = "admin"  # 管理员
    REVIEWER = "reviewer"  # 审核员
    PROVIDER = "provider"  # 提供单位


class Application(Base):
    """An objection, deletion request or repair application, followed by its 受理编号."""

    __tablename__ = "applications"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(24), unique=True)  # 受理编号
    password_hash: Mapped[str] = mapped_column(String(200))  # the query password, hashed
    kind: Mapped[str] = mapped_column(String(12), index=True)
    state: Mapped[str] = mapped_column(String(12), index=True)
    record_id: Mapped[int | None] = mapped_column(ForeignKey("records.id"), index=True)
    subject_id: Mapped[int | None] = mapped_column(ForeignKey("subjects.id"), index=True)
    applicant_type: Mapped[str] = mapped_column(String(8))  # org · person
    applicant_name: Mapped[str] = mapped_column(String(200))
    # a USCC as given; for a person only the masked number (the keyed hash matches)
    applicant_code: Mapped[str] = mapped_column(String(18))
    applicant_hash: Mapped[str | None] = mapped_column(String(64))
    phone: Mapped[str] = mapped_column(String(30))
    email: Mapped[str | None] = mapped_column(String(200))
    objection_type: Mapped[str | None] = mapped_column(String(12))
    missing_record: Mapped[str | None] = mapped_column(Text)  # 遗漏: the record not held
    reason: Mapped[str] = mapped_column(Text)
    received_on: Mapped[dt.date] = mapped_column(Date)
    deadline: Mapped[dt.date] = mapped_column(Date, index=True)
    deadline_provisional: Mapped[bool] = mapped_column(Boolean, default=False)
    result: Mapped[str | None] = mapped_column(Text)
    decided_by: Mapped[str | None] = mapped_column(String(100))
    decided_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now, onupdate=now)

    record: Mapped[Record | None] = relationship()
    subject: Mapped[Subject | None] = relationship()
    attachments: Mapped[list[Attachment]] = relationship(
        back_populates="application", order_by="Attachment.id"
    )


class StoredFile:
    """The columns of a file handed in (credit/uploads.py): checked by content, stored outside
    any web root under a random name."""

    original_name: Mapped[str] = mapped_column(String(255))
    stored_name: Mapped[str] = mapped_column(String(64), unique=True)
    mime: Mapped[str] = mapped_column(String(40))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now)


class Attachment(StoredFile, Base):
    """A file handed in with an application, stored outside any web root under a random name."""

    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), index=True)

    application: Mapped[Application] = relationship(back_populates="attachments")


class StaffUser(Base):
    """A back-office account: 管理员, 审核员, or a provider department's 提供单位 account."""

    __tablename__ = "staff_users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(60), unique=True)
    display_name: Mapped[str] = mapped_column(String(100))
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(12))
    provider_id: Mapped[int | None] = mapped_column(ForeignKey("providers.id"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column(DateTime)
    last_login_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now)

    provider: Mapped[Provider | None] = relationship()


class QueryLogEntry(Base):
    """One staff look-up of a full credit file: who, when, what, why (seed 二（二）2); append-only."""

    __tablename__ = "query_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=now, index=True)
    actor: Mapped[str] = mapped_column(String(100))
    subject_id: Mapped[int] = mapped_column(ForeignKey("subjects.id"), index=True)
    subject_key: Mapped[str] = mapped_column(String(40))
    subject_name: Mapped[str] = mapped_column(String(200))
    purpose: Mapped[str] = mapped_column(Text)


class OutboxMessage(Base):
    """A notice to an applicant: sent by SMTP when configured, else kept for staff to see."""

    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), index=True)
    recipient: Mapped[str] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now)
    sent_at: Mapped[dt.datetime | None] = mapped_column(DateTime)

    application: Mapped[Application] = relationship()


# -- credit in use: API keys, numbered reports, 本人查询 (issue 15) -----------------


class ApiKey(Base):
    """A credit service agency's key to the JSON API (seed 二（二）7): only its hash is kept."""

    __tablename__ = "api_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    agency: Mapped[str] = mapped_column(String(200))
    prefix: Mapped[str] = mapped_column(String(16))  # the first characters, to tell keys apart
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    daily_quota: Mapped[int | None] = mapped_column(Integer)  # None: the API_DAILY_QUOTA setting
    created_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class ApiCall(Base):
    """One call to the API by a key: what was asked, when, and how it was answered."""

    __tablename__ = "api_calls"
    __table_args__ = (Index("ix_api_calls_key_day", "key_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key_id: Mapped[int] = mapped_column(ForeignKey("api_keys.id"))
    day: Mapped[dt.date] = mapped_column(Date)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=now)
    path: Mapped[str] = mapped_column(String(300))
    status: Mapped[int] = mapped_column(Integer)


class CreditReport(Base):
    """A numbered credit report as issued: its digest and minimal metadata, never its content."""

    __tablename__ = "credit_reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(32), unique=True)
    subject_id: Mapped[int] = mapped_column(ForeignKey("subjects.id"), index=True)
    kind: Mapped[str] = mapped_column(String(8))  # org · person
    as_of: Mapped[dt.date] = mapped_column(Date)
    purpose: Mapped[str] = mapped_column(String(200))
    digest: Mapped[str] = mapped_column(String(64))
    issued_by: Mapped[str] = mapped_column(String(100))
    issued_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now)
    # a personal report's one-time download link: its token's hash, until it is used
    link_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    link_expires: Mapped[dt.datetime | None] = mapped_column(DateTime)
    delivered_at: Mapped[dt.datetime | None] = mapped_column(DateTime)

    subject: Mapped[Subject] = relationship()


class SelfQuery(Base):
    """本人查询 (个人信息保护法 arts. 45–46): a subject asks to see its own complete file."""

    __tablename__ = "self_queries"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(24), unique=True)
    state: Mapped[str] = mapped_column(String(12), index=True)  # submitted · verified · refused
    subject_id: Mapped[int | None] = mapped_column(ForeignKey("subjects.id"), index=True)
    applicant_type: Mapped[str] = mapped_column(String(8))  # org · person
    applicant_name: Mapped[str] = mapped_column(String(200))
    # a USCC as given; for a person only the masked number
    applicant_code: Mapped[str] = mapped_column(String(18))
    agent_name: Mapped[str | None] = mapped_column(String(100))  # 代理人, with a letter
    phone: Mapped[str] = mapped_column(String(30))
    email: Mapped[str | None] = mapped_column(String(200))
    received_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now)
    decided_by: Mapped[str | None] = mapped_column(String(100))
    decided_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    reason: Mapped[str | None] = mapped_column(Text)
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    expires_at: Mapped[dt.datetime | None] = mapped_column(DateTime)

    subject: Mapped[Subject | None] = relationship()
    attachments: Mapped[list[SelfQueryAttachment]] = relationship(
        back_populates="query", order_by="SelfQueryAttachment.id"
    )


class SelfQueryAttachment(StoredFile, Base):
    """A licence or ID card copy, or an agent's authorisation letter (credit/uploads.py)."""

    __tablename__ = "self_query_attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    query_id: Mapped[int] = mapped_column(ForeignKey("self_queries.id"), index=True)

    query: Mapped[SelfQuery] = relationship(back_populates="attachments")


# -- 联合奖惩 measures and 信用核查 (issue 15) -----------------------------------


class MeasureVersion(Base):
    """One revision of the 联合奖惩 measures catalog (措施清单), matters included; old ones kept."""

    __tablename__ = "measure_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(300))
    actor: Mapped[str] = mapped_column(String(100))
    # [{"code", "name", "channels": [...]}, …] in file order
    matters: Mapped[list[Any]] = mapped_column(default=list)
    # [{"code", "name", "kind", "triggers", "matters", "basis", "list", "list_item",
    #   "source", "departments"}, …] in file order
    measures: Mapped[list[Any]] = mapped_column(default=list)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now)


class CreditCheck(Base):
    """A 信用核查 for a matter, kept as evidence (核查留痕): its result is stored as shown."""

    __tablename__ = "credit_checks"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(24), unique=True)  # 核查编号
    matter_code: Mapped[str] = mapped_column(String(20), index=True)
    matter_name: Mapped[str] = mapped_column(String(50))
    actor: Mapped[str] = mapped_column(String(100))
    department: Mapped[str] = mapped_column(String(200))  # who ran it, as shown
    provider_id: Mapped[int | None] = mapped_column(ForeignKey("providers.id"), index=True)
    checked_on: Mapped[dt.date] = mapped_column(Date)  # the date the rules were applied
    data_date: Mapped[dt.date] = mapped_column(Date)  # 数据截至
    measure_version_id: Mapped[int] = mapped_column(ForeignKey("measure_versions.id"))
    catalog_version_id: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(300))  # the list file, or 单个主体
    subjects: Mapped[int] = mapped_column(Integer, default=0)
    found: Mapped[int] = mapped_column(Integer, default=0)
    hits: Mapped[int] = mapped_column(Integer, default=0)  # subjects with something relevant
    # {"channels": [...], "rows": [per subject, as shown]}: never rebuilt from today's data
    result: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now, index=True)


class CheckFeedback(Base):
    """A department's report of what it did after a check (反馈): the measure it applied."""

    __tablename__ = "check_feedback"

    id: Mapped[int] = mapped_column(primary_key=True)
    check_id: Mapped[int] = mapped_column(ForeignKey("credit_checks.id"), index=True)
    row: Mapped[int] = mapped_column(Integer)  # the subject's 序号 in the check
    subject_name: Mapped[str] = mapped_column(String(200))
    measure_code: Mapped[str] = mapped_column(String(40))
    measure_name: Mapped[str] = mapped_column(String(100))
    applied_on: Mapped[dt.date] = mapped_column(Date)
    doc_no: Mapped[str] = mapped_column(String(200))  # 文书号
    note: Mapped[str | None] = mapped_column(Text)
    actor: Mapped[str] = mapped_column(String(100))
    provider_id: Mapped[int | None] = mapped_column(ForeignKey("providers.id"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now)

    check: Mapped[CreditCheck] = relationship()
