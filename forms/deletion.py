"""删除申请 `/deletion/new?record=REF`: commendation, volunteer, charity information (seed 二（三）4)."""

from __future__ import annotations

from flask import Blueprint

from xinyong.credit import applications
from xinyong.forms import fields, filing, rendering
from xinyong.forms.extensions import limiter

bp = Blueprint("deletion", __name__, url_prefix="/deletion")


KIND = filing.Kind(
    kind="deletion",
    form=fields.DeletionForm,
    template="forms/deletion.html",
    reason_field="reason",
    possible=lambda record: applications.deletion_possible(record, rendering.current_catalog()),
    check=lambda record, form, applicant: applications.check_deletion(
        record, rendering.current_catalog(), applicant, rendering.protector()
    ),
    min_attachments=1,
    attachments_hint="请上传本人（本单位）签字或盖章的书面删除申请（PDF、JPG或PNG）。",
)


@bp.route("/new", methods=["GET", "POST"])
@limiter.limit(lambda: rendering.setting("SUBMISSION_RATE_LIMIT"), methods=["POST"])
def new():
    return filing.handle(KIND)
