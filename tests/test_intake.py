"""Provider intake (`xinyong import`), as formats/README.md describes it.

Files are written as departments' systems write them (CSV in three encodings, XLSX, XLS,
ODS, JSON), imported, and the credit files, the audit trail and the feedback checked.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from tests.conftest import MARKET, make_ric, make_uscc
from xinyong.credit import intake, providers
from xinyong.credit.intake.feedback import ALL_PASSED
from xinyong.credit.models import (
    AuditEvent,
    Base,
    Record,
    RecordStatus,
    Rejection,
    Severity,
    Subject,
    SubjectKind,
    Submission,
)

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


@pytest.fixture
def take(session, provider, protector):
    """Import a file as the market supervision bureau, received on RECEIVED."""

    def run(path: Path, **kw: Any) -> intake.ImportResult:
        kw.setdefault("received_on", RECEIVED)
        result = intake.import_file(
            session, path, kw.pop("provider", provider), protector=protector, actor="test", **kw
        )
        session.expire_all()
        return result

    return run


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


# -- containers and encodings ----------------------------------------------------------------

CONTAINERS = [
    ("csv", {"encoding": "utf-8"}),
    ("csv", {"encoding": "utf-8-sig"}),
    ("csv", {"encoding": "gb18030"}),
    ("xlsx", {}),
    ("xls", {}),
    ("ods", {}),
    ("json", {}),
]


@pytest.mark.parametrize(("suffix", "options"), CONTAINERS, ids=lambda v: str(v))
def test_every_container_and_encoding_imports(take, session, tmp_path, suffix, options):
    rows = [penalty(1), penalty(2, 处罚决定日期=dt.date(2026, 3, 10), **{"罚款金额(万元)": "1.25"})]
    result = take(write(tmp_path / f"penalties.{suffix}", rows, **options))

    assert (result.accepted, result.rejected, result.exit_code) == (2, 0, 0)
    first, second = records(session)
    assert first.doc_no == "周市监罚〔2026〕1号"
    assert first.subject.name == "淄博周村丝绸有限公司1"
    assert first.fields["违法事实"] == "生产销售不合格产品"
    assert second.decided_on == dt.date(2026, 3, 10)
    assert second.fields["罚款金额(万元)"] == "1.25"
    submission = session.get(Submission, result.submission_id)
    assert submission.file_format == suffix
    assert (submission.kind, submission.standard, submission.accepted) == ("penalty", "2021", 2)


@pytest.mark.parametrize("suffix", ["xlsx", "xls", "ods", "json"])
def test_the_same_rows_in_another_container_change_nothing(take, tmp_path, suffix):
    rows = [penalty(1, 处罚决定日期=dt.date(2026, 3, 9)), person_penalty(2)]
    assert take(write(tmp_path / "first.csv", rows)).accepted == 2

    again = take(write(tmp_path / f"again.{suffix}", rows))

    assert (again.accepted, again.updated, again.unchanged) == (0, 0, 2)


# -- headers as real exports write them ------------------------------------------------------


def test_headers_as_department_exports_write_them(take, session, tmp_path, protector):
    representative = make_ric("19700505", serial="321")
    row = penalty(
        1,
        **{
            "行政相对人代码_2(工商注册号)": "370306200012345",
            "行政相对人代码_3(组织机构代码)": company(1)[8:17],
            "行政相对人代码_4(税务登记号)": company(1),
            "行政相对人代码_5(事业单位证书号)": "",
            "行政相对人代码_6(社会组织登记证号)": "",
            "法定代表人证件类型": "身份证",
            "法定代表人证件号码": representative,
            "数据导出时间": "2026-03-12 08:00:00",
            "地方编码": "370306",
            "数据更新时间戳": "20260312080000",
            "经办人": "赵六",
        },
    )
    written = [
        "行政相对人名称 ",
        " 行政相对人类别：",
        "行政相对人代码_1（统一社会信用代码）",
        "法定代表人:",
        "证件类型",
        "证件号码",
        "行政处罚决定书文号",
        "违法行为类型",
        "违法事实",
        "处罚依据",
        "处罚类别",
        "处罚内容",
        "罚款金额 (万元)",
        "处罚决定日期",
        "处罚机关",
        "处罚机关统一社会信用代码",
        "数据来源单位",
        "数据来源单位统一社会信用代码",
        "行政相对人代码_2 (工商注册号)",
        "行政相对人代码_3（组织机构代码）",
        "行政相对人代码_4(税务登记号)",
        "行政相对人代码_5（事业单位证书号）",
        "行政相对人代码_6（社会组织登记证号）",
        "法定代表人证件类型",
        "法定代表人证件号码",
        "数据导出时间",
        "地方编码",
        "数据更新时间戳",
        "经办人",
    ]
    result = take(write(tmp_path / "export.csv", [row], headers=written))

    assert (result.accepted, result.rejected, result.exit_code) == (1, 0, 0)
    assert feedback(result)[0] == {
        "行号": "1",
        "字段": "经办人",
        "原因": "不是标准字段，已忽略（请核对列名）",
        "原值": "",
    }
    stored = records(session)[0]
    assert stored.fields["罚款金额(万元)"] == "0.5"
    assert (
        stored.fields["法定代表人证件号码"] == representative[:6] + "********" + representative[-4:]
    )
    assert stored.fields["法定代表人证件号码哈希"] == protector.hash(representative)
    assert not {"数据导出时间", "地方编码", "工商注册号", "经办人"} & set(stored.fields)
    assert representative not in every_stored_text(session)


def test_a_wrong_organisation_code_column_is_checked_against_the_uscc(take, tmp_path):
    row = penalty(1, **{"行政相对人代码_3(组织机构代码)": "12345678-9"})

    result = take(write(tmp_path / "export.csv", [row]))

    assert problems(result) == [(2, "行政相对人代码_3(组织机构代码)")]


def test_category_missing_is_inferred_from_the_codes(take, session, tmp_path):
    rows = [
        penalty(1),
        penalty(
            2,
            **{"行政相对人名称": "周村区王记小吃店", "行政相对人代码_1(统一社会信用代码)": shop(2)},
        ),
        person_penalty(3),
    ]
    for row in rows:
        del row["行政相对人类别"]

    result = take(write(tmp_path / "no-category.csv", rows))

    assert result.accepted == 3
    kinds = [stored.subject.kind for stored in records(session)]
    assert kinds == [SubjectKind.ORG, SubjectKind.INDIVIDUAL, SubjectKind.PERSON]
    assert [stored.fields["行政相对人类别"] for stored in records(session)] == [
        "法人及非法人组织",
        "个体工商户",
        "自然人",
    ]


def test_an_empty_category_is_inferred_too(take, session, tmp_path):
    row = penalty(1, **{"行政相对人类别": "", "行政相对人代码_1(统一社会信用代码)": shop(1)})

    assert take(write(tmp_path / "empty.csv", [row])).accepted == 1
    assert records(session)[0].subject.kind == SubjectKind.INDIVIDUAL


def test_a_persons_id_number_is_kept_on_the_subject_only(take, session, tmp_path, protector):
    row = person_penalty(1)
    number = row["证件号码"]

    assert take(write(tmp_path / "person.csv", [row])).accepted == 1

    stored = records(session)[0]
    assert "证件号码" not in stored.fields
    assert stored.subject.id_hash == protector.hash(number)
    assert stored.subject.key == protector.public_key(number)
    assert stored.subject.id_masked == number[:6] + "********" + number[-4:]
    assert number not in json.dumps(stored.fields, ensure_ascii=False)


def full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def test_codes_are_normalised_before_the_check(take, session, tmp_path):
    code = company(1)
    written = " " + full_width(code[:9]) + code[9:].lower() + " "
    row = penalty(1, **{"行政相对人代码_1(统一社会信用代码)": written})

    assert take(write(tmp_path / "codes.csv", [row])).accepted == 1

    assert records(session)[0].subject.uscc == code
    assert records(session)[0].fields["行政相对人代码_1(统一社会信用代码)"] == code


def test_a_new_name_in_a_later_report_renames_the_subject_audited(take, session, tmp_path):
    take(write(tmp_path / "first.csv", [penalty(1)]))

    renamed = penalty(
        1, 行政处罚决定书文号="周市监罚〔2026〕99号", 行政相对人名称="淄博周村新丝绸有限公司"
    )
    take(write(tmp_path / "second.csv", [renamed]))

    assert session.scalars(select(Subject)).one().name == "淄博周村新丝绸有限公司"
    event = session.scalars(select(AuditEvent).where(AuditEvent.action == "subject.update")).one()
    assert event.detail["changes"]["name"] == ["淄博周村丝绸有限公司1", "淄博周村新丝绸有限公司"]


# -- the 2016 standard -----------------------------------------------------------------------

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


def test_a_2016_export_is_read_with_that_standards_names_and_codes(
    take, session, tmp_path, provider
):
    rows = [
        penalty_2016(1, "0"),
        penalty_2016(2, "1", 备注="经复议撤销"),
        penalty_2016(3, "2"),
        penalty_2016(4, ""),
        penalty_2016(
            5,
            "0",
            **{
                "行政相对人名称": "周七",
                "行政相对人代码_1(统一社会信用代码)": "",
                "法定代表人姓名": "",
                "行政相对人代码_5(居民身份证号)": make_ric("19750303"),
            },
        ),
    ]
    result = take(write(tmp_path / "2016.csv", rows), received_on=dt.date(2016, 5, 20))

    assert (result.accepted, result.rejected, result.standard) == (5, 0, "2016")
    kept, withdrawn, disputed, empty, person = records(session)
    assert kept.status == RecordStatus.ACTIVE and kept.objection_label is None
    assert withdrawn.status == RecordStatus.INVALID  # a 1 withdraws in 2016, it does not confirm
    assert disputed.status == RecordStatus.ACTIVE
    assert disputed.objection_label == "异议处理中"
    assert empty.status == RecordStatus.ACTIVE
    assert person.subject.kind == SubjectKind.PERSON
    assert kept.title == "无照经营"
    assert kept.content == "罚款二万元，没收违法所得"
    assert kept.fields["违法事实"] == "未取得营业执照从事经营活动"
    assert kept.fields["处罚类别"] == "罚款;没收违法所得;没收非法财物"
    assert kept.fields["法定代表人"] == "孙七"
    # what the 2016 standard lacks comes from the department handing the file in
    assert kept.authority_uscc == provider.uscc
    assert kept.fields["数据来源单位"] == provider.name
    assert kept.fields["数据来源单位统一社会信用代码"] == provider.uscc
    assert "罚款金额(万元)" not in kept.fields  # not asked of a 2016 export


def test_a_2016_licence_export_defaults_its_validity_start_to_the_decision(take, session, tmp_path):
    row = {
        "行政许可决定书文号": "周工商许〔2016〕8号",
        "项目名称": "个体工商户设立登记",
        "审批类别": "登记",
        "许可内容": "个体工商户设立",
        "行政相对人名称": "周村区老街茶馆",
        "行政相对人代码_1(统一社会信用代码)": shop(8),
        "法定代表人姓名": "钱八",
        "许可决定日期": "2016年5月10日",
        "许可截止期": "2099-12-31",
        "许可机关": "周村区工商行政管理局",
        "当前状态": "1",
    }
    result = take(write(tmp_path / "licences-2016.xlsx", [row]), received_on=dt.date(2016, 5, 12))

    assert (result.kind, result.standard, result.accepted) == ("license", "2016", 1)
    stored = records(session)[0]
    assert stored.valid_from == stored.decided_on == dt.date(2016, 5, 10)
    assert stored.valid_to is None  # 2099-12-31: no end
    assert stored.status == RecordStatus.INVALID
    assert stored.fields["许可类别"] == "登记"


def test_2021_licence_status_codes(take, session, tmp_path):
    rows = [licence(1, 当前状态="1"), licence(2, 当前状态="2"), licence(3, 当前状态="无效")]

    assert take(write(tmp_path / "licences.csv", rows)).accepted == 3

    assert [stored.status for stored in records(session)] == [
        RecordStatus.ACTIVE,
        RecordStatus.INVALID,
        RecordStatus.INVALID,
    ]
    assert records(session)[0].valid_to == dt.date(2031, 3, 8)
    assert records(session)[0].item_code == "XZXK"


def test_a_file_mixing_both_standards_is_refused(take, session, tmp_path):
    row = penalty(1, 处罚名称="无照经营")

    result = take(write(tmp_path / "mixed.csv", [row]))

    assert result.exit_code == 2
    assert "混用" in result.refused
    assert count(session, Record) == 0


# -- rejected rows ---------------------------------------------------------------------------

BAD_PENALTIES = {
    "wrong check character": (
        {"行政相对人代码_1(统一社会信用代码)": wrong_check(company(2))},
        "行政相对人代码_1(统一社会信用代码)",
        "校验位错误",
    ),
    "missing required value": ({"违法事实": " "}, "违法事实", "必填项为空"),
    "longer than its column holds": (
        {"行政处罚决定书文号": "周" * 201},
        "行政处罚决定书文号",
        "超过200个字符",
    ),
    "date that does not exist": ({"处罚决定日期": "2026-02-30"}, "处罚决定日期", "不存在"),
    "unreadable date": ({"处罚决定日期": "上周五"}, "处罚决定日期", "格式无法识别"),
    "decision in the future": ({"处罚决定日期": "2026-03-14"}, "处罚决定日期", "晚于报送日期"),
    "bad category": ({"行政相对人类别": "公司"}, "行政相对人类别", "不是允许的值"),
    "bad severity": ({"失信严重程度": "特别严重"}, "失信严重程度", "轻微、一般或严重"),
    "bad procedure": ({"程序类型": "快速程序"}, "程序类型", "简易程序或普通程序"),
    "2016 status code in a 2021 file": ({"当前状态": "1"}, "当前状态", "有效、变更、撤销或无效"),
    "not a kind of penalty": ({"处罚类别": "罚款;罚金"}, "处罚类别", "行政处罚法第九条"),
    "fine without its amount": ({"罚款金额(万元)": ""}, "罚款金额(万元)", "应填写罚款金额"),
    "negative amount": ({"罚款金额(万元)": "-0.5"}, "罚款金额(万元)", "不小于0"),
    "amount that is no number": ({"罚款金额(万元)": "五千元"}, "罚款金额(万元)", "不是数字"),
    "confiscation without its sum": (
        {"处罚类别": "没收违法所得"},
        "没收违法所得、没收非法财物的金额(万元)",
        "处罚类别含没收",
    ),
    "revocation without the licence": (
        {"处罚类别": "吊销许可证件"},
        "暂扣或吊销证照名称及编号",
        "处罚类别含暂扣或吊销",
    ),
    "another department's source code": (
        {"数据来源单位统一社会信用代码": TAX_OFFICE[1]},
        "数据来源单位统一社会信用代码",
        "不是报送部门",
    ),
    "organisation without its representative": (
        {"法定代表人": ""},
        "法定代表人",
        "应填写法定代表人",
    ),
    "organisation without its code": (
        {"行政相对人代码_1(统一社会信用代码)": ""},
        "行政相对人代码_1(统一社会信用代码)",
        "应填写统一社会信用代码",
    ),
    "withdrawal without its reason": (
        {"当前状态": "撤销", "撤销日期": "2026-03-12"},
        "撤销原因",
        "应填写撤销原因",
    ),
    "simple procedure for a large fine": (
        {"程序类型": "简易程序", "罚款金额(万元)": "1"},
        "程序类型",
        "行政处罚法第五十一条",
    ),
    "representative's ID number with a wrong check digit": (
        {"法定代表人证件号码": wrong_check(make_ric("19700505"))},
        "法定代表人证件号码",
        "身份证号码",
    ),
    "penalty authority code with a wrong check character": (
        {"处罚机关统一社会信用代码": "113703060041892033"},
        "处罚机关统一社会信用代码",
        "校验位错误",
    ),
}


@pytest.mark.parametrize(("change", "field", "reason"), BAD_PENALTIES.values(), ids=BAD_PENALTIES)
def test_a_bad_penalty_row_is_rejected_with_its_reason(
    take, session, tmp_path, change, field, reason
):
    result = take(write(tmp_path / "penalties.csv", [penalty(1), penalty(2, **change)]))

    assert (result.accepted, result.rejected, result.exit_code) == (1, 1, 1)
    lines = [line for line in feedback(result) if line["行号"] == "3"]
    assert [line["字段"] for line in lines] == [field]
    assert reason in lines[0]["原因"]
    assert [stored.doc_no for stored in records(session)] == ["周市监罚〔2026〕1号"]
    assert count(session, Rejection, Rejection.submission_id == result.submission_id) == 1


BAD_PERSONS = {
    "wrong check digit": (
        {"证件号码": wrong_check(make_ric("19800101"))},
        "身份证号码校验位错误",
    ),
    "minor on the decision date": ({"证件号码": make_ric("20080310")}, "未满18周岁"),
    "no ID number": ({"证件号码": ""}, "自然人应填写证件号码"),
    "a passport": ({"证件类型": "护照"}, "不是允许的值"),
}


@pytest.mark.parametrize(("change", "reason"), BAD_PERSONS.values(), ids=BAD_PERSONS)
def test_a_bad_person_row_is_rejected(take, session, tmp_path, change, reason):
    result = take(write(tmp_path / "persons.csv", [person_penalty(1, **change)]))

    assert (result.accepted, result.rejected) == (0, 1)
    assert reason in feedback(result)[0]["原因"]
    assert count(session, Subject) == 0


def test_a_person_who_turned_18_before_the_decision_is_taken(take, tmp_path):
    row = person_penalty(1, 证件号码=make_ric("20080309"))

    assert take(write(tmp_path / "adult.csv", [row])).accepted == 1


BAD_LICENCES = {
    "bad licence category": ({"许可类别": "特殊"}, "许可类别", "不是允许的值"),
    "validity ends before it starts": ({"有效期至": "2026-01-01"}, "有效期至", "早于有效期自"),
    "bad status": ({"当前状态": "3"}, "当前状态", "有效或无效"),
    "missing validity start": ({"有效期自": ""}, "有效期自", "必填项为空"),
}


@pytest.mark.parametrize(("change", "field", "reason"), BAD_LICENCES.values(), ids=BAD_LICENCES)
def test_a_bad_licence_row_is_rejected(take, tmp_path, change, field, reason):
    result = take(write(tmp_path / "licences.csv", [licence(1, **change)]))

    assert result.rejected == 1
    assert [(line["字段"], reason in line["原因"]) for line in feedback(result)] == [(field, True)]


def test_other_licence_categories_are_taken_as_written(take, session, tmp_path):
    assert take(write(tmp_path / "l.csv", [licence(1, 许可类别="其他（备案）")])).accepted == 1
    assert records(session)[0].fields["许可类别"] == "其他（备案）"


BAD_OTHERS = {
    "unknown catalog code": (other("NOPE"), "目录项代码", "不在现行目录中"),
    "a penalty item": (other("XZCF"), "目录项代码", "应按行政处罚的文件格式报送"),
    "restricted item without consent": (other("NSSE"), "书面同意文号", "书面同意"),
    "removed before recognised": (
        other("YZWFSX", 移出日期="2026-01-01", 移出文号="周移〔2026〕1号"),
        "移出日期",
        "早于认定日期",
    ),
    "another department's source code": (
        other("BZJL", 数据来源单位统一社会信用代码=TAX_OFFICE[1]),
        "数据来源单位统一社会信用代码",
        "不是报送部门",
    ),
}


@pytest.mark.parametrize(("row", "field", "reason"), BAD_OTHERS.values(), ids=BAD_OTHERS)
def test_a_bad_other_row_is_rejected(take, session, tmp_path, row, field, reason):
    result = take(write(tmp_path / "others.csv", [row]))

    assert (result.kind, result.rejected, result.exit_code) == ("other", 1, 1)
    lines = feedback(result)
    assert [line["字段"] for line in lines] == [field]
    assert reason in lines[0]["原因"]
    assert count(session, Record) == 0


# -- whole files refused ---------------------------------------------------------------------


def test_a_prohibited_column_refuses_the_file_and_leaves_no_trace(cli, session, provider, tmp_path):
    rows = [person_penalty(1, 血型="AB型Rh阴性", 宗教信仰="某某教"), penalty(2)]
    path = write(tmp_path / "prohibited.csv", rows)

    result = cli("import", str(path), "--provider", MARKET[1])

    assert result.exit_code == 3  # refused, not a usage mistake (2)
    assert "血型" in result.output + (result.stderr or "")
    session.rollback()
    stored = every_stored_text(session)
    for value in ("AB型Rh阴性", "某某教", "李四", "淄博周村丝绸有限公司2", rows[0]["证件号码"]):
        assert value not in stored
    assert count(session, Subject) == count(session, Record) == 0
    submission = session.scalars(select(Submission)).one()
    assert "禁止归集" in submission.refused
    assert submission.accepted == 0
    assert Path(f"{path}.feedback.csv").exists()


def test_a_prohibited_key_in_a_later_json_object_refuses_the_file(take, session, tmp_path):
    path = tmp_path / "later.json"
    items = [penalty(1), {**penalty(2), "病史": "高血压"}]
    path.write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")

    result = take(path)

    assert result.exit_code == 2
    assert "病史" in result.refused
    assert count(session, Record) == 0
    assert "高血压" not in every_stored_text(session)


def test_a_missing_required_column_refuses_the_file_with_one_message(
    cli, session, provider, tmp_path
):
    rows = [penalty(1)]
    del rows[0]["处罚依据"]
    del rows[0]["处罚机关"]
    path = write(tmp_path / "incomplete.csv", rows)

    result = cli("import", str(path), "--provider", MARKET[1])

    assert result.exit_code == 3  # refused, not a usage mistake (2)
    message = result.output + (result.stderr or "")
    assert "缺少必需的列：处罚依据、处罚机关" in message
    session.rollback()
    assert count(session, Record) == 0
    lines = read_feedback(Path(f"{path}.feedback.csv"))
    assert len(lines) == 1 and "处罚依据" in lines[0]["原因"]


def test_a_file_of_no_recognisable_kind_is_refused(take, tmp_path):
    result = take(write(tmp_path / "what.csv", [{"名称": "某公司", "日期": "2026-03-09"}]))

    assert result.exit_code == 2
    assert "无法判断文件类别" in result.refused and "--kind" in result.refused


def test_an_unreadable_file_is_refused(take, tmp_path):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"not a spreadsheet")

    result = take(path)

    assert result.exit_code == 2
    assert "XLSX" in result.refused


# -- merging into the credit files -----------------------------------------------------------


def test_importing_the_same_file_twice_changes_nothing(take, session, tmp_path):
    path = write(tmp_path / "penalties.csv", [penalty(1), penalty(2), person_penalty(3)])
    first = take(path)
    events = count(session, AuditEvent)

    second = take(path)

    assert (first.accepted, first.updated, first.unchanged) == (3, 0, 0)
    assert (second.accepted, second.updated, second.unchanged) == (0, 0, 3)
    assert count(session, AuditEvent) == events
    assert count(session, Record) == 3 and count(session, Subject) == 3
    assert count(session, Submission) == 2


def test_creations_are_audited(take, session, tmp_path):
    take(write(tmp_path / "penalties.csv", [penalty(1)]))

    actions = session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert actions.count("subject.create") == 1
    assert actions.count("record.create") == 1
    created = session.scalars(select(AuditEvent).where(AuditEvent.action == "record.create")).one()
    assert created.entity_id == str(records(session)[0].id)
    assert created.actor == "test"


def test_a_changed_row_updates_the_record_and_the_audit_keeps_old_and_new(take, session, tmp_path):
    take(write(tmp_path / "first.csv", [penalty(1), penalty(2)]))
    changed = penalty(1, 违法事实="生产销售不合格产品，货值金额较大", **{"罚款金额(万元)": "2"})

    result = take(write(tmp_path / "second.csv", [changed, penalty(2)]))

    assert (result.accepted, result.updated, result.unchanged) == (0, 1, 1)
    stored = record(session, "周市监罚〔2026〕1号")
    assert stored.fields["罚款金额(万元)"] == "2"
    assert stored.submission_id == result.submission_id
    event = session.scalars(select(AuditEvent).where(AuditEvent.action == "record.update")).one()
    assert event.entity_id == str(stored.id)
    assert event.detail["changes"] == {
        "fields.罚款金额(万元)": ["0.5", "2"],
        "fields.违法事实": ["生产销售不合格产品", "生产销售不合格产品，货值金额较大"],
    }


def test_a_decision_twice_in_one_file_is_stored_then_updated(
    take, session, tmp_path, provider, protector
):
    rows = [penalty(1), penalty(2), penalty(1, 违法事实="更正后的违法事实")]
    path = write(tmp_path / "twice.csv", rows)

    for size in (2, 10):  # across chunks and within one
        session.execute(Record.__table__.delete())
        result = intake.import_file(
            session,
            path,
            provider,
            protector=protector,
            actor="test",
            received_on=RECEIVED,
            settings=intake.Settings(chunk_size=size),
        )
        session.expire_all()
        assert (result.accepted, result.updated) == (2, 1)
        assert record(session, "周市监罚〔2026〕1号").fields["违法事实"] == "更正后的违法事实"


def test_a_withdrawal_makes_the_record_invalid_with_its_reason(take, session, tmp_path):
    take(write(tmp_path / "first.csv", [penalty(1)]))
    withdrawn = penalty(1, 当前状态="撤销", 撤销原因="经行政复议撤销", 撤销日期="2026-03-12")

    result = take(write(tmp_path / "withdrawal.csv", [withdrawn]))

    assert result.updated == 1
    stored = record(session, "周市监罚〔2026〕1号")
    assert stored.status == RecordStatus.INVALID
    assert stored.status_reason == "经行政复议撤销"
    assert stored.status_on == dt.date(2026, 3, 12)
    event = session.scalars(select(AuditEvent).where(AuditEvent.action == "record.update")).one()
    assert event.detail["changes"]["status"] == ["active", "invalid"]


def test_another_department_cannot_overwrite_a_record(take, session, tmp_path):
    take(write(tmp_path / "first.csv", [penalty(1)]))
    tax = providers.add(session, *TAX_OFFICE, actor="test")
    row = penalty(
        1, 违法事实="改写", 数据来源单位=TAX_OFFICE[0], 数据来源单位统一社会信用代码=TAX_OFFICE[1]
    )

    result = take(write(tmp_path / "tax.csv", [row]), provider=tax)

    assert (result.rejected, problems(result)) == (1, [(2, "行政处罚决定书文号")])
    assert record(session, "周市监罚〔2026〕1号").fields["违法事实"] == "生产销售不合格产品"


# -- disclosure, procedure, lateness ---------------------------------------------------------


def test_severity_is_inferred_by_the_catalog_rule_when_not_given(take, session, tmp_path):
    rows = [
        penalty(
            1,
            处罚类别="吊销许可证件",
            暂扣或吊销证照名称及编号="食品经营许可证JY1",
            **{"罚款金额(万元)": ""},
        ),
        penalty(2, 失信严重程度="一般", 处罚类别="吊销许可证件", 暂扣或吊销证照名称及编号="JY2"),
        penalty(3, 公示截止期="2026-12-31"),
        penalty(4, 处罚类别="警告", **{"罚款金额(万元)": ""}),
    ]
    assert take(write(tmp_path / "severity.csv", rows)).accepted == 4

    serious, given, bounded, warning = records(session)
    assert (serious.severity, serious.severity_inferred) == (Severity.SERIOUS, True)
    assert serious.disclosure_end == dt.date(2029, 3, 9)
    assert serious.repairable_from == dt.date(2027, 3, 9)
    assert (given.severity, given.severity_inferred) == (Severity.GENERAL, False)
    assert given.disclosure_end == dt.date(2027, 3, 9)
    assert bounded.disclosure_end == dt.date(2026, 12, 31)  # the provider's, within 3–12 months
    assert (warning.severity, warning.disclosure_end) == (Severity.MINOR, None)


def test_simple_procedure_penalties_are_marked(take, session, tmp_path):
    rows = [
        penalty(1, 程序类型="简易程序", **{"罚款金额(万元)": "0.2"}),
        penalty(2, 程序类型="普通程序"),
    ]

    assert take(write(tmp_path / "procedure.csv", rows)).accepted == 2

    assert [stored.simple_procedure for stored in records(session)] == [True, False]


def test_lateness_is_counted_in_working_days_from_forming_to_receipt(take, session, tmp_path):
    rows = [penalty(1, 处罚决定日期="2026-03-02"), penalty(2, 处罚决定日期="2026-03-09")]

    result = take(write(tmp_path / "late.csv", rows))

    assert result.late == 1
    late, timely = records(session)
    assert (late.report_workdays, late.late, late.late_provisional) == (9, True, False)
    assert (timely.report_workdays, timely.late) == (4, False)
    assert late.received_on == RECEIVED
    assert session.get(Submission, result.submission_id).late == 1


def test_lateness_over_a_holiday_counts_working_days_only(take, session, tmp_path):
    # National Day 2025: 1–8 October off, Sunday 28 September and Saturday 11 October worked
    row = penalty(1, 处罚决定日期="2025-09-26")

    take(write(tmp_path / "holiday.csv", [row]), received_on=dt.date(2025, 10, 13))

    assert records(session)[0].report_workdays == 7  # the limit itself is in time
    assert not records(session)[0].late


# -- other catalog items ---------------------------------------------------------------------


def test_other_catalog_items(take, session, tmp_path):
    rows = [
        other("ANSR", 1, 信息内容="2025年度纳税信用A级"),
        other(
            "YZWFSX",
            2,
            信息内容="列入严重违法失信名单",
            移出日期="2026-03-12",
            移出文号="周移〔2026〕2号",
        ),
        other("JYYC", 3, 信息内容="列入经营异常名录", 有效期至="2026-09-30", 失信严重程度="一般"),
        other("NSSE", 4, 信息内容="2025年纳税额", 书面同意文号="周同意〔2026〕4号"),
        other(
            "SXBZXR",
            5,
            主体名称="周八",
            主体类别="自然人",
            统一社会信用代码="",
            证件号码=make_ric("19850505"),
            信息内容="失信被执行人",
        ),
    ]
    result = take(write(tmp_path / "others.xlsx", rows))

    assert (result.kind, result.accepted, result.rejected) == ("other", 5, 0)
    red, black, abnormal, tax, debtor = records(session)
    assert (red.item_code, red.title, red.severity, red.disclosure_end) == (
        "ANSR",
        "A级纳税人",
        None,
        None,
    )
    assert (black.severity, black.severity_inferred) == (Severity.SERIOUS, True)
    assert black.disclosure_end == dt.date(2029, 3, 9)  # the catalog's maximum
    assert (black.removed_on, black.removed_doc) == (dt.date(2026, 3, 12), "周移〔2026〕2号")
    assert (abnormal.severity, abnormal.severity_inferred) == (Severity.GENERAL, False)
    assert abnormal.disclosure_end == dt.date(2026, 9, 30)
    assert tax.consent_ref == "周同意〔2026〕4号"
    assert debtor.subject.kind == SubjectKind.PERSON
    assert all(stored.kind == "other" for stored in records(session))


# -- repairs decided upstream ----------------------------------------------------------------


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


def test_a_repair_file_archives_the_record(take, session, tmp_path):
    take(write(tmp_path / "penalties.csv", [penalty(1), penalty(2), penalty(3)]))
    rows = [repair(1), repair(9), repair(2, 统一社会信用代码=company(3))]

    result = take(write(tmp_path / "repairs.csv", rows))

    assert (result.kind, result.updated, result.unmatched, result.rejected) == ("repair", 1, 1, 1)
    assert problems(result) == [(3, "决定文书号"), (4, "统一社会信用代码")]
    assert "未归集" in feedback(result)[0]["原因"]
    repaired = record(session, "周市监罚〔2026〕1号")
    assert repaired.status == RecordStatus.ARCHIVED
    assert (repaired.repaired_on, repaired.repair_doc) == (dt.date(2026, 3, 12), "鲁修〔2026〕1号")
    assert repaired.repaired_by == "国家企业信用信息公示系统（山东）"
    assert record(session, "周市监罚〔2026〕2号").status == RecordStatus.ACTIVE
    event = session.scalars(select(AuditEvent).where(AuditEvent.action == "record.repair")).one()
    assert event.detail["changes"]["status"] == ["active", "archived"]
    notice = session.scalars(select(Rejection).where(Rejection.notice.is_(True))).one()
    assert notice.row == 3


def test_a_repair_for_a_record_not_held_is_no_error(take, tmp_path):
    result = take(write(tmp_path / "repairs.csv", [repair(7)]))

    assert (result.unmatched, result.rejected, result.exit_code) == (1, 0, 0)


def test_a_repaired_record_stays_archived_when_files_come_again(take, session, tmp_path):
    penalties = write(tmp_path / "penalties.csv", [penalty(1)])
    repairs = write(tmp_path / "repairs.csv", [repair(1)])
    take(penalties)
    take(repairs)

    assert take(repairs).unchanged == 1
    assert take(penalties).unchanged == 1
    assert record(session, "周市监罚〔2026〕1号").status == RecordStatus.ARCHIVED


# -- feedback --------------------------------------------------------------------------------


def test_feedback_names_rows_as_the_spreadsheet_does_and_neutralises_formulas(take, tmp_path):
    rows = [
        penalty(1),
        penalty(2, 处罚决定日期='=HYPERLINK("http://x")'),
        person_penalty(3, 证件号码=make_ric("19800101")[:-1] + "Z"),
    ]
    path = write(tmp_path / "penalties.csv", [{**row, "@cmd": "x"} for row in rows])

    result = take(path)

    raw = result.feedback.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    lines = feedback(result)
    assert list(lines[0]) == ["行号", "字段", "原因", "原值"]
    assert (lines[0]["行号"], lines[0]["字段"]) == ("1", "'@cmd")
    assert (lines[1]["行号"], lines[1]["字段"]) == ("3", "处罚决定日期")
    assert lines[1]["原值"] == '\'=HYPERLINK("http://x")'
    assert lines[2]["行号"] == "4"
    assert lines[2]["原值"].startswith("370306") and "********" in lines[2]["原值"]
    assert ALL_PASSED not in raw.decode("utf-8-sig")


def test_feedback_of_a_clean_file_says_all_passed(take, tmp_path):
    result = take(write(tmp_path / "clean.csv", [penalty(1)]))

    assert [line["原因"] for line in feedback(result)] == [f"{ALL_PASSED}：共1行"]


def test_progress_is_reported_per_chunk(take, tmp_path):
    seen: list[tuple[int, int]] = []
    rows = [penalty(n) for n in range(1, 6)]

    take(
        write(tmp_path / "five.csv", rows),
        settings=intake.Settings(chunk_size=2),
        progress=lambda done, total: seen.append((done, total)),
    )

    assert seen == [(2, 5), (4, 5), (5, 5)]


# -- the command -----------------------------------------------------------------------------


def test_cli_gb18030_csv_with_good_and_bad_rows(cli, session, provider, tmp_path):
    rows = [penalty(1), penalty(2, 处罚决定日期="2026-03-02"), penalty(3, 处罚类别="罚金")]
    path = write(tmp_path / "周村区市场监管局处罚.csv", rows, encoding="gb18030")

    result = cli("import", str(path), "--provider", MARKET[1], "--received", "2026-03-13")

    assert result.exit_code == 1
    assert result.output.startswith(
        f"accepted 2, updated 0, unchanged 0, rejected 1, late 1 — feedback: {path}.feedback.csv"
    )
    lines = read_feedback(Path(f"{path}.feedback.csv"))
    assert [(line["行号"], line["字段"]) for line in lines] == [("4", "处罚类别")]
    session.rollback()
    assert count(session, Record) == 2


def test_cli_xls_exported_by_a_departments_own_system(cli, session, provider, tmp_path):
    row = penalty(
        1,
        处罚决定日期=dt.date(2026, 3, 9),
        **{
            "行政相对人代码_2(工商注册号)": "",
            "行政相对人代码_3(组织机构代码)": company(1)[8:17],
            "行政相对人代码_4(税务登记号)": "",
            "行政相对人代码_5(事业单位证书号)": "",
            "行政相对人代码_6(社会组织登记证号)": "",
            "法定代表人证件类型": "身份证",
            "法定代表人证件号码": make_ric("19700505"),
            "数据导出时间": dt.date(2026, 3, 12),
            "地方编码": "370306",
            "数据更新时间戳": "2026-03-12 08:00:00",
        },
    )
    full_width = [header.replace("(", "（").replace(")", "）") for header in headers_of([row])]
    path = write(tmp_path / "export.xls", [row], headers=full_width)

    result = cli("import", str(path), "--provider", MARKET[0], "--received", "2026-03-13")

    assert result.exit_code == 0, result.output
    assert "accepted 1, updated 0, unchanged 0, rejected 0, late 0" in result.output
    session.rollback()
    assert records(session)[0].fields["行政相对人代码_1(统一社会信用代码)"] == company(1)


def test_cli_kind_option_and_exit_codes(cli, provider, tmp_path):
    row = repair(1)
    path = write(tmp_path / "repairs.csv", [row])

    assert cli("import", str(path), "--provider", MARKET[1], "--kind", "repair").exit_code == 0
    wrong = cli("import", str(path), "--provider", MARKET[1], "--kind", "penalty")
    assert wrong.exit_code == 3  # refused, not a usage mistake (2)
    assert "--kind 指定为行政处罚，但表头是信用修复结果文件的表头" in wrong.output
    assert cli("import", str(path), "--provider", MARKET[1], "--kind", "nonsense").exit_code == 2
    assert cli("import", str(path), "--provider", "没有这个部门").exit_code == 2
    assert (
        cli("import", str(path), "--provider", MARKET[1], "--received", "2099-01-01").exit_code == 2
    )
