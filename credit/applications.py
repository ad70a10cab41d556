"""Applications of subjects: objections, deletion requests, credit repair (seed 二（三）).

Who may ask what, from when, by which working-day deadline, and what each
decision does to the record: the rules live here, the forms app only asks.
Every change is audited; a record's change shows on the site at the next publish.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from xinyong.credit import audit, tokens
from xinyong.credit.catalog import Catalog
from xinyong.credit.identifiers import IdProtector, InvalidCode, check_ric, check_uscc, mask_ric
from xinyong.credit.models import (
    Application,
    ApplicationKind,
    ApplicationState,
    Attachment,
    OutboxMessage,
    Record,
    RecordStatus,
    Subject,
    SubjectKind,
)
from xinyong.credit.workdays import Deadline, WorkCalendar

# seed 二（三）5: a record is labelled while its objection is handled, and while
# the subject disputes the result. These labels are the forms app's own.
LABEL_PENDING = "异议处理中"
LABEL_DISPUTED = "存在异议"

KIND_LABELS = {
    ApplicationKind.OBJECTION: "异议申请",
    ApplicationKind.DELETION: "删除申请",
    ApplicationKind.REPAIR: "信用修复申请",
}
STATE_LABELS = {
    ApplicationState.RECEIVED: "已受理，正在核查",
    ApplicationState.ASSISTED: "已受理，已转信息提供单位协助核查",
    ApplicationState.UPHELD: "异议成立，已处理",
    ApplicationState.REJECTED: "异议不成立",
    ApplicationState.DISPUTED: "对处理结果有异议，信息已标注“存在异议”",
    ApplicationState.DONE: "已删除，已告知信息主体",
    ApplicationState.ADOPTED: "信用修复已办结，原信息转为档案保存",
    ApplicationState.REFUSED: "不予办理",
}
OPEN_STATES = (ApplicationState.RECEIVED, ApplicationState.ASSISTED)
APPLICANT_TYPES = {"org": "法人及非法人组织、个体工商户", "person": "自然人"}
# seed 二（三）5: the four grounds of an objection
OBJECTION_TYPES = {
    "error": "记载错误",
    "omission": "遗漏",
    "not_public": "依法不应公开",
    "overdue": "超期未删除",
}
PREFIXES = {
    ApplicationKind.OBJECTION: "YY",
    ApplicationKind.DELETION: "SC",
    ApplicationKind.REPAIR: "XF",
}
# no 0/O, 1/I/L: a number and a password are read aloud and typed from paper
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
PASSWORD_LENGTH = 10


class Refused(ValueError):
    """An application the rules do not allow; `str()` says why, in Chinese; `field` where."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Applicant:
    type: str  # org · person
    name: str
    code: str  # 统一社会信用代码 or 居民身份证号码, as typed
    phone: str
    email: str | None = None


@dataclass(frozen=True)
class Limits:
    """Working-day limits, from the settings (all limits are settings: DESIGN.md)."""

    deletion: int = 3  # seed 二（三）4
    objection: int = 3  # 山东省社会信用条例 art. 39
    objection_assisted: int = 7
    repair: int = 5  # the seed sets none: the agency's own target (REPAIR_WORKDAYS)

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> Limits:
        return cls(
            deletion=int(config["DELETION_WORKDAYS"]),
            objection=int(config["OBJECTION_WORKDAYS"]),
            objection_assisted=int(config["OBJECTION_ASSISTED_WORKDAYS"]),
            repair=int(config.get("REPAIR_WORKDAYS", cls.repair)),
        )

    def days(self, kind: str, assisted: bool = False) -> int:
        if kind == ApplicationKind.DELETION:
            return self.deletion
        if kind == ApplicationKind.OBJECTION:
            return self.objection_assisted if assisted else self.objection
        return self.repair


@dataclass
class Filed:
    application: Application
    password: str  # shown once, never stored in clear
    deadline: Deadline


# -- who may ask -------------------------------------------------------------


def checked_code(applicant_type: str, code: str) -> str:
    """The applicant's code, normalised; `Refused` on `applicant_code` when invalid."""
    try:
        return check_uscc(code) if applicant_type == "org" else check_ric(code)
    except InvalidCode as error:
        raise Refused(str(error), "applicant_code") from None


def is_subject(subject: Subject, applicant: Applicant, protector: IdProtector) -> bool:
    """Whether the applicant is the record's subject itself (by code, never by name)."""
    code = checked_code(applicant.type, applicant.code)
    if applicant.type == "org":
        return subject.uscc == code
    if subject.id_hash is None:
        return False
    # a 个体工商户 without a USCC is keyed by its operator's number in its own scope
    scope = ":individual" if subject.kind == SubjectKind.INDIVIDUAL else ""
    return secrets.compare_digest(subject.id_hash, protector.hash(code, scope))


