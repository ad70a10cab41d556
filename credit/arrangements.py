"""Holiday arrangements staff enter: the years `chinesecalendar` lacks, and corrections.

DESIGN "The calendar outlives its library": the State Council publishes each
year's arrangement (放假安排) a few weeks before the year begins, long after the
library's last release. Staff enter it as a small table, `日期, 类型, 名称`, one
row per day: 休 for a rest day, 班 for a make-up working day (调休上班).

A file is checked whole before anything is stored: one bad row refuses it, with
every reason by row number, so a half-entered year never counts deadlines.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from xinyong.credit import audit, settings
from xinyong.credit.dates import parse_date
from xinyong.credit.models import CalendarDay
from xinyong.credit.tabular import Cell, TableError, open_table
from xinyong.credit.workdays import library_workday

HEADERS = ("日期", "类型", "名称")
REST, WORK = "休", "班"
# what staff write in the 类型 column, by what it means for the day
KINDS = {
    "休": False,
    "休息": False,
    "休息日": False,
    "假": False,
    "放假": False,
    "节假日": False,
    "班": True,
    "上班": True,
    "补班": True,
    "调休上班": True,
    "工作日": True,
}
NAME_LENGTH = 50  # CalendarDay.name
# a date outside these is a typo, not an arrangement (no arrangement before the library's era)
YEARS = range(2000, settings.default("LATEST_YEAR") + 1)
WEEKDAYS = "一二三四五六日"


class ArrangementError(ValueError):
    """A file refused as a whole; `problems` says why, row by row, in Chinese."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


class UnreadableFile(ArrangementError):
    """A file that is no table at all (type, encoding, broken spreadsheet)."""


@dataclass(frozen=True)
class Entry:
    """One day of an arrangement as the file gives it."""

    row: int
    day: dt.date
    workday: bool
    name: str

    @property
    def kind(self) -> str:
        return WORK if self.workday else REST


@dataclass
class ImportResult:
    """What an import did, for the command to report."""

    added: list[dt.date] = field(default_factory=list)
    changed: list[dt.date] = field(default_factory=list)
    unchanged: list[dt.date] = field(default_factory=list)
    years: list[int] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def weekday_name(day: dt.date) -> str:
    return "周" + WEEKDAYS[day.weekday()]


def kind_label(workday: bool) -> str:
    return WORK if workday else REST


def read(path: Path) -> list[Entry]:
    """Every row of an arrangement file, checked; raises ArrangementError if any is bad."""
    try:
        with open_table(path) as table:
            columns = _columns(table.headers)
            entries, problems = _entries(table.rows, columns)
    except TableError as error:
        raise UnreadableFile([str(error)]) from None
    if not problems and not entries:
        problems.append("文件中没有日期：第1行为表头“日期,类型,名称”，其后每行一天")
    if problems:
        raise ArrangementError(problems)
    return entries


def _normal_header(header: str) -> str:
    return header.replace("\ufeff", "").replace("\u3000", " ").strip().rstrip("：:").strip()


def _columns(headers: list[str]) -> dict[str, str]:
    """The file's header for each of 日期, 类型, 名称 (spaces, BOM and a trailing colon ignored)."""
    found = {_normal_header(header): header for header in reversed(headers)}
    missing = [name for name in HEADERS if name not in found]
    if missing:
        raise ArrangementError([f"第1行表头缺少“{'”“'.join(missing)}”：表头应为“日期,类型,名称”"])
    return {name: found[name] for name in HEADERS}


def _entries(
    rows: Iterable[tuple[int, dict[str, Cell]]], columns: dict[str, str]
) -> tuple[list[Entry], list[str]]:
    entries: list[Entry] = []
    problems: list[str] = []
    seen: dict[dt.date, int] = {}
    for number, cells in rows:
        values = {name: cells.get(columns[name], "") for name in HEADERS}
        day, reasons = _day(values["日期"])
        if day is not None and day in seen:
            reasons.append(f"日期：{day.isoformat()}与第{seen[day]}行重复，每天只能有一行")
        elif day is not None:
            seen[day] = number
        workday, more = _kind(values["类型"])
        name, most = _name(values["名称"])
        reasons += more + most
        problems.extend(f"第{number}行 {reason}" for reason in reasons)
        if not reasons and day is not None and workday is not None:
            entries.append(Entry(number, day, workday, name))
    return entries, problems


def _day(cell: Cell) -> tuple[dt.date | None, list[str]]:
    try:
        day = parse_date(cell)
    except ValueError as error:
        return None, [f"日期：{error}"]
    if day.year not in YEARS:
        return day, [f"日期：{day.isoformat()}的年份不在{YEARS[0]}–{YEARS[-1]}之间"]
    return day, []


