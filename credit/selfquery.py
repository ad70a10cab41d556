"""本人查询: a subject sees its own complete file (个人信息保护法 arts. 45–46; DESIGN.md).

The subject applies with a copy of its business licence or ID card (and an
agent's authorisation letter); staff check the copies against the subject and
verify the application, which opens a link with an unguessable token for
`SELF_QUERY_DAYS` days. Only the token's hash is kept. Every view through the
link is written to the query log, with the application's number as who asked.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from xinyong.credit import audit, fullfile, public, reports, tokens, uploads
from xinyong.credit.applications import APPLICANT_TYPES, Refused, checked_code
from xinyong.credit.identifiers import IdProtector, mask_ric
from xinyong.credit.models import (
    QueryLogEntry,
    Record,
    RecordStatus,
    SelfQuery,
    SelfQueryAttachment,
    now,
)

STATE_LABELS = {"submitted": "待核验", "verified": "已核验，可查询", "refused": "不予开通"}


@dataclass(frozen=True)
class Applicant:
    type: str
    name: str
    code: str
    phone: str
    email: str | None
    agent_name: str | None


@dataclass(frozen=True)
class OwnView:
    query: SelfQuery
    file: public.PublicFile
    archived: list[Record]  # repaired, deleted, withdrawn: kept, shown to the subject as such
    entry: QueryLogEntry


def _number(session: Session, today: dt.date) -> str:
    while True:
        number = f"BR{today:%Y%m%d}{secrets.randbelow(10**6):06d}"
        if session.scalar(select(SelfQuery.id).where(SelfQuery.number == number)) is None:
            return number


def apply(
    session: Session,
    applicant: Applicant,
    identity: list[uploads.Upload],
    authorisation: list[uploads.Upload],
    protector: IdProtector,
    upload_dir: Path,
    *,
    max_bytes: int = uploads.MAX_BYTES,
    today: dt.date | None = None,
) -> SelfQuery:
    """The application, stored with its copies; `Refused(message, field)` for what is missing."""
    if applicant.type not in APPLICANT_TYPES:
        raise Refused("请选择申请人类型。", "applicant_type")
    if not applicant.name.strip():
        raise Refused("请填写信息主体名称或姓名。", "applicant_name")
    code = checked_code(applicant.type, applicant.code)
    if not applicant.phone.strip():
        raise Refused("请填写联系电话，以便告知核验结果。", "phone")
    if not identity:
        what = "营业执照（或登记证书）复印件" if applicant.type == "org" else "身份证复印件"
        raise Refused(f"请上传{what}。", "identity")
    if applicant.agent_name and not authorisation:
        raise Refused("代理人申请的，请上传信息主体签署的授权委托书。", "authorisation")
    files = identity + (authorisation if applicant.agent_name else [])
    try:
        mimes = uploads.check_all(files, max_files=4, max_bytes=max_bytes)
    except uploads.BadFile as bad:
        raise Refused(str(bad), "identity") from None
    subject = fullfile.find_subject(session, code, protector)
    query = SelfQuery(
        number=_number(session, today or dt.date.today()),
        state="submitted",
        subject_id=subject.id if subject else None,
        applicant_type=applicant.type,
        applicant_name=applicant.name.strip()[:200],
        # a person's number is kept masked only: the subject link stands for it
        applicant_code=code if applicant.type == "org" else mask_ric(code),
        agent_name=(applicant.agent_name or "").strip()[:100] or None,
        phone=applicant.phone.strip()[:30],
        email=(applicant.email or "").strip()[:200] or None,
    )
    session.add(query)
    session.flush()
    for upload, mime in zip(files, mimes, strict=True):
        session.add(SelfQueryAttachment(query=query, **uploads.store(upload_dir, upload, mime)))
    audit.log(session, "applicant", "self_query_filed", "self_query", query.id, number=query.number)
    return query


def verify(session: Session, query: SelfQuery, actor: str, days: int) -> str:
    """Staff have checked who asks: the link's token, shown once, valid for `days` days."""
    if query.state != "submitted":
        raise Refused("该申请已处理。", "action")
    if query.subject is None:
        raise Refused(
            "本区平台没有该信息主体的信息，无法开通查询；请选择“不予开通”并说明。", "action"
        )
    token = tokens.new()
    query.state = "verified"
    query.token_hash = tokens.digest(token)
    query.expires_at = now() + dt.timedelta(days=days)
    query.decided_by, query.decided_at = actor, now()
    audit.log(session, actor, "self_query_verified", "self_query", query.id)
    return token


def refuse(session: Session, query: SelfQuery, actor: str, reason: str) -> None:
    if query.state != "submitted":
        raise Refused("该申请已处理。", "action")
    if len((reason or "").strip()) < 4:
        raise Refused("请说明不予开通的理由（如“复印件与主体不符”），将告知申请人。", "reason")
    query.state = "refused"
    query.reason = reason.strip()
    query.decided_by, query.decided_at = actor, now()
    audit.log(session, actor, "self_query_refused", "self_query", query.id)


def by_token(session: Session, token: str) -> SelfQuery | None:
    """The verified application this link opens, until it expires."""
    if not token or len(token) > 100:
        return None
    query = session.scalar(select(SelfQuery).where(SelfQuery.token_hash == tokens.digest(token)))
    if query is None or query.state != "verified" or query.expires_at < now():
        return None
    return query


def view(session: Session, query: SelfQuery, today: dt.date) -> OwnView:
    """The subject's complete file, after the view is in the query log."""
    subject = query.subject
    entry = QueryLogEntry(
        actor=f"self:{query.number}",
        subject_id=subject.id,
        subject_key=subject.key,
        subject_name=subject.name,
        purpose=f"本人查询（受理编号{query.number}）",
        at=now(),
    )
    session.add(entry)
    session.flush()
    archived = list(
        session.scalars(
            select(Record)
            .where(Record.subject_id == subject.id, Record.status != RecordStatus.ACTIVE)
            .order_by(Record.decided_on)
        )
    )
    return OwnView(query, reports.own_file(session, subject, today), archived, entry)


def queue(session: Session, open_only: bool = True) -> list[SelfQuery]:
    query = select(SelfQuery).order_by(SelfQuery.id.desc()).limit(200)
    if open_only:
        query = query.where(SelfQuery.state == "submitted")
    return list(session.scalars(query))
