"""The back office's list of city batches, with their states and the early warning (issue 15)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from tests.test_admin import login, staff  # noqa: F401 (the `staff` fixture)
from tests.test_city import export, penalty, take  # noqa: F401 (fixtures and rows)
from tests.test_forms_support import text as page_text
from xinyong.credit.models import CityBatch


@pytest.mark.usefixtures("staff")
def test_staff_see_batches_their_states_and_a_late_one_as_a_warning(client, session, request):
    import_rows, make_batch = request.getfixturevalue("take"), request.getfixturevalue("export")
    login(client, "alice")
    assert "尚未生成批次" in page_text(client.get("/admin/city"))
    import_rows(penalty(1))
    make_batch()
    page = page_text(client.get("/admin/city"))
    assert "已生成，未发送" in page and "没有超期未确认的批次" in page
    batch = session.scalar(select(CityBatch))
    batch.made_at = dt.datetime(2026, 11, 2, 9, 0)  # weeks ago, still unacknowledged
    session.commit()
    late = page_text(client.get("/admin/city"))
    assert "1个批次生成后超过1个工作日仍未获平台确认" in late and "超期" in late


@pytest.mark.usefixtures("staff")
def test_a_provider_account_does_not_see_the_batches(client):
    login(client, "market")
    assert client.get("/admin/city").status_code == 403
