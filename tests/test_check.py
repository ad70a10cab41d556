"""信用核查: a department checks a list of subjects for a matter, and the check is kept."""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func, select

from tests.conftest import make_ric, make_uscc
from xinyong.commands import EXIT_OK, EXIT_REFUSED, EXIT_USAGE
from xinyong.credit import checks, checks_sheet
from xinyong.credit.models import (
    CreditCheck,
    QueryLogEntry,
    RecordStatus,
)

TODAY = dt.date.today()
RECENT = TODAY - dt.timedelta(days=40)
LATER = TODAY + dt.timedelta(days=300)

COURT = ("淄博市周村区人民法院", "11370306004189300X")


def bidders(factory) -> dict[str, object]:
    """Eleven registered bidders of the district, three of them with something to say."""
    made = {}
    for n in range(11):
        made[n] = factory.company(f"淄博周村建设工程第{n + 1}有限公司")
    factory.record(
        made[0],
        "SXBZXR",
        doc_no="（2026）鲁0306执123号",
        authority=COURT[0],
        authority_uscc=None,
        decided_on=RECENT,
        severity="serious",
        disclosure_end=LATER,
    )
    factory.record(
        made[1],
        "XZCF",
        decided_on=RECENT,
        severity="general",
        disclosure_end=LATER,
        objection_label="异议处理中",
    )
    # repaired and withdrawn records never count
    factory.record(
        made[3],
        "SXBZXR",
        decided_on=RECENT,
        severity="serious",
        disclosure_end=LATER,
        status=RecordStatus.ARCHIVED,
    )
    factory.record(
        made[4],
        "YZWFSX",
        decided_on=RECENT,
        severity="serious",
        disclosure_end=LATER,
        status=RecordStatus.INVALID,
        status_reason="决定已撤销",
    )
    return made


