"""信用核查 in the back office: a department runs a check, sees it again, reports back."""

from __future__ import annotations

import datetime as dt
import io
import re

import openpyxl
import pytest
from sqlalchemy import select

from tests.conftest import make_uscc
from tests.test_check import bidders, subjects_of, twelve
from tests.test_forms_support import text, token
from xinyong.credit import providers
from xinyong.credit.models import CheckFeedback, CreditCheck, QueryLogEntry, RecordStatus

PASSWORD = "correct-horse-battery"
FINANCE = ("淄博市周村区财政局", make_uscc("11370306004189100"))


@pytest.fixture
def accounts(cli, session, provider):
    """A procurement officer of the finance office, a market officer, a reviewer."""
    finance = providers.add(session, *FINANCE, actor="test")
    session.commit()
    for username, role, extra in (
        ("caigou", "provider", ["--provider", finance.uscc]),
        ("market", "provider", ["--provider", provider.uscc]),
        ("alice", "reviewer", []),
    ):
        result = cli("create-user", username, "--role", role, "--password", PASSWORD, *extra)
        assert result.exit_code == 0, result.output


def login(client, username: str) -> None:
    client.post("/admin/logout", data={"csrf_token": token(client, "/admin/login")})
    response = client.post(
        "/admin/login",
        data={
            "csrf_token": token(client, "/admin/login"),
            "username": username,
            "password": PASSWORD,
        },
    )
    assert response.status_code == 302, text(response)


def without_tokens(page: str) -> str:
    """The page as the check shows it: the logout form's CSRF token changes with the clock."""
    return re.sub(r'name="csrf_token"[^>]*value="[^"]*"', 'name="csrf_token"', page)


def sheet_values(client, number: str) -> list[list[str]]:
    response = client.get(f"/admin/check/{number}.xlsx")
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.data), read_only=True)
    return [["" if v is None else str(v) for v in row] for row in book.active.values]


def run_check(client, data: dict, files: dict | None = None):
    values = {"csrf_token": token(client, "/admin/check/"), **data, **(files or {})}
    return client.post("/admin/check/", data=values, content_type="multipart/form-data")


def test_a_procurement_officer_uploads_twelve_bidders_and_opens_the_check_again_unchanged(
    client, session, factory, accounts, tmp_path
):
    made = bidders(factory)
    session.commit()
    listed = twelve(made, tmp_path)
    login(client, "caigou")

    response = run_check(
        client, {"matter": "ZFCG"}, {"file": (io.BytesIO(listed.read_bytes()), "投标人.csv")}
    )

    assert response.status_code == 302, text(response)
    path = response.headers["Location"]
    page = text(client.get(path))
    number = re.search(r"核查编号 (HC\d{8}-\d{5})", page).group(1)
    for said in (
        "政府采购（ZFCG）",
        "淄博市周村区财政局（staff:caigou）",
        "数据截至",
        "限制参与政府采购（惩戒）",
        "政府采购法》第二十二条",
        "【异议处理中】",
        "名称与代码不一致",
        "本区未掌握该主体",
        "中国政府采购网",
    ):
        assert said in page, said
    kept = session.scalar(select(CreditCheck).where(CreditCheck.number == number))
    logged = session.scalars(
        select(QueryLogEntry).where(QueryLogEntry.purpose == f"信用核查{number}：政府采购")
    ).all()
    assert len(logged) == 11 and {e.actor for e in logged} == {"staff:caigou"}
    first = sheet_values(client, number)
    rows = subjects_of(first)
    assert "限制参与政府采购" in rows[0]["适用措施及依据"]
    assert rows[2]["核查结果"] == "名称与代码不一致"

    # the data changes; the kept check does not
    made[0].records[0].status = RecordStatus.ARCHIVED
    made[1].records[0].objection_label = None
    session.commit()
    assert without_tokens(text(client.get(path))) == without_tokens(page)
    assert sheet_values(client, number) == first
    assert number in text(client.get("/admin/check/list"))
    assert kept.subjects == 12


def test_one_subject_is_checked_and_another_department_cannot_open_the_check(
    client, session, factory, accounts
):
    company = factory.company("淄博周村丝绸有限公司")
    factory.record(
        company,
        "ANSR",
        decided_on=dt.date.today() - dt.timedelta(days=10),
    )
    session.commit()
    login(client, "caigou")
    response = run_check(
        client, {"matter": "CZZJ", "name": "淄博周村丝绸有限公司", "code": company.uscc}
    )
    path = response.headers["Location"]
    page = text(client.get(path))
    assert "A级纳税人" in page and "财政资金扶持同等条件下优先安排（激励）" in page
    login(client, "market")
    assert client.get(path).status_code == 404
    login(client, "alice")
    assert client.get(path).status_code == 200


def test_a_department_reports_the_measure_it_applied_and_the_statistics_count_it(
    client, session, factory, accounts, tmp_path
):
    made = bidders(factory)
    session.commit()
    login(client, "caigou")
    listed = twelve(made, tmp_path)
    path = run_check(
        client, {"matter": "ZFCG"}, {"file": (io.BytesIO(listed.read_bytes()), "l.csv")}
    ).headers["Location"]
    kept = session.scalar(select(CreditCheck))
    first = kept.result["rows"][0]

    def report(**values):
        data = {
            "csrf_token": token(client, path),
            "row": str(first["row"]),
            "measure": "CJ01",
            "applied_on": dt.date.today().isoformat(),
            "doc_no": "周财采〔2026〕8号",
            **values,
        }
        return client.post(path, data=data)

    refused = report(row="5")  # a bidder the check named no measure for
    assert refused.status_code == 400 and "没有这项措施" in text(refused)
    assert report().status_code == 302
    page = text(client.get(path))
    assert "周财采〔2026〕8号" in page
    assert session.scalar(select(CheckFeedback)).measure_name == "限制参与政府采购"

    stats = text(client.get("/admin/check/stats"))
    assert stats.count("<svg") == 7
    assert "淄博市周村区财政局" in stats and "限制参与政府采购" in stats


@pytest.mark.parametrize(
    "name, content, says",
    [
        ("l.xlsx", b"PK\x03\x04broken", "已损坏"),
        ("l.csv", "名称,代码\n甲,乙\n".encode(), "缺少“主体名称”列"),
        ("l.exe", b"MZ\x90\x00", "不支持的文件类型"),
    ],
)
def test_a_hostile_upload_is_refused_in_chinese(client, session, accounts, name, content, says):
    login(client, "caigou")
    response = run_check(client, {"matter": "ZFCG"}, {"file": (io.BytesIO(content), name)})
    assert response.status_code == 400 and says in text(response)
    assert session.scalar(select(CreditCheck)) is None


def test_without_a_subject_or_a_list_the_form_says_so(client, accounts):
    login(client, "caigou")
    response = run_check(client, {"matter": "ZFCG", "name": "甲公司"})
    assert response.status_code == 400 and "请填写主体名称和统一社会信用代码" in text(response)
