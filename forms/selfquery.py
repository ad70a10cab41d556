"""本人查询 `/selfquery/new` and the verified subject's view of its complete file `/selfquery/<token>`."""

from __future__ import annotations

from flask import Blueprint, current_app, request

from xinyong.credit import public, selfquery, uploads
from xinyong.credit.applications import APPLICANT_TYPES, Refused
from xinyong.credit.models import LABELS
from xinyong.database import get_session
from xinyong.forms import rendering
from xinyong.forms.extensions import limiter

bp = Blueprint("selfquery", __name__, url_prefix="/selfquery")

PRIVATE = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}
FIELDS = ("applicant_type", "applicant_name", "applicant_code", "agent_name", "phone", "email")


def _files(name: str) -> list[uploads.Upload]:
    return [
        uploads.Upload(item.filename, item.read())
        for item in request.files.getlist(name)
        if item and item.filename
    ]


@bp.route("/new", methods=["GET", "POST"])
@limiter.limit(lambda: rendering.setting("SUBMISSION_RATE_LIMIT"), methods=["POST"])
def new():
    values = {name: (request.form.get(name) or "").strip() for name in FIELDS}
    values["applicant_type"] = values["applicant_type"] or "org"
    errors: dict[str, str] = {}
    if request.method == "POST":
        session = get_session()
        applicant = selfquery.Applicant(
            type=values["applicant_type"],
            name=values["applicant_name"],
            code=values["applicant_code"],
            phone=values["phone"],
            email=values["email"] or None,
            agent_name=values["agent_name"] or None,
        )
        try:
            if request.form.get("declaration") != "y":
                raise Refused("请确认所填信息真实，并同意工作人员核验身份。", "declaration")
            query = selfquery.apply(
                session,
                applicant,
                _files("identity"),
                _files("authorisation"),
                rendering.protector(),
                rendering.upload_dir() / "selfquery",
                max_bytes=int(current_app.config["MAX_ATTACHMENT_MB"]) * 1024 * 1024,
                today=rendering.today(),
            )
            session.commit()
            return rendering.render("selfquery/done.html", query=query)
        except Refused as refusal:
            session.rollback()
            errors[refusal.field or "form"] = str(refusal)
    return rendering.render(
        "selfquery/new.html",
        status=400 if errors else 200,
        values=values,
        errors=errors,
        types=APPLICANT_TYPES,
    )


@bp.route("/<token>")
def own(token: str):
    session = get_session()
    query = selfquery.by_token(session, token)
    if query is None:
        body, code = rendering.render("selfquery/expired.html", status=404)
        return body, code, PRIVATE
    found = selfquery.view(session, query, rendering.today())
    session.commit()
    body, code = rendering.render(
        "selfquery/view.html",
        found=found,
        groups=public.GROUPS,
        labels=LABELS,
    )
    return body, code, PRIVATE
