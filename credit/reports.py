"""Numbered credit reports (《公共信用信息报告标准（2022年版）》) and a subject's own complete file.

An organisation's report, asked for bidding or a loan, is its public file as of a
date — the same sections and template as the site's public report. A person's
report is their complete file (个人信息保护法 arts. 45–46) and goes only to them.
Only the report's digest and minimal metadata are kept: anyone can check a
number and its date (`verify`), no one can read a report back from the database.
A report is made again from the data when it is printed or downloaded, and its
digest must still match, so what was issued is what is handed over.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import secrets
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from xinyong.credit import audit, public, tokens
from xinyong.credit.models import (
    CreditReport,
    QueryLogEntry,
    Record,
    RecordStatus,
    Subject,
    SubjectKind,
    now,
)

#: what a report may be asked for (the purpose is printed on the report)
PURPOSES = ("招标投标", "政府采购", "融资授信", "行政许可", "评优评先", "本人查阅")
MIN_PURPOSE = 2


class ReportRefused(ValueError):
    """`str()` is the reason, in Chinese."""


@dataclass(frozen=True)
class Issued:
    report: CreditReport
    file: public.PublicFile
    link: str | None  # a personal report's one-time download token, shown once


def own_file(session: Session, subject: Subject, as_of: dt.date) -> public.PublicFile:
    """Everything in force about the subject, items off the site included, masked as on the site.

    For the subject itself only (本人查询, a personal report): the same record
    cards as the public file, so one template shows both.
    """
    context = public.Context.load(session)
    records = []
    for row in session.scalars(
        select(Record)
        .where(Record.subject_id == subject.id, Record.status == RecordStatus.ACTIVE)
        .order_by(Record.id)
    ):
        item = context.items.get(row.item_code)
        if item is not None and row.decided_on <= as_of:
            records.append(public._shown_record(row, item, context.providers))
    records.sort(key=public._order)
    shown = public._shown_subject(subject)
    current_to = as_of
    content = repr((shown, records, current_to))
    return public.PublicFile(
        subject=shown,
        records=tuple(records),
        withdrawals=(),
        as_of=as_of,
        current_to=current_to,
        given_fingerprint=public.fingerprint_of(content),
    )


def report_file(session: Session, subject: Subject, as_of: dt.date) -> public.PublicFile:
    """What a report of this subject contains: public for an organisation, complete for a person."""
    if subject.kind == SubjectKind.PERSON:
        return own_file(session, subject, as_of)
    found = public.file(session, subject.key, as_of)
    if found is None:  # an organisation always has a public file; said plainly if not
        raise ReportRefused("该主体没有可出具报告的公开信息。")
    return found


def digest_of(number: str, kind: str, as_of: dt.date, file: public.PublicFile) -> str:
    """The report's SHA-256: its number, kind, date and the file's own fingerprint."""
    payload = json.dumps([number, kind, as_of.isoformat(), file.fingerprint])
    return hashlib.sha256(payload.encode()).hexdigest()


def _number(session: Session, as_of: dt.date) -> str:
    while True:
        number = f"ZCXY{as_of:%Y%m%d}{secrets.randbelow(10**8):08d}"
        if session.scalar(select(CreditReport.id).where(CreditReport.number == number)) is None:
            return number


def _log_query(session: Session, actor: str, subject: Subject, purpose: str) -> None:
    session.add(
        QueryLogEntry(
            actor=actor[:100],
            subject_id=subject.id,
            subject_key=subject.key,
            subject_name=subject.name,
            purpose=purpose,
            at=now(),
        )
    )


def issue(
    session: Session,
    subject: Subject,
    as_of: dt.date,
    purpose: str,
    actor: str,
    *,
    identity_checked: bool = False,
    link_days: int = 7,
    today: dt.date | None = None,
) -> Issued:
    """A numbered report, on the subject's request; a person's only once staff verified who asks."""
    purpose = (purpose or "").strip()
    if len(purpose) < MIN_PURPOSE:
        raise ReportRefused("请填写报告用途（如“招标投标”）。")
    if as_of > (today or dt.date.today()):
        raise ReportRefused("报告日期不能晚于今天。")
    person = subject.kind == SubjectKind.PERSON
    if person and not identity_checked:
        raise ReportRefused(
            "自然人信用报告只向本人出具：请先核验申请人的身份证件，并勾选“已核验本人身份”。"
        )
    file = report_file(session, subject, as_of)
    number = _number(session, as_of)
    link = tokens.new() if person else None
    report = CreditReport(
        number=number,
        subject_id=subject.id,
        kind=SubjectKind.PERSON if person else SubjectKind.ORG,
        as_of=as_of,
        purpose=purpose[:200],
        digest=digest_of(number, subject.kind, as_of, file),
        issued_by=actor,
        link_hash=tokens.digest(link) if link else None,
        link_expires=now() + dt.timedelta(days=link_days) if link else None,
    )
    session.add(report)
    session.flush()
    _log_query(session, actor, subject, f"出具信用报告{number}（用途：{purpose}）")
    audit.log(session, actor, "report_issued", "credit_report", report.id, number=number)
    return Issued(report, file, link)


def reprint(session: Session, report: CreditReport, actor: str) -> public.PublicFile:
    """The issued report made again from the data; refused when the data no longer gives its digest."""
    file = report_file(session, report.subject, report.as_of)
    if digest_of(report.number, report.subject.kind, report.as_of, file) != report.digest:
        raise ReportRefused(
            f"报告{report.number}所依据的信息在出具后有变化（如异议更正、信用修复），"
            "无法按原样重现，请重新出具报告。"
        )
    _log_query(session, actor, report.subject, f"打印信用报告{report.number}")
    return file


def by_link(session: Session, token: str) -> CreditReport | None:
    """The personal report this one-time link opens, while it is unused and unexpired."""
    if not token or len(token) > 100:
        return None
    report = session.scalar(
        select(CreditReport).where(CreditReport.link_hash == tokens.digest(token))
    )
    if report is None or report.link_expires is None or report.link_expires < now():
        return None
    return report


def deliver(session: Session, report: CreditReport) -> public.PublicFile:
    """The person downloads their report: once, after which the link opens nothing."""
    file = reprint(session, report, f"self:{report.number}")
    report.link_hash = None
    report.delivered_at = now()
    audit.log(session, "subject", "report_delivered", "credit_report", report.id)
    return file


def verify(session: Session, number: str, as_of: dt.date | None) -> dict[str, Any] | None:
    """What anyone may learn of a report from its number and date; None for any mismatch.

    A wrong date and a number that does not exist get the same None, so the
    answer says nothing about which numbers exist.
    """
    number = (number or "").strip().upper()
    if not number or len(number) > 32 or as_of is None:
        return None
    report = session.scalar(select(CreditReport).where(CreditReport.number == number))
    if report is None or report.as_of != as_of:
        return None
    person = report.kind == SubjectKind.PERSON
    return {
        "number": report.number,
        "kind": "自然人信用报告" if person else "法人和非法人组织信用报告",
        "as_of": report.as_of,
        "issued_on": report.issued_at.date(),
        # an organisation's name and code are public; a person's report names no one
        "subject": None if person else report.subject.name,
        "uscc": None if person else report.subject.uscc,
        "purpose": report.purpose,
        "digest": report.digest,
    }
