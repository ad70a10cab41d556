"""Batches for the city platform 信用淄博 (`xinyong city-export`), made from real intake.

Provider files are imported as departments hand them in; the batches are read back as
the platform would read them (CSV in the 2021 standard's columns, a manifest, a zip).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, func, inspect, select, text

from tests.conftest import MARKET, make_ric, make_uscc
from tests.intake import files
from xinyong import keys
from xinyong.credit import city, db, intake
from xinyong.credit.intake.headers import COLUMNS
from xinyong.credit.models import AuditEvent, BatchState, CityBatch, Record, RecordKind
from xinyong.credit.workdays import WorkCalendar
from xinyong.database import engine_for

RECEIVED = dt.date(2026, 3, 13)
#: the provider files the tests hand in (they carry the numbers, as departments' files do)
INPUT = re.compile(r"file\d+\.csv")
PERSON_NUMBER = make_ric("19800101", serial="417")
REP_NUMBER = make_ric("19750505", serial="238")


def company(n: int) -> str:
    return make_uscc(f"91370306MA3E{n:05d}")


def penalty(n: int = 1, **changes: Any) -> dict[str, Any]:
    """Intake's valid penalty row, for a 纺织 company whose representative's number is given."""
    return files.penalty(
        n,
        **{
            "行政相对人名称": f"淄博周村纺织有限公司{n}",
            "行政相对人代码_1(统一社会信用代码)": company(n),
            "法定代表人证件类型": "身份证",
            "法定代表人证件号码": REP_NUMBER,
            **changes,
        },
    )


def person_penalty(n: int = 100) -> dict[str, Any]:
    return penalty(
        n,
        **{
            "行政相对人名称": "李四",
            "行政相对人类别": "自然人",
            "行政相对人代码_1(统一社会信用代码)": "",
            "法定代表人": "",
            "法定代表人证件类型": "",
            "法定代表人证件号码": "",
            "证件类型": "身份证",
            "证件号码": PERSON_NUMBER,
        },
    )


def licence(n: int = 1) -> dict[str, Any]:
    """Intake's valid licence row, for a company of its own."""
    return files.licence(n, **{"行政相对人代码_1(统一社会信用代码)": company(500 + n)})


@pytest.fixture
def take(session, provider, protector, tmp_path):
    """Import rows as the market supervision bureau."""
    counter = iter(range(1, 1000))

    def run(*rows: dict[str, Any]) -> intake.ImportResult:
        path = files.write(tmp_path / f"file{next(counter)}.csv", list(rows))
        result = intake.import_file(
            session, path, provider, protector=protector, actor="test", received_on=RECEIVED
        )
        session.commit()
        assert result.rejected == 0, path.with_name(path.name + ".feedback.csv").read_text()
        return result

    return run


@pytest.fixture
def export(cli, tmp_path):
    """Run `xinyong city-export` into tmp_path/city; the batches now in the database."""

    def run(*args: str, code: int = 0):
        result = cli("city-export", "--out", str(tmp_path / "city"), *args)
        assert result.exit_code == code, result.output + (result.stderr or "")
        return result

    return run


def stored_batches(session) -> list[CityBatch]:
    session.expire_all()
    return list(session.scalars(select(CityBatch).order_by(CityBatch.number)))


def rows_of(batch: CityBatch, kind: str = RecordKind.PENALTY) -> list[dict[str, str]]:
    path = Path(batch.folder) / city.FILES[kind]
    with path.open(encoding="utf-8-sig", newline="") as stream:
        return list(csv.DictReader(stream))


def manifest(batch: CityBatch) -> dict[str, Any]:
    return json.loads((Path(batch.folder) / city.MANIFEST).read_text(encoding="utf-8"))


# -- what a batch holds ----------------------------------------------------------------------


