"""The back office `/admin`: queues, decisions, the logged full-file look-up, provider upload.

Every action is audited by the domain function it calls; a look-up writes the
query log before it shows anything.
"""

from __future__ import annotations

import csv
import io
import secrets
import shutil
from pathlib import Path

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    redirect,
    request,
    send_file,
    url_for,
)
from flask_login import current_user, login_user, logout_user
from sqlalchemy import func, select
from werkzeug.utils import secure_filename

from xinyong.credit import applications, audit, fullfile, intake, staff, uploads
from xinyong.credit.applications import Refused
from xinyong.credit.models import (
    Application,
    ApplicationKind,
    Attachment,
    OutboxMessage,
    Provider,
    QueryLogEntry,
    Submission,
)
from xinyong.database import get_session
from xinyong.forms import fields, mail, rendering
from xinyong.forms.extensions import limiter
from xinyong.forms.staff import ADMIN, PROVIDER, STAFF, Staff, requires

bp = Blueprint("admin", __name__, url_prefix="/admin")

#: the decisions each kind of application can take: action -> label
ACTIONS = {
    ApplicationKind.OBJECTION: {
        "assist": "转信息提供单位协助核查（期限延至7个工作日）",
        "correct": "异议成立：更正信息",
        "remove": "异议成立：撤下信息",
        "reject": "异议不成立",
    },
    ApplicationKind.DELETION: {"delete": "删除信息并告知信息主体", "refuse": "不予删除"},
    ApplicationKind.REPAIR: {
        "adopt": "依信息提供单位书面确认修复（原信息存档）",
        "refuse": "不予修复",
    },
}
DISPUTE = {"dispute": "申请人对处理结果有异议（标注“存在异议”）"}


def render(template: str, status: int = 200, **context):
    return rendering.render(template, status=status, **context)


# -- logging in --------------------------------------------------------------


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(lambda: rendering.setting("LOGIN_RATE_LIMIT"), methods=["POST"])
def login():
    form = fields.LoginForm()
    if form.validate_on_submit():
        session = get_session()
        config = current_app.config
        try:
            user = staff.authenticate(
                session,
                form.username.data,
                form.password.data,
                config["LOGIN_FAILURES"],
                config["LOCKOUT_MINUTES"],
            )
        except staff.StaffError as error:
            session.commit()  # the failure count and the lock are kept
            form.form_errors.append(str(error))
        else:
            session.commit()
            login_user(Staff(user))
            return redirect(url_for("admin.home"))
    return render("admin/login.html", status=400 if request.method == "POST" else 200, form=form)


@bp.route("/logout", methods=["POST"])
def logout():
    if current_user.is_authenticated:
        session = get_session()
        audit.log(session, current_user.actor, "logout", "staff_user", current_user.id)
        session.commit()
    logout_user()
    return redirect(url_for("admin.login"))


# -- queues and decisions ----------------------------------------------------


@bp.route("/")
@requires(*STAFF, *PROVIDER)
def home():
    if current_user.role in PROVIDER:
        return redirect(url_for("admin.upload"))
    session = get_session()
    today = rendering.today()
    open_ones = applications.queue(session)
    counts = {kind: sum(1 for item in open_ones if item.kind == kind) for kind in ApplicationKind}
    overdue = [item for item in open_ones if applications.is_overdue(item, today)]
    outbox = session.scalar(
        select(func.count()).select_from(OutboxMessage).where(OutboxMessage.sent_at.is_(None))
    )
    return render("admin/home.html", counts=counts, overdue=overdue, today=today, outbox=outbox)


@bp.route("/queue/<kind>")
@requires(*STAFF)
def queue(kind: str):
    if kind not in ApplicationKind.__members__.values():
        abort(404)
    show_all = request.args.get("all") == "1"
    items = applications.queue(get_session(), kind, open_only=not show_all)
    return render(
        "admin/queue.html",
        kind=kind,
        items=items,
        today=rendering.today(),
        is_overdue=applications.is_overdue,
        show_all=show_all,
    )


def _application(number: str) -> Application:
    found = get_session().scalar(select(Application).where(Application.number == number))
    if found is None:
        abort(404)
    return found


