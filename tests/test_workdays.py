"""Working days: chinesecalendar's holidays and 调休, entered arrangements, 暂定 years."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xinyong.credit.workdays import LIBRARY_YEARS, Entered, WorkCalendar, library_workday

D = dt.date
#: a 2027 arrangement as staff would enter it once the State Council publishes it
ENTERED_2027 = {
    D(2027, 1, 1): Entered(False, "元旦"),
    D(2027, 1, 2): Entered(False, "元旦"),
    D(2027, 1, 3): Entered(False, "元旦"),
    D(2027, 2, 20): Entered(True, "春节"),
}


def days(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]


def test_the_library_knows_2004_to_2026_and_nothing_later():
    assert min(LIBRARY_YEARS) == 2004
    assert max(LIBRARY_YEARS) == 2026
    assert library_workday(D(2027, 1, 4)) is None


def test_national_day_2025_is_off_and_its_weekend_make_up_days_are_worked():
    calendar = WorkCalendar()
    assert calendar.is_workday(D(2025, 9, 28))  # Sunday, 调休上班
    assert calendar.is_workday(D(2025, 10, 11))  # Saturday, 调休上班
    assert not any(calendar.is_workday(day) for day in days(D(2025, 10, 1), D(2025, 10, 8)))
    assert calendar.add(D(2025, 9, 28), 1).day == D(2025, 9, 29)
    assert calendar.add(D(2025, 9, 30), 1).day == D(2025, 10, 9)
    assert calendar.add(D(2025, 9, 30), 3).day == D(2025, 10, 11)
    # 9-28, 9-29, 9-30, 10-09, 10-10, 10-11
    assert calendar.count(D(2025, 9, 26), D(2025, 10, 12)).days == 6


def test_spring_festival_2026_follows_the_library_arrangement():
    calendar = WorkCalendar()
    assert calendar.is_workday(D(2026, 2, 14))  # Saturday, 调休上班
    assert calendar.is_workday(D(2026, 2, 28))  # Saturday, 调休上班
    assert not any(calendar.is_workday(day) for day in days(D(2026, 2, 15), D(2026, 2, 23)))
    assert calendar.add(D(2026, 2, 13), 1).day == D(2026, 2, 14)
    assert calendar.add(D(2026, 2, 14), 1).day == D(2026, 2, 24)
    deadline = calendar.add(D(2026, 2, 12), 3)
    assert deadline.day == D(2026, 2, 24)  # 02-13 Friday, 02-14 Saturday (班), 02-24
    assert not deadline.provisional


def test_a_deadline_into_an_unknown_year_is_counted_monday_to_friday_and_provisional():
    deadline = WorkCalendar().add(D(2026, 12, 30), 3)
    assert deadline.day == D(2027, 1, 4)  # 12-31, 01-01 (a Friday, not yet a holiday), 01-04
    assert deadline.provisional
    assert "暂定" in str(deadline)


def test_the_entered_arrangement_makes_the_same_deadline_exact():
    deadline = WorkCalendar(ENTERED_2027).add(D(2026, 12, 30), 3)
    assert deadline.day == D(2027, 1, 5)
    assert not deadline.provisional
    assert "暂定" not in str(deadline)


def test_entered_make_up_days_are_worked():
    calendar = WorkCalendar(ENTERED_2027)
    assert calendar.is_workday(D(2027, 2, 20))  # a Saturday
    assert calendar.add(D(2027, 2, 19), 1).day == D(2027, 2, 20)


def test_zero_days_is_the_day_itself_and_negative_days_are_refused():
    calendar = WorkCalendar()
    assert calendar.add(D(2027, 6, 5), 0).day == D(2027, 6, 5)
    assert not calendar.add(D(2027, 6, 5), 0).provisional
    with pytest.raises(ValueError):
        calendar.add(D(2026, 6, 5), -1)


def test_the_start_day_itself_never_makes_an_answer_provisional():
    """Only the days after the start are counted, so only their years matter."""
    assert not WorkCalendar().add(D(2003, 12, 31), 1).provisional
    assert WorkCalendar().add(D(2003, 12, 31), 1).day == D(2004, 1, 2)  # 1 January off
    calendar = WorkCalendar({D(2028, 1, 1): Entered(False, "元旦")})
    assert not calendar.count(D(2027, 12, 31), D(2028, 1, 5)).provisional
    assert calendar.count(D(2027, 12, 30), D(2028, 1, 5)).provisional


def test_sources_of_a_year():
    calendar = WorkCalendar(ENTERED_2027)
    assert calendar.source(2025) == "library"
    assert calendar.source(2027) == "entered"
    assert calendar.source(2028) is None
    assert WorkCalendar().source(2027) is None


def test_year_days_lists_the_library_arrangement_with_its_source():
    listed = {day: (workday, name, source) for day, workday, name, source in _year(2025)}
    assert listed[D(2025, 9, 28)] == (True, "国庆节", "library")
    assert listed[D(2025, 10, 11)] == (True, "国庆节", "library")
    assert listed[D(2025, 10, 1)] == (False, "国庆节", "library")
    # a weekend inside the holiday is listed as the State Council's notice lists it
    assert listed[D(2025, 10, 4)] == (False, "国庆节", "library")
    assert D(2025, 10, 9) not in listed
    assert all(source == "library" for _, _, source in listed.values())


def _year(year: int, calendar: WorkCalendar | None = None):
    return (calendar or WorkCalendar()).year_days(year)


def test_year_days_of_an_entered_year_and_of_an_unknown_one():
    calendar = WorkCalendar(ENTERED_2027)
    assert _year(2027, calendar) == [
        (D(2027, 1, 1), False, "元旦", "entered"),
        (D(2027, 1, 2), False, "元旦", "entered"),
        (D(2027, 1, 3), False, "元旦", "entered"),
        (D(2027, 2, 20), True, "春节", "entered"),
    ]
    assert _year(2028, calendar) == []


def test_an_entered_correction_overrides_the_library_for_that_day_only():
    calendar = WorkCalendar({D(2025, 10, 9): Entered(False, "国庆节（更正）")})
    assert not calendar.is_workday(D(2025, 10, 9))
    assert calendar.is_workday(D(2025, 10, 10))
    assert calendar.is_workday(D(2025, 9, 28))  # the rest of the year is still the library's
    assert calendar.add(D(2025, 9, 30), 1).day == D(2025, 10, 10)
    listed = {day: source for day, _, _, source in calendar.year_days(2025)}
    assert listed[D(2025, 10, 9)] == "entered"
    assert listed[D(2025, 10, 8)] == "library"


# -- properties ---------------------------------------------------------------

CALENDAR = WorkCalendar(ENTERED_2027)
starts = st.dates(min_value=D(2004, 1, 1), max_value=D(2028, 12, 31))
counts = st.integers(min_value=0, max_value=40)


def _known(year: int) -> bool:
    return 2004 <= year <= 2026 or year == 2027  # 2027 entered above


@given(starts, counts)
def test_a_deadline_is_a_working_day(start, n):
    deadline = CALENDAR.add(start, n)
    assert deadline.day >= start
    if n > 0:
        assert CALENDAR.is_workday(deadline.day)
        assert deadline.day > start


@given(starts, counts)
def test_counting_back_to_a_deadline_gives_its_days(start, n):
    assert CALENDAR.count(start, CALENDAR.add(start, n).day).days == n


@given(starts, counts)
def test_a_deadline_is_the_nth_working_day_stepping_one_day_at_a_time(start, n):
    day, left = start, n
    while left:
        day += dt.timedelta(days=1)
        left -= CALENDAR.is_workday(day)
    assert CALENDAR.add(start, n).day == day


@given(st.lists(starts, min_size=3, max_size=3).map(sorted))
def test_count_is_additive(dates):
    a, b, c = dates
    assert CALENDAR.count(a, b).days + CALENDAR.count(b, c).days == CALENDAR.count(a, c).days


@given(starts, counts)
def test_provisional_iff_the_counted_days_touch_a_year_no_source_knows(start, n):
    deadline = CALENDAR.add(start, n)
    counted = days(start + dt.timedelta(days=1), deadline.day) if n else []
    assert deadline.provisional == any(not _known(day.year) for day in counted)
    assert CALENDAR.count(start, deadline.day).provisional == deadline.provisional