def _kind(cell: Cell) -> tuple[bool | None, list[str]]:
    kind = str(cell).strip()
    workday = KINDS.get(kind)
    if workday is not None:
        return workday, []
    shown = f"“{kind}”无法识别" if kind else "为空"
    return None, [f"类型{shown}，应为“休”（放假）或“班”（调休上班）"]


def _name(cell: Cell) -> tuple[str, list[str]]:
    name = str(cell).strip()
    if not name:
        return name, ["名称为空，应为节日名称，如“元旦”“春节”"]
    if len(name) > NAME_LENGTH:
        return name, [f"名称超过{NAME_LENGTH}个字"]
    return name, []


def warnings(session: Session, entries: list[Entry]) -> list[str]:
    """Rows accepted but worth a second look, judged against what is stored already."""
    stored = _stored(session, [entry.day for entry in entries])
    found = [note for entry in entries if (note := _row_warning(entry, stored.get(entry.day)))]
    found.extend(_years_without_new_year(session, entries))
    return found


def _row_warning(entry: Entry, stored: CalendarDay | None) -> str | None:
    library = library_workday(entry.day)
    if library is not None and library != entry.workday:
        return (
            f"第{entry.row}行 {entry.day.isoformat()}更正chinesecalendar"
            f"（库中为“{kind_label(library)}”，以录入的“{entry.kind}”为准）"
        )
    corrects_entry = stored is not None and not stored.workday
    if entry.workday and entry.day.weekday() < 5 and not corrects_entry:
        return (
            f"第{entry.row}行 {entry.day.isoformat()}是{weekday_name(entry.day)}，"
            "本来就是工作日，“班”不改变计算"
        )
    return None


def _years_without_new_year(session: Session, entries: list[Entry]) -> Iterator[str]:
    """A year the library lacks counts as entered once it has any day, and an
    arrangement always gives 1 January (元旦): a year without it is likely partial."""
    days = {entry.day for entry in entries}
    for year in sorted({entry.day.year for entry in entries}):
        new_year = dt.date(year, 1, 1)
        if library_workday(new_year) is not None or new_year in days:
            continue
        if session.get(CalendarDay, new_year) is None:
            yield (
                f"{year}年的安排中没有1月1日（元旦）：录入后{year}年不再标注暂定，"
                "请确认这是该年全年的放假安排"
            )


def store(session: Session, entries: list[Entry], actor: str, source: str = "") -> ImportResult:
    """Upsert the entries into `calendar_days`, auditing each day added or changed.

    A day stored with the same type and name is left alone and not audited, so
    importing a file twice changes nothing.
    """
    result = ImportResult(years=sorted({entry.day.year for entry in entries}))
    stored = _stored(session, [entry.day for entry in entries])
    for entry in entries:
        old = stored.get(entry.day)
        if old is not None and (old.workday, old.name) == (entry.workday, entry.name):
            result.unchanged.append(entry.day)
            continue
        before = _state(old.workday, old.name) if old is not None else None
        if old is None:
            session.add(
                CalendarDay(day=entry.day, workday=entry.workday, name=entry.name, actor=actor)
            )
            result.added.append(entry.day)
        else:
            old.workday, old.name, old.actor = entry.workday, entry.name, actor
            result.changed.append(entry.day)
        _audit(session, actor, entry, before, source)
    session.flush()
    return result


def _stored(session: Session, days: list[dt.date]) -> dict[dt.date, CalendarDay]:
    if not days:
        return {}
    rows = session.scalars(select(CalendarDay).where(CalendarDay.day.between(min(days), max(days))))
    return {row.day: row for row in rows}


def _state(workday: bool, name: str) -> dict[str, str]:
    return {"类型": kind_label(workday), "名称": name}


def _audit(
    session: Session, actor: str, entry: Entry, before: dict[str, str] | None, source: str
) -> None:
    detail: dict[str, object] = {"old": before, "new": _state(entry.workday, entry.name)}
    library = library_workday(entry.day)
    if library is not None:
        detail["library"] = kind_label(library)
    if source:
        detail["source"] = source
    audit.log(session, actor, "calendar.set", "calendar_days", entry.day.isoformat(), **detail)


def import_file(session: Session, path: Path, actor: str) -> ImportResult:
    """Read, check and store an arrangement file; nothing is stored if any row is bad."""
    entries = read(path)
    notes = warnings(session, entries)
    result = store(session, entries, actor, source=path.name)
    result.warnings = notes
    return result
