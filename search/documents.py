"""Index documents made from the public files, so the index holds exactly what the site shows.

One document per subject with a public file (`credit.public`): its name, code,
kind, and the words of its disclosable records (item, title, content, document
number, authority, the details shown) with their groups, departments and dates
as filters. A person's ID number enters only as the keyed hash already stored
for exact look-up (`IdProtector.hash`), never the number itself.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from xinyong.credit import public
from xinyong.credit.models import Subject, SubjectKind


@dataclass(frozen=True)
class Passage:
    """One record's words as the site shows them, for the text field and the snippets."""

    group: str
    label: str
    text: str
    authority: str
    decided_on: dt.date


@dataclass(frozen=True)
class Document:
    key: str
    kind: str
    name: str
    uscc: str | None
    id_masked: str | None
    id_hash: str | None
    passages: tuple[Passage, ...]
    fingerprint: str

    @property
    def records(self) -> tuple[Passage, ...]:
        """The passages of records (not the subject's own facts, whose group is empty)."""
        return tuple(passage for passage in self.passages if passage.group)

    @property
    def groups(self) -> list[str]:
        return sorted({passage.group for passage in self.records})

    @property
    def departments(self) -> list[str]:
        return sorted({passage.authority for passage in self.records if passage.authority})

    @property
    def dates(self) -> list[dt.date]:
        return sorted({passage.decided_on for passage in self.records})

    @property
    def latest(self) -> dt.date | None:
        return max(self.dates, default=None)


def _passage(record: public.PublicRecord) -> Passage:
    seen: dict[str, None] = {}
    parts = [record.title, record.content, record.doc_no, record.authority]
    parts += [value for _name, value in record.details]
    for part in parts:
        if part:
            seen.setdefault(part, None)
    return Passage(
        group=record.group,
        label=public.GROUPS.get(record.group, record.item_name),
        text="；".join([record.item_name, *seen]),
        authority=record.authority,
        decided_on=record.decided_on,
    )


def from_file(
    file: public.PublicFile, id_hash: str | None = None, fingerprint: str | None = None
) -> Document:
    """The index document of one public file; `id_hash` only for a person.

    `fingerprint`: what the document's fingerprint is when the caller has one of its own
    for the subject; else the file's (`PublicFile.fingerprint`). The publisher gives its
    subject unit's fingerprint (`Planned.fp`): it has it already, it is the publisher's
    one idea of "changed" (a subject is rendered and indexed again exactly when it
    changes), and full and incremental publishes give each subject the same one for
    the same data and date, so their indexes still hold equal fingerprints. Making the
    file's hash there too was ~6% of a rendering worker (measured at 100,000 subjects).
    """
    subject = file.subject
    passages = tuple(_passage(record) for record in file.records)
    if subject.legal_rep:
        legal_rep = Passage("", "法定代表人", subject.legal_rep, "", file.current_to)
        passages = (*passages, legal_rep) if passages else (legal_rep,)
    return Document(
        key=subject.key,
        kind=subject.kind,
        name=subject.name,
        uscc=subject.uscc,
        id_masked=subject.id_masked,
        id_hash=id_hash if subject.kind == SubjectKind.PERSON else None,
        passages=passages,
        fingerprint=fingerprint if fingerprint is not None else file.fingerprint,
    )


def documents(
    session: Session,
    as_of: dt.date,
    keys: Iterable[str] | None = None,
    *,
    context: public.Context | None = None,
) -> Iterator[Document]:
    """The documents of the public files as of `as_of` (all, or the subjects with `keys`)."""
    batch: list[public.PublicFile] = []
    for file in public.files(session, as_of, keys, context=context):
        batch.append(file)
        if len(batch) >= public.CHUNK:
            yield from with_hashes(session, batch)
            batch = []
    yield from with_hashes(session, batch)


def with_hashes(
    session: Session,
    files: list[public.PublicFile],
    fingerprints: dict[str, str] | None = None,
) -> Iterator[Document]:
    """The documents of `files`, the persons' keyed hashes read in one query;
    `fingerprints` (subject key -> fingerprint), when the caller has them (`from_file`)."""
    persons = [file.subject.key for file in files if file.subject.kind == SubjectKind.PERSON]
    hashes = (
        {
            key: id_hash
            for key, id_hash in session.execute(
                select(Subject.key, Subject.id_hash).where(Subject.key.in_(persons))
            )
        }
        if persons
        else {}
    )
    fingerprints = fingerprints or {}
    for file in files:
        key = file.subject.key
        yield from_file(file, hashes.get(key), fingerprints.get(key))
