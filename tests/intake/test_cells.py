"""Cell values read into clean values: amounts, text, what the feedback echoes (no database)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xinyong.credit.intake.cells import RowReader, parse_amount, printable, unprintable
from xinyong.credit.intake.feedback import EXCEL_CELL, neutralise
from xinyong.credit.intake.headers import layout
from xinyong.credit.tabular import BadCell, number_text

pytestmark = pytest.mark.sqlite_only  # nothing here touches a database

HOSTILE_AMOUNTS = {
    "an absurd exponent": ("9e999999999", "过大"),
    "a million digits by exponent": ("1e999999", "过大"),
    "a tiny exponent": ("1e-999999", "小数位过多"),
    "more digits than the column": ("1234567890123456789", "过大"),
    "below one fen": ("0.0000001", "小数位过多"),
    "negative": ("-1", "不能为负数"),
    "negative zero": ("-0", "-0"),
    "negative zero with decimals": ("-0.00", "-0"),
    "not a number": ("五千", "不是数字"),
    "infinity": ("Infinity", "不小于0"),
    "nan": ("NaN", "不小于0"),
}


@pytest.mark.parametrize(("value", "reason"), HOSTILE_AMOUNTS.values(), ids=HOSTILE_AMOUNTS)
def test_a_hostile_amount_is_refused_with_a_reason_never_an_overflow(value, reason):
    with pytest.raises(ValueError, match=reason):
        parse_amount(value)


@pytest.mark.parametrize(
    ("value", "amount"),
    [
        ("0.5", "0.5"),
        ("5000", "5000"),
        ("1,250.50", "1250.5"),
        ("０．３万元", "0.3"),
        ("1.5E+3", "1500"),
        ("0.000001", "0.000001"),
        ("0", "0"),
        ("999999999999999999.999999", "999999999999999999.999999"),
    ],
)
def test_amounts_are_exact_plain_decimals_in_wan_yuan(value, amount):
    assert parse_amount(value) == amount


@given(st.decimals(min_value=0, max_value=Decimal("1e17"), places=6, allow_nan=False))
def test_every_amount_the_column_holds_reads_back_as_itself(number):
    assert Decimal(parse_amount(str(number))) == number


@given(st.integers(0, 10**12), st.integers(0, 6))
def test_a_spreadsheet_number_cell_reads_as_the_decimal_it_shows(units, places):
    shown = Decimal(units).scaleb(-places)
    assert Decimal(parse_amount(number_text(float(shown)))) == shown


def test_float_noise_never_reaches_an_amount():
    assert number_text(0.1 + 0.2) == "0.3"
    assert parse_amount(number_text(1.1 * 3)) == "3.3"


@pytest.mark.parametrize(
    ("value", "reason"),
    [("甲\x00乙", "空字符"), ("甲\x07", "U+0007"), ("\ud800甲", "代理项"), ("\x1b[31m", "U+001B")],
)
def test_control_characters_and_lone_surrogates_are_named(value, reason):
    assert reason in unprintable(value)
    assert printable(value).encode("utf-8")  # what the feedback writes can be written


@pytest.mark.parametrize("value", ["多行\n内容", "制表\t符", "回车\r\n换行", "全角　空格"])
def test_line_breaks_and_tabs_are_text(value):
    assert unprintable(value) is None


def reader(**cells: object) -> RowReader:
    found = layout(
        [
            "目录项代码",
            "主体名称",
            "认定文号",
            "信息内容",
            "认定日期",
            "认定机关",
            "数据来源单位",
            "统一社会信用代码",
        ]
    )
    return RowReader(2, dict(cells), found, [], earliest=dt.date(1949, 10, 1))


def test_a_cell_longer_than_any_field_allows_is_rejected_not_stored():
    row = reader(信息内容="长" * 100_000)
    assert row.text("信息内容") is None
    assert "100,000个字符" in row.problems[0].reason


def test_a_list_in_a_json_cell_is_rejected():
    row = reader(信息内容=BadCell("[1, 2]", "应为文本、数字或日期，不能是列表或对象"))
    assert row.text("信息内容") is None
    assert "不能是列表" in row.problems[0].reason


@pytest.mark.parametrize("day", ["1899-12-30", dt.date(1899, 12, 30), "1949-09-30"])
def test_a_date_before_the_earliest_is_rejected_like_a_future_one(day):
    row = reader(认定日期=day)
    assert row.date("认定日期") is None
    assert "早于1949-10-01" in row.problems[0].reason


def test_the_earliest_day_itself_is_taken():
    assert reader(认定日期="1949-10-01").date("认定日期") == dt.date(1949, 10, 1)


def test_a_feedback_cell_is_cut_to_what_excel_holds_and_says_so():
    cut = neutralise("长" * 100_000)
    assert len(cut) <= EXCEL_CELL
    assert "原值过长，共100,000个字符" in cut


def test_a_feedback_cell_never_starts_a_formula():
    assert neutralise("=HYPERLINK(1)") == "'=HYPERLINK(1)"