def test_the_first_batch_holds_every_accepted_record_in_the_standards_columns(
    take, export, session, tmp_path
):
    take(penalty(1), penalty(2), person_penalty())
    take(licence(1))

    result = export()

    (batch,) = stored_batches(session)
    assert batch.number == 1 and batch.state == BatchState.MADE
    assert "批次1已生成" in result.output
    assert Path(batch.folder) == tmp_path / "city" / "000001"
    for kind, name in city.FILES.items():
        with (Path(batch.folder) / name).open(encoding="utf-8-sig", newline="") as stream:
            header = next(csv.reader(stream))
        assert header == [column.name for column in COLUMNS[kind]] + list(city.MARKS)
    penalties = rows_of(batch)
    assert [row["行政处罚决定书文号"] for row in penalties] == [
        "周市监罚〔2026〕1号",
        "周市监罚〔2026〕2号",
        "周市监罚〔2026〕100号",
    ]
    first = penalties[0]
    assert first["行政相对人代码_1(统一社会信用代码)"] == company(1)
    assert first["处罚决定日期"] == "2026-03-09"
    assert first["罚款金额(万元)"] == "0.5"
    assert first["处罚机关"] == MARKET[0]
    stored = session.scalar(select(Record).where(Record.doc_no == "周市监罚〔2026〕1号"))
    assert stored.disclosure_end is not None
    assert first["公示截止期"] == stored.disclosure_end.isoformat()  # the district's own end
    assert {row["操作类型"] for row in penalties} == {city.Operation.ADD}
    (permit,) = rows_of(batch, RecordKind.LICENSE)
    assert permit["行政许可决定文书号"] == "周市监许〔2026〕1号"
    assert permit["有效期至"] == "2031-03-08"


def test_the_manifest_gives_number_period_counts_and_each_files_digest(take, export, session):
    take(penalty(1), penalty(2))

    export()

    (batch,) = stored_batches(session)
    described = manifest(batch)
    assert described["batch"] == 1
    assert described["standard"] == "2021"
    assert described["period"]["to"] == batch.period_to.isoformat(timespec="seconds")
    assert described["counts"]["penalty.csv"] == {"total": 2, "新增": 2}
    assert described["counts"]["license.csv"] == {"total": 0}
    for name, entry in described["files"].items():
        body = (Path(batch.folder) / name).read_bytes()
        assert entry["sha256"] == hashlib.sha256(body).hexdigest()
    zipped = city.zip_path(batch)
    assert hashlib.sha256(zipped.read_bytes()).hexdigest() == batch.sha256
    with zipfile.ZipFile(zipped) as archive:
        assert sorted(archive.namelist()) == sorted([*city.FILES.values(), city.MANIFEST])
        assert json.loads(archive.read(city.MANIFEST)) == described


def test_batch_files_are_readable_by_their_owner_only(take, export, session):
    take(person_penalty())

    export()

    (batch,) = stored_batches(session)
    assert Path(batch.folder).stat().st_mode & 0o077 == 0
    for path in Path(batch.folder).iterdir():
        assert path.stat().st_mode & 0o077 == 0, path


def test_nothing_changed_makes_no_new_batch(take, export, session):
    take(penalty(1))
    export()

    result = export()

    assert "没有新的变更" in result.output
    assert len(stored_batches(session)) == 1


def test_a_record_changed_after_a_batch_goes_in_the_next_batch_only(take, export, session):
    take(penalty(1), penalty(2))
    export()

    take(penalty(1, 违法事实="生产销售不合格产品，货值金额较大"), penalty(2))
    export()
    export()

    first, second = stored_batches(session)
    assert second.after_event == first.upto_event
    (changed,) = rows_of(second)
    assert changed["行政处罚决定书文号"] == "周市监罚〔2026〕1号"
    assert changed["违法事实"] == "生产销售不合格产品，货值金额较大"
    assert changed["操作类型"] == city.Operation.CORRECT
    assert manifest(second)["period"]["from"] == manifest(first)["period"]["to"]


def test_a_withdrawn_decision_travels_as_a_withdrawal(take, export, session):
    take(penalty(1))
    export()

    take(penalty(1, 当前状态="撤销", 撤销原因="经行政复议撤销", 撤销日期="2026-03-11"))
    export()

    second = stored_batches(session)[1]
    (row,) = rows_of(second)
    assert row["操作类型"] == city.Operation.WITHDRAW
    assert row["当前状态"] == "撤销"
    assert row["撤销原因"] == "经行政复议撤销"
    assert row["撤销日期"] == "2026-03-11"
    assert manifest(second)["counts"]["penalty.csv"] == {"total": 1, "撤销": 1}


