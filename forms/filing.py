"""The one way a public form is filed: read it, ask the domain, store, show the number once.

The objection, deletion and repair blueprints differ only in their form, their
template and the domain's check; they all come through `handle`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from flask import current_app, request
from flask_wtf import FlaskForm

from xinyong.credit import applications, catalog, public, uploads
from xinyong.credit.applications import Applicant, Refused
from xinyong.credit.models import Record
from xinyong.database import get_session
from xinyong.forms import mail, rendering


@dataclass(frozen=True)
class Kind:
    """What one public form is: its application kind, form, template, checks."""

    kind: str
    form: type[FlaskForm]
    template: str
    reason_field: str
    # refuses a record the form cannot be about, before anyone types anything
    possible: Callable[[Record | None], None]
    # the full check with the applicant: subject, grounds
    check: Callable[[Record | None, FlaskForm, Applicant], None]
    min_attachments: int = 0
    attachments_hint: str = ""


def _record(ref: str) -> Record | None:
    return public.find_record(get_session(), ref) if ref else None


def _shown(record: Record | None) -> dict | None:
    """What the form shows of the record: its reference, item and decision, never a person's data."""
    if record is None:
        return None
    item = catalog.current(get_session()).get(record.item_code)
    public_subject = record.subject.kind != "person"
    return {
        "ref": public.ref_of(record.item_code, record.id),
        "item": item.name if item else record.item_code,
        "subject": record.subject.name if public_subject else None,
        "doc_no": record.doc_no if public_subject else None,
        "authority": record.authority,
        "decided_on": record.decided_on,
        "repairable_from": record.repairable_from,
    }


def _applicant(form: FlaskForm) -> Applicant:
    return Applicant(
        type=form.applicant_type.data,
        name=form.applicant_name.data or "",
        code=form.applicant_code.data or "",
        phone=form.phone.data or "",
        email=form.email.data or None,
    )


def _uploads(form: FlaskForm) -> list[uploads.Upload]:
    limit = current_app.config["MAX_ATTACHMENT_MB"] * 1024 * 1024
    files = [item for item in (form.attachments.data or []) if item and item.filename]
    return [uploads.Upload(item.filename, item.stream.read(limit + 1)) for item in files]


def _error(form: FlaskForm, error: Refused) -> None:
    field = getattr(form, error.field, None) if error.field else None
    if field is not None:
        field.errors = [*field.errors, str(error)]
    else:
        form.form_errors.append(str(error))


def handle(kind: Kind):
    ref = (request.values.get("record") or "").strip()
    record = _record(ref)
    if ref and record is None:
        return rendering.render(
            "forms/error.html",
            status=404,
            title="信息不存在",
            message=f"没有找到信息编号为“{ref}”的信息。请从公示页面信息下方的链接进入。",
        )
    try:
        kind.possible(record)
    except Refused as refusal:
        return rendering.render(
            "forms/refused.html",
            status=422,
            kind=kind.kind,
            reason=str(refusal),
            record=_shown(record),
        )
    form = kind.form()
    if request.method == "GET":
        form.record.data = ref
    elif form.validate_on_submit():
        filed = _file(kind, form, record)
        if filed is not None:
            response = rendering.render("forms/done.html", filed=filed, kind=kind.kind)
            return response[0], 200, {"Cache-Control": "no-store"}
    status = 400 if request.method == "POST" else 200
    return rendering.render(
        kind.template, status=status, form=form, record=_shown(record), kind=kind.kind, spec=kind
    )


def _file(kind: Kind, form: FlaskForm, record: Record | None):
    session = get_session()
    applicant = _applicant(form)
    try:
        kind.check(record, form, applicant)
        files = _uploads(form)
        if len(files) < kind.min_attachments:
            raise Refused(kind.attachments_hint, "attachments")
        config = current_app.config
        mimes = uploads.check_all(
            files, config["MAX_ATTACHMENTS"], config["MAX_ATTACHMENT_MB"] * 1024 * 1024
        )
    except Refused as refusal:
        _error(form, refusal)
        return None
    except uploads.BadFile as bad:
        form.attachments.errors = [*form.attachments.errors, str(bad)]
        return None
    objection = kind.kind == "objection"
    filed = applications.file(
        session,
        kind.kind,
        record,
        applicant,
        getattr(form, kind.reason_field).data,
        protector=rendering.protector(),
        calendar=rendering.work_calendar(),
        limits=rendering.limits(),
        today=rendering.today(),
        objection_type=form.objection_type.data if objection else None,
        missing_record=form.missing_record.data if objection else None,
    )
    directory = Path(config["UPLOAD_DIR"])
    stored = []
    try:
        for upload, mime in zip(files, mimes, strict=True):
            stored.append(uploads.store(directory, upload, mime))
        applications.add_attachments(session, filed.application, stored)
        session.commit()
    except BaseException:
        session.rollback()
        for values in stored:
            uploads.path_of(directory, values["stored_name"]).unlink(missing_ok=True)
        raise
    mail.deliver(session)
    return filed
