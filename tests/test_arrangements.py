"""Entering holiday arrangements: every row checked first, stored and audited once."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from xinyong.credit import arrangements
from xinyong.credit.models import AuditEvent, CalendarDay
from xinyong.credit.workdays import WorkCalendar

D = dt.date
ARRANGEMENT_2027 = """日期,类型,名称
2027-01-01,休,元旦
2027-01-02,休,元旦
2027-01-03,休,元旦
2027-02-20,班,春节
"""


def write(tmp_path, text: str, name: str = "2027.csv", encoding: str = "utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def stored_days(session) -> dict[dt.date, tuple[bool, str]]:
    return {row.day: (row.workday, row.name) for row in session.scalars(select(CalendarDay))}


def calendar_events(session) -> list[AuditEvent]:
    query = select(AuditEvent).where(AuditEvent.action == "calendar.set").order_by(AuditEvent.id)
    return list(session.scalars(query))


def test_an_arrangement_is_stored_audited_and_counted(session, tmp_path):
    result = arrangements.import_file(session, write(tmp_path, ARRANGEMENT_2027), actor="staff:王")
    session.commit()
    assert len(result.added) == 4 and not result.changed and not result.unchanged
    assert result.years == [2027]
    assert stored_days(session)[D(2027, 2, 20)] == (True, "春节")
    events = calendar_events(session)
    assert [event.entity_id for event in events] == [
        "2027-01-01",
        "2027-01-02",
        "2027-01-03",
        "2027-02-20",
    ]
    assert events[0].actor == "staff:王"
    assert events[0].entity == "calendar_days"
    assert events[0].detail["old"] is None
    assert events[0].detail["new"] == {"类型": "休", "名称": "元旦"}
    assert session.get(CalendarDay, D(2027, 1, 1)).actor == "staff:王"
    assert WorkCalendar.load(session).add(D(2026, 12, 30), 3).day == D(2027, 1, 5)


def test_importing_the_same_file_twice_changes_nothing(session, tmp_path):
    path = write(tmp_path, ARRANGEMENT_2027)
    arrangements.import_file(session, path, actor="staff:王")
    session.commit()
    again = arrangements.import_file(session, path, actor="staff:李")
    session.commit()
    assert not again.added and not again.changed
    assert len(again.unchanged) == 4
    assert len(calendar_events(session)) == 4
    assert session.get(CalendarDay, D(2027, 1, 1)).actor == "staff:王"


def test_a_corrected_row_is_changed_and_audited_with_old_and_new(session, tmp_path):
    arrangements.import_file(session, write(tmp_path, ARRANGEMENT_2027), actor="staff:王")
    corrected = ARRANGEMENT_2027.replace("2027-02-20,班,春节", "2027-02-20,休,春节")
    result = arrangements.import_file(session, write(tmp_path, corrected), actor="staff:李")
    session.commit()
    assert result.changed == [D(2027, 2, 20)]
    assert len(result.unchanged) == 3
    last = calendar_events(session)[-1]
    assert last.entity_id == "2027-02-20" and last.actor == "staff:李"
    assert last.detail["old"] == {"类型": "班", "名称": "春节"}
    assert last.detail["new"] == {"类型": "休", "名称": "春节"}


def test_a_file_with_one_bad_row_is_refused_whole_and_nothing_is_stored(session, tmp_path):
    text = ARRANGEMENT_2027 + "2027-02-30,休,春节\n2027-03-01,上学,春节\n2027-03-02,休,\n"
    with pytest.raises(arrangements.ArrangementError) as refused:
        arrangements.import_file(session, write(tmp_path, text), actor="staff:王")
    problems = refused.value.problems
    assert problems[0].startswith("第6行 日期") and "不存在" in problems[0]
    assert problems[1].startswith("第7行 类型") and "上学" in problems[1]
    assert problems[2].startswith("第8行 名称为空")
    assert len(problems) == 3
    session.commit()
    assert stored_days(session) == {}
    assert calendar_events(session) == []


def test_a_date_given_twice_is_refused_naming_both_rows(tmp_path):
    text = ARRANGEMENT_2027 + "2027/1/2,班,元旦\n"
    with pytest.raises(arrangements.ArrangementError) as refused:
        arrangements.read(write(tmp_path, text))
    assert refused.value.problems == ["第6行 日期：2027-01-02与第3行重复，每天只能有一行"]


def test_missing_headers_and_empty_files_are_refused(tmp_path):
    with pytest.raises(arrangements.ArrangementError, match="缺少“类型”"):
        arrangements.read(write(tmp_path, "日期,名称\n2027-01-01,元旦\n"))
    with pytest.raises(arrangements.ArrangementError, match="没有日期"):
        arrangements.read(write(tmp_path, "日期,类型,名称\n"))


def test_an_unreadable_file_is_told_apart(tmp_path):
    path = tmp_path / "broken.csv"
    path.write_bytes(b"\xff\xfe\x00\x81\x00")
    with pytest.raises(arrangements.UnreadableFile, match="编码"):
        arrangements.read(path)
    with pytest.raises(arrangements.UnreadableFile, match="为空"):
        arrangements.read(write(tmp_path, "", name="empty.csv"))
    with pytest.raises(arrangements.UnreadableFile, match="不支持"):
        arrangements.read(write(tmp_path, ARRANGEMENT_2027, name="2027.doc"))


def test_gb18030_csv_with_bom_free_spaced_headers_and_synonyms(session, tmp_path):
    text = " 日期 , 类型 ,名称：\n2027年1月1日,休息日,元旦\n20270220, 工作日 ,春节\n"
    path = write(tmp_path, text, encoding="gb18030")
    result = arrangements.import_file(session, path, actor="staff:王")
    assert result.added == [D(2027, 1, 1), D(2027, 2, 20)]
    assert stored_days(session) == {D(2027, 1, 1): (False, "元旦"), D(2027, 2, 20): (True, "春节")}


def test_utf8_with_bom(tmp_path):
    path = write(tmp_path, ARRANGEMENT_2027, encoding="utf-8-sig")
    assert len(arrangements.read(path)) == 4


def test_a_spreadsheet_with_date_cells(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["日期", "类型", "名称"])
    sheet.append([dt.datetime(2027, 1, 1), "休", "元旦"])
    sheet.append(["2027-02-20", "班", "春节"])
    path = tmp_path / "2027.xlsx"
    workbook.save(path)
    entries = arrangements.read(path)
    assert [(entry.row, entry.day, entry.kind) for entry in entries] == [
        (2, D(2027, 1, 1), "休"),
        (3, D(2027, 2, 20), "班"),
    ]


def test_odd_but_harmless_rows_are_accepted_with_a_warning(session, tmp_path):
    text = "日期,类型,名称\n2027-01-04,班,元旦\n2025-10-09,休,国庆节\n2028-02-05,休,春节\n"
    path = write(tmp_path, text)
    result = arrangements.import_file(session, path, actor="staff:王")
    assert len(result.added) == 3
    notes = "\n".join(result.warnings)
    assert "第2行 2027-01-04是周一，本来就是工作日" in notes
    assert "第3行 2025-10-09更正chinesecalendar" in notes
    assert "2027年的安排中没有1月1日" in notes
    assert "2028年的安排中没有1月1日" in notes
    event = calendar_events(session)[1]
    assert event.detail["library"] == "班"


def test_a_weekend_rest_day_inside_a_holiday_needs_no_warning(session, tmp_path):
    result = arrangements.import_file(session, write(tmp_path, ARRANGEMENT_2027), actor="staff")
    assert result.warnings == []
