"""Dates as provider exports write them."""

from __future__ import annotations

import datetime as dt
import re

_PATTERNS = (
    re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})"),
    re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})"),
    re.compile(r"(\d{4})\.(\d{1,2})\.(\d{1,2})"),
    re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日?"),
    re.compile(r"(\d{4})(\d{2})(\d{2})"),
)
# exports often add a time of day, which the date does not need
_TIME = re.compile(r"[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$")


def parse_date(value: object) -> dt.date:
    """`YYYY-MM-DD`, `YYYY/MM/DD`, `YYYY年MM月DD日`, `YYYYMMDD`, or a spreadsheet date cell.

    Raises ValueError with the reason in Chinese.
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _TIME.sub("", str(value or "").strip())
    if not text:
        raise ValueError("日期为空")
    for pattern in _PATTERNS:
        match = pattern.fullmatch(text)
        if match:
            try:
                return dt.date(*map(int, match.groups()))
            except ValueError:
                raise ValueError(f"日期“{text}”不存在") from None
    raise ValueError(
        f"日期“{text}”格式无法识别，应为YYYY-MM-DD、YYYY/MM/DD、YYYY年MM月DD日或YYYYMMDD"
    )
