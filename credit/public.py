"""The one disclosure function: a subject's public file as of a date.

The site, the open data, the feed and the search index all read what is public
from here, and nothing else decides it (seed 二（二）1). Everything returned is a
plain frozen dataclass or named tuple: no ORM object leaves this module, so no template can
reach a column the policy did not choose to show.

What shows (DESIGN.md, "Rules from the seed"): only 社会公开 items, only active
records, 失信 items within their window (轻微 and 简易程序 never), list entries
before their 移出日期; repaired, deleted and withdrawn records are gone, a
withdrawn decision leaving a notice with its reason (行政处罚法 art. 48);
restricted items never; natural persons only under items public for persons,
their ID number masked (first 6, last 4) and the birth date hidden. An
operator's or legal representative's ID number is never shown at all.

Data is read in bulk: `files` streams subjects in chunks with two queries per
chunk, `list_entries` streams a list with one query, in a stable order.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections import defaultdict, namedtuple
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Any, NamedTuple

from sqlalchemy import Select, Text, or_, select, type_coerce
from sqlalchemy.orm import Session

from xinyong.credit import catalog as catalogs
from xinyong.credit.disclosure import is_public
from xinyong.credit.identifiers import mask_ric
from xinyong.credit.models import (
    LABELS,
    CatalogItem,
    Provider,
    Record,
    RecordKind,
    RecordStatus,
    Subject,
    SubjectKind,
)
from xinyong.credit.records import shown_label

#: how a subject page groups records, in page order, with their headings
GROUPS: dict[str, str] = {
    "basic": "基本信息",
    "license": "行政许可",
    "penalty": "行政处罚",
    "red": "红名单",
    "black": "黑名单",
    "other": "其他信息",
}

#: the sections of 《公共信用信息报告标准（2022年版）》, in report order
SECTIONS: dict[str, str] = {
    "basic": "基本信息",
    "administration": "行政管理",
    "honesty": "诚实守信",
    "serious": "严重失信主体名单",
    "abnormal": "经营异常",
    "other": "其他信息",
}

#: the public lists: 双公示 licences and penalties, 红名单, 黑名单
LISTS: dict[str, str] = {
    "license": "行政许可",
    "penalty": "行政处罚",
    "red": "红名单",
    "black": "黑名单",
}

#: the 经营异常名录 item, a section of its own in the report standard
ABNORMAL_ITEM = "JYYC"

#: subjects read per chunk by `files`
CHUNK = 1000

# an ID number anywhere in free text: masked before it can reach a page
_RIC = re.compile(
    r"(?<![0-9A-Za-z])[1-9]\d{5}(?:18|19|20)\d{2}[01]\d[0-3]\d\d{3}[\dXx](?![0-9A-Za-z])"
)
_RIC_LENGTH = 18
# a field whose name says it holds an identity number: never shown, masked or not
_ID_FIELD = re.compile(r"证件号|身份证|证件类型")


@dataclass(frozen=True)
class PublicSubject:
    """A subject's public facts. `id_masked` only for a person, and only masked."""

    key: str
    kind: str
    kind_label: str
    name: str
    uscc: str | None
    id_masked: str | None
    legal_rep: str | None


class PublicRecord(NamedTuple):
    """One record as the public sees it.

    `ref` is the record's stable public reference (the forms app takes
    `?record=REF`); `window_end` its last day on the site; `repairable_from` the
    day from which credit repair may be asked (失信 items only); `objection`
    the label shown (异议处理中 · 存在异议) or None.

    A named tuple, as `ListRecord` is, not a frozen dataclass: every record of every
    file is made at publish, and a frozen dataclass sets its 28 fields one call each
    (measured: three times slower to make). Its repr is the dataclass's, to the
    character, so a file's fingerprint keeps its value (`PublicFile.fingerprint`).
    """

    ref: str
    group: str
    section: str
    kind: str
    item_code: str
    item_name: str
    category: str
    list_type: str | None
    title: str | None
    content: str | None
    doc_no: str
    authority: str
    authority_uscc: str | None
    source: str | None
    source_uscc: str | None
    decided_on: dt.date
    valid_from: dt.date | None
    valid_to: dt.date | None
    severity: str | None
    severity_label: str | None
    severity_inferred: bool
    window_end: dt.date | None
    repairable_from: dt.date | None
    dishonest: bool
    deletable: bool
    objection: str | None
    removed_on: dt.date | None
    details: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Withdrawal:
    """A withdrawn decision (行政处罚法 art. 48): shown instead of the record."""

    ref: str
    group: str
    section: str
    item_code: str
    item_name: str
    doc_no: str
    authority: str
    decided_on: dt.date
    reason: str
    withdrawn_on: dt.date | None


