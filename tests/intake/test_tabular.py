"""Reading the files departments hand in: containers, encodings, and files that are no table."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import zipfile

import pytest

from tests.intake.files import (
    count,
    feedback,
    penalty,
    person_penalty,
    records,
    write,
    write_xlsx,
)
from xinyong.credit.models import (
    Record,
    Submission,
)
from xinyong.credit.tabular import BadCell, TableError, open_table

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

    assert (result.accepted, result.rejected, result.refused) == (2, 0, None)
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


def test_an_unreadable_file_is_refused(take, tmp_path):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"not a spreadsheet")

    result = take(path)

    assert result.refused
    assert "XLSX" in result.refused


# -- files that are no table at all ----------------------------------------------------------

#: a library's own words, which must never reach a department
ALLOWED = "CSV|XLSX|XLS|ODS|JSON|HTML|UTF|GB18030|ZIP|PDF|PNG|JPEG|GIF|RAR|GZIP|RTF|Excel|Word|Office|NUL|BMP"
ENGLISH = re.compile(rf"(?<![A-Za-z])(?!(?:{ALLOWED})(?![A-Za-z]))[A-Za-z]{{3,}}", re.IGNORECASE)


def zip_of(*members: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in members:
            archive.writestr(name, "<x/>")
    return buffer.getvalue()


NOT_TABLES = {
    "a PNG renamed .csv": ("picture.csv", b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "PNG图片"),
    "an HTML page named .xls": (
        "export.xls",
        "<html><body><table><tr><td>行政相对人名称</td></tr></table></body></html>".encode(),
        "网页（HTML）",
    ),
    "random bytes as .csv": ("noise.csv", bytes(range(256)) * 40, "不是文本"),
    "random bytes as .xlsx": ("noise.xlsx", bytes(range(255, -1, -1)) * 40, "不是XLSX"),
    "an empty file": ("empty.csv", b"", "文件为空"),
    "an empty JSON file": ("empty.json", b"", "文件为空"),
    "a zip that is not xlsx": ("archive.xlsx", zip_of("readme.txt"), "ZIP压缩包"),
    "a Word document named .xlsx": ("letter.xlsx", zip_of("word/document.xml"), "Word文档"),
    "a PDF named .xls": ("scan.xls", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF文档"),
    "a text file named .xlsx": (
        "text.xlsx",
        "行政相对人名称,处罚机关\n甲,乙\n".encode(),
        "不是XLSX",
    ),
    "a broken zip": ("broken.ods", b"PK\x03\x04" + b"\x00" * 60, "已损坏"),
    "an OLE file that is no workbook": (
        "memo.xls",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600,
        "Office文档",
    ),
    "a workbook with a password": (
        "secret.xlsx",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + "EncryptedPackage".encode("utf-16-le")
        + b"\x00" * 600,
        "设有密码",
    ),
    "an unterminated quote": ("quote.csv", '名称,文号\n"甲,1\n乙,2\n'.encode(), "引号不成对"),
    "JSON that is an object": ("one.json", '{"名称": "甲"}'.encode(), "对象列表"),
    "JSON cut short": ("cut.json", '[{"名称": "甲"}, {"名称": '.encode(), "第2条记录"),
    "JSON of numbers": ("numbers.json", b"[1, 2, 3]", "不是对象"),
    "JSON with a number of 10,000 digits": (
        "huge.json",
        b'[{"n": ' + b"9" * 10_000 + b"}]",
        "数字",
    ),
    "JSON with an exponent of 20 digits": ("exp.json", b'[{"n": 1e' + b"9" * 20 + b"}]", "数字"),
    "JSON that is not JSON": ("prose.json", "这不是JSON".encode(), "不是有效的JSON"),
    "an unsupported suffix": ("table.numbers", b"whatever", "不支持的文件类型"),
}


@pytest.mark.parametrize(("name", "content", "reason"), NOT_TABLES.values(), ids=NOT_TABLES)
def test_a_file_that_is_no_table_is_refused_as_what_it_is_in_chinese(
    tmp_path, name, content, reason
):
    path = tmp_path / name
    path.write_bytes(content)

    with pytest.raises(TableError) as refused, open_table(path) as table:
        list(table.rows)

    assert reason in str(refused.value)
    said = str(refused.value).replace(path.suffix, "")
    assert not ENGLISH.search(said), said


def test_a_refused_file_leaves_only_its_refusal(take, session, tmp_path):
    path = tmp_path / "picture.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))

    result = take(path)

    assert result.refused and "PNG图片" in result.refused
    assert count(session, Record) == 0
    assert [line["原因"] for line in feedback(result)] == [result.refused]


def test_a_spreadsheet_renamed_csv_is_read_as_the_spreadsheet_it_is(take, tmp_path):
    path = write(tmp_path / "penalties.xlsx", [penalty(1)])
    renamed = path.rename(tmp_path / "penalties.csv")

    assert take(renamed).accepted == 1


def test_a_spreadsheet_number_is_read_as_excel_shows_it(tmp_path):
    path = tmp_path / "sums.xlsx"
    write_xlsx(path, ["金额", "整数", "大数"], [[0.1 + 0.2, 3.0, 12345678.9]])

    with open_table(path) as table:
        [(_, cells)] = list(table.rows)

    assert (cells["金额"], cells["整数"], cells["大数"]) == ("0.3", "3", "12345678.9")


def test_a_row_wider_than_its_header_is_told_apart(tmp_path):
    path = tmp_path / "wide.csv"
    path.write_text("名称,文号\n甲,1\n乙,2,多出来的\n丙,3,,\n", encoding="utf-8")

    with open_table(path) as table:
        rows = [
            (number, cells.width, cells.columns, cells.overflows) for number, cells in table.rows
        ]

    assert rows == [(2, 2, 2, False), (3, 3, 2, True), (4, 2, 2, False)]


def test_excels_unicode_text_export_is_read(tmp_path):
    path = tmp_path / "unicode.txt"
    path.write_text("名称\t文号\n甲\t1\n", encoding="utf-16")

    with open_table(path) as table:
        assert [dict(cells) for _, cells in table.rows] == [{"名称": "甲", "文号": "1"}]


def test_json_keeps_what_the_row_check_must_see(tmp_path):
    path = tmp_path / "odd.json"
    path.write_text(
        '[{"名称": "\\ud800", "文号": [1, 2], "金额": 0.3, "数": ' + "9" * 200 + "}]",
        encoding="utf-8",
    )

    with open_table(path) as table:
        [(_, cells)] = list(table.rows)

    assert cells["名称"] == "\ud800"  # not turned into "?" by the C parser
    assert isinstance(cells["文号"], BadCell) and "不能是列表" in cells["文号"].reason
    assert cells["金额"] == "0.3"
    assert isinstance(cells["数"], BadCell) and "位数过多" in cells["数"].reason


def test_json_streams_object_by_object(tmp_path):
    path = tmp_path / "many.json"
    path.write_text(json.dumps([{"n": n} for n in range(5000)]), encoding="utf-8")

    with open_table(path) as table:
        numbers = [(number, cells["n"]) for number, cells in table.rows]

    assert numbers[0] == (2, "0") and numbers[-1] == (5001, "4999")


def test_headers_that_no_database_can_hold_are_reported_not_stored_raw(take, session, tmp_path):
    rows = [{**penalty(1), "备注\x00": "x", "\ud800列": "y"}]
    path = tmp_path / "odd-keys.json"
    path.write_text(json.dumps(rows, ensure_ascii=True), encoding="utf-8")

    result = take(path)

    assert (result.accepted, result.rejected) == (1, 0)
    notices = [line["字段"] for line in feedback(result) if line["行号"] == "1"]
    assert notices == ["备注\ufffd", "\ufffd列"]
