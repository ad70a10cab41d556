"""Open data: each list as JSON and CSV, by year, with the same masking as the pages.

The columns are one table (`COLUMNS`) that the writers and the data dictionary
page both read. CSV is UTF-8 with a BOM (so spreadsheet programs read the
Chinese) and every cell that a spreadsheet would run as a formula is
neutralised with a leading apostrophe.
"""

from __future__ import annotations

import csv
import io
import json
import operator
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from xinyong.credit.public import ListEntry


@dataclass(frozen=True)
class Column:
    name: str
    label: str
    help: str


COLUMNS: tuple[Column, ...] = (
    Column("ref", "信息编号", "本站对该条信息的稳定编号，异议、删除、修复申请时引用"),
    Column("list", "所属栏目", "行政许可、行政处罚、红名单或黑名单"),
    Column("subject_name", "信息主体名称", "法人及非法人组织、个体工商户或自然人的名称"),
    Column(
        "subject_key", "主体编号", "本站主体页面的编号；组织为统一社会信用代码，自然人为不可逆编号"
    ),
    Column("uscc", "统一社会信用代码", "组织和个体工商户的统一社会信用代码"),
    Column("id_masked", "身份证件号码（脱敏）", "仅自然人，保留前6位和后4位，出生日期隐藏"),
    Column("item_code", "目录项代码", "公共信用信息目录中的项目代码"),
    Column("item_name", "目录项名称", "公共信用信息目录中的项目名称"),
    Column("title", "名称", "决定文书或信息的名称"),
    Column("doc_no", "决定文书号", "行政许可决定文书号、行政处罚决定书文号或认定文号"),
    Column("authority", "决定机关", "作出决定或认定的机关"),
    Column("authority_uscc", "决定机关统一社会信用代码", ""),
    Column("source", "数据来源单位", "报送该信息的部门"),
    Column("decided_on", "决定日期", "作出决定或认定的日期（YYYY-MM-DD）"),
    Column("valid_from", "有效期自", ""),
    Column("valid_to", "有效期至", ""),
    Column("severity", "失信严重程度", "轻微、一般或严重；仅失信信息"),
    Column("window_end", "公示截止日期", "该日之后不再公示"),
    Column("repairable_from", "可申请信用修复日期", "最短公示期满之日；仅失信信息"),
    Column("objection", "异议标注", "异议处理中或存在异议"),
    Column("content", "内容", "许可内容、处罚内容或信息内容"),
)

#: one encoder for every row (`json.dumps` with an option makes a new one per call)
_ROW_ENCODER = json.JSONEncoder(ensure_ascii=False)

#: what a spreadsheet program would run as a formula (OWASP "CSV injection")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def row(which: str, entry: ListEntry) -> dict[str, Any]:
    record, subject = entry.record, entry.subject
    return {
        "ref": record.ref,
        "list": which,
        "subject_name": subject.name,
        "subject_key": subject.key,
        "uscc": subject.uscc,
        "id_masked": subject.id_masked,
        "item_code": record.item_code,
        "item_name": record.item_name,
        "title": record.title,
        "doc_no": record.doc_no,
        "authority": record.authority,
        "authority_uscc": record.authority_uscc,
        "source": record.source,
        "decided_on": record.decided_on.isoformat(),
        "valid_from": record.valid_from.isoformat() if record.valid_from else None,
        "valid_to": record.valid_to.isoformat() if record.valid_to else None,
        "severity": record.severity_label,
        "window_end": record.window_end.isoformat() if record.window_end else None,
        "repairable_from": record.repairable_from.isoformat() if record.repairable_from else None,
        "objection": record.objection,
        "content": record.content,
    }


def neutralise(value: Any) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def csv_head() -> bytes:
    """The BOM and the header line: what a year's CSV starts with."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow([column.label for column in COLUMNS])
    return "\ufeff".encode() + buffer.getvalue().encode("utf-8")


def csv_lines(rows: Iterable[dict[str, Any]]) -> bytes:
    """Rows as CSV lines, no header: a month's part of a year's file."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(map(_cells, rows))
    return buffer.getvalue().encode("utf-8")


#: a row's values in column order
_VALUES = operator.itemgetter(*(column.name for column in COLUMNS))


def _cells(item: dict[str, Any]) -> list[str]:
    """A row's CSV cells (`neutralise`d; most are text no spreadsheet would run, kept as they are)."""
    return [
        value
        if value.__class__ is str and not value.startswith(_FORMULA_START)
        else neutralise(value)
        for value in _VALUES(item)
    ]


def to_csv(rows: Iterable[dict[str, Any]]) -> bytes:
    return csv_head() + csv_lines(rows)


def json_records(rows: Iterable[dict[str, Any]]) -> bytes:
    """Rows as the JSON document's record lines: a month's part of a year's file."""
    return ",\n".join(map(_ROW_ENCODER.encode, rows)).encode()


#: what joins two parts of record lines in a JSON document
JSON_JOIN = b",\n"


def json_ends(which: str, year: int) -> tuple[bytes, bytes]:
    """What a JSON document of a year's records starts and ends with, around its record lines."""
    fields = [{"name": c.name, "label": c.label} for c in COLUMNS]
    head = json.dumps({"list": which, "year": year, "fields": fields}, ensure_ascii=False)
    return f'{head[:-1]}, "records": [\n'.encode(), b"\n]}\n"


def json_document(which: str, year: int, parts: Iterable[bytes]) -> bytes:
    """A JSON document with one record a line (readable, and written by the C encoder).

    `parts` are record lines (`json_records`) in order, e.g. a year's months.
    """
    head, tail = json_ends(which, year)
    return b"".join((head, JSON_JOIN.join(part for part in parts if part), tail))


def to_json(which: str, year: int, rows: Iterable[dict[str, Any]]) -> bytes:
    return json_document(which, year, [json_records(rows)])