@dataclass(frozen=True)
class PublicFile:
    """A subject's public credit file as of `as_of`.

    `current_to` is the date of the file's last change, so an unchanged file
    (and every page made of it) stays the same from night to night;
    `fingerprint` is a hash of everything here, `current_to` included.
    """

    subject: PublicSubject
    records: tuple[PublicRecord, ...]
    withdrawals: tuple[Withdrawal, ...]
    as_of: dt.date
    current_to: dt.date
    #: the fingerprint when the file's maker hashes it its own way (a person's own file,
    #: `reports.own_file`); otherwise `fingerprint` is made from the file
    given_fingerprint: str | None = field(default=None, repr=False, compare=False)

    @cached_property
    def fingerprint(self) -> str:
        """A hash of the file: made when first read, not for every file read.

        The pages never read it: a report's hash (`reports.digest_of`) and the search
        documents made outside the publisher do (the publisher's documents carry the
        subject unit's fingerprint, its one idea of "changed": `search.documents`).
        Made at every read, it was ~6% of a rendering worker (measured at 100,000
        subjects). The value is the one `build_file` always made (the dataclasses'
        repr, complete and stable: strings, dates, tuples): a numbered report made
        before is still verified against it.
        """
        if self.given_fingerprint is not None:
            return self.given_fingerprint
        content = repr((self.subject, list(self.records), list(self.withdrawals), self.current_to))
        return fingerprint_of(content)

    def group(self, name: str) -> tuple[PublicRecord, ...]:
        return self._parts.get(("group", name), ())

    def section(self, name: str) -> tuple[PublicRecord, ...]:
        return self._parts.get(("section", name), ())

    def withdrawn_in(self, group: str) -> tuple[Withdrawal, ...]:
        return self._parts.get(("withdrawn", group), ())

    def withdrawn_from(self, section: str) -> tuple[Withdrawal, ...]:
        return self._parts.get(("withdrawn from", section), ())

    @cached_property
    def in_groups(
        self,
    ) -> tuple[tuple[str, str, tuple[PublicRecord, ...], tuple[Withdrawal, ...]], ...]:
        """The subject page's groups in page order: (group, heading, records, notices),
        looked up once for the page instead of twice a group."""
        return tuple(
            (name, heading, self.group(name), self.withdrawn_in(name))
            for name, heading in GROUPS.items()
        )

    @cached_property
    def in_sections(
        self,
    ) -> tuple[tuple[str, str, tuple[PublicRecord, ...], tuple[Withdrawal, ...]], ...]:
        """The report's sections in report order: (section, heading, records, notices)."""
        return tuple(
            (name, heading, self.section(name), self.withdrawn_from(name))
            for name, heading in SECTIONS.items()
        )

    @cached_property
    def _parts(self) -> dict[tuple[str, str], tuple[Any, ...]]:
        """Records by group and by section, notices by both, in file order: sorted out once
        for the page and the report that both show them."""
        parts: dict[tuple[str, str], list[Any]] = defaultdict(list)
        for record in self.records:
            parts[("group", record.group)].append(record)
            parts[("section", record.section)].append(record)
        for notice in self.withdrawals:
            parts[("withdrawn", notice.group)].append(notice)
            parts[("withdrawn from", notice.section)].append(notice)
        return {key: tuple(found) for key, found in parts.items()}