def _actions(item: Application) -> dict[str, str]:
    if item.state in applications.OPEN_STATES:
        actions = dict(ACTIONS[item.kind])
        if item.state == "assisted":
            actions.pop("assist", None)
        return actions
    if item.kind == ApplicationKind.OBJECTION and item.state in ("rejected", "upheld"):
        return DISPUTE
    return {}


@bp.route("/application/<number>", methods=["GET", "POST"])
@requires(*STAFF)
def application(number: str):
    session = get_session()
    item = _application(number)
    form = fields.DecisionForm()
    actions = _actions(item)
    form.action.choices = fields.options([("", "请选择…"), *actions.items()])
    message = None
    if form.validate_on_submit():
        try:
            _decide(item, form)
            session.commit()
            mail.deliver(session)
            return redirect(url_for("admin.application", number=number, done=1))
        except Refused as refusal:
            session.rollback()
            message = str(refusal)
    return render(
        "admin/application.html",
        status=400 if request.method == "POST" else 200,
        item=item,
        form=form,
        actions=actions,
        message=message,
        done=request.args.get("done"),
        overdue=applications.is_overdue(item, rendering.today()),
        objection_types=applications.OBJECTION_TYPES,
        labels=_record_labels(),
    )


def _decide(item: Application, form: fields.DecisionForm) -> None:
    session, actor, today = get_session(), current_user.actor, rendering.today()
    action, reason = form.action.data, form.reason.data or ""
    if action == "assist":
        applications.assist(session, item, actor, rendering.work_calendar(), rendering.limits())
    elif action in ("correct", "remove"):
        applications.uphold(
            session,
            item,
            actor,
            reason,
            remove=action == "remove",
            today=today,
            corrected_content=form.corrected_content.data,
        )
    elif action == "reject":
        applications.reject(session, item, actor, reason)
    elif action == "dispute":
        applications.dispute(session, item, actor, reason)
    elif action == "delete":
        applications.complete_deletion(session, item, actor, today)
    elif action == "adopt":
        applications.adopt_repair(session, item, actor, reason, today)
    elif action == "refuse":
        applications.refuse(session, item, actor, reason)
    else:
        raise Refused("未知的处理决定。")


@bp.route("/attachment/<int:attachment_id>")
@requires(*STAFF)
def attachment(attachment_id: int):
    session = get_session()
    found = session.get(Attachment, attachment_id)
    if found is None:
        abort(404)
    path = uploads.path_of(Path(current_app.config["UPLOAD_DIR"]), found.stored_name)
    if not path.is_file():
        abort(404)
    audit.log(session, current_user.actor, "attachment_viewed", "attachment", found.id)
    session.commit()
    return send_file(
        path, mimetype=found.mime, as_attachment=True, download_name=found.original_name
    )


@bp.route("/outbox")
@requires(*STAFF)
def outbox():
    messages = get_session().scalars(
        select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(200)
    )
    return render("admin/outbox.html", messages=list(messages))


# -- the full credit file ----------------------------------------------------


@bp.route("/lookup", methods=["GET", "POST"])
@requires(*STAFF)
def lookup():
    form = fields.LookupForm()
    found = None
    status = 200
    if request.method == "POST":
        status = 400
        session = get_session()
        subject = (
            fullfile.find_subject(session, form.code.data or "", rendering.protector())
            if form.code.data
            else None
        )
        if form.validate_on_submit():
            if subject is None:
                form.code.errors = [*form.code.errors, "没有找到该信息主体。"]
            else:
                try:
                    found = fullfile.look_up(
                        session,
                        current_user.actor,
                        subject,
                        form.purpose.data,
                        current_app.config,
                    )
                    audit.log(
                        session,
                        current_user.actor,
                        "full_file_viewed",
                        "subject",
                        subject.id,
                        query=found.entry.id,
                    )
                    session.commit()
                    status = 200
                except fullfile.PurposeMissing as missing:
                    form.purpose.errors = [*form.purpose.errors, str(missing)]
    body, code = render(
        "admin/lookup.html",
        status=status,
        form=form,
        found=found,
        labels=_record_labels(),
    )
    return body, code, {"Cache-Control": "no-store"}


def _record_labels() -> dict[str, str]:
    from xinyong.credit.models import LABELS

    return LABELS


