"""异议申请 `/objection/new?record=REF` (seed 二（三）5)."""

from __future__ import annotations

from flask import Blueprint

from xinyong.credit import applications
from xinyong.forms import fields, filing, rendering
from xinyong.forms.extensions import limiter

bp = Blueprint("objection", __name__, url_prefix="/objection")


def _check(record, form, applicant):
    applications.check_objection(record, form.objection_type.data, applicant, rendering.protector())


KIND = filing.Kind(
    kind="objection",
    form=fields.ObjectionForm,
    template="forms/objection.html",
    reason_field="description",
    possible=lambda record: None,
    check=_check,
)


@bp.route("/new", methods=["GET", "POST"])
@limiter.limit(lambda: rendering.setting("SUBMISSION_RATE_LIMIT"), methods=["POST"])
def new():
    return filing.handle(KIND)