def test_a_repair_decided_upstream_travels_as_a_repair(
    take, export, session, provider, protector, tmp_path
):
    take(penalty(1))
    export()
    repair = {
        "决定文书号": "周市监罚〔2026〕1号",
        "决定机关": MARKET[0],
        "统一社会信用代码": company(1),
        "修复日期": "2026-03-12",
        "修复机关": MARKET[0],
        "修复文号": "周市监修〔2026〕1号",
    }
    path = files.write(tmp_path / "repairs.csv", [repair])
    intake.import_file(
        session, path, provider, protector=protector, actor="test", received_on=RECEIVED
    )
    session.commit()

    export()

    (row,) = rows_of(stored_batches(session)[1])
    assert row["操作类型"] == city.Operation.REPAIR
    assert row["修复机关"] == MARKET[0]
    assert row["修复文号"] == "周市监修〔2026〕1号"


def test_a_renamed_subject_sends_its_records_again(take, export, session):
    take(penalty(1))
    export()

    take(penalty(1, 行政相对人名称="淄博周村纺织集团有限公司"))
    export()

    (row,) = rows_of(stored_batches(session)[1])
    assert row["行政相对人名称"] == "淄博周村纺织集团有限公司"


def test_a_change_committed_while_a_batch_is_made_goes_in_the_next_batch(
    app, take, export, session
):
    """The batch reads one snapshot: a change that lands meanwhile is wholly in the next one."""
    take(penalty(1), penalty(2))
    engine = engine_for(app)
    landed = []

    def change_meanwhile(conn, cursor, statement, parameters, context, executemany):
        if landed or "FROM records" not in statement:
            return
        landed.append(True)
        with engine.connect() as other:  # another process: intake, a staff decision
            other.execute(
                text("UPDATE records SET content = '罚款一万元' WHERE doc_no = :doc"),
                {"doc": "周市监罚〔2026〕2号"},
            )
            record_id = other.scalar(
                text("SELECT id FROM records WHERE doc_no = :doc"), {"doc": "周市监罚〔2026〕2号"}
            )
            other.execute(
                AuditEvent.__table__.insert().values(
                    actor="staff",
                    action="record.update",
                    entity="records",
                    entity_id=str(record_id),
                    detail={},
                    at=dt.datetime(2026, 3, 14),
                )
            )
            other.commit()

    event.listen(engine, "before_cursor_execute", change_meanwhile)
    try:
        export()
    finally:
        event.remove(engine, "before_cursor_execute", change_meanwhile)
    export()

    assert landed
    first, second = stored_batches(session)
    assert [row["处罚内容"] for row in rows_of(first)] == ["警告，罚款五千元"] * 2
    (again,) = rows_of(second)
    assert (again["行政处罚决定书文号"], again["处罚内容"]) == ("周市监罚〔2026〕2号", "罚款一万元")


@pytest.mark.sqlite_only
def test_an_event_not_yet_visible_below_the_mark_is_taken_once_it_shows(take, export, session):
    """PostgreSQL hands out ids before commit: a gap below the mark is remembered, not lost."""
    take(penalty(1), penalty(2))
    export()
    ids = {doc: id_ for id_, doc in session.execute(select(Record.id, Record.doc_no))}
    top = session.scalar(select(func.max(AuditEvent.id)))
    # a change to record 1 commits under id top+2 while the one under top+1 still runs
    change(session, ids["周市监罚〔2026〕1号"], top + 2, "罚款六千元")
    export()
    second = stored_batches(session)[1]
    assert str(top + 1) in second.gaps
    assert [row["处罚内容"] for row in rows_of(second)] == ["罚款六千元"]

    change(session, ids["周市监罚〔2026〕2号"], top + 1, "罚款七千元")
    export()

    third = stored_batches(session)[2]
    assert third.late_events == [top + 1]
    assert third.gaps == {}
    assert [row["处罚内容"] for row in rows_of(third)] == ["罚款七千元"]


def change(session, record_id: int, event_id: int, content: str) -> None:
    session.execute(
        text("UPDATE records SET content = :content WHERE id = :id"),
        {"content": content, "id": record_id},
    )
    session.execute(
        AuditEvent.__table__.insert().values(
            id=event_id,
            actor="staff",
            action="record.update",
            entity="records",
            entity_id=str(record_id),
            detail={},
            at=dt.datetime(2026, 3, 14),
        )
    )
    session.commit()