@bp.route("/querylog")
@requires(*ADMIN)
def querylog():
    entries = get_session().scalars(
        select(QueryLogEntry).order_by(QueryLogEntry.id.desc()).limit(500)
    )
    return render("admin/querylog.html", entries=list(entries))


@bp.route("/querylog.csv")
@requires(*ADMIN)
def querylog_csv():
    session = get_session()
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(fullfile.CSV_HEADER)
    writer.writerows(fullfile.log_rows(session))
    audit.log(session, current_user.actor, "querylog_exported", "query_log", "all")
    session.commit()
    return Response(
        "\ufeff" + out.getvalue(),
        mimetype="text/csv",
        headers={"Content-Disposition": "attachment; filename=query-log.csv"},
    )


# -- provider upload ---------------------------------------------------------


def _provider_dir() -> Path:
    return Path(current_app.config["UPLOAD_DIR"]) / "provider"


@bp.route("/upload", methods=["GET", "POST"])
@requires(*PROVIDER)
def upload():
    session = get_session()
    provider = session.get(Provider, current_user.provider_id)
    if provider is None:
        abort(403)
    form = fields.UploadForm()
    result, message = None, None
    if form.validate_on_submit():
        files = [item for item in (form.file.data or []) if item and item.filename]
        if len(files) != 1:
            message = "请选择一个报送文件。"
        else:
            result, message = _import(session, provider, files[0])
    submissions = session.scalars(
        select(Submission)
        .where(Submission.provider_id == provider.id)
        .order_by(Submission.id.desc())
        .limit(50)
    )
    return render(
        "admin/upload.html",
        form=form,
        provider=provider,
        result=result,
        message=message,
        submissions=list(submissions),
    )


def _import(session, provider: Provider, storage):
    """Through the same intake as `xinyong import`; the feedback file is kept for download."""
    name = secure_filename(storage.filename) or "upload"
    if "." not in name and "." in storage.filename:
        name += "." + storage.filename.rsplit(".", 1)[-1].lower()
    staging = _provider_dir() / f"t{secrets.token_hex(8)}"
    staging.mkdir(parents=True)
    path = staging / name
    storage.save(path)
    try:
        result = intake.import_file(
            session,
            path,
            provider,
            protector=rendering.protector(),
            actor=current_user.actor,
            settings=intake.Settings.from_config(current_app.config),
        )
        session.commit()
    except Exception as error:  # a file intake cannot read: said, not a traceback
        session.rollback()
        shutil.rmtree(staging, ignore_errors=True)
        return None, f"无法读取该文件：{error}"
    final = _provider_dir() / f"s{result.submission_id}"
    if final.exists():
        shutil.rmtree(final)
    staging.rename(final)
    return result, None


@bp.route("/feedback/<int:submission_id>")
@requires(*PROVIDER)
def feedback(submission_id: int):
    found = get_session().get(Submission, submission_id)
    if found is None or found.provider_id != current_user.provider_id:
        abort(404)
    folder = _provider_dir() / f"s{submission_id}"
    files = sorted(folder.glob("*.feedback.csv")) if folder.is_dir() else []
    if not files:
        abort(404)
    return send_file(files[0], mimetype="text/csv", as_attachment=True)


# -- publishing --------------------------------------------------------------


@bp.route("/publish", methods=["POST"])
@requires(*STAFF)
def publish_now():
    """ "立即发布": an incremental publish, so decisions show before tonight's run."""
    from xinyong.publisher.releases import PublishError, publish

    session, app = get_session(), current_app._get_current_object()
    try:
        result = publish(
            app,
            Path(app.config["PUBLISH_DIR"]),
            as_of=rendering.today(),
            keep=int(app.config["RELEASES_KEPT"]),
            processes=1,  # a web worker does not fork
        )
    except PublishError as error:
        return render("admin/published.html", status=409, result=None, message=str(error))
    audit.log(
        session,
        current_user.actor,
        "published",
        "release",
        result.release or "",
        summary=result.line(),
    )
    session.commit()
    return render("admin/published.html", result=result, message=None)


# -- statistics and early warnings -------------------------------------------


@bp.route("/stats")
@requires(*STAFF)
def stats():
    from xinyong.credit import warnings

    today = rendering.today()
    return render(
        "admin/stats.html",
        overview=warnings.overview(get_session(), today),
        today=today,
        threshold=warnings.REPEAT_PENALTIES,
    )
