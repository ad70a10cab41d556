"""`xinyong calendar import FILE` · `calendar show YEAR` · `calendar deadline DATE N`.

DESIGN "The calendar outlives its library": a deadline that touches a year known
to neither chinesecalendar nor the entered arrangements is counted Monday to
Friday and says 暂定 wherever it shows.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from xinyong.commands import YEARS, DateParam, Refused, actor, app, table, with_database
from xinyong.credit import arrangements
from xinyong.credit.workdays import (
    LIBRARY_VERSION,
    LIBRARY_YEARS,
    PROVISIONAL,
    WorkCalendar,
    library_workday,
)
from xinyong.database import session_scope

IMPORT_HINT = (
    "enter an arrangement with `xinyong calendar import FILE` (CSV: 日期,类型,名称; 类型 休 or 班)"
)
MAX_WORKDAYS = 10_000
SOURCES = {"entered": "entered by staff", "library": "chinesecalendar"}


@click.group("calendar")
def calendar() -> None:
    """Working days: enter holiday arrangements, list them, count deadlines."""


@calendar.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_database
def import_(file: Path) -> None:
    """Enter (or correct) a holiday arrangement from FILE: columns 日期,类型,名称, 类型 休 or 班."""
    try:
        with session_scope(app()) as session:
            result = arrangements.import_file(session, file, actor=actor())
    except arrangements.UnreadableFile as error:
        raise Refused(f"{file.name} cannot be read, nothing stored: {error}") from None
    except arrangements.ArrangementError as error:
        reasons = "\n".join(f"  {problem}" for problem in error.problems)
        raise Refused(
            f"{file.name} refused, nothing stored; correct these rows and import it again:\n"
            f"{reasons}"
        ) from None
    _report_import(file, result)


def _report_import(file: Path, result: arrangements.ImportResult) -> None:
    years = ", ".join(map(str, result.years))
    click.echo(
        f"Holiday arrangement for {years} from {file.name}: {len(result.added)} added, "
        f"{len(result.changed)} changed, {len(result.unchanged)} unchanged."
    )
    for warning in result.warnings:
        click.echo(f"  注意 {warning}")
    if not (result.added or result.changed):
        click.echo("Nothing changed: the file matches what is stored.")
        return
    for year in result.years:
        if year not in LIBRARY_YEARS:
            click.echo(f"Deadlines that touch {year} are exact now, no longer {PROVISIONAL}.")
    click.echo(f"See it with `xinyong calendar show {result.years[-1]}`.")


@calendar.command("show")
@click.argument("year", type=click.IntRange(*YEARS))
@with_database
def show(year: int) -> None:
    """List YEAR's holidays and make-up working days, and where they come from."""
    with session_scope(app()) as session:
        work_calendar = WorkCalendar.load(session)
    click.echo(_year_heading(work_calendar, year))
    rows = [
        (
            day.isoformat(),
            arrangements.weekday_name(day),
            arrangements.kind_label(workday),
            name,
            _source_label(day, workday, source),
        )
        for day, workday, name, source in work_calendar.year_days(year)
    ]
    if rows:
        for line in table(("日期", "星期", "休/班", "名称", "来源"), rows):
            click.echo(line)


def _year_heading(work_calendar: WorkCalendar, year: int) -> str:
    source = work_calendar.source(year)
    if source is None:
        return (
            f"{year}: {PROVISIONAL} — known neither to chinesecalendar {LIBRARY_VERSION} "
            f"({min(LIBRARY_YEARS)}–{max(LIBRARY_YEARS)}) nor to the entered arrangements; "
            f"counted Monday to Friday, and every deadline that touches {year} is {PROVISIONAL} "
            f"until then; {IMPORT_HINT}."
        )
    entered = sum(1 for day in work_calendar.entered if day.year == year)
    if year in LIBRARY_YEARS and source == "entered":
        return (
            f"{year}: from chinesecalendar {LIBRARY_VERSION}, with {_days(entered)} "
            "entered by staff, which take precedence:"
        )
    if year in LIBRARY_YEARS:
        return f"{year}: from chinesecalendar {LIBRARY_VERSION}:"
    return f"{year}: arrangement entered by staff ({_days(entered)}); other days Monday to Friday:"


def _days(count: int) -> str:
    return f"{count} day" if count == 1 else f"{count} days"


def _source_label(day: dt.date, workday: bool, source: str) -> str:
    label = SOURCES.get(source, source)
    library = library_workday(day)
    if source == "entered" and library is not None and library != workday:
        label += f" (chinesecalendar: {arrangements.kind_label(library)})"
    return label


# a negative N reaches the range check instead of passing for an unknown option
@calendar.command("deadline", context_settings={"ignore_unknown_options": True})
@click.argument("start", metavar="DATE", type=DateParam())
@click.argument("n", type=click.IntRange(0, MAX_WORKDAYS), required=False)
@with_database
def deadline(start: dt.date, n: int | None) -> None:
    """Print the date N working days after DATE (YYYY-MM-DD; DATE itself not counted).

    N defaults to the setting REPORT_WORKDAYS: the days a department has to report
    information formed on DATE (seed 二（一）2).
    """
    if n is None:
        n = int(app().config["REPORT_WORKDAYS"])
    with session_scope(app()) as session:
        work_calendar = WorkCalendar.load(session)
    answer = work_calendar.add(start, n)
    if not answer.provisional:
        click.echo(answer.day.isoformat())
        return
    unknown = work_calendar.unknown_years(start, answer.day)
    verb = "has" if len(unknown) == 1 else "have"
    click.echo(
        f"{answer.day.isoformat()} {PROVISIONAL} (provisional: {_year_runs(unknown)} {verb} "
        f"no holiday arrangement yet, counted Monday to Friday; {IMPORT_HINT})"
    )


def _year_runs(years: list[int]) -> str:
    """`2027`, `2027, 2029`, `2100–2139`: consecutive years as one run."""
    runs: list[list[int]] = []
    for year in years:
        if runs and runs[-1][-1] == year - 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    return ", ".join(f"{run[0]}–{run[-1]}" if len(run) > 1 else str(run[0]) for run in runs)


def register(group: click.Group) -> None:
    group.add_command(calendar)