class ListRecord(NamedTuple):
    """A record as a list line shows it: the fields of its `PublicRecord` that the list
    pages, the open data and the summaries show, with the same values.

    A tuple, not a frozen dataclass: a list is read whole at publish (a million records
    at a city's size) and a tuple is made several times faster. A line never shows a
    record's other fields (`details`): the subject's file (`files`) has them.
    """

    ref: str
    item_code: str
    item_name: str
    title: str | None
    content: str | None
    doc_no: str
    authority: str
    authority_uscc: str | None
    source: str | None
    source_uscc: str | None
    decided_on: dt.date
    valid_from: dt.date | None
    valid_to: dt.date | None
    severity_label: str | None
    window_end: dt.date | None
    repairable_from: dt.date | None
    objection: str | None
    removed_on: dt.date | None


class ListEntry(NamedTuple):
    """One line of a public list: the record and the subject it is about."""

    subject: PublicSubject
    record: ListRecord


# -- the rule ----------------------------------------------------------------


def objection_label(record: Any) -> str | None:
    """The objection label a record shows (`records.shown_label`: the forms app's, else the
    provider's); `record` is a stored record or a row with both label columns."""
    return shown_label(record)


def ref_of(item_code: str, record_id: int) -> str:
    """A record's public reference: its item code and number, stable for its life."""
    return f"{item_code}-{record_id}"


def record_id(ref: str) -> int | None:
    """The record number a public reference names, or None for a malformed one."""
    code, _, number = (ref or "").strip().rpartition("-")
    if not code or not (number.isascii() and number.isdigit()):
        return None
    return int(number)


def find_record(session: Session, ref: str) -> Record | None:
    """The record behind a public reference (for the forms app), or None."""
    number = record_id(ref)
    if number is None:
        return None
    record = session.get(Record, number)
    if record is None or ref_of(record.item_code, record.id) != ref.strip():
        return None
    return record


def _shown_subject(row: Any) -> PublicSubject:
    person = row.kind == SubjectKind.PERSON
    return PublicSubject(
        key=row.key,
        kind=row.kind,
        kind_label=LABELS.get(row.kind, row.kind),
        name=row.name,
        # organisations and 个体工商户 are known by their code; the operator's or
        # legal representative's ID number is never shown (DESIGN.md)
        uscc=None if person else row.uscc,
        id_masked=_masked(row.id_masked) if person else None,
        legal_rep=None if person else row.legal_rep,
    )


def _masked(value: str | None) -> str | None:
    """Masked again, in case a column ever held more than it should (first 6, last 4)."""
    if not value:
        return None
    return mask_ric(value) if "*" not in value else value


def scrub(text: str | None) -> str | None:
    """Free text with any ID number in it masked."""
    if not text or len(text) < _RIC_LENGTH:  # too short to hold one
        return text
    return _RIC.sub(_masked_match, text)


def _masked_match(found: re.Match[str]) -> str:
    return mask_ric(found.group(0))


#: the JSON decoder's own scanner: `json.loads` less its Python steps around it (a stored
#: record's fields are one JSON object, read some ten million times at a city's size)
_scan_json = json.JSONDecoder().scan_once


def _loads(text: str) -> Any:
    """`json.loads(text)`, for the JSON text the database hands back: the scanner alone when
    the text is one JSON value and nothing else, `json.loads` (and its errors) otherwise."""
    try:
        value, end = _scan_json(text, 0)
    except StopIteration:
        return json.loads(text)
    return value if end == len(text) else json.loads(text)


def _details(fields: str | dict[str, Any] | None) -> tuple[tuple[str, str], ...]:
    """The record's other fields (stored as JSON text), never one that names an ID number."""
    if isinstance(fields, str):
        fields = _loads(fields) if fields not in ("", "{}", "null") else {}
    if not fields:
        return ()
    shown = []
    for name, value in sorted(fields.items()):
        if value is None or value == "" or _names_id(name):
            continue
        shown.append((name, scrub(value if type(value) is str else str(value))))
    return tuple(shown)


@lru_cache(maxsize=4096)
def _names_id(name: str) -> bool:
    """Whether a field's name says it holds an identity number (names repeat: asked once)."""
    return _ID_FIELD.search(name) is not None


def group_of(item: Item) -> str:
    if item.kind == RecordKind.LICENSE:
        return "license"
    if item.kind == RecordKind.PENALTY:
        return "penalty"
    if item.list_type in ("red", "black"):
        return item.list_type
    if item.category == "基本信息":
        return "basic"
    return "other"


