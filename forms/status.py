"""`/status`: an application's state, deadline and result, for its (受理编号, 查询密码) pair only.

A wrong pair gets the same answer whether the number exists or not, and
guessing is rate-limited per address.
"""

from __future__ import annotations

from flask import Blueprint, request

from xinyong.credit import applications
from xinyong.database import get_session
from xinyong.forms import fields, rendering
from xinyong.forms.extensions import limiter

bp = Blueprint("status", __name__)

WRONG_PAIR = "受理编号或查询密码不正确。请核对后重新输入（区分大小写的字母均按大写处理）。"


def _headers():
    return {"Cache-Control": "no-store"}


@bp.route("/status", methods=["GET", "POST"])
@limiter.limit(lambda: rendering.setting("STATUS_RATE_LIMIT"), methods=["POST"])
def status():
    form = fields.StatusForm()
    found = None
    if form.validate_on_submit():
        found = applications.find(get_session(), form.number.data, form.password.data)
        if found is None:
            form.form_errors.append(WRONG_PAIR)
    dispute = fields.DisputeForm(formdata=None) if found else None
    if dispute is not None:
        dispute.number.data = found.number
    body, status_code = rendering.render(
        "forms/status.html",
        status=400 if request.method == "POST" and found is None else 200,
        form=form,
        found=found,
        dispute=dispute,
        disputable=_disputable(found),
        overdue=found is not None and applications.is_overdue(found, rendering.today()),
        objection_types=applications.OBJECTION_TYPES,
    )
    return body, status_code, _headers()


def _disputable(found) -> bool:
    return (
        found is not None
        and found.kind == "objection"
        and found.state in ("rejected", "upheld")
        and found.record_id is not None
    )


@bp.route("/status/dispute", methods=["POST"])
@limiter.limit(lambda: rendering.setting("STATUS_RATE_LIMIT"))
def dispute():
    """seed 二（三）5: the applicant disputes the result; the record is labelled 存在异议."""
    form = fields.DisputeForm()
    session = get_session()
    found = None
    message = None
    if form.validate_on_submit():
        found = applications.find(session, form.number.data, form.password.data)
        if found is None:
            message = WRONG_PAIR
        else:
            try:
                applications.dispute(session, found, f"applicant:{found.number}", form.reason.data)
                session.commit()
                message = "已登记您对处理结果的异议，该信息将在公示中标注“存在异议”。"
            except applications.Refused as refusal:
                session.rollback()
                message = str(refusal)
    else:
        message = "；".join(e for errors in form.errors.values() for e in errors) or WRONG_PAIR
    body, status_code = rendering.render(
        "forms/message.html",
        status=200 if found is not None else 400,
        title="对处理结果提出异议",
        message=message,
    )
    return body, status_code, _headers()
