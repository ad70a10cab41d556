"""The result sheet of a 信用核查 (XLSX), written from the stored result only.

The sheet is made from what the check kept, never from today's data, so a sheet
downloaded a week later says exactly what the first one said. openpyxl's
write-only mode streams rows: 5,000 subjects in bounded memory.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from xinyong.credit.checks import SCOPE, SECTIONS, STATUS_LABELS
from xinyong.credit.models import CreditCheck

HEADER = (
    "序号",
    "主体名称",
    "统一社会信用代码（证件号码）",
    "核查结果",
    "本区登记名称",
    *SECTIONS.values(),
    "适用措施及依据",
    "结论",
)
WIDTHS = (6, 30, 22, 16, 30, 30, 30, 30, 30, 30, 30, 50, 60)


def _day(value: Any) -> str:
    return f"{value.year}年{value.month}月{value.day}日"


def heading(check: CreditCheck) -> list[tuple[str, str]]:
    """What the sheet and the printed page say about the check itself."""
    channels = "、".join(check.result.get("channels", []))
    return [
        ("核查编号", check.number),
        ("核查日期", _day(check.checked_on)),
        ("核查事项", f"{check.matter_name}（{check.matter_code}）"),
        ("核查单位及人员", f"{check.department}（{check.actor}）"),
        ("数据截至", _day(check.data_date)),
        ("核查范围", f"本结果仅反映{SCOPE}，不代表其他地区和部门的信息"),
        ("还应查询", channels or "—"),
        (
            "统计",
            f"共{check.subjects}个主体，本区掌握{check.found}个，有相关信息{check.hits}个",
        ),
    ]


def entry_text(entry: dict[str, Any]) -> str:
    parts = [entry["item"], entry["doc_no"], entry["authority"], entry["decided_on"]]
    if entry["severity"]:
        parts.append(f"{entry['severity']}失信")
    if entry["window_end"]:
        parts.append(f"公示至{entry['window_end']}")
    text = "，".join(part for part in parts if part)
    if entry["objection"]:
        text += f"【{entry['objection']}】"
    return text


def measure_text(measure: dict[str, Any]) -> str:
    text = f"{measure['name']}（{measure['kind']}）"
    if measure.get("pending"):
        text += "【触发信息异议处理中，待处理结果】"
    if measure["basis"]:
        text += f"；依据：{measure['basis']}"
    if measure.get("list"):
        text += f"；清单：《{measure['list'].strip('《》')}》{measure.get('list_item') or ''}"
    return text


def cells(row: dict[str, Any]) -> list[str]:
    by_section = {
        section: "\n".join(entry_text(e) for e in row["entries"] if e["section"] == section)
        for section in SECTIONS
    }
    return [
        str(row["row"] - 1),
        row["name"],
        row["code"],
        STATUS_LABELS[row["status"]],
        row["registered_name"],
        *by_section.values(),
        "\n".join(measure_text(m) for m in row["measures"]),
        row["conclusion"],
    ]


def rows(check: CreditCheck) -> Iterator[list[str]]:
    for row in check.result.get("rows", []):
        yield cells(row)


def write(check: CreditCheck, target: Path | IO[bytes]) -> None:
    # imported here: openpyxl (and the numpy it loads) cost every command 0.2 s at start-up
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("核查结果")
    for column, width in enumerate(WIDTHS):
        sheet.column_dimensions[chr(ord("A") + column)].width = width
    bold = Font(bold=True)
    title = WriteOnlyCell(sheet, value=f"信用核查结果（{check.number}）")
    title.font = Font(bold=True, size=14)
    sheet.append([title])
    for label, value in heading(check):
        name = WriteOnlyCell(sheet, value=label)
        name.font = bold
        sheet.append([name, value])
    sheet.append([])
    header = []
    for value in HEADER:
        cell = WriteOnlyCell(sheet, value=value)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    wrap = Alignment(wrap_text=True, vertical="top")
    for values in rows(check):
        line = []
        for value in values:
            cell = WriteOnlyCell(sheet, value=value)
            if "\n" in value or len(value) > 30:
                cell.alignment = wrap
            line.append(cell)
        sheet.append(line)
    workbook.save(target)


#: the sheet's first row of subjects (1-based), after the title, the heading and the header
FIRST_ROW = 1 + 8 + 1 + 1 + 1