def section_of(item: Item) -> str:
    if item.code == ABNORMAL_ITEM:
        return "abnormal"
    return {
        "基本信息": "basic",
        "行政管理": "administration",
        "诚实守信": "honesty",
        "严重失信": "serious",
    }.get(item.category, "other")


def _shown_record(
    row: Any, item: Item, providers: dict[int, Source], details: bool = True
) -> PublicRecord:
    source = providers.get(row.provider_id) if row.provider_id else None
    dishonest = item.dishonest
    # in field order, not by keyword: a named tuple is made 2.5 times faster so (measured)
    return PublicRecord(
        ref_of(row.item_code, row.id),  # ref
        group_of(item),  # group
        section_of(item),  # section
        row.kind,  # kind
        item.code,  # item_code
        item.name,  # item_name
        item.category,  # category
        item.list_type,  # list_type
        scrub(row.title),  # title
        scrub(row.content),  # content
        row.doc_no,  # doc_no
        row.authority,  # authority
        row.authority_uscc,  # authority_uscc
        source.name if source else None,  # source
        source.uscc if source else None,  # source_uscc
        row.decided_on,  # decided_on
        row.valid_from,  # valid_from
        row.valid_to,  # valid_to
        row.severity if dishonest else None,  # severity
        LABELS.get(row.severity) if dishonest and row.severity else None,  # severity_label
        bool(row.severity_inferred) if dishonest else False,  # severity_inferred
        row.disclosure_end,  # window_end
        row.repairable_from if dishonest else None,  # repairable_from
        dishonest,  # dishonest
        item.deletable,  # deletable
        objection_label(row),  # objection
        row.removed_on,  # removed_on
        _details(row.fields) if details else (),  # details
    )


@dataclass(frozen=True)
class _Active:
    """A withdrawn record's columns as if it still stood: would it have shown?"""

    status: str
    simple_procedure: bool
    severity: str | None
    disclosure_end: dt.date | None
    removed_on: dt.date | None


def _would_show(row: Any, item: Item, kind: str, as_of: dt.date) -> bool:
    standing = _Active(
        RecordStatus.ACTIVE, row.simple_procedure, row.severity, row.disclosure_end, row.removed_on
    )
    return is_public(standing, item, kind, as_of)  # type: ignore[arg-type]


def _withdrawal(row: Any, item: Item) -> Withdrawal:
    return Withdrawal(
        ref=ref_of(row.item_code, row.id),
        group=group_of(item),
        section=section_of(item),
        item_code=item.code,
        item_name=item.name,
        doc_no=row.doc_no,
        authority=row.authority,
        decided_on=row.decided_on,
        reason=scrub(row.status_reason) or "决定已被撤销",
        withdrawn_on=row.status_on,
    )


_DAY = dt.timedelta(days=1)


def _last_change(row: Any, as_of: dt.date) -> dt.date | None:
    """The last day on which a record of an item public for its subject changed what the
    public file shows: stored, or its window ended (the day after), or it left its list."""
    last = row.updated_at.date() if row.updated_at is not None else None
    end = row.disclosure_end
    if end is not None and end < as_of:
        end += _DAY  # the first day off the site
        if last is None or end > last:
            last = end
    removed = row.removed_on
    if removed is not None and removed <= as_of and (last is None or removed > last):
        last = removed
    return last


def _public_for(items: dict[str, Item], kind: str) -> dict[str, bool]:
    """Which items are public for a kind of subject (`catalog.is_public_for`): asked once
    per chunk of subjects, not once per record."""
    return {code: catalogs.is_public_for(item, kind) for code, item in items.items()}


# groups in page order; records in a group newest first
_GROUP_ORDER = {name: n for n, name in enumerate(GROUPS)}


def _order(record: PublicRecord | Withdrawal) -> tuple[Any, ...]:
    return (_GROUP_ORDER[record.group], -record.decided_on.toordinal(), record.ref)


