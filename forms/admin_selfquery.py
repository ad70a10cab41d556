"""Back office: 本人查询 applications, their copies, verification (which opens the subject's link)."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, abort, current_app, request, send_file, url_for
from flask_login import current_user
from sqlalchemy import select

from xinyong.credit import audit, selfquery, uploads
from xinyong.credit.applications import Refused
from xinyong.credit.models import SelfQuery, SelfQueryAttachment
from xinyong.database import get_session
from xinyong.forms import rendering
from xinyong.forms.staff import STAFF, requires

bp = Blueprint("admin_selfquery", __name__, url_prefix="/admin/selfquery")


@bp.route("/")
@requires(*STAFF)
def index():
    show_all = request.args.get("all") == "1"
    return rendering.render(
        "admin/selfqueries.html",
        items=selfquery.queue(get_session(), open_only=not show_all),
        show_all=show_all,
        states=selfquery.STATE_LABELS,
    )


@bp.route("/<number>", methods=["GET", "POST"])
@requires(*STAFF)
def detail(number: str):
    session = get_session()
    query = session.scalar(select(SelfQuery).where(SelfQuery.number == number))
    if query is None:
        abort(404)
    link, message, status = None, None, 200
    if request.method == "POST":
        action = request.form.get("action")
        try:
            if action == "verify":
                token = selfquery.verify(
                    session, query, current_user.actor, int(current_app.config["SELF_QUERY_DAYS"])
                )
                link = url_for("selfquery.own", token=token, _external=True)
            elif action == "refuse":
                selfquery.refuse(session, query, current_user.actor, request.form.get("reason", ""))
            else:
                raise Refused("请选择处理决定。", "action")
            session.commit()
        except Refused as refusal:
            session.rollback()
            message, status = str(refusal), 400
    body, code = rendering.render(
        "admin/selfquery.html",
        status=status,
        query=query,
        link=link,
        message=message,
        states=selfquery.STATE_LABELS,
        days=int(current_app.config["SELF_QUERY_DAYS"]),
    )
    return body, code, {"Cache-Control": "no-store"}  # the link is on the page once


@bp.route("/attachment/<int:attachment_id>")
@requires(*STAFF)
def attachment(attachment_id: int):
    session = get_session()
    found = session.get(SelfQueryAttachment, attachment_id)
    if found is None:
        abort(404)
    folder = Path(current_app.config["UPLOAD_DIR"]) / "selfquery"
    path = uploads.path_of(folder, found.stored_name)
    if not path.is_file():
        abort(404)
    audit.log(session, current_user.actor, "attachment_viewed", "self_query_attachment", found.id)
    session.commit()
    return send_file(
        path, mimetype=found.mime, as_attachment=True, download_name=found.original_name
    )
