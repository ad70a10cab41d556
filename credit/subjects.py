"""Subjects (信息主体): found by their code, created on first report.

A person's ID number travels no further than `identity`: from there on it is the
keyed hash, the masked form and the sealed number (`credit.personal`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from xinyong.credit import audit
from xinyong.credit.identifiers import IdProtector, mask_ric, normalize
from xinyong.credit.models import IdNumber, Subject, SubjectKind
from xinyong.credit.personal import PARTY_NUMBER, SUBJECT_NUMBER


@dataclass(frozen=True)
class Identity:
    """What identifies a subject: its USCC, or for a person the keyed hash of the ID number."""

    kind: str
    key: str
    uscc: str | None = None
    id_hash: str | None = None
    id_masked: str | None = None
    id_encrypted: str | None = None
    #: other persons' ID numbers the report names (representative, operator): (hash, sealed)
    named: tuple[tuple[str, str], ...] = ()

    @property
    def match(self) -> str:
        """What a stored subject is looked up by: the USCC, else the ID number's keyed hash."""
        return self.uscc or self.id_hash or ""


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
    # a 个体工商户 without a USCC is keyed by its operator's ID number, yet is not
    # the operator: its own scope keeps the two subjects apart
    scope = ":individual" if kind == SubjectKind.INDIVIDUAL else ""
    return Identity(
        kind,
        key=protector.public_key(number, scope),
        id_hash=protector.hash(number, scope),
        id_masked=mask_ric(number),
        id_encrypted=protector.seal(number, SUBJECT_NUMBER),
    )


def naming(who: Identity, protector: IdProtector, *numbers: str | None) -> Identity:
    """`who`, carrying the sealed ID numbers of the persons its report names.

    A record keeps such a number masked and hashed (`protector.hash`); the full number
    is kept sealed under that hash, for the city batch.
    """
    named = tuple((protector.hash(n), protector.seal(n, PARTY_NUMBER)) for n in numbers if n)
    return replace(who, named=who.named + named) if named else who


def find(session: Session, who: Identity) -> Subject | None:
    column = Subject.uscc if who.uscc else Subject.id_hash
    return session.scalar(select(Subject).where(column == who.match))


def find_many(session: Session, identities: Iterable[Identity]) -> dict[str, Subject]:
    """The stored subjects among `identities`, by `Identity.match`: one query per kind of key."""
    identities = list(identities)
    codes = {who.uscc for who in identities if who.uscc}
    hashes = {who.id_hash for who in identities if who.id_hash and not who.uscc}
    found: dict[str, Subject] = {}
    if codes:
        for subject in session.scalars(select(Subject).where(Subject.uscc.in_(codes))):
            found[subject.uscc or ""] = subject
    if hashes:
        for subject in session.scalars(select(Subject).where(Subject.id_hash.in_(hashes))):
            found[subject.id_hash or ""] = subject
    return found


def _columns(who: Identity, name: str, legal_rep: str | None) -> dict[str, Any]:
    return {
        "key": who.key,
        "kind": who.kind,
        "name": name,
        "uscc": who.uscc,
        "id_hash": who.id_hash,
        "id_masked": who.id_masked,
        "id_encrypted": who.id_encrypted,
        "legal_rep": legal_rep,
    }


def find_or_create_many(
    session: Session, reports: Iterable[tuple[Identity, str, str | None]], actor: str
) -> dict[str, Subject]:
    """The subjects of a batch of reports (identity, name, representative), by `Identity.match`.

    The missing ones are created in one insert and each creation audited: intake of a
    large file must not cost a round trip per subject.
    """
    wanted = list(reports)
    found = find_many(session, (who for who, _name, _rep in wanted))
    fresh: dict[str, tuple[Identity, dict[str, Any]]] = {}
    for who, name, legal_rep in wanted:
        if who.match not in found and who.match not in fresh:
            fresh[who.match] = (who, _columns(who, name, legal_rep))
    if fresh:
        session.execute(insert(Subject), [columns for _who, columns in fresh.values()])
        created = find_many(session, (who for who, _columns in fresh.values()))
        audit.log_many(
            session,
            actor,
            "subject.create",
            "subjects",
            ((s.id, {"name": s.name, "kind": s.kind}) for s in created.values()),
        )
        found.update(created)
    keep_named(session, (who for who, _name, _rep in wanted))
    return found


def keep_named(session: Session, identities: Iterable[Identity]) -> None:
    """Store the sealed numbers of the persons the reports name, once per number."""
    sealed: dict[str, str] = {}
    for who in identities:
        for id_hash, encrypted in who.named:
            sealed.setdefault(id_hash, encrypted)
    hashes = list(sealed)
    for start in range(0, len(hashes), 500):
        chunk = hashes[start : start + 500]
        held = set(session.scalars(select(IdNumber.id_hash).where(IdNumber.id_hash.in_(chunk))))
        fresh = [{"id_hash": h, "encrypted": sealed[h]} for h in chunk if h not in held]
        if fresh:
            session.execute(insert(IdNumber), fresh)


def refresh(
    session: Session, subject: Subject, who: Identity, name: str, actor: str, legal_rep: str | None
) -> None:
    """Take a newer name, representative or kind from a report, and audit the change."""
    changes = {
        field: [getattr(subject, field), value]
        for field, value in (("name", name), ("legal_rep", legal_rep), ("kind", who.kind))
        if value and getattr(subject, field) != value
    }
    if changes:
        for field, (_old, value) in changes.items():
            setattr(subject, field, value)
        audit.log(session, actor, "subject.update", "subjects", subject.id, changes=changes)
