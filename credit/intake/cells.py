"""Reading one row's cells into clean values, collecting every problem with its reason.

A row is read whole, so the department gets one feedback line per problem rather than
one per attempt.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Collection, Mapping
from decimal import Context, Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

from xinyong.credit.dates import parse_date
from xinyong.credit.identifiers import IdProtector, InvalidCode, check_ric, check_uscc, mask_ric
from xinyong.credit.intake.headers import CODE_COLUMNS, Layout
from xinyong.credit.intake.problems import Problem
from xinyong.credit.tabular import BadCell

EMPTY = "必填项为空"
#: 有效期至 written for "no end"
OPEN_END = (dt.date(2099, 12, 31), dt.date(9999, 12, 31))
OPEN_END_WORDS = frozenset({"长期", "永久", "无限期"})
ID_NUMBERS = frozenset({"证件号码", "法定代表人证件号码"})
HASH_SUFFIX = "哈希"
_SEPARATORS = re.compile(r"\s*[;；,，、]\s*")
#: the most characters of a cell kept in a record's fields (a column's own length is less);
#: the 2021 standard's longest text fields (违法事实, 许可内容) hold some thousands
CELL_LIMIT = 5000
#: 2021 standard: amounts in 万元, numeric (24, 6): 18 integer digits, 6 decimals (one 分)
AMOUNT_INTEGER_DIGITS = 18
AMOUNT_DECIMALS = 6
_AMOUNT_CONTEXT = Context(prec=AMOUNT_INTEGER_DIGITS + AMOUNT_DECIMALS + 2)
#: control characters (NUL included: PostgreSQL refuses it) and lone UTF-16 surrogates;
#: tab and line breaks are how a long text is written
_UNPRINTABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


def text_of(cell: object) -> str:
    if isinstance(cell, BadCell):
        return cell.text
    if isinstance(cell, dt.date):
        return cell.isoformat()
    return str(cell if cell is not None else "").strip()


def split_list(value: str) -> list[str]:
    """Several values in one cell, joined by `;` (or `；`, `，`, `、` as exports write them)."""
    return [part for part in _SEPARATORS.split(value) if part]


def parse_amount(value: str) -> str:
    """An amount in 万元 as a plain decimal string, so the same sum always reads the same.

    Exact to the standard's precision: never through a float, never with more digits than
    the standard's column holds (an exponent such as 9e999999999 is a wrong cell, not a sum).
    """
    text = unicodedata.normalize("NFKC", value).replace(",", "").strip().removesuffix("万元")
    try:
        number = Decimal(text.strip())
    except InvalidOperation:
        raise ValueError(f"金额“{value}”不是数字（单位：万元）") from None
    if not number.is_finite() or number.is_signed():
        raise ValueError(f"金额“{value}”应为不小于0的数（单位：万元），不能为负数或-0")
    sign, digits, exponent = number.as_tuple()
    assert isinstance(exponent, int)
    zeros = len(digits) - len("".join(map(str, digits)).rstrip("0"))
    if number and -(exponent + zeros) > AMOUNT_DECIMALS:
        raise ValueError(
            f"金额“{value}”小数位过多：单位为万元，最多{AMOUNT_DECIMALS}位小数（精确到分）"
        )
    if number.adjusted() >= AMOUNT_INTEGER_DIGITS:
        raise ValueError(f"金额“{value}”过大：整数部分最多{AMOUNT_INTEGER_DIGITS}位（单位：万元）")
    return format(number.normalize(_AMOUNT_CONTEXT), "f")


def unprintable(value: str) -> str | None:
    """Why a text cannot be stored as it is, if it cannot."""
    found = _UNPRINTABLE.search(value)
    if found is None:
        return None
    char = found.group()
    if "\ud800" <= char <= "\udfff":
        return "含有无效的字符编码（孤立的代理项），请核对该单元格"
    name = "空字符（NUL）" if char == "\x00" else f"控制字符（U+{ord(char):04X}）"
    return f"含有不可见的{name}，请删除后重新报送"


def printable(value: str) -> str:
    """`value` with what cannot be stored or written shown as U+FFFD, for feedback and notes."""
    return _UNPRINTABLE.sub("\ufffd", value)


@lru_cache(maxsize=1 << 14)
def checked_uscc(value: str) -> tuple[str | None, str | None]:
    """(code, None) or (None, reason): the same authority and source codes come on every row."""
    try:
        return check_uscc(value), None
    except InvalidCode as error:
        return None, str(error)


def masked(name: str, value: str) -> str:
    """What the feedback may echo of a cell: never an ID number in clear."""
    if name in ID_NUMBERS and value:
        return mask_ric(value) if len(value) >= 10 else "*" * len(value)
    return value


class RowReader:
    """One row's cells by field name; each method returns a clean value or None.

    Values read with `keep=True` (the default) go to the record's `fields` under their
    standard name; the others become columns of the record.
    """

    def __init__(
        self,
        number: int,
        cells: dict[str, object],
        layout: Layout,
        required: Collection[str],
        earliest: dt.date | None = None,
    ) -> None:
        self.number = number
        self.earliest = earliest
        self.cells = cells
        self.layout = layout
        self.required = set(required)
        self.problems: list[Problem] = []
        self.kept: dict[str, Any] = {}
        self._seen: set[str] = set()

    @property
    def ok(self) -> bool:
        return not self.problems

    def fill(self, name: str, value: object) -> None:
        """A value the file may leave out (the 2016 standard lacks it): the default applies."""
        if not text_of(self.cells.get(name)):
            self.cells[name] = value

    def require(self, names: Collection[str]) -> None:
        self.required |= set(names)

    def fail(self, name: str, reason: str) -> None:
        self.kept.pop(name, None)
        value = masked(name, text_of(self.cells.get(name)))
        self.problems.append(Problem(self.number, self.layout.header(name), reason, value))

    def text(self, name: str, keep: bool = True, limit: int | None = None) -> str | None:
        """The cell as text; `limit`: the most characters its database column holds."""
        self._seen.add(name)
        cell = self.cells.get(name)
        if isinstance(cell, BadCell):
            self.fail(name, cell.reason)
            return None
        value = text_of(cell)
        if not value:
            if name in self.required:
                self.fail(name, EMPTY)
            return None
        limit = limit or CELL_LIMIT
        if len(value) > limit:
            self.fail(name, f"内容过长：{len(value):,}个字符，该字段最多{limit:,}个字符")
            return None
        reason = unprintable(value)
        if reason:
            self.fail(name, reason)
            return None
        if keep:
            self.kept[name] = value
        return value

    def date(self, name: str, keep: bool = True, open_end: bool = False) -> dt.date | None:
        """A date; with `open_end`, 2099-12-31 (or 长期) means none, and None comes back."""
        value = self.text(name, keep)
        if value is None:
            return None
        if open_end and value in OPEN_END_WORDS:
            return None
        try:
            day = parse_date(self.cells[name])
        except ValueError as error:
            self.fail(name, str(error))
            return None
        if self.earliest and day < self.earliest:
            self.fail(
                name,
                f"日期{day.isoformat()}早于{self.earliest.isoformat()}，不可能是信用信息的日期"
                "（空白的日期单元格常被读作1899-12-30）：请核对",
            )
            return None
        if keep:
            self.kept[name] = day.isoformat()
        return None if open_end and day in OPEN_END else day

    def amount(self, name: str) -> str | None:
        value = self.text(name)
        if value is None:
            return None
        try:
            self.kept[name] = parse_amount(value)
        except ValueError as error:
            self.fail(name, str(error))
            return None
        return self.kept[name]

    def choice(
        self,
        name: str,
        options: Mapping[str, str],
        hint: str,
        default: str | None = None,
        other: str | None = None,
    ) -> str | None:
        """One of `options` (as written -> standard label); `hint` lists them for the reason.

        With `other`, a value that begins with it (其他（需注明）) is taken as written.
        """
        value = self.text(name)
        if value is None:
            if default is not None:
                self.kept[name] = default
            return default
        written = unicodedata.normalize("NFKC", value).replace(" ", "")
        label = options.get(written) or (value if other and written.startswith(other) else None)
        if label is None:
            self.fail(name, f"“{value}”不是允许的值：应为{hint}")
            return None
        self.kept[name] = label
        return label

    def uscc(self, name: str, keep: bool = True) -> str | None:
        value = self.text(name, keep)
        if value is None:
            return None
        code, reason = checked_uscc(value)
        if code is None:
            self.fail(name, reason or "")
            return None
        if keep:
            self.kept[name] = code
        return code

    def ric(self, name: str) -> str | None:
        """A 居民身份证号码, checked; it is never kept in clear."""
        value = self.text(name, keep=False)
        if value is None:
            return None
        try:
            return check_ric(value)
        except InvalidCode as error:
            self.fail(name, str(error))
            return None

    def keep_protected(self, name: str, number: str, protector: IdProtector) -> None:
        """An ID number kept only masked, with the keyed hash that an exact search matches."""
        self.kept[name] = mask_ric(number)
        self.kept[name + HASH_SUFFIX] = protector.hash(number)

    def rest(self) -> None:
        """Every other field of the row, kept as text (the standard's code columns excepted)."""
        skip = set(CODE_COLUMNS.values()) | ID_NUMBERS
        for name in self.layout.columns:
            if name not in self._seen and name not in skip:
                self.text(name)
