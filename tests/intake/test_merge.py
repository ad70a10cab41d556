"""Accepted rows merged into the credit files: created, updated, unchanged, repaired, audited; a file lands whole or not at all."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from tests.intake.files import (
    RECEIVED,
    TAX_OFFICE,
    company,
    count,
    feedback,
    penalty,
    penalty_2016,
    person_penalty,
    problems,
    record,
    records,
    repair,
    write,
)
from xinyong.credit import intake, providers
from xinyong.credit.models import (
    AuditEvent,
    Record,
    RecordStatus,
    Rejection,
    Severity,
    Subject,
    Submission,
)
from xinyong.credit.records import shown_label


def test_a_new_name_in_a_later_report_renames_the_subject_audited(take, session, tmp_path):
    take(write(tmp_path / "first.csv", [penalty(1)]))

    renamed = penalty(
        1, 行政处罚决定书文号="周市监罚〔2026〕99号", 行政相对人名称="淄博周村新丝绸有限公司"
    )
    take(write(tmp_path / "second.csv", [renamed]))

    assert session.scalars(select(Subject)).one().name == "淄博周村新丝绸有限公司"
    event = session.scalars(select(AuditEvent).where(AuditEvent.action == "subject.update")).one()
    assert event.detail["changes"]["name"] == ["淄博周村丝绸有限公司1", "淄博周村新丝绸有限公司"]


# -- merging into the credit files -----------------------------------------------------------


def test_importing_the_same_file_twice_changes_nothing(take, session, tmp_path):
    path = write(tmp_path / "penalties.csv", [penalty(1), penalty(2), person_penalty(3)])
    first = take(path)
    events = count(session, AuditEvent)

    second = take(path)

    assert (first.accepted, first.updated, first.unchanged) == (3, 0, 0)
    assert (second.accepted, second.updated, second.unchanged) == (0, 0, 3)
    assert count(session, AuditEvent) == events
    assert count(session, Record) == 3 and count(session, Subject) == 3
    assert count(session, Submission) == 2


def test_creations_are_audited(take, session, tmp_path):
    take(write(tmp_path / "penalties.csv", [penalty(1)]))

    actions = session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert actions.count("subject.create") == 1
    assert actions.count("record.create") == 1
    created = session.scalars(select(AuditEvent).where(AuditEvent.action == "record.create")).one()
    assert created.entity_id == str(records(session)[0].id)
    assert created.actor == "test"


def test_a_changed_row_updates_the_record_and_the_audit_keeps_old_and_new(take, session, tmp_path):
    take(write(tmp_path / "first.csv", [penalty(1), penalty(2)]))
    changed = penalty(1, 违法事实="生产销售不合格产品，货值金额较大", **{"罚款金额(万元)": "2"})

    result = take(write(tmp_path / "second.csv", [changed, penalty(2)]))

    assert (result.accepted, result.updated, result.unchanged) == (0, 1, 1)
    stored = record(session, "周市监罚〔2026〕1号")
    assert stored.fields["罚款金额(万元)"] == "2"
    assert stored.submission_id == result.submission_id
    event = session.scalars(select(AuditEvent).where(AuditEvent.action == "record.update")).one()
    assert event.entity_id == str(stored.id)
    assert event.detail["changes"] == {
        "fields.罚款金额(万元)": ["0.5", "2"],
        "fields.违法事实": ["生产销售不合格产品", "生产销售不合格产品，货值金额较大"],
    }


def test_a_decision_twice_in_one_file_is_stored_then_updated(
    take, session, tmp_path, provider, protector
):
    rows = [penalty(1), penalty(2), penalty(1, 违法事实="更正后的违法事实")]
    path = write(tmp_path / "twice.csv", rows)

    for size in (2, 10):  # across chunks and within one
        session.execute(Record.__table__.delete())
        result = intake.import_file(
            session,
            path,
            provider,
            protector=protector,
            actor="test",
            received_on=RECEIVED,
            settings=intake.Settings(chunk_size=size),
        )
        session.expire_all()
        assert (result.accepted, result.updated) == (2, 1)
        assert record(session, "周市监罚〔2026〕1号").fields["违法事实"] == "更正后的违法事实"


def test_a_withdrawal_makes_the_record_invalid_with_its_reason(take, session, tmp_path):
    take(write(tmp_path / "first.csv", [penalty(1)]))
    withdrawn = penalty(1, 当前状态="撤销", 撤销原因="经行政复议撤销", 撤销日期="2026-03-12")

    result = take(write(tmp_path / "withdrawal.csv", [withdrawn]))

    assert result.updated == 1
    stored = record(session, "周市监罚〔2026〕1号")
    assert stored.status == RecordStatus.INVALID
    assert stored.status_reason == "经行政复议撤销"
    assert stored.status_on == dt.date(2026, 3, 12)
    event = session.scalars(select(AuditEvent).where(AuditEvent.action == "record.update")).one()
    assert event.detail["changes"]["status"] == ["active", "invalid"]


def test_another_department_cannot_overwrite_a_record(take, session, tmp_path):
    take(write(tmp_path / "first.csv", [penalty(1)]))
    tax = providers.add(session, *TAX_OFFICE, actor="test")
    row = penalty(
        1, 违法事实="改写", 数据来源单位=TAX_OFFICE[0], 数据来源单位统一社会信用代码=TAX_OFFICE[1]
    )

    result = take(write(tmp_path / "tax.csv", [row]), provider=tax)

    assert (result.rejected, problems(result)) == (1, [(2, "行政处罚决定书文号")])
    assert record(session, "周市监罚〔2026〕1号").fields["违法事实"] == "生产销售不合格产品"


# -- disclosure, procedure, lateness ---------------------------------------------------------


def test_severity_is_inferred_by_the_catalog_rule_when_not_given(take, session, tmp_path):
    rows = [
        penalty(
            1,
            处罚类别="吊销许可证件",
            暂扣或吊销证照名称及编号="食品经营许可证JY1",
            **{"罚款金额(万元)": ""},
        ),
        penalty(2, 失信严重程度="一般", 处罚类别="吊销许可证件", 暂扣或吊销证照名称及编号="JY2"),
        penalty(3, 公示截止期="2026-12-31"),
        penalty(4, 处罚类别="警告", **{"罚款金额(万元)": ""}),
    ]
    assert take(write(tmp_path / "severity.csv", rows)).accepted == 4

    serious, given, bounded, warning = records(session)
    assert (serious.severity, serious.severity_inferred) == (Severity.SERIOUS, True)
    assert serious.disclosure_end == dt.date(2029, 3, 9)
    assert serious.repairable_from == dt.date(2027, 3, 9)
    assert (given.severity, given.severity_inferred) == (Severity.GENERAL, False)
    assert given.disclosure_end == dt.date(2027, 3, 9)
    assert bounded.disclosure_end == dt.date(2026, 12, 31)  # the provider's, within 3–12 months
    assert (warning.severity, warning.disclosure_end) == (Severity.MINOR, None)


def test_simple_procedure_penalties_are_marked(take, session, tmp_path):
    rows = [
        penalty(1, 程序类型="简易程序", **{"罚款金额(万元)": "0.2"}),
        penalty(2, 程序类型="普通程序"),
    ]

    assert take(write(tmp_path / "procedure.csv", rows)).accepted == 2

    assert [stored.simple_procedure for stored in records(session)] == [True, False]


def test_lateness_is_counted_in_working_days_from_forming_to_receipt(take, session, tmp_path):
    rows = [penalty(1, 处罚决定日期="2026-03-02"), penalty(2, 处罚决定日期="2026-03-09")]

    result = take(write(tmp_path / "late.csv", rows))

    assert result.late == 1
    late, timely = records(session)
    assert (late.report_workdays, late.late, late.late_provisional) == (9, True, False)
    assert (timely.report_workdays, timely.late) == (4, False)
    assert late.received_on == RECEIVED
    assert session.get(Submission, result.submission_id).late == 1


def test_lateness_over_a_holiday_counts_working_days_only(take, session, tmp_path):
    # National Day 2025: 1–8 October off, Sunday 28 September and Saturday 11 October worked
    row = penalty(1, 处罚决定日期="2025-09-26")

    take(write(tmp_path / "holiday.csv", [row]), received_on=dt.date(2025, 10, 13))

    assert records(session)[0].report_workdays == 7  # the limit itself is in time
    assert not records(session)[0].late


# -- repairs decided upstream ----------------------------------------------------------------


def test_a_repair_file_archives_the_record(take, session, tmp_path):
    take(write(tmp_path / "penalties.csv", [penalty(1), penalty(2), penalty(3)]))
    rows = [repair(1), repair(9), repair(2, 统一社会信用代码=company(3))]

    result = take(write(tmp_path / "repairs.csv", rows))

    assert (result.kind, result.updated, result.unmatched, result.rejected) == ("repair", 1, 1, 1)
    assert problems(result) == [(3, "决定文书号"), (4, "统一社会信用代码")]
    assert "未归集" in feedback(result)[0]["原因"]
    repaired = record(session, "周市监罚〔2026〕1号")
    assert repaired.status == RecordStatus.ARCHIVED
    assert (repaired.repaired_on, repaired.repair_doc) == (dt.date(2026, 3, 12), "鲁修〔2026〕1号")
    assert repaired.repaired_by == "国家企业信用信息公示系统（山东）"
    assert record(session, "周市监罚〔2026〕2号").status == RecordStatus.ACTIVE
    event = session.scalars(select(AuditEvent).where(AuditEvent.action == "record.repair")).one()
    assert event.detail["changes"]["status"] == ["active", "archived"]
    notice = session.scalars(select(Rejection).where(Rejection.notice.is_(True))).one()
    assert notice.row == 3


def test_a_repair_for_a_record_not_held_is_no_error(take, tmp_path):
    result = take(write(tmp_path / "repairs.csv", [repair(7)]))

    assert (result.unmatched, result.rejected, result.exit_code) == (1, 0, 0)


def test_a_repaired_record_stays_archived_when_files_come_again(take, session, tmp_path):
    penalties = write(tmp_path / "penalties.csv", [penalty(1)])
    repairs = write(tmp_path / "repairs.csv", [repair(1)])
    take(penalties)
    take(repairs)

    assert take(repairs).unchanged == 1
    assert take(penalties).unchanged == 1
    assert record(session, "周市监罚〔2026〕1号").status == RecordStatus.ARCHIVED


# -- a file is one unit ----------------------------------------------------------------------


class Crash(RuntimeError):
    """What the test throws in the middle of a file, as a full disk or a lost server would."""


def crash_after_first_chunk(done: int, total: int) -> None:
    if done < total:
        raise Crash("disk full")


def test_an_error_after_the_first_chunk_leaves_the_database_as_before(take, session, tmp_path):
    take(write(tmp_path / "earlier.csv", [penalty(1)]))
    before = (count(session, Record), count(session, Subject), count(session, AuditEvent))
    rows = [penalty(n) for n in range(1, 8)]  # row 1 an update, then new ones
    rows[0]["违法事实"] = "改过的事实"

    result = take(
        write(tmp_path / "big.csv", rows),
        settings=intake.Settings(chunk_size=2),
        progress=crash_after_first_chunk,
    )

    assert result.failed and result.refused
    assert (count(session, Record), count(session, Subject), count(session, AuditEvent)) == before
    assert record(session, "周市监罚〔2026〕1号").fields["违法事实"] == "生产销售不合格产品"
    failed = session.scalars(select(Submission).order_by(Submission.id.desc())).first()
    assert (
        failed.filename == "big.csv" and "系统错误" in failed.refused and "Crash" in failed.refused
    )
    assert (failed.rows, failed.accepted) == (0, 0)
    assert [line["原因"] for line in feedback(result)] == [failed.refused]


def test_after_a_failed_file_the_same_file_imports_whole(take, session, tmp_path):
    path = write(tmp_path / "again.csv", [penalty(n) for n in range(1, 6)])
    take(path, settings=intake.Settings(chunk_size=2), progress=crash_after_first_chunk)

    result = take(path, settings=intake.Settings(chunk_size=2))

    assert (result.accepted, result.exit_code) == (5, 0)
    assert count(session, Record) == 5


# -- repairs: only where they can have been decided -----------------------------------------


def test_a_repair_dated_before_the_decision_is_rejected(take, session, tmp_path):
    take(write(tmp_path / "penalties.csv", [penalty(1)]))

    result = take(write(tmp_path / "repairs.csv", [repair(1, 修复日期="2026-03-01")]))

    assert (result.updated, result.rejected) == (0, 1)
    assert problems(result) == [(2, "修复日期")]
    assert "早于该决定的决定日期2026-03-09" in feedback(result)[0]["原因"]


def test_a_repair_dated_in_the_future_is_rejected(take, session, tmp_path):
    take(write(tmp_path / "penalties.csv", [penalty(1)]))

    result = take(write(tmp_path / "repairs.csv", [repair(1, 修复日期="2026-03-20")]))

    assert result.rejected == 1 and "晚于报送日期" in feedback(result)[0]["原因"]


def test_another_department_cannot_repair_a_record(take, session, tmp_path):
    take(write(tmp_path / "penalties.csv", [penalty(1)]))
    tax = providers.add(session, *TAX_OFFICE, actor="test")
    session.commit()

    result = take(write(tmp_path / "repairs.csv", [repair(1)]), provider=tax)

    assert result.rejected == 1
    assert "只能由原报送部门或信用信息工作机构报送" in feedback(result)[0]["原因"]
    assert record(session, "周市监罚〔2026〕1号").status == RecordStatus.ACTIVE


def test_the_credit_agency_forwards_repairs_for_any_department(take, session, tmp_path):
    take(write(tmp_path / "penalties.csv", [penalty(1)]))
    agency = providers.add(session, *TAX_OFFICE, actor="test")
    session.commit()

    result = take(
        write(tmp_path / "repairs.csv", [repair(1)]),
        provider=agency,
        settings=intake.Settings(credit_agency=TAX_OFFICE[1]),
    )

    assert (result.updated, result.rejected) == (1, 0)
    assert record(session, "周市监罚〔2026〕1号").status == RecordStatus.ARCHIVED


def test_a_file_cannot_be_received_in_the_future(take, tmp_path):
    with pytest.raises(intake.ReceiptError, match="晚于今天"):
        take(write(tmp_path / "p.csv", [penalty(1)]), received_on=dt.date.today() + dt.timedelta(1))


# -- objection labels: the provider's and the forms app's, kept apart -----------------------


def test_a_providers_objection_status_labels_the_record_and_its_later_0_clears_it(
    take, session, tmp_path
):
    received = {"received_on": dt.date(2016, 5, 20)}
    take(write(tmp_path / "first.csv", [penalty_2016(1, "2")]), **received)
    disputed = record(session, "周工商处字〔2016〕1号")
    assert (disputed.provider_label, shown_label(disputed)) == ("异议处理中", "异议处理中")

    result = take(write(tmp_path / "later.csv", [penalty_2016(1, "0")]), **received)

    assert result.updated == 1
    cleared = record(session, "周工商处字〔2016〕1号")
    assert cleared.provider_label is None and shown_label(cleared) is None
    event = session.scalars(select(AuditEvent).where(AuditEvent.action == "record.update")).one()
    assert event.detail["changes"]["provider_label"] == ["异议处理中", None]


def test_a_providers_report_never_clears_the_forms_apps_label(take, session, tmp_path):
    received = {"received_on": dt.date(2016, 5, 20)}
    take(write(tmp_path / "first.csv", [penalty_2016(1, "2")]), **received)
    objected = record(session, "周工商处字〔2016〕1号")
    objected.objection_label = "存在异议"  # as the forms app sets it when the subject disputes
    session.commit()

    take(write(tmp_path / "later.csv", [penalty_2016(1, "0")]), **received)

    kept = record(session, "周工商处字〔2016〕1号")
    assert (kept.objection_label, kept.provider_label, shown_label(kept)) == (
        "存在异议",
        None,
        "存在异议",
    )
