"""`xinyong calendar import | show | deadline`, as staff use them."""

from __future__ import annotations

from sqlalchemy import func, select

from xinyong.commands import EXIT_REFUSED, EXIT_USAGE, YEARS
from xinyong.credit.models import AuditEvent, CalendarDay
from xinyong.credit.workdays import LIBRARY_VERSION

ARRANGEMENT_2027 = """日期,类型,名称
2027-01-01,休,元旦
2027-01-02,休,元旦
2027-01-03,休,元旦
2027-02-20,班,春节
"""


def arrangement(tmp_path, text: str = ARRANGEMENT_2027, name: str = "2027.csv") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def count(session, model, *where) -> int:
    return session.scalar(select(func.count()).select_from(model).where(*where))


def test_deadline_into_2027_is_provisional_until_its_arrangement_is_entered(cli, tmp_path):
    before = cli("calendar", "deadline", "2026-12-30", "3")
    assert before.exit_code == 0
    assert before.output.startswith("2027-01-04 暂定 (provisional: 2027 has no holiday")
    assert "xinyong calendar import FILE" in before.output

    assert cli("calendar", "import", arrangement(tmp_path)).exit_code == 0

    after = cli("calendar", "deadline", "2026-12-30", "3")
    assert after.exit_code == 0
    assert after.output == "2027-01-05\n"


def test_deadline_over_national_day_2025(cli):
    assert cli("calendar", "deadline", "2025-09-30", "1").output == "2025-10-09\n"
    assert cli("calendar", "deadline", "2025-09-27", "1").output == "2025-09-28\n"
    assert cli("calendar", "deadline", "2026-02-13", "2").output == "2026-02-24\n"


def test_deadline_of_zero_days_is_the_date_itself(cli):
    assert cli("calendar", "deadline", "2027-06-05", "0").output == "2027-06-05\n"


def test_deadline_spanning_several_unknown_years_names_them(cli):
    result = cli("calendar", "deadline", "2027-06-01", "400")
    assert "暂定" in result.output
    assert "2027–2028 have no holiday arrangement" in result.output


def test_deadline_refuses_a_bad_date_or_count_as_usage_errors(cli):
    for args, says in [
        (("2026-13-01", "3"), "not a date"),
        (("tomorrow", "3"), "YYYY-MM-DD"),
        (("2026-12-30", "-1"), "-1 is not in the range"),
        (("2026-12-30", "three"), "three"),
        (("9999-12-30", "3"), f"outside {YEARS[0]}–{YEARS[1]}"),
    ]:
        result = cli("calendar", "deadline", *args)
        assert result.exit_code == 2, args
        assert says in result.output, result.output


def test_show_an_unknown_year_says_it_is_counted_monday_to_friday(cli):
    result = cli("calendar", "show", "2027")
    assert result.exit_code == 0
    assert "2027: 暂定" in result.output
    assert "counted Monday to Friday" in result.output
    assert "xinyong calendar import FILE" in result.output


def words(output: str) -> list[str]:
    """The lines of an aligned listing with single spaces, so a test reads what it means."""
    return [" ".join(line.split()) for line in output.splitlines()]


def test_show_a_library_year_lists_holidays_and_make_up_days(cli):
    lines = words(cli("calendar", "show", "2025").output)
    assert lines[0] == f"2025: from chinesecalendar {LIBRARY_VERSION}:"
    assert lines[1] == "日期 星期 休/班 名称 来源"
    assert "2025-09-28 周日 班 国庆节 chinesecalendar" in lines
    assert "2025-10-01 周三 休 国庆节 chinesecalendar" in lines
    assert "2025-10-11 周六 班 国庆节 chinesecalendar" in lines
    assert not any("2025-10-09" in line for line in lines)


def test_show_an_entered_year(cli, tmp_path):
    cli("calendar", "import", arrangement(tmp_path))
    lines = words(cli("calendar", "show", "2027").output)
    assert "entered by staff" in lines[0] and "暂定" not in lines[0]
    assert lines[2:] == [
        "2027-01-01 周五 休 元旦 entered by staff",
        "2027-01-02 周六 休 元旦 entered by staff",
        "2027-01-03 周日 休 元旦 entered by staff",
        "2027-02-20 周六 班 春节 entered by staff",
    ]


def test_a_correction_of_a_library_year_overrides_it(cli, tmp_path):
    result = cli(
        "calendar", "import", arrangement(tmp_path, "日期,类型,名称\n2025-10-09,休,国庆节\n")
    )
    assert result.exit_code == 0
    assert "更正chinesecalendar" in result.output
    assert cli("calendar", "deadline", "2025-09-30", "1").output == "2025-10-10\n"
    lines = words(cli("calendar", "show", "2025").output)
    assert "1 day entered by staff" in lines[0]
    assert "2025-10-09 周四 休 国庆节 entered by staff (chinesecalendar: 班)" in lines


def test_import_reports_what_it_did_and_reimport_changes_nothing(cli, session, tmp_path):
    path = arrangement(tmp_path)
    first = cli("calendar", "import", path)
    assert first.exit_code == 0
    assert "4 added, 0 changed, 0 unchanged" in first.output
    assert "Deadlines that touch 2027 are exact now" in first.output
    events = count(session, AuditEvent, AuditEvent.action == "calendar.set")
    assert events == 4

    second = cli("calendar", "import", path)
    assert second.exit_code == 0
    assert "0 added, 0 changed, 4 unchanged" in second.output
    assert "Nothing changed" in second.output
    assert count(session, AuditEvent, AuditEvent.action == "calendar.set") == events


def test_import_refuses_a_bad_file_with_reasons_and_stores_nothing(cli, session, tmp_path):
    text = ARRANGEMENT_2027 + "2027-02-30,休,春节\n2027-01-01,班,元旦\n"
    result = cli("calendar", "import", arrangement(tmp_path, text))
    assert result.exit_code == EXIT_REFUSED
    assert "refused, nothing stored" in result.output
    assert "第6行 日期：日期“2027-02-30”不存在" in result.output
    assert "第7行 日期：2027-01-01与第2行重复" in result.output
    assert count(session, CalendarDay) == 0
    assert count(session, AuditEvent, AuditEvent.action == "calendar.set") == 0
    assert "暂定" in cli("calendar", "deadline", "2026-12-30", "3").output


def test_an_unreadable_file_is_refused_and_a_missing_one_is_a_usage_mistake(cli, tmp_path):
    path = tmp_path / "2027.csv"
    path.write_bytes(b"\xff\xfe\x00\x81\x00")
    result = cli("calendar", "import", str(path))
    assert result.exit_code == EXIT_REFUSED
    assert "cannot be read" in result.output
    missing = cli("calendar", "import", str(tmp_path / "missing.csv"))
    assert missing.exit_code == EXIT_USAGE


def test_import_of_a_gb18030_file(cli, tmp_path):
    path = tmp_path / "2027.csv"
    path.write_bytes(ARRANGEMENT_2027.encode("gb18030"))
    assert cli("calendar", "import", str(path)).exit_code == 0
    assert cli("calendar", "deadline", "2026-12-30", "3").output == "2027-01-05\n"