# -- the full ID number ----------------------------------------------------------------------


def test_the_full_id_number_is_in_the_batch_files_and_nowhere_else(
    app, take, export, session, tmp_path, database_url
):
    take(penalty(1), person_penalty())

    result = export()

    (batch,) = stored_batches(session)
    by_doc = {row["行政处罚决定书文号"]: row for row in rows_of(batch)}
    assert by_doc["周市监罚〔2026〕100号"]["证件号码"] == PERSON_NUMBER
    assert by_doc["周市监罚〔2026〕100号"]["证件类型"] == "身份证"
    assert by_doc["周市监罚〔2026〕1号"]["法定代表人证件号码"] == REP_NUMBER
    assert "哈希" not in "".join(by_doc["周市监罚〔2026〕1号"])
    numbers = (PERSON_NUMBER.encode(), REP_NUMBER.encode())
    # the batch: its CSV files, and the zip of them that is sent
    batch_files = {Path(batch.folder) / name for name in city.FILES.values()}
    batch_files.add(city.zip_path(batch))
    for path in tmp_path.rglob("*"):
        if path.is_file() and path not in batch_files and not INPUT.fullmatch(path.name):
            body = path.read_bytes()
            assert not any(number in body for number in numbers), path
    assert PERSON_NUMBER not in result.output and REP_NUMBER not in result.output
    details = json.dumps(
        [e.detail for e in session.scalars(select(AuditEvent))], ensure_ascii=False
    )
    assert PERSON_NUMBER not in details and REP_NUMBER not in details


def test_each_export_is_audited_without_the_numbers(take, export, session):
    take(person_penalty())

    export()

    logged = session.scalars(select(AuditEvent).where(AuditEvent.action == "city.export")).one()
    assert logged.entity == "city_batches" and logged.entity_id == "1"
    assert logged.detail["full_id_numbers"] == 1
    assert logged.detail["records"] == 1
    assert logged.actor.startswith("cli")


def test_migration_0005_goes_down_and_up_again(app):
    engine = engine_for(app)
    db.downgrade(engine, "0002")
    assert "city_batches" not in inspect(engine).get_table_names()
    db.upgrade(engine, "0005")
    assert "city_batches" in inspect(engine).get_table_names()


def test_a_batch_unacknowledged_for_more_than_a_working_day_is_an_early_warning(
    app, take, session, tmp_path
):
    take(penalty(1))
    friday = dt.datetime(2026, 3, 13, 18, 0)
    city.make_batch(session, keys.keys_of(app.config), tmp_path / "city", "test", at=friday)
    session.commit()
    calendar = WorkCalendar.load(session)

    assert city.overdue(session, calendar, dt.date(2026, 3, 16)) == []  # Monday: one day
    (late,) = city.overdue(session, calendar, dt.date(2026, 3, 17))  # Tuesday: two
    assert late.number == 1


def test_city_batches_warns_of_an_old_unsent_batch(take, export, cli, session):
    take(penalty(1))
    export()
    session.execute(text("UPDATE city_batches SET made_at = '2020-01-02 09:00:00'"))
    session.commit()

    listed = cli("city-batches")

    assert "已生成" in listed.output
    assert "预警：批次1" in listed.output


def test_the_first_batch_also_holds_records_loaded_without_their_own_audit_event(
    take, export, session, factory
):
    """The demo loads in bulk under one event: a first batch sends what is held, all of it."""
    take(penalty(1))
    factory.record(factory.company("淄博周村批量导入有限公司"))
    session.commit()

    export()

    (batch,) = stored_batches(session)
    assert manifest(batch)["counts"]["penalty.csv"] == {"total": 2, "新增": 2}


def test_cells_travel_verbatim_quotes_commas_and_formula_signs_included(take, export, session):
    facts = '当事人称"货已售出",并称=1+1；-@'
    take(penalty(1, 违法事实=facts, 备注="+86 0533"))

    export()

    (row,) = rows_of(stored_batches(session)[0])
    assert row["违法事实"] == facts
    assert row["备注"] == "+86 0533"
