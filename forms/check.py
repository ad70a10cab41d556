"""信用核查 in the back office `/admin/check`: run a check, see it again, report back, statistics.

Departments (the 提供单位 accounts: every department that decides on a matter
also provides information, so it already has one) and the credit agency's staff
run checks. A department sees its own checks; staff see all. The result page and
the sheet are made from the check as it was kept, never from today's data.
"""

from __future__ import annotations

import io
import secrets
import shutil

from flask import Blueprint, abort, current_app, redirect, request, send_file, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from werkzeug.utils import secure_filename
from wtforms import DateField, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional

from xinyong.credit import checks, checks_sheet, measures
from xinyong.credit.models import CreditCheck
from xinyong.database import get_session
from xinyong.forms import fields, rendering
from xinyong.forms.staff import PROVIDER, STAFF, requires

bp = Blueprint("check", __name__, url_prefix="/admin/check")

ROLES = (*STAFF, *PROVIDER)
REQUIRED = "此项必填。"


class CheckForm(FlaskForm):
    matter = SelectField("核查事项", validators=[DataRequired("请选择核查事项。")])
    name = StringField("主体名称", validators=[Optional(), Length(max=200)])
    code = StringField(
        "统一社会信用代码（自然人：身份证号码）", validators=[Optional(), Length(max=40)]
    )
    file = FileField("或上传名单（CSV、XLS、XLSX，列：主体名称、统一社会信用代码）")


class FeedbackForm(FlaskForm):
    row = StringField("序号", validators=[DataRequired(REQUIRED)])
    measure = SelectField("实施的措施", validators=[DataRequired("请选择措施。")])
    applied_on = DateField("实施日期", validators=[DataRequired("请填写实施日期（年-月-日）。")])
    doc_no = StringField("文书号", validators=[DataRequired(REQUIRED), Length(max=200)])
    note = StringField("说明", validators=[Optional(), Length(max=500)])


def render(template: str, status: int = 200, **context):
    body, code = rendering.render(template, status=status, **context)
    return body, code, {"Cache-Control": "no-store"}


def _runner() -> checks.Runner:
    session = get_session()
    provider_id = current_user.provider_id if current_user.role in PROVIDER else None
    department = checks.department_of(session, provider_id, "周村区社会信用体系建设工作机构")
    return checks.Runner(current_user.actor, department, provider_id, rendering.today())


@bp.route("/", methods=["GET", "POST"])
@requires(*ROLES)
def new():
    session = get_session()
    catalog = measures.current(session, current_user.actor)
    form = CheckForm()
    form.matter.choices = fields.options(
        [("", "请选择…")] + [(m.code, m.name) for m in catalog.matters.values()]
    )
    message = None
    if form.validate_on_submit():
        try:
            queries, source = _queries(form)
            done = checks.run(
                session, queries, form.matter.data, _runner(), rendering.protector(), source=source
            )
            session.commit()
            return redirect(url_for("check.show", number=done.number))
        except checks.CheckError as error:
            session.rollback()
            message = str(error)
    return render(
        "admin/check/new.html",
        status=400 if request.method == "POST" else 200,
        form=form,
        message=message,
    )


def _queries(form: CheckForm) -> tuple[list[checks.Query], str]:
    storage = form.file.data
    if storage is not None and getattr(storage, "filename", ""):
        return _read_upload(storage), secure_filename(storage.filename) or "名单"
    name, code = (form.name.data or "").strip(), (form.code.data or "").strip()
    if not name or not code:
        raise checks.CheckError("请填写主体名称和统一社会信用代码，或上传名单。")
    return [checks.Query(2, name, code)], "单个主体"


def _read_upload(storage) -> list[checks.Query]:
    """The list is read from a folder outside any web root and removed at once."""
    name = secure_filename(storage.filename) or "list"
    if "." not in name and "." in storage.filename:
        name += "." + storage.filename.rsplit(".", 1)[-1].lower()
    staging = rendering.upload_dir() / "check" / f"t{secrets.token_hex(8)}"
    staging.mkdir(parents=True)
    try:
        path = staging / name
        storage.save(path)
        return checks.read_list(path, int(current_app.config["CHECK_MAX_SUBJECTS"]))
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _check(number: str) -> CreditCheck:
    found = checks.find(get_session(), number)
    if found is None:
        abort(404)
    if current_user.role in PROVIDER and found.provider_id != current_user.provider_id:
        abort(404)
    return found


@bp.route("/list")
@requires(*ROLES)
def past():
    provider_id = current_user.provider_id if current_user.role in PROVIDER else None
    return render("admin/check/list.html", items=checks.recent(get_session(), provider_id))


@bp.route("/<number>", methods=["GET", "POST"])
@requires(*ROLES)
def show(number: str):
    session = get_session()
    found = _check(number)
    form = FeedbackForm()
    form.measure.choices = fields.options(
        (m["code"], m["name"]) for row in found.result.get("rows", []) for m in row["measures"]
    )
    message = None
    if request.method == "POST" and form.validate_on_submit():
        try:
            checks.record_feedback(
                session,
                found,
                int(form.row.data)
                if (form.row.data or "").isascii() and form.row.data.isdigit()
                else -1,
                form.measure.data,
                form.applied_on.data,
                form.doc_no.data,
                current_user.actor,
                current_user.provider_id if current_user.role in PROVIDER else None,
                form.note.data,
            )
            session.commit()
            return redirect(url_for("check.show", number=number, done=1))
        except checks.CheckError as error:
            session.rollback()
            message = str(error)
    return render(
        "admin/check/result.html",
        status=400 if request.method == "POST" else 200,
        check=found,
        heading=checks_sheet.heading(found),
        rows=found.result.get("rows", []),
        sections=checks.SECTIONS,
        status_labels=checks.STATUS_LABELS,
        entry_text=checks_sheet.entry_text,
        measure_text=checks_sheet.measure_text,
        feedback=checks.feedback_of(session, found),
        form=form,
        message=message,
        done=request.args.get("done"),
    )


@bp.route("/<number>.xlsx")
@requires(*ROLES)
def sheet(number: str):
    found = _check(number)
    buffer = io.BytesIO()
    checks_sheet.write(found, buffer)
    buffer.seek(0)
    return send_file(
        buffer,
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        as_attachment=True,
        download_name=f"{found.number}.xlsx",
    )


@bp.route("/stats")
@requires(*ROLES)
def stats():
    return render(
        "admin/check/stats.html",
        stats=checks.statistics(get_session()),
        today=rendering.today(),
    )
