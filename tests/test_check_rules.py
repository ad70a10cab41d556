"""The rules of a 信用核查: what counts for a matter, by the one disclosure function."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import make_uscc
from xinyong.credit import checks
from xinyong.credit.models import RecordStatus

TODAY = dt.date.today()
RECENT = TODAY - dt.timedelta(days=40)
LATER = TODAY + dt.timedelta(days=300)


def check_one(session, protector, company, matter: str = "ZFCG", name: str | None = None):
    runner = checks.Runner("test", "周村区财政局", None, TODAY)
    query = checks.Query(2, name or company.name, company.uscc)
    done = checks.run(session, [query], matter, runner, protector, source="test")
    return done.result["rows"][0]


@pytest.mark.parametrize(
    "fields",
    [
        # past its disclosure window
        {"severity": "general", "disclosure_end": TODAY - dt.timedelta(days=1)},
        # 简易程序 and 轻微 penalties are never disclosed
        {"severity": "general", "disclosure_end": LATER, "simple_procedure": True},
        {"severity": "minor", "disclosure_end": None},
        # repaired, deleted, withdrawn
        {"severity": "general", "disclosure_end": LATER, "status": RecordStatus.ARCHIVED},
        {"severity": "general", "disclosure_end": LATER, "status": RecordStatus.DELETED},
        {"severity": "general", "disclosure_end": LATER, "status": RecordStatus.INVALID},
    ],
)
def test_a_penalty_out_of_force_never_counts(session, factory, protector, fields):
    company = factory.company()
    factory.record(company, "XZCF", decided_on=RECENT, **fields)
    row = check_one(session, protector, company)
    assert row["status"] == "found" and row["entries"] == [] and row["measures"] == []
    assert row["conclusion"].startswith("在本区公共信用信息中未发现该主体与政府采购相关的")


def test_a_penalty_in_its_window_is_listed_and_a_serious_one_is_serious(
    session, factory, protector
):
    company = factory.company()
    factory.record(company, "XZCF", decided_on=RECENT, severity="general", disclosure_end=LATER)
    factory.record(company, "XZCF", decided_on=RECENT, severity="serious", disclosure_end=LATER)
    row = check_one(session, protector, company)
    assert sorted(e["section"] for e in row["entries"]) == ["penalty", "serious"]
    assert "公示期内行政处罚1条" in row["conclusion"] and "严重失信信息1条" in row["conclusion"]


def test_the_abnormal_operations_list_triggers_its_measure_for_bidding(session, factory, protector):
    company = factory.company()
    factory.record(company, "JYYC", decided_on=RECENT, severity="general", disclosure_end=LATER)
    row = check_one(session, protector, company, matter="招标投标")
    assert [e["section"] for e in row["entries"]] == ["dishonest"]
    assert [m["code"] for m in row["measures"]] == ["CJ03"]
    assert "企业信息公示暂行条例" in row["measures"][0]["basis"]


def test_a_measure_triggered_only_by_a_record_under_objection_is_pending_not_settled(
    session, factory, protector
):
    company = factory.company()
    factory.record(
        company,
        "SXBZXR",
        decided_on=RECENT,
        severity="serious",
        disclosure_end=LATER,
        objection_label="异议处理中",
    )
    row = check_one(session, protector, company)
    assert row["entries"][0]["objection"] == "异议处理中"
    assert row["measures"][0]["name"] == "限制参与政府采购" and row["measures"][0]["pending"]
    assert "限制参与政府采购（待异议处理结果）" in row["conclusion"]


def test_measures_apply_only_to_their_matter(session, factory, protector):
    company = factory.company()
    factory.record(company, "SXBZXR", decided_on=RECENT, severity="serious", disclosure_end=LATER)
    names = {
        matter: [m["name"] for m in check_one(session, protector, company, matter)["measures"]]
        for matter in ("ZFCG", "PYPX", "RZSX")
    }
    assert names["ZFCG"] == ["限制参与政府采购"]
    assert names["PYPX"] == ["不予授予荣誉称号、限制参加评优评先"]
    assert names["RZSX"] == ["在融资授信中依法审慎对待"]


def test_a_red_list_entry_brings_its_incentive(session, factory, protector):
    company = factory.company()
    factory.record(company, "BZJL", decided_on=RECENT)
    row = check_one(session, protector, company, matter="评优评先")
    assert [e["section"] for e in row["entries"]] == ["red"]
    assert [(m["kind"], m["name"]) for m in row["measures"]] == [
        ("激励", "评优评先同等条件下优先考虑")
    ]


def test_a_name_in_full_width_brackets_matches_and_another_name_does_not(
    session, factory, protector
):
    company = factory.company("淄博周村（丝绸）有限公司", make_uscc("91370306MA3C77777"))
    assert (
        check_one(session, protector, company, name="淄博周村(丝绸)有限公司 ")["status"] == "found"
    )
    other = check_one(session, protector, company, name="淄博某某有限公司")
    assert other["status"] == "mismatch" and other["registered_name"] == company.name
