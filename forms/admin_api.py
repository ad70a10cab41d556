"""Back office: API keys for named credit service agencies (管理员 only), and city batches."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, request, url_for
from flask_login import current_user
from sqlalchemy import select

from xinyong.credit import apikeys, city
from xinyong.credit.models import ApiKey
from xinyong.database import get_session
from xinyong.forms import rendering
from xinyong.forms.staff import ADMIN, STAFF, requires

bp = Blueprint("admin_api", __name__, url_prefix="/admin")


@bp.route("/api-keys", methods=["GET", "POST"])
@requires(*ADMIN)
def keys():
    session = get_session()
    issued, message, status = None, None, 200
    if request.method == "POST":
        quota_text = (request.form.get("daily_quota") or "").strip()
        try:
            quota = int(quota_text) if quota_text else None
        except ValueError:
            quota = 0
        try:
            issued = apikeys.issue(
                session, request.form.get("agency", ""), current_user.actor, quota
            )
            session.commit()
        except apikeys.KeyError_ as refusal:
            session.rollback()
            message, status = str(refusal), 400
    today = rendering.today()
    body, code = rendering.render(
        "admin/api_keys.html",
        status=status,
        keys=list(session.scalars(select(ApiKey).order_by(ApiKey.id.desc()))),
        usage=apikeys.usage(session, today),
        default_quota=int(rendering.setting("API_DAILY_QUOTA")),
        issued=issued,
        message=message,
    )
    return body, code, {"Cache-Control": "no-store"}  # a new key is on the page once


@bp.route("/api-keys/<int:key_id>")
@requires(*ADMIN)
def calls(key_id: int):
    session = get_session()
    key = session.get(ApiKey, key_id)
    if key is None:
        abort(404)
    return rendering.render(
        "admin/api_calls.html", key=key, calls=apikeys.recent_calls(session, key)
    )


@bp.route("/api-keys/<int:key_id>/revoke", methods=["POST"])
@requires(*ADMIN)
def revoke(key_id: int):
    session = get_session()
    key = session.get(ApiKey, key_id)
    if key is None:
        abort(404)
    apikeys.revoke(session, key, current_user.actor)
    session.commit()
    return redirect(url_for("admin_api.keys"))


@bp.route("/city")
@requires(*STAFF)
def city_batches():
    """Batches for 信用淄博 and their states; one unacknowledged too long is an early warning."""
    session = get_session()
    today = rendering.today()
    late = city.overdue(session, rendering.work_calendar(), today)
    return rendering.render(
        "admin/city.html",
        batches=list(reversed(city.batches(session))),
        late={batch.id for batch in late},
        late_count=len(late),
        today=today,
    )
