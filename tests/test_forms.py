"""The public forms: objection, deletion, repair, status (issue 14, "Done when")."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.test_forms_support import (
    ELF,
    EXE,
    PDF,
    PNG,
    applicant,
    post_form,
    receipt,
    text,
    token,
    upload,
    world_fixture,  # noqa: F401 (the `world` fixture)
)
from xinyong import config
from xinyong.credit import applications
from xinyong.credit.identifiers import IdProtector
from xinyong.credit.models import Application, Attachment, OutboxMessage, Record
from xinyong.credit.workdays import WorkCalendar


def objection(world, **overrides):
    values = applicant(world["company"].uscc)
    values.update(
        record=world["penalty_ref"],
        objection_type="error",
        description="罚款金额记载错误，应为伍佰元。",
    )
    values.update(overrides)
    return values


def test_the_objection_form_has_the_public_field_names(client, world):
    page = text(client.get(f"/objection/new?record={world['penalty_ref']}"))
    for name in (
        "applicant_type",
        "applicant_name",
        "applicant_code",
        "phone",
        "email",
        "objection_type",
        "description",
        "attachments",
        "declaration",
        "csrf_token",
        "record",
    ):
        assert f'name="{name}"' in page, name
    assert f'value="{world["penalty_ref"]}"' in page
    assert "行政处罚" in page and "site.css" in page  # the site's own look


def test_a_post_without_csrf_token_gets_400_and_stores_nothing(client, session, world):
    response = client.post(
        "/objection/new", data=objection(world), content_type="multipart/form-data"
    )
    assert response.status_code == 400
    assert "安全校验码" in text(response)
    assert session.scalar(select(Application.id)) is None


def test_an_objection_with_an_attachment_gets_a_number_and_labels_the_record(
    client, app, session, world
):
    response = post_form(
        client,
        "/objection/new",
        objection(world),
        [upload(PNG, "处罚决定书.png")],
    )
    assert response.status_code == 200, text(response)
    assert response.headers["Cache-Control"] == "no-store"
    number, password = receipt(response)
    assert number.startswith("YY") and len(password) == 10
    session.expire_all()
    filed = session.scalar(select(Application).where(Application.number == number))
    assert filed.state == "received" and filed.objection_type == "error"
    assert password not in filed.password_hash  # stored hashed
    assert session.get(Record, world["penalty"].id).objection_label == "异议处理中"
    # working days: received today, verified within 3
    assert filed.deadline > filed.received_on
    stored = session.scalar(select(Attachment))
    path = Path(app.config["UPLOAD_DIR"]) / stored.stored_name
    assert path.read_bytes() == PNG and stored.original_name == "处罚决定书.png"
    assert "." not in stored.stored_name and oct(path.stat().st_mode & 0o777) == "0o600"
    assert not str(path).startswith(str(Path(app.static_folder)))
    assert session.scalar(select(OutboxMessage.title)).startswith("异议申请已受理")
    # the site shows the label (the publisher freezes these same views)
    page = text(client.get(f"/subject/{world['company'].key}/"))
    assert "异议处理中" in page


def test_a_png_named_pdf_that_is_an_executable_is_refused(client, session, world):
    for data, name in ((ELF, "证明.pdf"), (EXE, "证明.png"), (PNG, "证明.pdf")):
        response = post_form(
            client, "/objection/new", objection(world), [(__import__("io").BytesIO(data), name)]
        )
        assert response.status_code == 400
        page = text(response)
        assert "field-errors" in page and name in page
        assert "不是PDF、JPG或PNG文件" in page or "扩展名与文件内容" in page
    assert session.scalar(select(Application.id)) is None
    assert session.scalar(select(Record.objection_label)) is None


def test_at_most_five_attachments(client, session, world):
    files = [upload(PDF, f"材料{n}.pdf") for n in range(6)]
    response = post_form(client, "/objection/new", objection(world), files)
    assert response.status_code == 400
    assert "最多上传5个附件" in text(response)


def test_errors_show_beside_their_fields_and_keep_what_was_typed(client, session, world):
    values = objection(world, phone="abc", declaration="")
    values.pop("declaration")
    response = post_form(client, "/objection/new", values, [])
    page = text(response)
    assert response.status_code == 400
    assert "请填写有效的电话号码" in page and "请阅读并勾选承诺" in page
    assert "罚款金额记载错误，应为伍佰元。" in page and 'value="abc"' in page
    assert session.scalar(select(Application.id)) is None


def test_a_forged_choice_is_told_in_chinese(client, session, world):
    response = post_form(
        client, "/objection/new", objection(world, objection_type="bogus", applicant_type="x"), []
    )
    page = text(response)
    assert response.status_code == 400
    assert "请选择异议类型" in page and "请选择申请人类型" in page and "Not a valid" not in page


def test_only_the_subject_may_object_to_its_record(client, session, world):
    response = post_form(
        client, "/objection/new", objection(world, applicant_code=world["other"].uscc), []
    )
    assert response.status_code == 400
    assert "只能由信息主体本人提出" in text(response)
    bad = post_form(
        client, "/objection/new", objection(world, applicant_code="91370306MA3C00000X"), []
    )
    assert "统一社会信用代码" in text(bad)
    assert session.scalar(select(Application.id)) is None


def test_a_missing_record_is_objected_to_as_an_omission(client, session, world):
    values = objection(
        world, objection_type="omission", missing_record="周村区税务局 A级纳税人 2025年"
    )
    values.pop("record")
    response = post_form(client, "/objection/new", values, [])
    assert response.status_code == 200, text(response)
    filed = session.scalar(select(Application))
    assert filed.record_id is None and filed.subject_id == world["company"].id
    values["objection_type"] = "error"
    refused = post_form(client, "/objection/new", values, [])
    assert "遗漏" in text(refused) and refused.status_code == 400


def unvaried(response) -> str:
    """A page without what the request itself put there: the CSRF token, the echoed number."""
    return re.sub(r'value="[^"]*"', "", text(response))


def test_status_answers_a_wrong_pair_the_same_whether_the_number_exists_or_not(
    client, session, world
):
    number, password = receipt(post_form(client, "/objection/new", objection(world), []))

    def ask(number, password):
        return client.post(
            "/status",
            data={"csrf_token": token(client, "/status"), "number": number, "password": password},
        )

    right = ask(number.lower(), password)
    assert right.status_code == 200
    page = text(right)
    assert "已受理，正在核查" in page and number in page and "办理期限" in page
    wrong_password = ask(number, "WRONGPASS2")
    no_such_number = ask("YY20990101ABCDEF", "WRONGPASS2")
    assert wrong_password.status_code == no_such_number.status_code == 400
    assert unvaried(wrong_password) == unvaried(no_such_number)
    assert "受理编号或查询密码不正确" in text(no_such_number)


def test_status_guessing_is_rate_limited(client, app, world):
    app.config["STATUS_RATE_LIMIT"] = "3 per minute"
    codes = [
        client.post(
            "/status",
            data={"csrf_token": token(client, "/status"), "number": "YY1", "password": "x"},
        ).status_code
        for _ in range(5)
    ]
    assert codes[:3] == [400, 400, 400] and codes[3:] == [429, 429]


def test_submissions_are_rate_limited_per_address(client, app, world):
    app.config["SUBMISSION_RATE_LIMIT"] = "2 per hour"
    codes = [
        post_form(client, "/objection/new", objection(world), []).status_code for _ in range(3)
    ]
    assert codes == [200, 200, 429]


# -- deletion ----------------------------------------------------------------


def test_deletion_is_refused_for_anything_but_commendation_volunteer_charity(client, world):
    response = client.get(f"/deletion/new?record={world['penalty_ref']}")
    assert response.status_code == 422
    assert "只有表彰奖励、志愿服务、慈善捐赠信息可以申请删除" in text(response)
    assert 'name="applicant_code"' not in text(response)


def test_deletion_only_by_the_subject_and_with_the_signed_application(client, session, world):
    path = f"/deletion/new?record={world['award_ref']}"
    values = applicant(world["other"].uscc, record=world["award_ref"], reason="本单位申请删除")
    assert "只能由信息主体本人提出" in text(
        post_form(client, path, values, [upload(PDF, "申请.pdf")])
    )
    values["applicant_code"] = world["company"].uscc
    unsigned = post_form(client, path, values, [])
    assert "书面删除申请" in text(unsigned) and unsigned.status_code == 400
    response = post_form(client, path, values, [upload(PDF, "申请.pdf")])
    assert response.status_code == 200, text(response)
    number, _ = receipt(response)
    filed = session.scalar(select(Application).where(Application.number == number))
    assert filed.kind == "deletion" and number.startswith("SC")


def test_a_deletion_deadline_is_three_working_days(app, session, world):
    # Friday 2026-09-25 + 3 working days, over the National Day holiday (10-01..10-08)
    filed = applications.file(
        session,
        "deletion",
        world["award"],
        applications.Applicant("org", "丝绸", world["company"].uscc, "0533-1"),
        "删除",
        protector=IdProtector(config.id_key(app.config)),
        calendar=WorkCalendar.load(session),
        limits=applications.Limits.from_config(app.config),
        today=dt.date(2026, 9, 25),
    )
    assert filed.application.deadline == dt.date(2026, 9, 30)
    assert not filed.deadline.provisional


# -- repair ------------------------------------------------------------------


def test_a_repair_applied_for_too_early_is_refused_with_the_date(client, session, world):
    world["penalty"].repairable_from = dt.date.today() + dt.timedelta(days=40)
    session.commit()
    day = world["penalty"].repairable_from
    response = client.get(f"/repair/new?record={world['penalty_ref']}")
    assert response.status_code == 422
    assert f"{day.year}年{day.month}月{day.day}日" in text(response) and day.isoformat() in text(
        response
    )
    posted = (
        post_form(
            client,
            "/repair/new",
            applicant(world["company"].uscc, record=world["penalty_ref"], reason="已缴纳罚款"),
            [],
        )
        if False
        else None
    )
    assert posted is None


def test_a_repair_after_the_minimum_period_is_filed_with_its_documents(client, session, world):
    path = f"/repair/new?record={world['penalty_ref']}"
    values = applicant(
        world["company"].uscc, record=world["penalty_ref"], reason="已缴纳罚款并整改"
    )
    one = post_form(client, path, values, [upload(PDF, "承诺书.pdf")])
    assert one.status_code == 400 and "信用承诺书" in text(one)
    files = [
        upload(PDF, "承诺书.pdf"),
        upload(PNG, "缴款凭证.png"),
    ]
    response = post_form(client, path, values, files)
    assert response.status_code == 200, text(response)
    assert receipt(response)[0].startswith("XF")


def test_repair_is_only_for_dishonest_information(client, world):
    response = client.get(f"/repair/new?record={world['award_ref']}")
    assert response.status_code == 422 and "只有失信信息" in text(response)


def test_an_unknown_record_reference_is_a_clear_404(client, world):
    response = client.get("/objection/new?record=XZCF-999999")
    assert response.status_code == 404 and "没有找到信息编号" in text(response)


def test_uploads_live_outside_the_web_root(app):
    upload_dir = os.path.realpath(app.config["UPLOAD_DIR"])
    assert not upload_dir.startswith(os.path.realpath(app.static_folder))
    assert not upload_dir.startswith(os.path.realpath(app.config["PUBLISH_DIR"]))


def test_behind_a_trusted_proxy_limits_count_the_clients_address(tmp_path, database_url, world):
    from tests.conftest import SETTINGS
    from xinyong import create_app

    app = create_app(
        {
            **SETTINGS,
            "INSTANCE_PATH": str(tmp_path / "instance"),
            "DATABASE_URL": database_url,
            "TRUSTED_PROXIES": 1,
            "STATUS_RATE_LIMIT": "1 per minute",
        }
    )
    client = app.test_client()

    def ask(address: str) -> int:
        data = {"csrf_token": token(client, "/status"), "number": "YY1", "password": "x"}
        return client.post("/status", data=data, headers={"X-Forwarded-For": address}).status_code

    assert [ask("10.0.0.1"), ask("10.0.0.1"), ask("10.0.0.2")] == [400, 429, 400]


def test_a_person_objects_by_id_number_which_is_kept_only_masked_and_hashed(
    client, session, factory, protector
):
    from tests.conftest import make_ric
    from xinyong.credit import subjects
    from xinyong.credit.models import SubjectKind

    number = make_ric("19850505", serial="417")
    who = subjects.identity(SubjectKind.PERSON, protector, id_number=number)
    person = subjects.find_or_create_many(session, [(who, "王五", None)], "test")[who.match]
    record = factory.record(person, "XZCF")
    session.commit()
    ref = f"XZCF-{record.id}"
    page = text(client.get(f"/objection/new?record={ref}"))
    assert "王五" not in page  # a person's record shows no name on a public form
    values = applicant(number.lower(), applicant_type="person", applicant_name="王五", record=ref)
    values.update(objection_type="error", description="不是本人")
    stranger = dict(values, applicant_code=make_ric("19850505", serial="418"))
    assert "只能由信息主体本人提出" in text(post_form(client, "/objection/new", stranger, []))
    response = post_form(client, "/objection/new", values, [])
    assert response.status_code == 200, text(response)
    filed = session.scalar(select(Application))
    assert filed.applicant_code == number[:6] + "********" + number[-4:]
    assert filed.applicant_hash == protector.hash(number) and number not in str(vars(filed))


def test_a_deadline_in_a_year_without_an_arrangement_shows_as_provisional(
    app, client, session, world
):
    year = max(WorkCalendar.load(session).entered_years | {2026}) + 1
    while WorkCalendar.load(session).source(year) is not None:
        year += 1
    filed = applications.file(
        session,
        "objection",
        world["penalty"],
        applications.Applicant("org", "丝绸", world["company"].uscc, "0533-1"),
        "有误",
        protector=IdProtector(config.id_key(app.config)),
        calendar=WorkCalendar.load(session),
        limits=applications.Limits.from_config(app.config),
        today=dt.date(year - 1, 12, 30),
    )
    session.commit()
    assert filed.deadline.provisional and filed.application.deadline.year == year
    page = text(
        client.post(
            "/status",
            data={
                "csrf_token": token(client, "/status"),
                "number": filed.application.number,
                "password": filed.password,
            },
        )
    )
    assert "（暂定）" in page


@pytest.mark.parametrize(
    "path",
    [
        "/objection/new?record=%00",
        "/repair/new?record=XZCF-1%00",
        "/verify?number=%00&date=2026-01-01",
        "/selfquery/%00",
        "/report/%00",
        "/api/v1/subjects/%00",
    ],
)
def test_a_nul_character_anywhere_is_a_400_in_chinese_not_a_database_error(client, path):
    response = client.get(path)
    assert response.status_code == 400, path
    said = response.get_json()["error"]["message"] if response.is_json else response.get_data(True)
    assert re.search(r"[\u4e00-\u9fff]", said)


def test_a_nul_character_in_a_posted_field_is_a_400_too(client):
    data = {"csrf_token": token(client, "/status"), "number": "YY\x001", "password": "x"}
    response = client.post("/status", data=data)
    assert response.status_code == 400 and "请求无效" in response.get_data(as_text=True)


@pytest.mark.parametrize("ref", ["XZCF-²", "XZCF-١", "XZCF-1²"])
def test_a_reference_with_digits_of_other_scripts_is_no_record_not_an_error(client, ref):
    response = client.get("/objection/new", query_string={"record": ref})
    assert response.status_code in (200, 404) and "信息不存在" in response.get_data(as_text=True)
