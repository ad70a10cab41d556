"""What a validated row becomes, and the checks every kind shares."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import String

from xinyong.credit.catalog import Catalog
from xinyong.credit.identifiers import IdProtector
from xinyong.credit.intake.cells import RowReader
from xinyong.credit.intake.headers import STANDARD_2016
from xinyong.credit.models import Base, Record, RecordStatus
from xinyong.credit.records import BLANK, fingerprint
from xinyong.credit.subjects import Identity

if TYPE_CHECKING:
    from xinyong.credit.intake.parties import Party

SOURCE = "数据来源单位"
SOURCE_USCC = "数据来源单位统一社会信用代码"
STATUS = "当前状态"
WITHDRAWAL_REASON = "撤销原因"
WITHDRAWAL_DATE = "撤销日期"
OBJECTION = "异议处理中"

#: 2016 standard: 0 正常 (or empty) · 1 撤销 · 2 异议 · 3 其他; a 1 withdraws the record
STATUS_2016 = {
    **{code: label for code, label in (("0", "正常"), ("1", "撤销"), ("2", "异议"), ("3", "其他"))},
    **{label: label for label in ("正常", "撤销", "异议", "其他")},
}
STATUS_2016_HINT = "0（正常）、1（撤销）、2（异议）或3（其他）（2016年标准的代码）"
WITHDRAWN = frozenset({"变更", "撤销", "无效"})


@dataclass(frozen=True)
class ProviderRef:
    """The department handing the file in (a plain copy: chunks commit, the row may expire)."""

    id: int
    name: str
    uscc: str


@dataclass(frozen=True)
class Context:
    """What every row of one file is read against."""

    provider: ProviderRef
    standard: str | None
    catalog: Catalog
    protector: IdProtector
    received_on: dt.date
    adult_age: int
    #: dates before it are as wrong as dates after the receipt (EARLIEST_DATE)
    earliest: dt.date | None = None


@dataclass
class Entry:
    """A valid row of a record kind: the subject it is about and the record's values."""

    row: int
    who: Identity
    name: str
    legal_rep: str | None
    values: dict[str, Any]
    fingerprint: str


@dataclass
class RepairEntry:
    """A valid row of a repair file."""

    row: int
    authority: str
    doc_no: str
    uscc: str | None
    repaired_on: dt.date
    repaired_by: str
    repair_doc: str | None


def entry(reader: RowReader, party: Party, **values: Any) -> Entry:
    """The row as a record, fingerprinted so that an identical re-import changes nothing."""
    who, name, legal_rep = party.who, party.name, party.legal_rep
    record = {**BLANK, **values, "fields": dict(sorted(reader.kept.items()))}
    digest = fingerprint(who.match, name, legal_rep, record)
    return Entry(reader.number, who, name, legal_rep, record, digest)


def limits(model: type[Base]) -> dict[str, int]:
    """The most characters each text column of `model` holds (PostgreSQL enforces it)."""
    return {
        column.name: column.type.length
        for column in model.__table__.columns
        if isinstance(column.type, String) and column.type.length
    }


RECORD_LIMITS = limits(Record)


def column(reader: RowReader, name: str, attribute: str) -> str | None:
    """A field stored as a record column rather than in `fields`, within the column's length."""
    return reader.text(name, keep=False, limit=RECORD_LIMITS.get(attribute))


def decision_date(reader: RowReader, name: str, ctx: Context) -> dt.date | None:
    """The date the information was formed; a date after its receipt cannot be right."""
    day = reader.date(name, keep=False)
    if day and day > ctx.received_on:
        reader.fail(name, f"日期{day.isoformat()}晚于报送日期{ctx.received_on.isoformat()}")
        return None
    return day


def check_source(reader: RowReader, ctx: Context) -> None:
    """No department reports for another: the source's code must be the department's own."""
    reader.text(SOURCE)
    code = reader.uscc(SOURCE_USCC)
    if code and code != ctx.provider.uscc:
        reader.fail(
            SOURCE_USCC,
            f"不是报送部门{ctx.provider.name}（{ctx.provider.uscc}）的代码："
            "各部门只报送本部门的信息",
        )


def fill_from_provider(reader: RowReader, ctx: Context, *names: str) -> None:
    """Fields a file may leave out come from the department that hands it in."""
    defaults = {SOURCE: ctx.provider.name, SOURCE_USCC: ctx.provider.uscc}
    for name in names:
        reader.fill(name, defaults.get(name, ctx.provider.uscc))


def read_status(
    reader: RowReader,
    ctx: Context,
    decided_on: dt.date | None,
    options: dict[str, str],
    hint: str,
    reason_required: bool = False,
) -> dict[str, Any]:
    """当前状态 with the standard's own codes; a withdrawal carries its reason and date.

    The first of `options` is what an empty cell means. `reason_required`: 2021 penalties
    (行政处罚法 art. 48, the reason is shown in place of the record); 2016 exports had none.
    """
    if ctx.standard == STANDARD_2016:
        options, hint = STATUS_2016, STATUS_2016_HINT
    label = reader.choice(STATUS, options, hint, default=next(iter(options.values())))
    reason = reader.text(WITHDRAWAL_REASON, keep=False)
    on = reader.date(WITHDRAWAL_DATE, keep=False)
    withdrawn = label in WITHDRAWN
    if withdrawn and reason_required and ctx.standard != STANDARD_2016:
        for name, value in ((WITHDRAWAL_REASON, reason), (WITHDRAWAL_DATE, on)):
            if value is None and not reader.cells.get(name):
                reader.fail(name, f"当前状态为“{label}”时应填写{name}")
    if on and decided_on and on < decided_on:
        reader.fail(WITHDRAWAL_DATE, "撤销日期早于决定日期")
    elif on and on > ctx.received_on:
        reader.fail(WITHDRAWAL_DATE, "撤销日期晚于报送日期")
    return {
        "status": RecordStatus.INVALID if withdrawn else RecordStatus.ACTIVE,
        "status_reason": reason if withdrawn else None,
        "status_on": on if withdrawn else None,
        "provider_label": OBJECTION if label == "异议" else None,
    }