def _require_subject(record: Record, applicant: Applicant, protector: IdProtector, what: str):
    if not is_subject(record.subject, applicant, protector):
        raise Refused(
            f"{what}只能由信息主体本人提出：填写的统一社会信用代码或身份证号码与该信息的主体不一致。",
            "applicant_code",
        )


def _require_active(record: Record) -> None:
    if record.status != RecordStatus.ACTIVE:
        raise Refused("该信息已不再公示（已删除、已修复或已撤销），无需再提出申请。")


def check_objection(
    record: Record | None,
    objection_type: str,
    applicant: Applicant,
    protector: IdProtector,
) -> None:
    """seed 二（三）5: any subject about its own records; a missing record by the 遗漏 ground."""
    if objection_type not in OBJECTION_TYPES:
        raise Refused("请选择异议类型。", "objection_type")
    if record is None:
        checked_code(applicant.type, applicant.code)
        if objection_type != "omission":
            raise Refused(
                "请从公示页面信息下方的“我要异议”进入；如果是信息遗漏，请选择“遗漏”并说明缺少的信息。",
                "objection_type",
            )
        return
    _require_subject(record, applicant, protector, "异议申请")


def deletion_possible(record: Record | None, catalog: Catalog) -> Record:
    """seed 二（三）4: only commendation, volunteer and charity information may be deleted."""
    if record is None:
        raise Refused("请从公示页面信息下方的“申请删除”进入，以便确定要删除的信息。")
    item = catalog.get(record.item_code)
    if item is None or not item.deletable:
        name = item.name if item else record.item_code
        raise Refused(
            f"只有表彰奖励、志愿服务、慈善捐赠信息可以申请删除；该信息属于“{name}”，不能申请删除。"
            "如认为信息有误，请提出异议。"
        )
    _require_active(record)
    return record


def check_deletion(
    record: Record | None, catalog: Catalog, applicant: Applicant, protector: IdProtector
) -> None:
    """seed 二（三）4: deletable information, on the written request of the subject itself."""
    _require_subject(deletion_possible(record, catalog), applicant, protector, "删除申请")


def repair_possible(record: Record | None, catalog: Catalog, today: dt.date) -> Record:
    """NDRC 《信用修复管理办法》: 失信 information, once its minimum disclosure period has passed."""
    if record is None:
        raise Refused("请从公示页面信息下方的“申请信用修复”进入，以便确定要修复的信息。")
    item = catalog.get(record.item_code)
    if item is None or not item.dishonest:
        raise Refused("只有失信信息可以申请信用修复；该信息不是失信信息。")
    _require_active(record)
    earliest = repair_possible_from(record)
    if earliest is None:
        raise Refused("该信息没有可申请信用修复的最短公示期限，请咨询区公共信用信息工作机构。")
    if today < earliest:
        raise Refused(
            f"该信息的最短公示期尚未届满，自{earliest.year}年{earliest.month}月{earliest.day}日"
            f"（{earliest.isoformat()}）起可以申请信用修复。"
        )
    return record


def check_repair(
    record: Record | None,
    catalog: Catalog,
    applicant: Applicant,
    protector: IdProtector,
    today: dt.date,
) -> None:
    """Repair possible for the record, asked by the subject itself."""
    _require_subject(repair_possible(record, catalog, today), applicant, protector, "信用修复申请")


def repair_possible_from(record: Record) -> dt.date | None:
    """The day from which repair may be asked: stored with the record by the disclosure policy."""
    return record.repairable_from


# -- filing ------------------------------------------------------------------


def _code(length: int) -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


def _new_number(session: Session, kind: str, today: dt.date) -> str:
    while True:
        number = f"{PREFIXES[kind]}{today:%Y%m%d}{_code(6)}"
        if session.scalar(select(Application.id).where(Application.number == number)) is None:
            return number


def _subject_of(
    session: Session, record: Record | None, applicant: Applicant, protector: IdProtector
) -> Subject | None:
    if record is not None:
        return record.subject
    code = checked_code(applicant.type, applicant.code)
    if applicant.type == "org":
        return session.scalar(select(Subject).where(Subject.uscc == code))
    return session.scalar(select(Subject).where(Subject.id_hash == protector.hash(code)))


