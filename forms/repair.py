"""信用修复申请 `/repair/new?record=REF`: 失信 information past its minimum period (seed 二（三）3)."""

from __future__ import annotations

from flask import Blueprint

from xinyong.credit import applications
from xinyong.forms import fields, filing, rendering
from xinyong.forms.extensions import limiter

bp = Blueprint("repair", __name__, url_prefix="/repair")


KIND = filing.Kind(
    kind="repair",
    form=fields.RepairForm,
    template="forms/repair.html",
    reason_field="reason",
    possible=lambda record: applications.repair_possible(
        record, rendering.current_catalog(), rendering.today()
    ),
    check=lambda record, form, applicant: applications.check_repair(
        record, rendering.current_catalog(), applicant, rendering.protector(), rendering.today()
    ),
    min_attachments=2,
    attachments_hint="请上传信用修复申请书、信用承诺书和已履行义务的证明材料（至少2个文件）。",
)


@bp.route("/new", methods=["GET", "POST"])
@limiter.limit(lambda: rendering.setting("SUBMISSION_RATE_LIMIT"), methods=["POST"])
def new():
    return filing.handle(KIND)
