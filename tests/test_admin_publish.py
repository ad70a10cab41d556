"""Issue 14 "Done when", through the published site: decisions show after the next publish."""

from __future__ import annotations

from pathlib import Path

from tests.test_admin import ask_status, decide, file_objection, login, staff  # noqa: F401
from tests.test_forms_support import (
    PDF,
    applicant,
    post_form,
    receipt,
    token,
    upload,
    world_fixture,  # noqa: F401 (the `world` fixture)
)
from tests.test_forms_support import text as page_text


def publish_now(client) -> str:
    response = client.post("/admin/publish", data={"csrf_token": token(client, "/admin/")})
    assert response.status_code == 200, page_text(response)
    return page_text(response)


def released_page(app, key: str) -> str:
    path = Path(app.config["PUBLISH_DIR"]) / "current" / "site" / "subject" / key / "index.html"
    return path.read_text("utf-8")


def test_labels_and_a_deletion_reach_the_published_site(client, app, world, staff):  # noqa: F811
    key = world["company"].key
    number, password = file_objection(client, world)
    path = f"/deletion/new?record={world['award_ref']}"
    values = applicant(world["company"].uscc, record=world["award_ref"], reason="申请删除")
    deletion, _ = receipt(post_form(client, path, values, [upload(PDF, "申请.pdf")]))

    login(client, "alice")
    assert "已发布新版本" in publish_now(client)
    page = released_page(app, key)
    assert "异议处理中" in page and "周村区诚信经营示范单位" in page

    decide(client, number, "reject", "经核实，记载无误。")
    decide(client, deletion, "delete")
    client.post(
        "/status/dispute",
        data={
            "csrf_token": token(client, "/status"),
            "number": number,
            "password": password,
            "reason": "仍有异议",
        },
    )
    assert "已发布新版本" in publish_now(client)
    page = released_page(app, key)
    assert "存在异议" in page and "异议处理中" not in page
    assert "周村区诚信经营示范单位" not in page
    assert "对处理结果有异议" in ask_status(client, number, password)
    assert "没有变化" in publish_now(client)