def fingerprint_of(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def build_file(
    subject: Any,
    rows: Iterable[Any],
    items: dict[str, Item],
    providers: dict[int, Source],
    as_of: dt.date,
    public_for: dict[str, bool] | None = None,
) -> PublicFile | None:
    """A subject's public file from its stored columns; None when nothing of it is public.

    A person appears only through an item public for persons (山东省社会信用条例
    art. 20): with nothing such, there is no public file at all. `public_for`: the
    items public for the subject's kind (`_public_for`), when the caller has them.
    """
    kind = subject.kind
    records: list[PublicRecord] = []
    notices: list[Withdrawal] = []
    latest = subject.updated_at.date() if subject.updated_at else None
    if public_for is None:
        public_for = _public_for(items, kind)
    for row in rows:
        item = items.get(row.item_code)
        if item is None:
            continue
        if public_for[item.code]:
            changed = _last_change(row, as_of)
            if changed is not None and (latest is None or changed > latest):
                latest = changed
        if is_public(row, item, kind, as_of):
            records.append(_shown_record(row, item, providers))
        elif row.status == RecordStatus.INVALID and _would_show(row, item, kind, as_of):
            notices.append(_withdrawal(row, item))
    if kind == SubjectKind.PERSON and not records and not notices:
        return None
    records.sort(key=_order)
    notices.sort(key=_order)
    shown = _shown_subject(subject)
    current_to = min(latest, as_of) if latest is not None else as_of
    return PublicFile(
        subject=shown,
        records=tuple(records),
        withdrawals=tuple(notices),
        as_of=as_of,
        current_to=current_to,
    )


# -- reading in bulk ---------------------------------------------------------

_SUBJECT_COLUMNS = (
    Subject.id,
    Subject.key,
    Subject.kind,
    Subject.name,
    Subject.uscc,
    Subject.id_masked,
    Subject.legal_rep,
    Subject.updated_at,
)

_RECORD_COLUMNS = (
    Record.id,
    Record.subject_id,
    Record.kind,
    Record.item_code,
    Record.provider_id,
    Record.doc_no,
    Record.authority,
    Record.authority_uscc,
    Record.title,
    Record.content,
    Record.decided_on,
    Record.valid_from,
    Record.valid_to,
    Record.severity,
    Record.severity_inferred,
    Record.disclosure_end,
    Record.repairable_from,
    Record.simple_procedure,
    Record.status,
    Record.status_reason,
    Record.status_on,
    Record.objection_label,
    Record.provider_label,
    Record.removed_on,
    type_coerce(Record.fields, Text).label("fields"),
    Record.updated_at,
)

#: a record's columns as `files` reads them: a plain named tuple, as a list's rows are
#: (`_ListRow`): a result row's attributes are several times slower to read, and a file
#: reads some thirty of each of its records (measured: a tenth of reading a file)
_RecordRow = namedtuple("_RecordRow", [column.key for column in _RECORD_COLUMNS])


@dataclass(frozen=True)
class Item:
    """A catalog item's rules, copied out of the session (the attributes `is_public` reads)."""

    code: str
    name: str
    kind: str
    category: str
    list_type: str | None
    openness_org: str
    openness_person: str
    deletable: bool
    dishonest: bool
    periods: dict[str, Any]

    @classmethod
    def of(cls, item: CatalogItem) -> Item:
        return cls(
            item.code,
            item.name,
            item.kind,
            item.category,
            item.list_type,
            item.openness_org,
            item.openness_person,
            bool(item.deletable),
            bool(item.dishonest),
            dict(item.periods or {}),
        )


@dataclass(frozen=True)
class Source:
    """A provider department as records name it."""

    id: int
    name: str
    uscc: str


@dataclass(frozen=True)
class Context:
    """What every public file is read against: the catalog and the providers, loaded once."""

    items: dict[str, Item]
    providers: dict[int, Source]
    catalog_version: int

    @classmethod
    def load(cls, session: Session) -> Context:
        current = catalogs.current(session)
        providers = {
            provider.id: Source(provider.id, provider.name, provider.uscc)
            for provider in session.scalars(select(Provider))
        }
        items = {code: Item.of(item) for code, item in current.items.items()}
        return cls(items, providers, current.version_id)

    def public_codes(self, kind: str) -> list[str]:
        return [code for code, item in self.items.items() if catalogs.is_public_for(item, kind)]


def files(
    session: Session,
    as_of: dt.date,
    keys: Iterable[str] | None = None,
    *,
    context: Context | None = None,
    chunk: int = CHUNK,
) -> Iterator[PublicFile]:
    """The public files of the subjects with `keys` (all subjects when None), in subject order.

    Two queries per chunk of subjects; subjects with nothing public (persons
    only) are skipped.
    """
    context = context or Context.load(session)
    if keys is None:
        last = 0
        while True:
            subjects = (
                session.connection()
                .execute(
                    select(*_SUBJECT_COLUMNS)
                    .where(Subject.id > last)
                    .order_by(Subject.id)
                    .limit(chunk)
                )
                .all()
            )
            if not subjects:
                return
            last = subjects[-1].id
            yield from _chunk_files(session, subjects, as_of, context)
    else:
        wanted = sorted(set(keys))
        for start in range(0, len(wanted), chunk):
            subjects = (
                session.connection()
                .execute(
                    select(*_SUBJECT_COLUMNS)
                    .where(Subject.key.in_(wanted[start : start + chunk]))
                    .order_by(Subject.id)
                )
                .all()
            )
            yield from _chunk_files(session, subjects, as_of, context)


def file(
    session: Session, key: str, as_of: dt.date, *, context: Context | None = None
) -> PublicFile | None:
    """One subject's public file, or None when it has none (or no such subject)."""
    return next(files(session, as_of, [key], context=context), None)


def _chunk_files(
    session: Session, subjects: Sequence[Any], as_of: dt.date, context: Context
) -> Iterator[PublicFile]:
    if not subjects:
        return
    ids = [subject.id for subject in subjects]
    by_subject: dict[int, list[Any]] = {subject_id: [] for subject_id in ids}
    query = select(*_RECORD_COLUMNS).order_by(Record.subject_id, Record.id)
    if ids == list(range(ids[0], ids[-1] + 1)):
        query = query.where(Record.subject_id.between(ids[0], ids[-1]))
    else:
        query = query.where(Record.subject_id.in_(ids))
    make = _RecordRow._make
    for found in session.connection().execute(query):
        row = make(found)
        by_subject[row.subject_id].append(row)
    public_for: dict[str, dict[str, bool]] = {}
    for subject in subjects:
        kind = subject.kind
        if kind not in public_for:
            public_for[kind] = _public_for(context.items, kind)
        public = build_file(
            subject,
            by_subject[subject.id],
            context.items,
            context.providers,
            as_of,
            public_for[kind],
        )
        if public is not None:
            yield public


def _list_codes(context: Context, which: str) -> list[str]:
    if which not in LISTS:
        raise ValueError(f"unknown list {which!r}")
    if which in ("red", "black"):
        return [code for code, item in context.items.items() if item.list_type == which]
    return [code for code, item in context.items.items() if item.kind == which]


def _list_query(
    codes: list[str],
    provider_id: int | None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    as_of: dt.date | None = None,
) -> Select:
    query = (
        select(*_LIST_COLUMNS.values())
        .join(Subject, Subject.id == Record.subject_id)
        .where(Record.item_code.in_(codes), Record.status == RecordStatus.ACTIVE)
        .order_by(Record.decided_on, Record.id)
    )
    if as_of is not None:
        # rows `is_public` rejects whatever the catalog says are not read at all (most of a
        # list's old penalties): `is_public` still decides every row that is read
        query = query.where(
            Record.simple_procedure.is_(False),
            or_(Record.disclosure_end.is_(None), Record.disclosure_end >= as_of),
            or_(Record.removed_on.is_(None), Record.removed_on > as_of),
        )
    if provider_id is not None:
        query = query.where(Record.provider_id == provider_id)
    if since is not None:
        query = query.where(Record.decided_on >= since)
    if until is not None:
        query = query.where(Record.decided_on < until)
    return query


#: what a list line reads of a record and its subject: what `is_public`, the objection label
#: and the line need (not the record's other fields, often the longest column)
_LIST_COLUMNS = {
    "id": Record.id,
    "item_code": Record.item_code,
    "provider_id": Record.provider_id,
    "doc_no": Record.doc_no,
    "authority": Record.authority,
    "authority_uscc": Record.authority_uscc,
    "title": Record.title,
    "content": Record.content,
    "decided_on": Record.decided_on,
    "valid_from": Record.valid_from,
    "valid_to": Record.valid_to,
    "severity": Record.severity,
    "disclosure_end": Record.disclosure_end,
    "repairable_from": Record.repairable_from,
    "simple_procedure": Record.simple_procedure,
    "status": Record.status,
    "objection_label": Record.objection_label,
    "provider_label": Record.provider_label,
    "removed_on": Record.removed_on,
    "s_id": Subject.id.label("s_id"),
    "key": Subject.key.label("s_key"),
    "kind": Subject.kind.label("s_kind"),
    "name": Subject.name.label("s_name"),
    "uscc": Subject.uscc.label("s_uscc"),
    "id_masked": Subject.id_masked.label("s_id_masked"),
    "legal_rep": Subject.legal_rep.label("s_legal_rep"),
}

#: a list's row with its columns by name: a plain tuple's (a result row's names are slower
#: to read, and a list line reads a dozen of them); `is_public`, `objection_label` and
#: `_shown_subject` read it as they read a stored record or subject
_ListRow = namedtuple("_ListRow", list(_LIST_COLUMNS))


def _list_record(row: Any, item: Item, providers: dict[int, Source]) -> ListRecord:
    """A list line's record: `_shown_record`'s values of the fields a line shows."""
    source = providers.get(row.provider_id) if row.provider_id else None
    dishonest = item.dishonest
    return ListRecord(
        ref_of(row.item_code, row.id),
        item.code,
        item.name,
        scrub(row.title),
        scrub(row.content),
        row.doc_no,
        row.authority,
        row.authority_uscc,
        source.name if source else None,
        source.uscc if source else None,
        row.decided_on,
        row.valid_from,
        row.valid_to,
        LABELS.get(row.severity) if dishonest and row.severity else None,
        row.disclosure_end,
        row.repairable_from if dishonest else None,
        objection_label(row),
        row.removed_on,
    )


def list_entries(
    session: Session,
    which: str,
    as_of: dt.date,
    *,
    provider_id: int | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    context: Context | None = None,
) -> Iterator[ListEntry]:
    """A public list (`LISTS`: license · penalty · red · black), oldest first, streamed.

    Oldest first, so that pages numbered from the oldest stay the same when a
    record arrives; `provider_id` narrows 双公示 to one department, `since` (included)
    and `until` (excluded) to decisions of a period.
    """
    context = context or Context.load(session)
    codes = _list_codes(context, which)
    if not codes:
        return
    items, providers = context.items, context.providers
    shown_subjects: dict[int, PublicSubject] = {}
    result = session.connection().execute(
        _list_query(codes, provider_id, since, until, as_of), execution_options={"yield_per": 2000}
    )
    make = _ListRow._make
    for found in result:
        row = make(found)
        item = items[row.item_code]
        if not is_public(row, item, row.kind, as_of):
            continue
        subject = shown_subjects.get(row.s_id)
        if subject is None:
            subject = _shown_subject(row)
            if len(shown_subjects) > 50_000:
                shown_subjects.clear()
            shown_subjects[row.s_id] = subject
        yield ListEntry(subject, _list_record(row, item, providers))


@dataclass(frozen=True)
class Department:
    """A provider department, as the lists name it (`id` narrows `list_entries`)."""

    id: int
    name: str
    uscc: str


def departments(
    session: Session, which: str, *, context: Context | None = None
) -> list[Department]:
    """The departments that reported records of a 双公示 list, by name."""
    context = context or Context.load(session)
    codes = _list_codes(context, which)
    ids = set(
        session.scalars(
            select(Record.provider_id)
            .where(Record.item_code.in_(codes), Record.provider_id.is_not(None))
            .distinct()
        )
    )
    return named_departments(context, ids)


def named_departments(context: Context, provider_ids: Iterable[int]) -> list[Department]:
    """These providers as the lists name their departments, by name (those the context knows)."""
    found = [context.providers[i] for i in set(provider_ids) if i in context.providers]
    return sorted((Department(p.id, p.name, p.uscc) for p in found), key=lambda d: (d.name, d.uscc))
