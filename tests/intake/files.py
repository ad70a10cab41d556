"""Provider files as departments' systems write them, and what intake made of them."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from tests.conftest import MARKET, make_ric, make_uscc
from xinyong.credit import catalog, intake
from xinyong.credit.catalog import Catalog
from xinyong.credit.identifiers import IdProtector
from xinyong.credit.intake.headers import layout
from xinyong.credit.intake.kinds import read_row
from xinyong.credit.intake.problems import Problem
from xinyong.credit.intake.rows import Context, ProviderRef
from xinyong.credit.models import (
    Base,
    CatalogItem,
    Record,
)
from xinyong.credit.tabular import Cells

#: the day the files are received, so that lateness is the same on every run
RECEIVED = dt.date(2026, 3, 13)
TAX_OFFICE = ("国家税务总局淄博市周村区税务局", make_uscc("11370306MB0000001"))


def wrong_check(code: str) -> str:
    """The code with another check character."""
    return code[:-1] + ("1" if code[-1] != "1" else "2")


def company(n: int) -> str:
    return make_uscc(f"91370306MA3C{n:05d}")


def shop(n: int) -> str:
    """A 个体工商户's code: registered by market supervision (9) as category 2."""
    return make_uscc(f"92370306MA3D{n:05d}")


def penalty(n: int = 1, **changes: Any) -> dict[str, Any]:
    """A 2021-standard penalty row, valid as it stands."""
    row = {
        "行政相对人名称": f"淄博周村丝绸有限公司{n}",
        "行政相对人类别": "法人及非法人组织",
        "行政相对人代码_1(统一社会信用代码)": company(n),
        "法定代表人": "张三",
        "证件类型": "",
        "证件号码": "",
        "行政处罚决定书文号": f"周市监罚〔2026〕{n}号",
        "违法行为类型": "违反产品质量法",
        "违法事实": "生产销售不合格产品",
        "处罚依据": "《中华人民共和国产品质量法》第四十九条",
        "处罚类别": "警告;罚款",
        "处罚内容": "警告，罚款五千元",
        "罚款金额(万元)": "0.5",
        "处罚决定日期": "2026-03-09",
        "处罚机关": MARKET[0],
        "处罚机关统一社会信用代码": MARKET[1],
        "数据来源单位": MARKET[0],
        "数据来源单位统一社会信用代码": MARKET[1],
    }
    row.update(changes)
    return row


def person_penalty(n: int = 1, birth: str = "19800101", **changes: Any) -> dict[str, Any]:
    return penalty(
        n,
        **{
            "行政相对人名称": "李四",
            "行政相对人类别": "自然人",
            "行政相对人代码_1(统一社会信用代码)": "",
            "法定代表人": "",
            "证件类型": "身份证",
            "证件号码": make_ric(birth, serial=f"{n % 1000:03d}"),
            **changes,
        },
    )


def licence(n: int = 1, **changes: Any) -> dict[str, Any]:
    row = {
        "行政相对人名称": f"淄博周村陶瓷有限公司{n}",
        "行政相对人类别": "法人及非法人组织",
        "行政相对人代码_1(统一社会信用代码)": company(n),
        "法定代表人": "王五",
        "行政许可决定文书名称": "食品经营许可决定书",
        "行政许可决定文书号": f"周市监许〔2026〕{n}号",
        "许可类别": "普通",
        "许可证书名称": "食品经营许可证",
        "许可编号": f"JY3370306{n:07d}",
        "许可内容": "预包装食品销售",
        "许可决定日期": "2026-03-09",
        "有效期自": "2026-03-09",
        "有效期至": "2031-03-08",
        "许可机关": MARKET[0],
        "许可机关统一社会信用代码": MARKET[1],
        "当前状态": "有效",
        "数据来源单位": MARKET[0],
        "数据来源单位统一社会信用代码": MARKET[1],
    }
    row.update(changes)
    return row


def other(code: str, n: int = 1, **changes: Any) -> dict[str, Any]:
    row = {
        "目录项代码": code,
        "主体名称": f"淄博周村机械有限公司{n}",
        "主体类别": "法人及非法人组织",
        "统一社会信用代码": company(n),
        "证件号码": "",
        "信息内容": "信息内容",
        "认定文号": f"周认〔2026〕{n}号",
        "认定日期": "2026-03-09",
        "认定机关": MARKET[0],
        "数据来源单位": MARKET[0],
    }
    row.update(changes)
    return row


# -- writing files as departments' systems do -------------------------------------------------


def headers_of(rows: list[dict[str, Any]]) -> list[str]:
    headers: dict[str, None] = {}
    for row in rows:
        headers.update(dict.fromkeys(row))
    return list(headers)


def as_text(value: Any) -> str:
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def write(path: Path, rows: list[dict[str, Any]], headers: list[str] | None = None, **kw) -> Path:
    """`rows` as the file `path` names (CSV, XLSX, XLS, ODS or JSON); `headers` as written."""
    keys = headers_of(rows)
    headers = headers or keys
    table = [[row.get(key, "") for key in keys] for row in rows]
    writer = WRITERS[path.suffix.lstrip(".")]
    writer(path, headers, table, **kw)
    return path


def write_csv(path: Path, headers: list[str], table: list[list[Any]], encoding="utf-8") -> None:
    with path.open("w", encoding=encoding, newline="") as stream:
        out = csv.writer(stream)
        out.writerow(headers)
        out.writerows([[as_text(value) for value in row] for row in table])


