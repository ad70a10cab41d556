"""Public: `/verify` a credit report by its number and date; a person's one-time report download."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, request

from xinyong.credit import reports
from xinyong.database import get_session
from xinyong.forms import admin_reports, rendering
from xinyong.forms.extensions import limiter

bp = Blueprint("verify", __name__)

NO_STORE = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}


def _asked() -> bool:
    return bool(request.args.get("number"))


@bp.route("/verify")
@limiter.limit(lambda: rendering.setting("VERIFY_RATE_LIMIT"), exempt_when=lambda: not _asked())
def check():
    number = (request.args.get("number") or "").strip()
    date_text = (request.args.get("date") or "").strip()
    found, message = None, None
    if _asked():
        try:
            as_of = dt.date.fromisoformat(date_text)
        except ValueError:
            as_of = None
        found = reports.verify(get_session(), number, as_of)
        if found is None:
            # the same words whether the number exists or not
            message = "未找到与该报告编号和报告日期相符的信用报告。请核对后重试。"
    body, code = rendering.render(
        "reports/verify.html", number=number, date=date_text, found=found, message=message
    )
    return body, code, NO_STORE


@bp.route("/report/<token>")
def download(token: str):
    """Opens once: the person's report is shown, and the link opens nothing afterwards."""
    session = get_session()
    report = reports.by_link(session, token)
    if report is None:
        body, code = rendering.render(
            "reports/link_used.html",
            status=404,
            message="该链接无效、已过期或已使用。个人信用报告只能通过一次性链接下载一次，如需再次获取请联系区信用信息工作机构。",
        )
        return body, code, NO_STORE
    try:
        file = reports.deliver(session, report)
    except reports.ReportRefused as refusal:
        session.rollback()
        body, code = rendering.render("reports/link_used.html", status=409, message=str(refusal))
        return body, code, NO_STORE
    session.commit()
    body, code = admin_reports.render_report(report, file)
    return body, code, NO_STORE
