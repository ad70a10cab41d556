"""Back office: numbered credit reports issued on request, and their printing."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, abort, current_app, request, url_for
from flask_login import current_user
from sqlalchemy import select

from xinyong.credit import fullfile, public, reports
from xinyong.credit.models import CreditReport
from xinyong.database import get_session
from xinyong.forms import rendering
from xinyong.forms.staff import STAFF, requires

bp = Blueprint("admin_reports", __name__, url_prefix="/admin/reports")

NO_STORE = {"Cache-Control": "no-store"}


def _date(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat((text or "").strip())
    except ValueError:
        return None


@bp.route("/", methods=["GET", "POST"])
@requires(*STAFF)
def index():
    session = get_session()
    today = rendering.today()
    issued, message, status = None, None, 200
    values = {"as_of": today.isoformat(), "purpose": "招标投标", "code": ""}
    if request.method == "POST":
        values = {name: (request.form.get(name) or "").strip() for name in values}
        status = 400
        subject = fullfile.find_subject(session, values["code"], rendering.protector())
        as_of = _date(values["as_of"])
        if subject is None:
            message = "没有找到该信息主体，请核对统一社会信用代码或身份证号码。"
        elif as_of is None:
            message = "请按“2026-03-02”的格式填写报告日期。"
        else:
            try:
                issued = reports.issue(
                    session,
                    subject,
                    as_of,
                    values["purpose"],
                    current_user.actor,
                    identity_checked=request.form.get("identity_checked") == "y",
                    link_days=int(current_app.config["REPORT_LINK_DAYS"]),
                    today=today,
                )
                session.commit()
                status = 200
            except reports.ReportRefused as refusal:
                session.rollback()
                message = str(refusal)
    recent = session.scalars(select(CreditReport).order_by(CreditReport.id.desc()).limit(100))
    link = (
        url_for("verify.download", token=issued.link, _external=True)
        if issued and issued.link
        else None
    )
    body, code = rendering.render(
        "admin/reports.html",
        status=status,
        issued=issued,
        link=link,
        message=message,
        values=values,
        purposes=reports.PURPOSES,
        recent=list(recent),
    )
    return body, code, NO_STORE  # a one-time link is on the page once


@bp.route("/<number>/print", methods=["POST"])
@requires(*STAFF)
def print_report(number: str):
    """The report as issued, made again from the data, for staff to print and hand out."""
    session = get_session()
    report = session.scalar(select(CreditReport).where(CreditReport.number == number))
    if report is None:
        abort(404)
    try:
        file = reports.reprint(session, report, current_user.actor)
    except reports.ReportRefused as refusal:
        session.rollback()
        return rendering.render(
            "forms/message.html", status=409, title="无法打印", message=str(refusal)
        )
    session.commit()
    body, code = render_report(report, file)
    return body, code, NO_STORE


def render_report(report: CreditReport, file: public.PublicFile):
    """The site's report template, with the number, date, purpose and digest of the issued report."""
    return rendering.render(
        "site/report.html",
        file=file,
        issued={
            "number": report.number,
            "as_of": report.as_of,
            "issued_on": report.issued_at.date(),
            "purpose": report.purpose,
            "digest": report.digest,
            "personal": report.kind == "person",
            "verify_url": url_for("verify.check", _external=True),
        },
    )