def write_xlsx(path: Path, headers: list[str], table: list[list[Any]]) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in table:
        sheet.append(row)
    book.save(path)


def write_xls(path: Path, headers: list[str], table: list[list[Any]]) -> None:
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("行政处罚")
    dates = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    for column, header in enumerate(headers):
        sheet.write(0, column, header)
    for number, row in enumerate(table, start=1):
        for column, value in enumerate(row):
            if isinstance(value, dt.date):
                sheet.write(number, column, value, dates)
            else:
                sheet.write(number, column, value)
    book.save(str(path))


def write_ods(path: Path, headers: list[str], table: list[list[Any]]) -> None:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    document = OpenDocumentSpreadsheet()
    sheet = Table(name="Sheet1")
    for values in [headers, *table]:
        row = TableRow()
        for value in values:
            if isinstance(value, dt.date):
                cell = TableCell(valuetype="date", datevalue=value.isoformat())
            else:
                cell = TableCell(valuetype="string")
            cell.addElement(P(text=as_text(value)))
            row.addElement(cell)
        sheet.addElement(row)
    document.spreadsheet.addElement(sheet)
    document.save(str(path))


def write_json(path: Path, headers: list[str], table: list[list[Any]]) -> None:
    items = [
        {header: as_text(value) for header, value in zip(headers, row, strict=True)}
        for row in table
    ]
    path.write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")


WRITERS = {
    "csv": write_csv,
    "xlsx": write_xlsx,
    "xls": write_xls,
    "ods": write_ods,
    "json": write_json,
}


# -- importing and looking -------------------------------------------------------------------


HEADERS_2016 = [
    "行政处罚决定书文号",
    "处罚名称",
    "处罚类别1",
    "处罚类别2",
    "处罚事由",
    "处罚依据",
    "行政相对人名称",
    "行政相对人代码_1(统一社会信用代码)",
    "行政相对人代码_2(组织机构代码)",
    "行政相对人代码_3(工商登记码)",
    "行政相对人代码_4(税务登记号)",
    "行政相对人代码_5(居民身份证号)",
    "法定代表人姓名",
    "处罚结果",
    "处罚决定日期",
    "处罚机关",
    "当前状态",
    "地方编码",
    "数据更新时间戳",
    "备注",
]


def penalty_2016(n: int, status: str, **changes: Any) -> dict[str, Any]:
    row = dict.fromkeys(HEADERS_2016, "")
    row.update(
        {
            "行政处罚决定书文号": f"周工商处字〔2016〕{n}号",
            "处罚名称": "无照经营",
            "处罚类别1": "罚款",
            "处罚类别2": "没收违法所得、没收非法财物",
            "处罚事由": "未取得营业执照从事经营活动",
            "处罚依据": "《无照经营查处取缔办法》第十四条",
            "行政相对人名称": f"淄博周村纺织厂{n}",
            "行政相对人代码_1(统一社会信用代码)": company(n),
            "法定代表人姓名": "孙七",
            "处罚结果": "罚款二万元，没收违法所得",
            "处罚决定日期": "2016/05/10",
            "处罚机关": "周村区工商行政管理局",
            "当前状态": status,
            "地方编码": "370306",
        }
    )
    row.update(changes)
    return row


def repair(n: int, **changes: Any) -> dict[str, Any]:
    row = {
        "决定文书号": f"周市监罚〔2026〕{n}号",
        "决定机关": MARKET[0],
        "统一社会信用代码": company(n),
        "修复日期": "2026-03-12",
        "修复机关": "国家企业信用信息公示系统（山东）",
        "修复文号": f"鲁修〔2026〕{n}号",
    }
    row.update(changes)
    return row


def read_feedback(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as stream:
        return list(csv.DictReader(stream))


def feedback(result: intake.ImportResult) -> list[dict[str, str]]:
    return read_feedback(result.feedback)


def problems(result: intake.ImportResult) -> list[tuple[int, str]]:
    """(row, field) of every feedback line that is a problem."""
    return [(int(line["行号"]), line["字段"]) for line in feedback(result) if line["行号"]]


def records(session) -> list[Record]:
    return list(session.scalars(select(Record).order_by(Record.id)))


def record(session, doc_no: str) -> Record:
    return session.scalars(select(Record).where(Record.doc_no == doc_no)).one()


def count(session, model, *where) -> int:
    return session.scalar(select(func.count()).select_from(model).where(*where))


def every_stored_text(session) -> str:
    """Everything in every table, as text: what must never hold a prohibited value."""
    lines = []
    for table in Base.metadata.sorted_tables:
        for row in session.execute(select(table)):
            lines.append(" ".join(map(str, row)))
    return "\n".join(lines)


# -- reading a row without a database --------------------------------------------------------

CATALOG = Catalog(
    0, {item["code"]: CatalogItem(**item) for item in catalog.load_file(catalog.DEFAULT_CATALOG)}
)


def read(row: dict[str, Any], received: dt.date = RECEIVED) -> tuple[Any, list[Problem]]:
    """One row read as intake reads it, from the market supervision bureau: (entry, problems)."""
    found = layout(list(row))
    ctx = Context(
        ProviderRef(1, *MARKET),
        found.standard,
        CATALOG,
        IdProtector(b"test", b"\x01" * 32),
        received,
        18,
        dt.date(1949, 10, 1),
    )
    return read_row(ctx, found, 2, Cells(row))
