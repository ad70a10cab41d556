"""信用核查 (seed 二（二）2, 5–7): a department checks subjects for a matter before it decides.

For each subject of a list (name and 统一社会信用代码, or a person's ID number,
matched through its keyed hash) the check says whether the district holds it
(and when the name and the code disagree), its red and black list entries in
force, serious 失信 information in force, administrative penalties within their
disclosure period, other 失信 information in force, records under objection
(shown as such, never settled), and the measures of the measures catalog
(`credit.measures`) that apply to the matter, each with its basis.

"In force" is the one disclosure function's (`credit.public.files`): repaired,
deleted and withdrawn records never count, and a record past its window is gone.
Nothing found speaks only for the district's data as of its date and names the
channels the rules also require.

Each check is kept (核查留痕): its result is stored as shown, so it is shown again
exactly as it was however the data changes; every subject found goes into the
query log with the matter as its purpose. Subjects are read in chunks with a few
queries per chunk, never one query per subject.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import String, cast, func, insert, select
from sqlalchemy.orm import Session

from xinyong.credit import audit, public
from xinyong.credit import measures as measure_catalog
from xinyong.credit.identifiers import IdProtector, InvalidCode, check_ric, check_uscc, mask_ric
from xinyong.credit.identifiers import normalize as normalize_code
from xinyong.credit.measures import Matter, Measure
from xinyong.credit.models import (
    CheckFeedback,
    CreditCheck,
    Provider,
    QueryLogEntry,
    Record,
    Subject,
)
from xinyong.credit.tabular import BadCell, TableError, open_table

#: the columns of a list: the name, and the code (a person's ID number where the law allows)
NAME_COLUMN = "主体名称"
CODE_COLUMNS = ("统一社会信用代码", "统一社会信用代码或身份证号码", "身份证号码", "证件号码")
#: subjects read per chunk
CHUNK = 1000

STATUS_LABELS = {
    "found": "已找到",
    "mismatch": "名称与代码不一致",
    "not_found": "本区未掌握该主体",
    "invalid": "代码无效",
}

#: the result's sections, in order, and their headings
SECTIONS: dict[str, str] = {
    "red": "红名单",
    "black": "黑名单",
    "serious": "严重失信信息",
    "penalty": "公示期内行政处罚",
    "dishonest": "其他失信信息（公示期内）",
    "objection": "异议处理中的其他信息",
}

OBJECTION = "异议处理中"
SCOPE = "周村区公共信用信息"


class CheckError(ValueError):
    """A list or a request that cannot be checked; `str()` says why, in Chinese."""


@dataclass(frozen=True)
class Query:
    """One subject of a list as the department gave it; `row` is its line in the file."""

    row: int
    name: str
    code: str


# -- reading a list ------------------------------------------------------------


def _text(value: Any) -> str:
    if value is None or isinstance(value, BadCell):
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def read_list(path: Path, limit: int) -> list[Query]:
    """The subjects of a CSV / XLS / XLSX list; `CheckError` in Chinese for a file refused."""
    try:
        with open_table(path) as table:
            headers = {str(header).strip(): header for header in table.headers}
            if NAME_COLUMN not in headers:
                raise CheckError(f"名单缺少“{NAME_COLUMN}”列：表头应为“主体名称,统一社会信用代码”")
            code_column = next((headers[c] for c in CODE_COLUMNS if c in headers), None)
            if code_column is None:
                raise CheckError(
                    "名单缺少“统一社会信用代码”列：表头应为“主体名称,统一社会信用代码”"
                )
            queries: list[Query] = []
            for row, cells in table.rows:
                name, code = _text(cells.get(headers[NAME_COLUMN])), _text(cells.get(code_column))
                if not name and not code:
                    continue
                if len(queries) >= limit:
                    raise CheckError(f"名单超过{limit}个主体：请分批核查")
                queries.append(Query(row, name[:200], code[:40]))
    except TableError as error:
        raise CheckError(str(error)) from None
    except UnicodeError:
        raise CheckError("文件编码无法识别：请另存为UTF-8编码的CSV或XLSX后重新上传") from None
    if not queries:
        raise CheckError("名单中没有主体：每行应填写主体名称和统一社会信用代码")
    return queries


# -- matching --------------------------------------------------------------------


@dataclass(frozen=True)
class _Key:
    """How a query is matched: a USCC, or a person's ID number by its keyed hashes."""

    uscc: str | None = None
    hashes: tuple[str, ...] = ()
    shown: str = ""  # the code as the result shows it: an ID number masked