def file(
    session: Session,
    kind: str,
    record: Record | None,
    applicant: Applicant,
    reason: str,
    *,
    protector: IdProtector,
    calendar: WorkCalendar,
    limits: Limits,
    today: dt.date,
    objection_type: str | None = None,
    missing_record: str | None = None,
) -> Filed:
    """Store an application the checks allowed; an objection labels its record at once."""
    code = checked_code(applicant.type, applicant.code)
    password = _code(PASSWORD_LENGTH)
    deadline = calendar.add(today, limits.days(kind))
    subject = _subject_of(session, record, applicant, protector)
    application = Application(
        number=_new_number(session, kind, today),
        password_hash=generate_password_hash(password),
        kind=kind,
        state=ApplicationState.RECEIVED,
        record=record,
        subject=subject,
        applicant_type=applicant.type,
        applicant_name=applicant.name.strip(),
        applicant_code=code if applicant.type == "org" else mask_ric(code),
        applicant_hash=protector.hash(code) if applicant.type == "person" else None,
        phone=applicant.phone.strip(),
        email=(applicant.email or "").strip() or None,
        objection_type=objection_type,
        missing_record=(missing_record or "").strip() or None,
        reason=reason.strip(),
        received_on=today,
        deadline=deadline.day,
        deadline_provisional=deadline.provisional,
    )
    session.add(application)
    session.flush()
    actor = f"applicant:{application.number}"
    audit.log(
        session,
        actor,
        "application_filed",
        "application",
        application.id,
        kind=kind,
        record=record.id if record else None,
        deadline=deadline.day.isoformat(),
    )
    if kind == ApplicationKind.OBJECTION and record is not None:
        _label(session, record, LABEL_PENDING, actor, application)
    notify(
        session,
        application,
        f"{KIND_LABELS[kind]}已受理（{application.number}）",
        f"您的{KIND_LABELS[kind]}已受理，受理编号 {application.number}，"
        f"办理期限 {deadline}。可凭受理编号和查询密码查询办理进度。",
    )
    return Filed(application, password, deadline)


def add_attachments(
    session: Session, application: Application, stored: Iterable[Mapping[str, Any]]
) -> None:
    for values in stored:
        session.add(Attachment(application=application, **values))


def _label(
    session: Session, record: Record, label: str | None, actor: str, application: Application
) -> None:
    before = record.objection_label
    record.objection_label = label
    audit.log(
        session,
        actor,
        "objection_label",
        "record",
        record.id,
        before=before,
        after=label,
        application=application.number,
    )


# -- following ---------------------------------------------------------------


def find(session: Session, number: str, password: str) -> Application | None:
    """The application of a (受理编号, 查询密码) pair, or None, at the same cost either way."""
    number = (number or "").strip().upper()
    application = session.scalar(select(Application).where(Application.number == number))
    stored = application.password_hash if application else tokens.dummy_password_hash()
    matches = check_password_hash(stored, (password or "").strip().upper())
    return application if application is not None and matches else None


def is_overdue(application: Application, today: dt.date) -> bool:
    return application.state in OPEN_STATES and application.deadline < today


def queue(session: Session, kind: str | None = None, open_only: bool = True) -> list[Application]:
    """Applications by deadline, oldest first: what staff must decide next."""
    query = select(Application).order_by(Application.deadline, Application.id)
    if kind:
        query = query.where(Application.kind == kind)
    if open_only:
        query = query.where(Application.state.in_(OPEN_STATES))
    return list(session.scalars(query))


# -- decisions ---------------------------------------------------------------


class WrongState(Refused):
    pass


def _require_open(application: Application, kind: str) -> None:
    if application.kind != kind:
        raise WrongState(f"该申请是{KIND_LABELS[application.kind]}，不能这样处理。")
    if application.state not in OPEN_STATES:
        raise WrongState(f"该申请已办结（{STATE_LABELS[application.state]}）。")


def _require_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise Refused("请填写理由。", "reason")
    return reason


def _decide(
    session: Session, application: Application, state: str, result: str, actor: str, **detail: Any
) -> None:
    application.state = state
    application.result = result
    application.decided_by = actor
    application.decided_at = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    audit.log(
        session,
        actor,
        f"application_{state}",
        "application",
        application.id,
        number=application.number,
        result=result,
        **detail,
    )
    notify(
        session,
        application,
        f"{KIND_LABELS[application.kind]}办理结果（{application.number}）",
        f"您的{KIND_LABELS[application.kind]}（受理编号 {application.number}）："
        f"{STATE_LABELS[state]}。{result}",
    )


def assist(
    session: Session,
    application: Application,
    actor: str,
    calendar: WorkCalendar,
    limits: Limits,
) -> Deadline:
    """Passed to the provider department to help verify: 7 working days (条例 art. 39)."""
    _require_open(application, ApplicationKind.OBJECTION)
    deadline = calendar.add(application.received_on, limits.days(application.kind, True))
    application.state = ApplicationState.ASSISTED
    application.deadline = deadline.day
    application.deadline_provisional = deadline.provisional
    audit.log(
        session,
        actor,
        "application_assisted",
        "application",
        application.id,
        number=application.number,
        deadline=deadline.day.isoformat(),
    )
    return deadline


