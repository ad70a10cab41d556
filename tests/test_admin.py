"""The back office: accounts, queues, decisions, the logged look-up, provider upload (issue 14)."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from tests.conftest import make_ric
from tests.intake.files import licence, write
from tests.test_forms_support import (
    PDF,
    PNG,
    applicant,
    post_form,
    receipt,
    token,
    upload,
    world_fixture,  # noqa: F401 (the `world` fixture)
)
from tests.test_forms_support import text as page_text
from xinyong.credit import subjects
from xinyong.credit.models import (
    Application,
    AuditEvent,
    QueryLogEntry,
    Record,
    StaffUser,
    SubjectKind,
    Submission,
)

PASSWORD = "correct-horse-battery"


@pytest.fixture
def staff(cli, provider):
    """An 管理员, an 审核员 and a 提供单位 account, made as an operator would."""
    for username, role, extra in (
        ("admin", "admin", []),
        ("alice", "审核员", []),
        ("market", "provider", ["--provider", provider.uscc]),
    ):
        result = cli("create-user", username, "--role", role, "--password", PASSWORD, *extra)
        assert result.exit_code == 0, result.output
        assert "Created" in result.output


def login(client, username: str, password: str = PASSWORD):
    return client.post(
        "/admin/login",
        data={
            "csrf_token": token(client, "/admin/login"),
            "username": username,
            "password": password,
        },
    )


def decide(client, number: str, action: str, reason: str = "", **extra):
    path = f"/admin/application/{number}"
    return client.post(
        path,
        data={"csrf_token": token(client, path), "action": action, "reason": reason, **extra},
    )


def file_objection(client, world) -> tuple[str, str]:
    values = applicant(world["company"].uscc)
    values.update(
        record=world["penalty_ref"], objection_type="error", description="罚款金额记载错误。"
    )
    response = post_form(client, "/objection/new", values, [upload(PNG, "证明.png")])
    assert response.status_code == 200, page_text(response)
    return receipt(response)


def ask_status(client, number: str, password: str) -> str:
    return page_text(
        client.post(
            "/status",
            data={"csrf_token": token(client, "/status"), "number": number, "password": password},
        )
    )


# -- accounts ----------------------------------------------------------------


def test_create_user_stores_a_hashed_password_and_refuses_weak_ones(cli, session, staff):
    user = session.scalar(select(StaffUser).where(StaffUser.username == "alice"))
    assert user.role == "reviewer" and PASSWORD not in user.password_hash
    weak = cli("create-user", "bob", "--role", "admin", "--password", "short")
    assert weak.exit_code != 0 and "密码至少10位" in weak.output + (weak.stderr or "")
    orphan = cli("create-user", "carol", "--role", "provider", "--password", PASSWORD)
    assert orphan.exit_code != 0


def test_staff_pages_need_a_login_and_the_right_role(client, staff):
    assert client.get("/admin/").status_code == 302
    assert "/admin/login" in client.get("/admin/queue/objection").headers["Location"]
    login(client, "market")
    forbidden = client.get("/admin/queue/objection")
    assert forbidden.status_code == 403 and "无权访问" in page_text(forbidden)
    assert client.get("/admin/lookup").status_code == 403
    assert client.get("/admin/upload").status_code == 200


def test_a_login_post_without_csrf_token_gets_400(client, staff):
    response = client.post("/admin/login", data={"username": "admin", "password": PASSWORD})
    assert response.status_code == 400


def test_repeated_failures_lock_the_account(client, app, session, staff):
    app.config["LOGIN_FAILURES"] = 3
    for _ in range(2):
        assert "用户名或密码错误" in page_text(login(client, "alice", "wrong-password"))
    assert "账户已锁定" in page_text(login(client, "alice", "wrong-password"))
    locked = login(client, "alice")  # even the right password, while locked
    assert locked.status_code == 400 and "账户已锁定" in page_text(locked)
    session.expire_all()
    actions = session.scalars(select(AuditEvent.action).where(AuditEvent.entity == "staff_user"))
    assert list(actions).count("login_failed") == 3
    unknown = login(client, "nobody", "wrong-password")
    assert "用户名或密码错误" in page_text(unknown)


# -- the objection, end to end -----------------------------------------------


def test_an_enterprise_objects_and_disputes_and_the_site_shows_the_labels(
    client, session, world, staff
):
    # it opens its page and follows 我要异议
    page = page_text(client.get(f"/subject/{world['company'].key}/"))
    link = re.search(r'href="([^"]*/objection/new\?record=' + world["penalty_ref"] + ')"', page)
    assert link, "the record card links to the objection form"
    assert client.get(urlsplit(link.group(1).replace("&amp;", "&")).path).status_code == 200
    number, password = file_objection(client, world)
    assert "异议处理中" in page_text(client.get(f"/subject/{world['company'].key}/"))

    login(client, "alice")
    queue = page_text(client.get("/admin/queue/objection"))
    assert number in queue and "办理期限" in queue
    assert "证明.png" in page_text(client.get(f"/admin/application/{number}"))
    no_choice = decide(client, number, "")
    assert no_choice.status_code == 400 and "请选择处理决定" in page_text(no_choice)
    missing_reason = decide(client, number, "reject")
    assert missing_reason.status_code == 400 and "请填写理由" in page_text(missing_reason)
    assert decide(client, number, "reject", "经核实，记载无误。").status_code == 302
    client.post("/admin/logout", data={"csrf_token": token(client, "/admin/")})
    session.expire_all()
    assert session.get(Record, world["penalty"].id).objection_label is None

    status = ask_status(client, number, password)
    assert "异议不成立" in status and "经核实，记载无误。" in status
    dispute = client.post(
        "/status/dispute",
        data={
            "csrf_token": token(client, "/status"),
            "number": number,
            "password": password,
            "reason": "我单位已提交缴款凭证，仍认为有误。",
        },
    )
    assert dispute.status_code == 200 and "存在异议" in page_text(dispute)
    session.expire_all()
    assert session.get(Record, world["penalty"].id).objection_label == "存在异议"
    assert "存在异议" in page_text(client.get(f"/subject/{world['company'].key}/"))
    trail = session.scalars(
        select(AuditEvent.actor).where(AuditEvent.action == "application_rejected")
    )
    assert list(trail) == ["staff:alice"]


def test_an_upheld_objection_removes_the_record_with_the_reason(client, session, world, staff):
    number, _ = file_objection(client, world)
    login(client, "alice")
    assert decide(client, number, "remove", "处罚决定已被撤销，不应公开。").status_code == 302
    session.expire_all()
    record = session.get(Record, world["penalty"].id)
    assert record.status == "deleted" and "处罚决定已被撤销" in record.status_reason
    assert record.objection_label is None
    assert world["penalty_ref"] not in page_text(client.get(f"/subject/{world['company'].key}/"))


def test_passing_an_objection_to_the_provider_gives_seven_working_days(
    client, session, world, staff
):
    number, _ = file_objection(client, world)
    session.expire_all()
    before = session.scalar(select(Application.deadline))
    login(client, "alice")
    assert decide(client, number, "assist").status_code == 302
    session.expire_all()
    filed = session.scalar(select(Application))
    assert filed.state == "assisted" and filed.deadline > before


def test_overdue_applications_are_warned_of(client, session, world, staff):
    number, _ = file_objection(client, world)
    session.expire_all()
    filed = session.scalar(select(Application))
    filed.deadline = dt.date.today() - dt.timedelta(days=1)
    session.commit()
    login(client, "alice")
    home = page_text(client.get("/admin/"))
    assert "超期预警" in home and number in home and "已超期" in home
    assert "已超期" in page_text(client.get("/admin/queue/objection"))


# -- deletion and repair -----------------------------------------------------


def test_a_commendation_is_deleted_within_its_deadline_and_leaves_the_site(
    client, session, world, staff
):
    path = f"/deletion/new?record={world['award_ref']}"
    values = applicant(world["company"].uscc, record=world["award_ref"], reason="申请删除")
    number, password = receipt(post_form(client, path, values, [upload(PDF, "申请.pdf")]))
    assert "周村区诚信经营示范单位" in page_text(client.get(f"/subject/{world['company'].key}/"))
    login(client, "alice")
    assert decide(client, number, "delete").status_code == 302
    session.expire_all()
    filed = session.scalar(select(Application).where(Application.number == number))
    assert filed.state == "done" and filed.decided_at.date() <= filed.deadline
    assert session.get(Record, world["award"].id).status == "deleted"
    assert "周村区诚信经营示范单位" not in page_text(
        client.get(f"/subject/{world['company'].key}/")
    )
    assert "已删除，已告知信息主体" in ask_status(client, number, password)
    outbox = page_text(client.get("/admin/outbox"))
    assert number in outbox and "办理结果" in outbox


def test_a_repair_is_adopted_on_the_providers_written_confirmation(client, session, world, staff):
    path = f"/repair/new?record={world['penalty_ref']}"
    values = applicant(world["company"].uscc, record=world["penalty_ref"], reason="已缴纳罚款")
    files = [upload(PDF, "承诺书.pdf"), upload(PDF, "缴款凭证.pdf")]
    number, _ = receipt(post_form(client, path, values, files))
    login(client, "alice")
    no_confirmation = decide(client, number, "adopt")
    assert no_confirmation.status_code == 400 and "书面修复确认" in page_text(no_confirmation)
    assert decide(client, number, "adopt", "周市监修〔2026〕8号").status_code == 302
    session.expire_all()
    record = session.get(Record, world["penalty"].id)
    assert record.status == "archived" and record.repair_doc == "周市监修〔2026〕8号"
    assert record.repaired_on == dt.date.today()
    assert world["penalty_ref"] not in page_text(client.get(f"/subject/{world['company'].key}/"))


# -- the full credit file ----------------------------------------------------


def lookup(client, code: str, purpose: str):
    return client.post(
        "/admin/lookup",
        data={"csrf_token": token(client, "/admin/lookup"), "code": code, "purpose": purpose},
    )


def test_a_look_up_without_a_purpose_is_refused_and_with_one_is_logged(
    client, session, world, staff, factory, protector
):
    number = make_ric("19800101", serial="551")
    who = subjects.identity(SubjectKind.PERSON, protector, id_number=number)
    person = subjects.find_or_create_many(session, [(who, "李四", None)], "test")[who.match]
    factory.record(person, "XZCF")
    session.commit()
    login(client, "alice")
    refused = lookup(client, world["company"].uscc, "")
    assert refused.status_code == 400 and "查询目的" in page_text(refused)
    assert session.scalar(select(QueryLogEntry.id)) is None

    shown = page_text(lookup(client, person.key, "行政许可审查：核实申请人信用状况"))
    assert "李四" in shown and number in shown  # the number, for this view only
    assert "本次查询已记入查询日志" in shown
    session.expire_all()
    entry = session.scalar(select(QueryLogEntry))
    assert (entry.actor, entry.subject_key) == ("staff:alice", person.key)
    assert entry.purpose == "行政许可审查：核实申请人信用状况"
    # by ID number too, matched by its keyed hash
    assert "李四" in page_text(lookup(client, number, "政府采购供应商资格审查"))


def test_the_query_log_is_append_only_and_exported_by_admins_only(
    client, app, session, world, staff
):
    login(client, "alice")
    lookup(client, world["company"].uscc, "评优评先：审查参评单位")
    assert client.get("/admin/querylog.csv").status_code == 403
    client.post("/admin/logout", data={"csrf_token": token(client, "/admin/")})
    login(client, "admin")
    exported = client.get("/admin/querylog.csv")
    assert exported.status_code == 200 and exported.mimetype == "text/csv"
    body = exported.get_data(as_text=True)
    assert body.startswith("\ufeff编号,") and "评优评先：审查参评单位" in body
    assert "staff:alice" in page_text(client.get("/admin/querylog"))
    for statement in ("UPDATE query_log SET purpose = 'x'", "DELETE FROM query_log"):
        with pytest.raises(DBAPIError):
            session.execute(text(statement))
        session.rollback()


def test_staff_download_attachments_and_the_download_is_audited(client, session, world, staff):
    number, _ = file_objection(client, world)
    login(client, "alice")
    link = re.search(
        r'href="(/admin/attachment/\d+)"', page_text(client.get(f"/admin/application/{number}"))
    )
    response = client.get(link.group(1))
    assert response.status_code == 200 and response.data == PNG
    assert "attachment" in response.headers["Content-Disposition"]
    session.expire_all()
    assert session.scalar(select(AuditEvent.id).where(AuditEvent.action == "attachment_viewed"))


# -- provider upload ---------------------------------------------------------


def test_a_provider_uploads_through_intake_and_downloads_its_feedback(
    client, session, staff, tmp_path
):
    rows = [licence(1), licence(2, **{"行政相对人代码_1(统一社会信用代码)": "91370306XXXXXXXXX1"})]
    path = write(tmp_path / "licences.csv", rows)
    login(client, "market")
    response = client.post(
        "/admin/upload",
        data={"csrf_token": token(client, "/admin/upload"), "file": (path.open("rb"), "许可.csv")},
        content_type="multipart/form-data",
    )
    page = page_text(response)
    assert "新增1" in page and "退回1" in page
    session.expire_all()
    submission = session.scalar(select(Submission))
    assert submission.actor == "staff:market" and submission.accepted == 1
    feedback = client.get(f"/admin/feedback/{submission.id}")
    assert feedback.status_code == 200 and "统一社会信用代码" in feedback.get_data(as_text=True)


# -- statistics and early warnings -------------------------------------------


def test_statistics_warn_of_repeat_offenders_late_reports_and_overdue_decisions(
    client, session, world, staff, factory, provider
):
    today = dt.date.today()
    for days in (10, 40, 70):
        factory.record(
            world["other"], "XZCF", provider_id=provider.id, decided_on=today - dt.timedelta(days)
        )
    factory.record(
        world["other"],
        "XZCF",
        provider_id=provider.id,
        late=True,
        decided_on=today - dt.timedelta(5),
    )
    session.commit()
    number, _ = file_objection(client, world)
    session.expire_all()
    session.scalar(select(Application)).deadline = today - dt.timedelta(days=2)
    session.commit()
    login(client, "alice")
    page = page_text(client.get("/admin/stats"))
    assert "淄博周村纺织有限公司" in page and "4次" in page  # within twelve months
    assert number in page and "已超期" in page
    assert "迟报" in page and "淄博市周村区市场监督管理局" in page
    assert page.count("<svg") == 3 and "行政处罚" in page