def _key(code: str, protector: IdProtector) -> _Key | None:
    value = normalize_code(code)
    if not value:
        return None
    try:
        return _Key(uscc=check_uscc(value), shown=value)
    except InvalidCode:
        pass
    try:
        number = check_ric(value)
    except InvalidCode:
        return None
    return _Key(
        hashes=(protector.hash(number), protector.hash(number, ":individual")),
        shown=mask_ric(number),
    )


def same_name(given: str, registered: str) -> bool:
    """Names compared as people write them: full- and half-width alike, spaces ignored."""

    def plain(text: str) -> str:
        return "".join(unicodedata.normalize("NFKC", text or "").split())

    return plain(given) == plain(registered)


# -- the rule: what a public record means for a check ------------------------------


def section_of(record: public.PublicRecord) -> str | None:
    """Which part of the result a record in force belongs to; None: not relevant."""
    if record.list_type == "red":
        return "red"
    if record.list_type == "black":
        return "black"
    if record.dishonest and record.severity == "serious":
        return "serious"
    if record.kind == "penalty":
        return "penalty"
    if record.dishonest:
        return "dishonest"
    if record.objection:
        return "objection"
    return None


def _entry(record: public.PublicRecord, section: str) -> dict[str, Any]:
    return {
        "section": section,
        "ref": record.ref,
        "item_code": record.item_code,
        "item": record.item_name,
        "title": record.title or "",
        "doc_no": record.doc_no,
        "authority": record.authority,
        "decided_on": record.decided_on.isoformat(),
        "window_end": record.window_end.isoformat() if record.window_end else "",
        "severity": record.severity_label or "",
        "objection": record.objection or "",
    }


def _measures(entries: list[dict[str, Any]], applicable: Iterable[Measure]) -> list[dict]:
    """The measures of the matter that the entries trigger; a measure whose every trigger is
    under objection is shown as pending, never as settled."""
    found = []
    for measure in applicable:
        triggers = [e for e in entries if e["item_code"] in measure.triggers]
        if not triggers:
            continue
        shown = measure.as_dict()
        shown["triggered_by"] = [e["ref"] for e in triggers]
        shown["pending"] = all(e["objection"] for e in triggers)
        found.append(shown)
    return found


def channels_text(matter: Matter) -> str:
    return "、".join(matter.channels)


def _conclusion(row: dict[str, Any], matter: Matter, data_date: dt.date) -> str:
    day = f"{data_date.year}年{data_date.month}月{data_date.day}日"
    also = f"另请按规定查询{channels_text(matter)}。" if matter.channels else ""
    if row["status"] == "invalid":
        return f"代码无效或缺失，未能核查；请核对统一社会信用代码。{also}"
    if row["status"] == "not_found":
        return f"在本区公共信用信息中未发现该主体，数据截至{day}。{also}"
    if not row["entries"]:
        return (
            f"在本区公共信用信息中未发现该主体与{matter.name}相关的红黑名单、严重失信、"
            f"公示期内行政处罚及其他失信信息，数据截至{day}。{also}"
        )
    parts = []
    for section, label in SECTIONS.items():
        count = sum(1 for e in row["entries"] if e["section"] == section)
        if count:
            parts.append(f"{label}{count}条")
    pending = sum(1 for e in row["entries"] if e["objection"])
    if pending:
        parts.append(f"其中{pending}条{OBJECTION}（尚未核实，不作定论）")
    if row["measures"]:
        names = "、".join(
            m["name"] + ("（待异议处理结果）" if m["pending"] else "") for m in row["measures"]
        )
        parts.append(f"适用措施：{names}")
    return "；".join(parts) + f"。数据截至{day}。{also}"


# -- running a check -----------------------------------------------------------------


@dataclass(frozen=True)
class Runner:
    """Who runs a check, for which matter, as of which day."""

    actor: str
    department: str
    provider_id: int | None
    today: dt.date


def data_date(session: Session, today: dt.date) -> dt.date:
    """The date the district's data is current to: its last change, never after today."""
    last = session.scalar(select(func.max(Record.updated_at)))
    return min(last.date(), today) if last else today


