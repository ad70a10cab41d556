"""Numbered credit reports and `/verify` (issue 15): what a tenderer and a person experience."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import inspect, select

from tests.test_admin import login, staff  # noqa: F401 (the `staff` fixture)
from tests.test_forms_support import text as page_text
from tests.test_forms_support import token
from xinyong.credit import catalog
from xinyong.credit.disclosure import assess
from xinyong.credit.models import CreditReport, QueryLogEntry, Record, RecordStatus
from xinyong.database import engine_for

DECIDED = dt.date(2026, 3, 2)
REPORT_DAY = dt.date(2026, 6, 1)


@pytest.fixture
def world(session, factory, provider):
    items = catalog.current(session)
    company = factory.company("淄博周村丝绸有限公司")
    penalty = factory.record(
        company,
        "XZCF",
        provider_id=provider.id,
        content="罚款人民币五千元",
        **assess(items["XZCF"], DECIDED, given="general"),
    )
    person = factory.person("李四", birth="19800101")
    # a penalty of a person is never on the site; it is in the person's own report
    private = factory.record(
        person, "XZCF", content="罚款二百元", **assess(items["XZCF"], DECIDED, given="general")
    )
    session.commit()
    return {"company": company, "penalty": penalty, "person": person, "private": private}


def issue(client, code: str, purpose: str = "招标投标", **extra):
    return client.post(
        "/admin/reports/",
        data={
            "csrf_token": token(client, "/admin/reports/"),
            "code": code,
            "as_of": REPORT_DAY.isoformat(),
            "purpose": purpose,
            **extra,
        },
    )


def print_report(client, number: str):
    return client.post(
        f"/admin/reports/{number}/print", data={"csrf_token": token(client, "/admin/reports/")}
    )


def verify(client, number: str, date: str = REPORT_DAY.isoformat()):
    return client.get("/verify", query_string={"number": number, "date": date})


@pytest.mark.usefixtures("staff")
def test_an_enterprise_gets_a_report_for_bidding_and_the_tenderer_verifies_it(
    app, client, session, world
):
    login(client, "alice")
    issued = issue(client, world["company"].uscc)
    assert issued.status_code == 200, page_text(issued)
    number = re.search(r'id="issued-number">([^<]+)<', page_text(issued))[1]
    assert re.fullmatch(r"ZCXY20260601\d{8}", number)
    printed = page_text(print_report(client, number))
    assert number in printed and "用途：招标投标" in printed
    assert "淄博周村丝绸有限公司" in printed and world["penalty"].doc_no in printed
    assert "1. 基本信息" in printed and "行政管理" in printed  # the standard's sections
    digest = re.search(r"SHA-256 ([0-9a-f]{64})", printed)[1]
    # the tenderer, not logged in, checks the number and date printed on the report
    tenderer = app.test_client()
    answer = verify(tenderer, number)
    assert answer.status_code == 200
    shown = page_text(answer)
    assert "核验通过" in shown and "淄博周村丝绸有限公司" in shown and digest in shown
    assert world["penalty"].doc_no not in shown  # the content is not for others to read
    # the issue and the printing are in the query log
    purposes = session.scalars(select(QueryLogEntry.purpose)).all()
    assert any(number in purpose and "招标投标" in purpose for purpose in purposes)
    assert any(f"打印信用报告{number}" == purpose for purpose in purposes)


@pytest.mark.usefixtures("staff")
def test_only_a_digest_and_metadata_are_kept(app, client, world):
    columns = {column["name"] for column in inspect(engine_for(app)).get_columns("credit_reports")}
    assert not columns & {"content", "body", "html", "records"}
    assert {"number", "as_of", "digest"} <= columns


@pytest.mark.usefixtures("staff")
def test_a_wrong_number_or_date_is_answered_alike(app, client, world):
    login(client, "alice")
    number = re.search(
        r'id="issued-number">([^<]+)<', page_text(issue(client, world["company"].uscc))
    )[1]
    anyone = app.test_client()
    wrong_date = page_text(verify(anyone, number, "2026-06-02"))
    unknown = page_text(verify(anyone, "ZCXY2026060100000000"))
    message = "未找到与该报告编号和报告日期相符的信用报告"
    assert message in wrong_date and message in unknown
    assert wrong_date.replace(number, "N").replace("2026-06-02", "D") == unknown.replace(
        "ZCXY2026060100000000", "N"
    ).replace(REPORT_DAY.isoformat(), "D")
    assert "淄博周村丝绸有限公司" not in wrong_date
    assert page_text(verify(anyone, number, "not-a-date")).count(message) == 1


def test_guessing_numbers_is_rate_limited(app, client):
    app.config["VERIFY_RATE_LIMIT"] = "3 per minute"
    codes = [verify(client, f"ZCXY20260601{n:08d}").status_code for n in range(5)]
    assert codes == [200, 200, 200, 429, 429]
    assert client.get("/verify").status_code == 200  # the empty form is not counted


@pytest.mark.usefixtures("staff")
def test_a_personal_report_needs_verified_identity_and_downloads_once(
    app, client, session, world, protector
):
    login(client, "alice")
    person = world["person"]
    refused = issue(client, person.key, "本人查阅")
    assert refused.status_code == 400 and "核验" in page_text(refused)
    issued = issue(client, person.key, "本人查阅", identity_checked="y")
    assert issued.status_code == 200
    link = re.search(r'id="report-link" class="secret"[^>]*>([^<]+)<', page_text(issued))[1]
    number = re.search(r'id="issued-number">([^<]+)<', page_text(issued))[1]
    assert client.get("/admin/reports/").get_data(as_text=True).count(link) == 0  # shown once
    path = link.split("localhost", 1)[-1]
    own = app.test_client()
    first = own.get(path)
    assert first.status_code == 200 and first.headers["Cache-Control"] == "no-store"
    report = page_text(first)
    assert "李四" in report and "罚款二百元" in report and number in report
    assert "仅供本人使用" in report
    assert "19800101" not in report  # the ID number masked, the birth date hidden
    again = own.get(path)
    assert again.status_code == 404 and "已使用" in page_text(again)
    # anyone may verify it, and learns no one's name
    checked = page_text(verify(app.test_client(), number))
    assert "核验通过" in checked and "李四" not in checked and "自然人（不予显示）" in checked


@pytest.mark.usefixtures("staff")
def test_a_report_whose_data_changed_is_not_reprinted_as_if_unchanged(client, session, world):
    login(client, "alice")
    number = re.search(
        r'id="issued-number">([^<]+)<', page_text(issue(client, world["company"].uscc))
    )[1]
    record = session.get(Record, world["penalty"].id)
    record.status = RecordStatus.ARCHIVED
    session.commit()
    refused = print_report(client, number)
    assert refused.status_code == 409 and "重新出具" in page_text(refused)
    assert session.scalar(select(CreditReport).where(CreditReport.number == number))


@pytest.mark.usefixtures("staff")
def test_a_report_cannot_be_dated_in_the_future_or_for_no_one(client, world):
    login(client, "alice")
    future = client.post(
        "/admin/reports/",
        data={
            "csrf_token": token(client, "/admin/reports/"),
            "code": world["company"].uscc,
            "as_of": "2099-01-01",
            "purpose": "招标投标",
        },
    )
    assert future.status_code == 400 and "不能晚于今天" in page_text(future)
    nobody = issue(client, "91370306MA3C99999X")
    assert nobody.status_code == 400 and "没有找到" in page_text(nobody)


@pytest.mark.usefixtures("staff")
def test_a_provider_account_issues_no_reports(client):
    login(client, "market")
    assert client.get("/admin/reports/").status_code == 403


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(number=st.text(max_size=40), date=st.text(max_size=12))
def test_any_number_and_date_get_a_page_never_an_error(app, client, number, date):
    app.config["VERIFY_RATE_LIMIT"] = "10000 per minute"
    response = client.get("/verify", query_string={"number": number, "date": date})
    if "\x00" in number + date:  # no database takes a NUL: refused before the look-up
        assert response.status_code == 400
        return
    assert response.status_code == 200
    shown = page_text(response)
    assert "核验通过" not in shown
    if number.strip():
        assert "未找到与该报告编号和报告日期相符的信用报告" in shown
