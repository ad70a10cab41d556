"""Subjects (信息主体): found by their code, created on first report."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from xinyong.credit import audit
from xinyong.credit.identifiers import IdProtector, mask_ric, normalize
from xinyong.credit.models import Subject, SubjectKind


@dataclass(frozen=True)
class Identity:
    """What identifies a subject: its USCC, or for a person the keyed hash of the ID number."""

    kind: str
    key: str
    uscc: str | None = None
    id_hash: str | None = None
    id_number: str | None = None
    id_masked: str | None = None


def identity(
    kind: str, protector: IdProtector, uscc: str | None = None, id_number: str | None = None
) -> Identity:
    """Organisations and 个体工商户 with a USCC are keyed by it; anyone else by the ID number."""
    if uscc and kind != SubjectKind.PERSON:
        code = normalize(uscc)
        return Identity(kind, key=code, uscc=code)
    if not id_number:
        raise ValueError("a subject needs a 统一社会信用代码 or an ID number")
    number = normalize(id_number)
    return Identity(
        kind,
        key=protector.public_key(number),
        id_hash=protector.hash(number),
        id_number=number,
        id_masked=mask_ric(number),
    )


def find(session: Session, who: Identity) -> Subject | None:
    column = Subject.uscc if who.uscc else Subject.id_hash
    return session.scalar(select(Subject).where(column == (who.uscc or who.id_hash)))


def find_or_create(
    session: Session, who: Identity, name: str, actor: str, legal_rep: str | None = None
) -> tuple[Subject, bool]:
    """The subject, and whether it was created; a changed name or representative is audited."""
    subject = find(session, who)
    if subject is None:
        subject = Subject(
            key=who.key,
            kind=who.kind,
            name=name,
            uscc=who.uscc,
            id_hash=who.id_hash,
            id_number=who.id_number,
            id_masked=who.id_masked,
            legal_rep=legal_rep,
        )
        session.add(subject)
        session.flush()
        audit.log(
            session, actor, "subject.create", "subjects", subject.id, name=name, kind=who.kind
        )
        return subject, True
    changes = {
        field: [getattr(subject, field), value]
        for field, value in (("name", name), ("legal_rep", legal_rep), ("kind", who.kind))
        if value and getattr(subject, field) != value
    }
    if changes:
        for field, (_old, value) in changes.items():
            setattr(subject, field, value)
        audit.log(session, actor, "subject.update", "subjects", subject.id, changes=changes)
    return subject, False