def _chunks(items: list[Query], size: int) -> Iterator[list[Query]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def run(
    session: Session,
    queries: list[Query],
    matter_given: str,
    runner: Runner,
    protector: IdProtector,
    *,
    source: str,
    progress: Callable[[int], None] | None = None,
) -> CreditCheck:
    """Check `queries` for a matter; the check is stored and the query log written."""
    catalog = measure_catalog.current(session, runner.actor)
    try:
        matter = catalog.matter(matter_given)
    except measure_catalog.MeasuresError as error:
        raise CheckError(str(error)) from None
    if not queries:
        raise CheckError("没有要核查的主体")
    context = public.Context.load(session)
    as_of = runner.today
    current_to = data_date(session, as_of)
    applicable = catalog.for_matter(matter.code)
    check = CreditCheck(
        number=uuid.uuid4().hex[:24],
        matter_code=matter.code,
        matter_name=matter.name,
        actor=runner.actor,
        department=runner.department,
        provider_id=runner.provider_id,
        checked_on=as_of,
        data_date=current_to,
        measure_version_id=catalog.version_id,
        catalog_version_id=context.catalog_version,
        source=source[:300],
        result={},
    )
    session.add(check)
    session.flush()
    check.number = f"HC{as_of:%Y%m%d}-{check.id:05d}"
    purpose = f"信用核查{check.number}：{matter.name}"
    rows: list[dict[str, Any]] = []
    for chunk in _chunks(queries, CHUNK):
        found_rows = _check_chunk(session, chunk, protector, context, as_of)
        logged = []
        for query, (key, subject, public_file) in zip(chunk, found_rows, strict=True):
            row = _row(query, key, subject, public_file, applicable)
            row["conclusion"] = _conclusion(row, matter, current_to)
            rows.append(row)
            if subject is not None:
                logged.append(
                    {
                        "actor": runner.actor,
                        "subject_id": subject.id,
                        "subject_key": subject.key,
                        "subject_name": subject.name,
                        "purpose": purpose,
                    }
                )
        if logged:
            session.execute(insert(QueryLogEntry), logged)
        if progress:
            progress(len(chunk))
    check.subjects = len(rows)
    check.found = sum(1 for row in rows if row["status"] in ("found", "mismatch"))
    check.hits = sum(1 for row in rows if row["entries"])
    check.result = {
        "scope": SCOPE,
        "channels": list(matter.channels),
        "measure_version": catalog.version_id,
        "rows": rows,
    }
    audit.log(
        session,
        runner.actor,
        "credit_check",
        "credit_checks",
        check.id,
        number=check.number,
        matter=matter.code,
        subjects=check.subjects,
        hits=check.hits,
    )
    session.flush()
    return check


def _check_chunk(
    session: Session,
    chunk: list[Query],
    protector: IdProtector,
    context: public.Context,
    as_of: dt.date,
) -> list[tuple[_Key | None, Any, public.PublicFile | None]]:
    keys = [_key(query.code, protector) for query in chunk]
    codes = {key.uscc for key in keys if key and key.uscc}
    hashes = {h for key in keys if key for h in key.hashes}
    columns = (Subject.id, Subject.key, Subject.name, Subject.kind, Subject.uscc, Subject.id_hash)
    by_code: dict[str, Any] = {}
    if codes:
        for subject in session.execute(select(*columns).where(Subject.uscc.in_(codes))):
            by_code[subject.uscc] = subject
    if hashes:
        for subject in session.execute(select(*columns).where(Subject.id_hash.in_(hashes))):
            by_code[subject.id_hash] = subject
    subjects = []
    for key in keys:
        subject = None
        if key:
            for match in (key.uscc, *key.hashes):
                if match and match in by_code:
                    subject = by_code[match]
                    break
        subjects.append(subject)
    wanted = {subject.key for subject in subjects if subject is not None}
    files = {
        found.subject.key: found for found in public.files(session, as_of, wanted, context=context)
    }
    return [
        (key, subject, files.get(subject.key) if subject is not None else None)
        for key, subject in zip(keys, subjects, strict=True)
    ]


def _shown_invalid(code: str) -> str:
    """A code that is neither a USCC nor an ID number; one that looks like an ID number is masked."""
    value = normalize_code(code)
    return mask_ric(value) if len(value) == 18 and value[:17].isdigit() else code


def _row(
    query: Query,
    key: _Key | None,
    subject: Any,
    public_file: public.PublicFile | None,
    applicable: Iterable[Measure],
) -> dict[str, Any]:
    if key is None:
        status = "invalid"
    elif subject is None:
        status = "not_found"
    elif not same_name(query.name, subject.name):
        status = "mismatch"
    else:
        status = "found"
    entries: list[dict[str, Any]] = []
    if public_file is not None:
        for record in public_file.records:
            section = section_of(record)
            if section:
                entries.append(_entry(record, section))
    order = list(SECTIONS)
    entries.sort(key=lambda e: (order.index(e["section"]), e["decided_on"], e["ref"]))
    return {
        "row": query.row,
        "name": query.name,
        # a person's ID number is kept masked only, never in the stored result
        "code": key.shown if key else _shown_invalid(query.code),
        "status": status,
        "registered_name": subject.name if subject is not None else "",
        "key": subject.key if subject is not None else "",
        "entries": entries,
        "measures": _measures(entries, applicable),
    }


# -- reading checks back ---------------------------------------------------------------


def find(session: Session, number: str) -> CreditCheck | None:
    return session.scalar(select(CreditCheck).where(CreditCheck.number == number))


def recent(session: Session, provider_id: int | None = None, limit: int = 200) -> list:
    query = select(CreditCheck).order_by(CreditCheck.id.desc()).limit(limit)
    if provider_id is not None:
        query = query.where(CreditCheck.provider_id == provider_id)
    return list(session.scalars(query))


def department_of(session: Session, provider_id: int | None, fallback: str) -> str:
    if provider_id is None:
        return fallback
    provider = session.get(Provider, provider_id)
    return provider.name if provider else fallback


# -- feedback and statistics -----------------------------------------------------------


def record_feedback(
    session: Session,
    check: CreditCheck,
    row: int,
    measure_code: str,
    applied_on: dt.date,
    doc_no: str,
    actor: str,
    provider_id: int | None,
    note: str | None = None,
) -> CheckFeedback:
    """A department's report that it applied a measure the check named for a subject."""
    shown = next((r for r in check.result.get("rows", []) if r["row"] == row), None)
    if shown is None:
        raise CheckError("该核查中没有这一序号的主体")
    measure = next((m for m in shown["measures"] if m["code"] == measure_code), None)
    if measure is None:
        raise CheckError("该主体的核查结果中没有这项措施")
    if not (doc_no or "").strip():
        raise CheckError("请填写文书号")
    if applied_on < check.checked_on:
        raise CheckError("实施日期不能早于核查日期")
    feedback = CheckFeedback(
        check_id=check.id,
        row=row,
        subject_name=shown["name"],
        measure_code=measure["code"],
        measure_name=measure["name"],
        applied_on=applied_on,
        doc_no=doc_no.strip()[:200],
        note=(note or "").strip() or None,
        actor=actor,
        provider_id=provider_id,
    )
    session.add(feedback)
    session.flush()
    audit.log(
        session,
        actor,
        "check_feedback",
        "credit_checks",
        check.id,
        row=row,
        measure=measure["code"],
        doc_no=feedback.doc_no,
    )
    return feedback


def feedback_of(session: Session, check: CreditCheck) -> list[CheckFeedback]:
    return list(
        session.scalars(
            select(CheckFeedback)
            .where(CheckFeedback.check_id == check.id)
            .order_by(CheckFeedback.id)
        )
    )


@dataclass(frozen=True)
class Statistics:
    checks_by_department: list[tuple[str, int]]
    hits_by_department: list[tuple[str, int]]
    applied_by_department: list[tuple[str, int]]
    checks_by_month: list[tuple[str, int]]
    hits_by_month: list[tuple[str, int]]
    applied_by_month: list[tuple[str, int]]
    applied_by_measure: list[tuple[str, int]]


def statistics(session: Session) -> Statistics:
    """Checks, subjects with hits and measures applied, by department and by month."""

    def month(column):
        return func.substr(cast(column, String), 1, 7)

    def grouped(query) -> list[tuple[str, int]]:
        return [(str(name), int(count or 0)) for name, count in session.execute(query)]

    checked_month = month(CreditCheck.checked_on)
    applied_month = month(CheckFeedback.applied_on)
    return Statistics(
        checks_by_department=grouped(
            select(CreditCheck.department, func.count())
            .group_by(CreditCheck.department)
            .order_by(func.count().desc())
        ),
        hits_by_department=grouped(
            select(CreditCheck.department, func.sum(CreditCheck.hits))
            .group_by(CreditCheck.department)
            .order_by(func.sum(CreditCheck.hits).desc())
        ),
        applied_by_department=grouped(
            select(CreditCheck.department, func.count(CheckFeedback.id))
            .join(CreditCheck, CreditCheck.id == CheckFeedback.check_id)
            .group_by(CreditCheck.department)
            .order_by(func.count(CheckFeedback.id).desc())
        ),
        checks_by_month=grouped(
            select(checked_month, func.count()).group_by(checked_month).order_by(checked_month)
        ),
        hits_by_month=grouped(
            select(checked_month, func.sum(CreditCheck.hits))
            .group_by(checked_month)
            .order_by(checked_month)
        ),
        applied_by_month=grouped(
            select(applied_month, func.count()).group_by(applied_month).order_by(applied_month)
        ),
        applied_by_measure=grouped(
            select(CheckFeedback.measure_name, func.count())
            .group_by(CheckFeedback.measure_name)
            .order_by(func.count().desc())
        ),
    )
