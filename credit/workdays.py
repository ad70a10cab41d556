"""Working days on the Chinese calendar, holidays and 调休 make-up days included.

Two sources, in this order: the arrangements staff entered (`calendar_days`,
for a year the library lacks or a correction), then `chinesecalendar`. A year
known to neither is counted Monday to Friday, and every answer that touches it
says so (`provisional`): the State Council publishes each year's arrangement
only weeks before it begins, and the library outlives no year it was not told.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from dataclasses import dataclass
from functools import cache

import chinese_calendar
from sqlalchemy import select
from sqlalchemy.orm import Session

from xinyong.credit.models import CalendarDay

LIBRARY_YEARS = frozenset(
    range(min(chinese_calendar.holidays).year, max(chinese_calendar.holidays).year + 1)
)
LIBRARY_VERSION = getattr(chinese_calendar, "__version__", "")
PROVISIONAL = "暂定"


@dataclass(frozen=True)
class Deadline:
    day: dt.date
    provisional: bool

    def __str__(self) -> str:
        return f"{self.day.isoformat()}{'（' + PROVISIONAL + '）' if self.provisional else ''}"


@dataclass(frozen=True)
class Count:
    days: int
    provisional: bool


@dataclass(frozen=True)
class Entered:
    """A day staff entered: a rest day (休) or a make-up working day (班)."""

    workday: bool
    name: str


class WorkCalendar:
    """Answers about working days; build one with `load(session)` and reuse it."""

    def __init__(self, entered: dict[dt.date, Entered] | None = None) -> None:
        self.entered = dict(entered or {})
        self.entered_years = frozenset(day.year for day in self.entered)
        self._prefix: dict[int, list[int]] = {}

    @classmethod
    def load(cls, session: Session) -> WorkCalendar:
        rows = session.scalars(select(CalendarDay))
        return cls({row.day: Entered(row.workday, row.name) for row in rows})

    def source(self, year: int) -> str | None:
        """Where a year's arrangement comes from: 'entered', 'library', or None (暂定)."""
        if year in self.entered_years:
            return "entered"
        if year in LIBRARY_YEARS:
            return "library"
        return None

    def is_workday(self, day: dt.date) -> bool:
        if day in self.entered:
            return self.entered[day].workday
        if day.year in LIBRARY_YEARS:
            return _library_workday(day)
        return day.weekday() < 5

    def _year_prefix(self, year: int) -> list[int]:
        """prefix[i]: working days from 1 January to the i-th day of `year` inclusive."""
        if year not in self._prefix:
            day, total, prefix = dt.date(year, 1, 1), 0, []
            while day.year == year:
                total += self.is_workday(day)
                prefix.append(total)
                day += dt.timedelta(days=1)
            self._prefix[year] = prefix
        return self._prefix[year]

    def _through(self, day: dt.date) -> int:
        """Working days from 1 January of `day`'s year up to `day` inclusive."""
        return self._year_prefix(day.year)[day.timetuple().tm_yday - 1]

    def unknown_years(self, start: dt.date, end: dt.date) -> list[int]:
        """Years known to no source among the days after `start` up to `end`.

        `start` itself is never counted, so it cannot make an answer 暂定.
        """
        if end <= start:
            return []
        first = start + dt.timedelta(days=1)
        return [year for year in range(first.year, end.year + 1) if self.source(year) is None]

    def _touches_provisional(self, start: dt.date, end: dt.date) -> bool:
        return bool(self.unknown_years(start, end))

    def count(self, start: dt.date, end: dt.date) -> Count:
        """Working days after `start` up to and including `end` (0 when end <= start)."""
        if end <= start:
            return Count(0, False)
        days = sum(self._year_prefix(year)[-1] for year in range(start.year, end.year))
        days += self._through(end) - self._through(start)
        return Count(days, self._touches_provisional(start, end))

    def add(self, start: dt.date, n: int) -> Deadline:
        """The date `n` working days after `start` (the day itself not counted).

        `n == 0` is `start` itself, which no arrangement can move, so never 暂定.
        """
        if n < 0:
            raise ValueError(f"工作日数不能为负数：{n}")
        if n == 0:
            return Deadline(start, False)
        needed = self._through(start) + n
        year = start.year
        while self._year_prefix(year)[-1] < needed:
            needed -= self._year_prefix(year)[-1]
            year += 1
        day = dt.date(year, 1, 1) + dt.timedelta(days=bisect_left(self._year_prefix(year), needed))
        return Deadline(day, self._touches_provisional(start, day))

    def year_days(self, year: int) -> list[tuple[dt.date, bool, str, str]]:
        """A year's non-standard days: (day, workday, name, source), in date order.

        Rest days on weekdays and working days on weekends, from the entered
        arrangement, else from the library; holidays that fall on a weekend are
        listed too when a source names them.
        """
        days: dict[dt.date, tuple[bool, str, str]] = {}
        if year in LIBRARY_YEARS:
            for day, name in _library_days(year):
                days[day] = (_library_workday(day), name, "library")
        for day, entry in self.entered.items():
            if day.year == year:
                days[day] = (entry.workday, entry.name, "entered")
        return [(day, *days[day]) for day in sorted(days)]


def library_workday(day: dt.date) -> bool | None:
    """What chinesecalendar says of `day`, or None for a year it does not know.

    Lets an import say which entered days correct the library.
    """
    return _library_workday(day) if day.year in LIBRARY_YEARS else None


@cache
def _library_workday(day: dt.date) -> bool:
    return chinese_calendar.is_workday(day)


def _library_days(year: int) -> list[tuple[dt.date, str]]:
    """The days the library names in `year`: its holidays (weekends within them
    included, as the State Council's notice lists them) and its make-up days."""
    found = []
    for table in (chinese_calendar.holidays, chinese_calendar.workdays):
        for day, name in table.items():
            if day.year == year:
                found.append((day, _holiday_name(name)))
    return found


def _holiday_name(name: object) -> str:
    """chinesecalendar's English holiday names, shown in Chinese."""
    value = getattr(name, "value", name)
    chinese = value[1] if isinstance(value, tuple) and len(value) > 1 else None
    english = getattr(name, "name", str(value))
    return chinese or HOLIDAY_NAMES.get(str(value), HOLIDAY_NAMES.get(english, str(value)))


HOLIDAY_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利70周年纪念日",
}
