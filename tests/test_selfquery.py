"""本人查询 end to end (issue 15): apply online, staff verify, the subject sees and objects."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from tests.conftest import make_ric
from tests.test_admin import login, staff  # noqa: F401 (the `staff` fixture)
from tests.test_forms_support import EXE, PDF, PNG, token, upload
from tests.test_forms_support import text as page_text
from xinyong.credit import catalog, subjects
from xinyong.credit.disclosure import assess
from xinyong.credit.models import (
    QueryLogEntry,
    RecordStatus,
    SelfQuery,
    SelfQueryAttachment,
    SubjectKind,
)


@pytest.fixture
def world(session, factory, provider):
    """A company with a penalty on the site, one past its window, one 轻微, one repaired."""
    items = catalog.current(session)
    company = factory.company("淄博周村丝绸有限公司")
    shown = factory.record(
        company,
        "XZCF",
        provider_id=provider.id,
        content="罚款人民币五千元",
        **assess(items["XZCF"], dt.date(2026, 3, 2), given="general"),
    )
    expired = factory.record(
        company,
        "XZCF",
        content="罚款人民币一千元（公示期已满）",
        **assess(items["XZCF"], dt.date(2020, 3, 2), given="general"),
    )
    minor = factory.record(
        company,
        "XZCF",
        content="警告（轻微，不公示）",
        **assess(items["XZCF"], dt.date(2026, 4, 1), given="minor"),
    )
    repaired = factory.record(company, "XZCF", content="已修复的处罚", status=RecordStatus.ARCHIVED)
    session.commit()
    return {
        "company": company,
        "shown": shown,
        "expired": expired,
        "minor": minor,
        "repaired": repaired,
    }


def apply(client, code: str, files=None, **overrides):
    values = {
        "applicant_type": "org",
        "applicant_name": "淄博周村丝绸有限公司",
        "applicant_code": code,
        "phone": "0533-6412345",
        "email": "silk@example.com",
        "declaration": "y",
        **overrides,
    }
    data = {"csrf_token": token(client, "/selfquery/new"), **values}
    for name, items in (
        files if files is not None else {"identity": [upload(PNG, "营业执照.png")]}
    ).items():
        data[name] = items
    return client.post("/selfquery/new", data=data, content_type="multipart/form-data")


def number_of(response) -> str:
    return re.search(r'id="number">([^<]+)<', page_text(response))[1]


def decide(client, number: str, action: str, reason: str = ""):
    path = f"/admin/selfquery/{number}"
    return client.post(
        path, data={"csrf_token": token(client, path), "action": action, "reason": reason}
    )


@pytest.mark.usefixtures("staff")
def test_a_company_applies_staff_verify_it_sees_everything_and_objects(app, session, world):
    subject_client, staff_client = app.test_client(), app.test_client()
    filed = apply(subject_client, world["company"].uscc)
    assert filed.status_code == 200, page_text(filed)
    number = number_of(filed)
    # staff see the application and its copy, then verify it
    login(staff_client, "alice")
    assert number in page_text(staff_client.get("/admin/selfquery/"))
    copy = session.scalar(select(SelfQueryAttachment))
    download = staff_client.get(f"/admin/selfquery/attachment/{copy.id}")
    assert download.status_code == 200 and download.data == PNG
    verified = decide(staff_client, number, "verify")
    assert verified.status_code == 200
    link = re.search(r'id="self-link" class="secret"[^>]*>([^<]+)<', page_text(verified))[1]
    assert link not in page_text(staff_client.get(f"/admin/selfquery/{number}"))  # shown once
    # the subject opens its complete file: the off-site items too
    opened = subject_client.get(urlsplit(link).path)
    assert opened.status_code == 200
    assert opened.headers["Referrer-Policy"] == "no-referrer"
    view = page_text(opened)
    for shown in ("罚款人民币五千元", "罚款人民币一千元（公示期已满）", "警告（轻微，不公示）"):
        assert shown in view
    assert "已修复（存档）" in view and f"XZCF-{world['repaired'].id}" in view
    # the expired item is off the public site, yet here, with an objection link
    site = page_text(subject_client.get(f"/subject/{world['company'].uscc}/"))
    assert "罚款人民币一千元" not in site
    ref = f"XZCF-{world['expired'].id}"
    objection = re.search(rf'href="([^"]*objection/new\?record={ref})"', view)[1]
    form = subject_client.get(urlsplit(objection).path + "?" + urlsplit(objection).query)
    assert form.status_code == 200 and world["expired"].doc_no in page_text(form)
    # every view is in the query log
    subject_client.get(urlsplit(link).path)
    entries = session.scalars(
        select(QueryLogEntry).where(QueryLogEntry.actor == f"self:{number}")
    ).all()
    assert len(entries) == 2 and all(number in entry.purpose for entry in entries)


@pytest.mark.usefixtures("staff")
def test_the_link_ends_after_its_days_and_a_refusal_opens_nothing(app, session, world):
    client = app.test_client()
    number = number_of(apply(client, world["company"].uscc))
    login(client, "alice")
    link = re.search(
        r'id="self-link" class="secret"[^>]*>([^<]+)<', page_text(decide(client, number, "verify"))
    )[1]
    query = session.scalar(select(SelfQuery).where(SelfQuery.number == number))
    query.expires_at = dt.datetime(2020, 1, 1)
    session.commit()
    gone = client.get(urlsplit(link).path)
    assert gone.status_code == 404 and "已过期" in page_text(gone)
    assert client.get("/selfquery/not-a-token").status_code == 404
    other = number_of(apply(client, world["company"].uscc))
    assert "理由" in page_text(decide(client, other, "refuse"))  # a refusal says why
    assert decide(client, other, "refuse", "复印件与主体不符").status_code == 200
    assert decide(client, other, "verify").status_code == 400  # decided once


@pytest.mark.usefixtures("staff")
def test_no_subject_in_the_district_is_not_verified(client, world):
    from tests.conftest import make_uscc

    number = number_of(apply(client, make_uscc("91370306MA3C99999")))
    login(client, "alice")
    refused = decide(client, number, "verify")
    assert refused.status_code == 400 and "没有该信息主体" in page_text(refused)


def test_an_agent_needs_an_authorisation_letter(client, world):
    missing = apply(client, world["company"].uscc, agent_name="王经办")
    assert missing.status_code == 400 and "授权委托书" in page_text(missing)
    done = apply(
        client,
        world["company"].uscc,
        files={"identity": [upload(PNG, "执照.png")], "authorisation": [upload(PDF, "委托书.pdf")]},
        agent_name="王经办",
    )
    assert done.status_code == 200


@pytest.mark.parametrize(
    ("overrides", "files", "said"),
    [
        ({}, {"identity": []}, "营业执照"),
        ({}, {"identity": [upload(EXE, "执照.pdf")]}, "不是PDF、JPG或PNG文件"),
        ({"applicant_code": "91370306MA3C00001X"}, None, ""),
        ({"declaration": ""}, None, "承诺"),
        ({"phone": ""}, None, "联系电话"),
    ],
)
def test_bad_applications_are_said_in_chinese_and_keep_nothing(
    client, session, world, overrides, files, said
):
    response = apply(client, world["company"].uscc, files=files, **overrides)
    assert response.status_code == 400
    assert said in page_text(response) and "Traceback" not in page_text(response)
    assert session.scalar(select(SelfQuery)) is None


def test_a_person_applies_and_only_the_masked_number_is_kept(app, client, session, protector):
    number = make_ric("19800101", serial="551")
    who = subjects.identity(SubjectKind.PERSON, protector, id_number=number)
    subjects.find_or_create_many(session, [(who, "王五", None)], "test")
    session.commit()
    filed = apply(
        client,
        number,
        files={"identity": [upload(PNG, "身份证.png")]},
        applicant_type="person",
        applicant_name="王五",
    )
    assert filed.status_code == 200, page_text(filed)
    stored = session.scalar(select(SelfQuery))
    assert stored.applicant_code == number[:6] + "********" + number[-4:]
    assert stored.subject.name == "王五"
