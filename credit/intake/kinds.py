"""Rows of each kind read into entries: licences, other catalog items, repairs (and penalties)."""

from __future__ import annotations

from collections.abc import Callable

from xinyong.credit.disclosure import assess
from xinyong.credit.identifiers import normalize
from xinyong.credit.intake.cells import RowReader
from xinyong.credit.intake.headers import (
    REPAIR,
    STANDARD_2016,
    SUBJECT_COLUMNS,
    Layout,
    required_columns,
)
from xinyong.credit.intake.parties import read_subject
from xinyong.credit.intake.penalties import SEVERITIES, SEVERITY_HINT, penalty_row
from xinyong.credit.intake.problems import Problem
from xinyong.credit.intake.rows import (
    SOURCE,
    SOURCE_USCC,
    STATUS,
    Context,
    Entry,
    RepairEntry,
    check_source,
    column,
    decision_date,
    entry,
    fill_from_provider,
    read_status,
)
from xinyong.credit.models import LABELS, RecordKind
from xinyong.credit.tabular import Cells

LICENSE_CATEGORIES = {name: name for name in ("普通", "特许", "认可", "核准", "登记", "其他")}
#: 2021 standard: 有效 · 无效, also written 1 · 2 (the first is the default)
LICENSE_STATUSES = {"有效": "有效", "1": "有效", "无效": "无效", "2": "无效"}


def license_row(reader: RowReader, ctx: Context) -> Entry | None:
    item = ctx.catalog.for_kind(RecordKind.LICENSE)
    reader.require(item.required_fields)
    if ctx.standard == STANDARD_2016:
        # 有效期自 defaults to the decision date; 当前状态 empty means 正常
        reader.fill("有效期自", reader.cells.get("许可决定日期"))
        reader.fill(STATUS, "0")
        fill_from_provider(reader, ctx, "许可机关统一社会信用代码", SOURCE, SOURCE_USCC)
    decided = decision_date(reader, "许可决定日期", ctx)
    party = read_subject(reader, SUBJECT_COLUMNS[RecordKind.LICENSE], ctx, decided, True)
    reader.choice(
        "许可类别", LICENSE_CATEGORIES, "普通、特许、认可、核准、登记或其他", other="其他"
    )
    valid_from = reader.date("有效期自", keep=False)
    valid_to = reader.date("有效期至", keep=False, open_end=True)
    if valid_from and valid_to and valid_to < valid_from:
        reader.fail("有效期至", "有效期至早于有效期自")
    status = read_status(reader, ctx, decided, LICENSE_STATUSES, "有效或无效（或1、2）")
    values = {
        "doc_no": column(reader, "行政许可决定文书号", "doc_no"),
        "title": column(reader, "行政许可决定文书名称", "title"),
        "content": column(reader, "许可内容", "content"),
        "authority": column(reader, "许可机关", "authority"),
        "authority_uscc": reader.uscc("许可机关统一社会信用代码", keep=False),
    }
    check_source(reader, ctx)
    reader.rest()
    if not reader.ok or party is None:
        return None
    return entry(
        reader,
        party,
        kind=RecordKind.LICENSE,
        item_code=item.code,
        decided_on=decided,
        valid_from=valid_from,
        valid_to=valid_to,
        **values,
        **status,
    )


def other_row(reader: RowReader, ctx: Context) -> Entry | None:
    """Any other catalog item; a penalty or licence item has a format of its own."""
    code = reader.text("目录项代码", keep=False)
    item = ctx.catalog.get(normalize(code)) if code else None
    if code and item is None:
        reader.fail("目录项代码", f"目录项代码“{code}”不在现行目录中（见 xinyong catalog）")
    elif item and item.kind != RecordKind.OTHER:
        reader.fail(
            "目录项代码",
            f"目录项“{item.code}”（{item.name}）属于{LABELS[item.kind]}，应按{LABELS[item.kind]}"
            "的文件格式报送",
        )
        item = None
    if item:
        reader.require(item.required_fields)
    fill_from_provider(reader, ctx, SOURCE_USCC)
    decided = decision_date(reader, "认定日期", ctx)
    party = read_subject(reader, SUBJECT_COLUMNS[RecordKind.OTHER], ctx, decided, False)
    given = reader.choice("失信严重程度", {k: k for k in SEVERITIES}, SEVERITY_HINT)
    valid_to = reader.date("有效期至", keep=False, open_end=True)
    removed_on = reader.date("移出日期", keep=False)
    if removed_on and decided and removed_on < decided:
        reader.fail("移出日期", "移出日期早于认定日期")
    consent = column(reader, "书面同意文号", "consent_ref")
    if item and item.restricted and not consent:
        reader.fail(
            "书面同意文号",
            f"目录项“{item.name}”须经信息主体书面同意方可归集（seed 二（一）3）：应填写书面同意文号",
        )
    values = {
        "doc_no": column(reader, "认定文号", "doc_no"),
        "content": column(reader, "信息内容", "content"),
        "authority": column(reader, "认定机关", "authority"),
        "authority_uscc": reader.uscc("认定机关统一社会信用代码", keep=False),
        "removed_doc": column(reader, "移出文号", "removed_doc"),
    }
    check_source(reader, ctx)
    reader.rest()
    if not reader.ok or party is None or item is None:
        return None
    return entry(
        reader,
        party,
        kind=RecordKind.OTHER,
        item_code=item.code,
        title=item.name,
        decided_on=decided,
        valid_to=valid_to,
        **assess(item, decided, given=SEVERITIES.get(given or ""), provider_end=valid_to),
        removed_on=removed_on,
        consent_ref=consent,
        **values,
    )


def repair_row(reader: RowReader, ctx: Context) -> RepairEntry | None:
    """A repair decided upstream; whether the district holds the record is the merge's question."""
    doc_no = reader.text("决定文书号", keep=False)
    authority = reader.text("决定机关", keep=False)
    code = reader.uscc("统一社会信用代码")
    repaired_on = decision_date(reader, "修复日期", ctx)
    repaired_by = column(reader, "修复机关", "repaired_by")
    repair_doc = column(reader, "修复文号", "repair_doc")
    reader.rest()
    if not (reader.ok and doc_no and authority and repaired_on and repaired_by):
        return None
    return RepairEntry(reader.number, authority, doc_no, code, repaired_on, repaired_by, repair_doc)


READERS: dict[str, Callable[[RowReader, Context], Entry | RepairEntry | None]] = {
    RecordKind.LICENSE: license_row,
    RecordKind.PENALTY: penalty_row,
    RecordKind.OTHER: other_row,
    REPAIR: repair_row,
}


def read_row(
    ctx: Context, layout: Layout, number: int, cells: dict[str, object]
) -> tuple[Entry | RepairEntry | None, list[Problem]]:
    """One row checked as its kind: the entry to merge, or the problems that reject it."""
    reader = RowReader(
        number,
        layout.read(cells),
        layout,
        required_columns(layout.kind, layout.standard),
        ctx.earliest,
    )
    if isinstance(cells, Cells) and cells.overflows:
        # cells beyond the header are no field: dropping them would hide a shifted row
        reader.problems.append(
            Problem(
                number,
                "",
                f"本行有{cells.width}个单元格，多于表头的{cells.columns}列："
                "请核对是否多了分隔符或有列错位",
            )
        )
        return None, reader.problems
    result = READERS[layout.kind](reader, ctx)
    return (result if reader.ok else None), reader.problems