def uphold(
    session: Session,
    application: Application,
    actor: str,
    reason: str,
    remove: bool,
    today: dt.date,
    corrected_content: str | None = None,
) -> None:
    """Objection upheld: the record is corrected, or removed from disclosure, with the reason."""
    _require_open(application, ApplicationKind.OBJECTION)
    reason = _require_reason(reason)
    record = application.record
    if record is not None:
        _label(session, record, None, actor, application)
        if remove:
            _set_status(session, record, RecordStatus.DELETED, f"异议成立：{reason}", actor, today)
        elif corrected_content and corrected_content.strip():
            before = record.content
            record.content = corrected_content.strip()
            audit.log(
                session,
                actor,
                "record_corrected",
                "record",
                record.id,
                before=before,
                after=record.content,
                application=application.number,
                reason=reason,
            )
    _decide(session, application, ApplicationState.UPHELD, reason, actor, removed=remove)


def reject(session: Session, application: Application, actor: str, reason: str) -> None:
    """Objection not upheld: the label goes, unless the applicant then disputes the result."""
    _require_open(application, ApplicationKind.OBJECTION)
    reason = _require_reason(reason)
    if application.record is not None:
        _label(session, application.record, None, actor, application)
    _decide(session, application, ApplicationState.REJECTED, reason, actor)


def dispute(session: Session, application: Application, actor: str, reason: str) -> None:
    """seed 二（三）5: the subject disputes the result, so the record is labelled 存在异议."""
    if application.kind != ApplicationKind.OBJECTION or application.state not in (
        ApplicationState.REJECTED,
        ApplicationState.UPHELD,
    ):
        raise WrongState("只有已办结的异议申请可以对处理结果提出异议。")
    reason = _require_reason(reason)
    application.state = ApplicationState.DISPUTED
    application.result = f"{application.result or ''}\n申请人对处理结果有异议：{reason}".strip()
    audit.log(session, actor, "application_disputed", "application", application.id, reason=reason)
    record = application.record
    if record is not None and record.status == RecordStatus.ACTIVE:
        _label(session, record, LABEL_DISPUTED, actor, application)


def complete_deletion(
    session: Session, application: Application, actor: str, today: dt.date
) -> None:
    """seed 二（三）4: deleted within 3 working days and the subject informed."""
    _require_open(application, ApplicationKind.DELETION)
    record = application.record
    if record is not None:
        _set_status(
            session,
            record,
            RecordStatus.DELETED,
            f"信息主体书面申请删除（受理编号 {application.number}）",
            actor,
            today,
        )
    _decide(session, application, ApplicationState.DONE, "该信息已从公示中删除。", actor)


def adopt_repair(
    session: Session,
    application: Application,
    actor: str,
    confirmation: str,
    today: dt.date,
) -> None:
    """seed 二（三）3: on the provider's written confirmation the record is archived."""
    _require_open(application, ApplicationKind.REPAIR)
    confirmation = (confirmation or "").strip()
    if not confirmation:
        raise Refused("信用修复须有信息提供单位正式书面修复确认，请填写确认文书号。", "reason")
    record = application.record
    if record is not None:
        record.repaired_on = today
        record.repaired_by = record.provider.name if record.provider else record.authority
        record.repair_doc = confirmation
        _set_status(
            session,
            record,
            RecordStatus.ARCHIVED,
            f"信用修复（受理编号 {application.number}，确认文书 {confirmation}）",
            actor,
            today,
        )
    _decide(
        session,
        application,
        ApplicationState.ADOPTED,
        f"依据信息提供单位书面确认（{confirmation}），原失信信息转为档案保存，不再公示。",
        actor,
    )


def refuse(session: Session, application: Application, actor: str, reason: str) -> None:
    """A deletion or repair application not granted, with the reason."""
    if application.kind == ApplicationKind.OBJECTION:
        raise WrongState("异议申请请选择“异议成立”或“异议不成立”。")
    _require_open(application, application.kind)
    _decide(session, application, ApplicationState.REFUSED, _require_reason(reason), actor)


def _set_status(
    session: Session, record: Record, status: str, reason: str, actor: str, today: dt.date
) -> None:
    before = record.status
    record.status = status
    record.status_reason = reason
    record.status_on = today
    audit.log(session, actor, f"record_{status}", "record", record.id, before=before, reason=reason)


# -- notices -----------------------------------------------------------------


def notify(session: Session, application: Application, title: str, body: str) -> OutboxMessage:
    """A notice to the applicant, kept in the outbox; the forms app sends it when SMTP is set."""
    message = OutboxMessage(
        application=application,
        recipient=application.email or application.phone,
        title=title,
        body=body,
    )
    session.add(message)
    return message