def write_list(path: Path, rows: list[tuple[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["主体名称", "统一社会信用代码"])
        writer.writerows(rows)
    return path


def twelve(made, tmp_path: Path) -> Path:
    rows = [(made[n].name, made[n].uscc) for n in range(11)]
    rows[2] = ("周村某某商贸有限公司", made[2].uscc)  # the name does not match the code
    rows.append(("外地投标有限公司", make_uscc("91370100MA3D00001")))  # not held here
    return write_list(tmp_path / "投标人.csv", rows)


def sheet_rows(path: Path) -> list[list[str]]:
    book = openpyxl.load_workbook(path, read_only=True)
    values = [
        ["" if v is None else str(v) for v in row]
        for row in book.active.iter_rows(values_only=True)
    ]
    book.close()
    return values


def subjects_of(values: list[list[str]]) -> list[dict[str, str]]:
    header = values[checks_sheet.FIRST_ROW - 2]
    assert header[0] == "序号"
    return [dict(zip(header, row, strict=False)) for row in values[checks_sheet.FIRST_ROW - 1 :]]


def test_a_procurement_officer_checks_twelve_bidders_and_gets_a_sheet_that_says_exactly_that(
    cli, session, factory, tmp_path
):
    made = bidders(factory)
    session.commit()
    listed = twelve(made, tmp_path)

    result = cli("check", str(listed), "--matter", "政府采购")

    assert result.exit_code == EXIT_OK, result.output
    line = result.output.strip()
    assert len(line.splitlines()) == 1
    assert "12个主体" in line and "本区掌握11个" in line and "名称与代码不一致1个" in line
    sheet = tmp_path / "投标人.核查结果.xlsx"
    values = sheet_rows(sheet)
    info = {row[0]: row[1] for row in values[1:9]}
    assert info["核查事项"] == "政府采购（ZFCG）"
    assert "中国政府采购网" in info["还应查询"] and "信用中国" in info["还应查询"]
    rows = subjects_of(values)
    assert len(rows) == 12

    dishonest = rows[0]
    assert "失信被执行人" in dishonest["黑名单"] and "（2026）鲁0306执123号" in dishonest["黑名单"]
    assert "限制参与政府采购（惩戒）" in dishonest["适用措施及依据"]
    assert "政府采购法》第二十二条" in dishonest["适用措施及依据"]
    assert "全国失信惩戒措施基础清单（2024年版）" in dishonest["适用措施及依据"]

    objected = rows[1]
    assert "【异议处理中】" in objected["公示期内行政处罚"]
    assert "异议处理中（尚未核实，不作定论）" in objected["结论"]
    assert objected["适用措施及依据"] == ""

    mismatch = rows[2]
    assert mismatch["核查结果"] == "名称与代码不一致"
    assert mismatch["本区登记名称"] == made[2].name

    for quiet in (rows[3], rows[4], rows[5]):  # repaired, withdrawn, nothing at all
        assert quiet["核查结果"] == "已找到"
        assert quiet["结论"].startswith("在本区公共信用信息中未发现该主体与政府采购相关的")
        assert "数据截至" in quiet["结论"] and "中国政府采购网" in quiet["结论"]
        assert all(quiet[label] == "" for label in checks.SECTIONS.values())

    stranger = rows[11]
    assert stranger["核查结果"] == "本区未掌握该主体"
    assert stranger["结论"].startswith("在本区公共信用信息中未发现该主体，数据截至")


def test_the_check_is_in_the_query_log_and_opens_later_exactly_as_it_was(
    cli, session, factory, tmp_path
):
    made = bidders(factory)
    session.commit()
    assert cli("check", str(twelve(made, tmp_path)), "--matter", "ZFCG").exit_code == EXIT_OK
    kept = session.scalar(select(CreditCheck))
    purpose = f"信用核查{kept.number}：政府采购"
    logged = session.scalars(select(QueryLogEntry).where(QueryLogEntry.purpose == purpose)).all()
    assert sorted(entry.subject_name for entry in logged) == sorted(m.name for m in made.values())
    first = sheet_rows(tmp_path / "投标人.核查结果.xlsx")

    # a week later the court's entry is repaired: a new check says so, the old one does not change
    record = made[0].records[0]
    record.status = RecordStatus.ARCHIVED
    session.commit()
    again = tmp_path / "again.xlsx"
    session.expire_all()
    checks_sheet.write(checks.find(session, kept.number), again)
    assert sheet_rows(again) == first
    assert cli("check", str(twelve(made, tmp_path)), "--matter", "ZFCG").exit_code == EXIT_OK
    newer = subjects_of(sheet_rows(tmp_path / "投标人.核查结果.xlsx"))
    assert newer[0]["黑名单"] == "" and newer[0]["适用措施及依据"] == ""
    assert subjects_of(first)[0]["黑名单"] != ""


def test_a_person_is_matched_by_the_keyed_hash_and_shown_masked(cli, session, factory, tmp_path):
    person = factory.person("王五", "19800101")
    factory.record(person, "SXBZXR", decided_on=RECENT, severity="serious", disclosure_end=LATER)
    session.commit()
    number = make_ric("19800101", serial=f"{1:03d}")
    listed = write_list(tmp_path / "persons.csv", [("王五", number)])
    assert cli("check", str(listed), "--matter", "招标投标").exit_code == EXIT_OK
    values = sheet_rows(tmp_path / "persons.核查结果.xlsx")
    row = subjects_of(values)[0]
    assert row["核查结果"] == "已找到" and "失信被执行人" in row["黑名单"]
    assert "限制参与招标投标" in row["适用措施及依据"]
    assert number not in str(values) and row["统一社会信用代码（证件号码）"].count("*") == 8
    stored = session.scalar(select(CreditCheck)).result
    assert number not in str(stored)


@pytest.mark.parametrize(
    "name, content, says",
    [
        ("list.csv", "名称,代码\n甲,乙\n", "缺少“主体名称”列"),
        ("list.csv", "主体名称,地址\n甲,乙\n", "缺少“统一社会信用代码”列"),
        ("list.csv", "主体名称,统一社会信用代码\n", "名单中没有主体"),
        ("list.xlsx", b"PK\x03\x04 not really a workbook", "已损坏"),
        ("list.xls", b"%PDF-1.4 a pdf in disguise", "PDF"),
        ("list.csv", b"\x00\x01\x02\xff\xfe binary", ""),
        ("list.docx", "主体名称,统一社会信用代码\n", "不支持的文件类型"),
    ],
)
def test_a_hostile_or_wrong_list_is_refused_in_chinese_and_nothing_is_kept(
    cli, session, tmp_path, name, content, says
):
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    result = cli("check", str(path), "--matter", "政府采购")
    assert result.exit_code == EXIT_REFUSED, result.output
    assert says in result.output and "Traceback" not in result.output
    assert session.scalar(select(func.count()).select_from(CreditCheck)) == 0


def test_an_unknown_matter_names_the_known_ones(cli, session, factory, tmp_path):
    listed = write_list(tmp_path / "l.csv", [("甲公司", make_uscc("91370306MA3C00099"))])
    result = cli("check", str(listed), "--matter", "买菜")
    assert result.exit_code == EXIT_USAGE
    assert "未知的核查事项“买菜”" in result.output and "政府采购（ZFCG）" in result.output


def test_a_list_longer_than_the_limit_is_refused(app, cli, tmp_path):
    app.config["CHECK_MAX_SUBJECTS"] = 3
    rows = [(f"公司{n}", make_uscc(f"91370306MA3C{n:05d}")) for n in range(4)]
    result = cli("check", str(write_list(tmp_path / "l.csv", rows)), "--matter", "ZFCG")
    assert result.exit_code == EXIT_REFUSED and "名单超过3个主体" in result.output


def test_a_code_that_is_neither_a_uscc_nor_an_id_number_is_said_so(cli, session, tmp_path):
    listed = write_list(tmp_path / "l.csv", [("甲公司", "12345"), ("乙", "")])
    assert cli("check", str(listed), "--matter", "ZFCG").exit_code == EXIT_OK
    rows = subjects_of(sheet_rows(tmp_path / "l.核查结果.xlsx"))
    assert [row["核查结果"] for row in rows] == ["代码无效", "代码无效"]


@given(content=st.binary(max_size=400), suffix=st.sampled_from([".csv", ".xlsx", ".xls", ".txt"]))
def test_any_bytes_as_a_list_are_read_or_refused_in_chinese(tmp_path_factory, content, suffix):
    path = tmp_path_factory.mktemp("lists") / f"list{suffix}"
    path.write_bytes(content)
    try:
        queries = checks.read_list(path, 100)
    except checks.CheckError as error:
        assert re.search(r"[\u4e00-\u9fff]", str(error)), str(error)
    else:
        assert 0 < len(queries) <= 100


@given(name=st.text(max_size=30))
def test_a_name_matches_itself_in_full_width_and_with_spaces(name):
    import unicodedata

    assert checks.same_name(name, name)
    assert checks.same_name(f" {name} ", unicodedata.normalize("NFKC", name))


@pytest.mark.parametrize("suffix", [".xlsx", ".xls"])
def test_a_spreadsheet_list_is_read_like_a_csv(cli, session, factory, tmp_path, suffix):
    made = bidders(factory)
    session.commit()
    rows = [
        ("主体名称", "统一社会信用代码"),
        (made[0].name, made[0].uscc),
        (made[5].name, made[5].uscc),
    ]
    path = tmp_path / f"名单{suffix}"
    if suffix == ".xlsx":
        book = openpyxl.Workbook()
        for row in rows:
            book.active.append(row)
        book.save(path)
    else:
        import xlwt

        book = xlwt.Workbook()
        sheet = book.add_sheet("名单")
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                sheet.write(r, c, value)
        book.save(str(path))
    assert cli("check", str(path), "--matter", "ZFCG").exit_code == EXIT_OK
    found = subjects_of(sheet_rows(tmp_path / "名单.核查结果.xlsx"))
    assert [row["核查结果"] for row in found] == ["已找到", "已找到"]
    assert "限制参与政府采购" in found[0]["适用措施及依据"] and found[1]["黑名单"] == ""
