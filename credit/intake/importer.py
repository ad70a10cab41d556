"""One provider file through intake: surveyed, read a chunk at a time, merged, reported back.

The file is surveyed whole before anything is stored (headers, prohibited columns, every
row readable), so a refused file leaves nothing but the refusal. Then the rows stream in
chunks, read and flushed in bounded memory, and the file is ONE unit: it commits once,
at the end. Whatever goes wrong on the way, the database is exactly as it was before the
file, and a submission written afterwards, in its own transaction, says that it failed
and why.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from xinyong.credit import catalog
from xinyong.credit.identifiers import IdProtector, normalize
from xinyong.credit.intake.cells import printable
from xinyong.credit.intake.feedback import FeedbackWriter, feedback_path
from xinyong.credit.intake.headers import REPAIR, Layout, layout
from xinyong.credit.intake.kinds import read_row
from xinyong.credit.intake.merge import Merged, Outcome, Receipt, merge_entries, merge_repairs
from xinyong.credit.intake.problems import Problem, Refusal
from xinyong.credit.intake.rows import Context, ProviderRef
from xinyong.credit.models import Provider, Rejection, Submission, now
from xinyong.credit.settings import default, earliest_date
from xinyong.credit.tabular import TableError, open_table
from xinyong.credit.workdays import WorkCalendar

#: (rows done, rows in the file)
Progress = Callable[[int, int], None]
UNKNOWN_COLUMN = "不是标准字段，已忽略（请核对列名）"
FAILED = "导入时发生系统错误，本文件的内容均未保存：请稍后重新报送，或联系信用信息工作机构"
CHANGED = "文件在导入过程中被改动，本文件的内容均未保存：请重新报送"
NO_CATALOG = "系统尚未安装信用信息目录，暂时无法接收文件：请联系信用信息工作机构"
log = logging.getLogger(__name__)


class ReceiptError(ValueError):
    """A date of receipt that cannot be; `str()` says why, in Chinese."""


def receipt_date(received_on: dt.date | None, today: dt.date | None = None) -> dt.date:
    """The date a file is received: today, or an earlier day when back-filling; never later."""
    today = today or dt.date.today()
    if received_on is not None and received_on > today:
        raise ReceiptError(f"收到日期{received_on.isoformat()}晚于今天：文件不能在将来收到")
    return received_on or today


@dataclass(frozen=True)
class Settings:
    """The limits intake applies; all of them settings (credit/settings.py, the seed's clauses)."""

    report_workdays: int = default("REPORT_WORKDAYS")
    adult_age: int = default("ADULT_AGE")
    chunk_size: int = 2000
    #: dates before it are rejected like dates in the future (EARLIEST_DATE)
    earliest_date: dt.date = earliest_date()
    #: the credit agency's provider code (CREDIT_AGENCY): its repair files repair any record
    credit_agency: str | None = None

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> Settings:
        earliest = config.get("EARLIEST_DATE") or cls.earliest_date
        return cls(
            report_workdays=int(config.get("REPORT_WORKDAYS", cls.report_workdays)),
            adult_age=int(config.get("ADULT_AGE", cls.adult_age)),
            earliest_date=earliest
            if isinstance(earliest, dt.date)
            else dt.date.fromisoformat(str(earliest)),
            credit_agency=normalize(config.get("CREDIT_AGENCY") or "") or None,
        )


@dataclass
class ImportResult:
    """What became of a file: its counts, or why it was refused or failed."""

    submission_id: int
    feedback: Path
    kind: str | None = None
    standard: str | None = None
    file_format: str | None = None
    rows: int = 0
    accepted: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    late: int = 0
    unmatched: int = 0
    refused: str | None = None
    #: an unexpected error stopped the file: nothing of it stored (`refused` says so)
    failed: bool = False

    @property
    def exit_code(self) -> int:
        """`xinyong import`'s exit status: 0 all taken, 1 rows rejected, 3 refused or failed."""
        return 3 if self.refused else 1 if self.rejected else 0

    def count(self, merged: Merged) -> None:
        attribute = {
            Outcome.CREATED: "accepted",
            Outcome.UPDATED: "updated",
            Outcome.UNCHANGED: "unchanged",
            Outcome.REJECTED: "rejected",
            Outcome.UNMATCHED: "unmatched",
        }[merged.outcome]
        setattr(self, attribute, getattr(self, attribute) + 1)
        self.late += merged.late


@dataclass(frozen=True)
class Survey:
    layout: Layout
    file_format: str
    rows: int


def import_file(
    session: Session,
    path: Path,
    provider: Provider,
    *,
    protector: IdProtector,
    actor: str,
    kind: str | None = None,
    received_on: dt.date | None = None,
    settings: Settings | None = None,
    progress: Progress | None = None,
) -> ImportResult:
    """Take in one provider file as one unit: all its accepted rows land, or none do.

    `received_on` is the date of receipt (today unless back-filling; never later):
    lateness is counted from each record's forming to it. The session is committed
    (or rolled back) here.
    """
    settings = settings or Settings()
    received_on = receipt_date(received_on)
    digest = file_sha256(path)
    refusal, failed = None, False
    try:  # before the submission is written: no write lock is held while a large file is read
        found = survey(path, kind)
        current = _catalog(session)
    except Refusal as error:
        refusal = error
    except Exception as error:  # a file no check foresaw: refused, never a traceback
        _log_failure(path, error)
        refusal, failed = Refusal(f"{FAILED}（{type(error).__name__}）", row=0), True
    submission = Submission(
        provider_id=provider.id, filename=path.name[-300:], sha256=digest, actor=actor
    )
    session.add(submission)
    session.flush()
    with FeedbackWriter(feedback_path(path)) as feedback:
        run = _Run(session, submission, feedback)
        if refusal is not None:
            run.result.failed = failed
            run.refuse(refusal)
            return run.result
        try:
            run.start(found)
            ctx = Context(
                ProviderRef(provider.id, provider.name, provider.uscc),
                found.layout.standard,
                current,
                protector,
                received_on,
                settings.adult_age,
                settings.earliest_date,
            )
            receipt = Receipt(
                actor,
                provider.id,
                submission.id,
                received_on,
                WorkCalendar.load(session),
                settings.report_workdays,
                current,
                found.layout,
                agency=bool(settings.credit_agency) and provider.uscc == settings.credit_agency,
            )
            run.rows(path, ctx, receipt, settings.chunk_size, progress, found.rows)
            run.finish()
        except TableError:  # the file changed after the survey
            return _failed(session, path, provider, digest, actor, feedback, CHANGED)
        except Exception as error:
            _log_failure(path, error)
            detail = f"{FAILED}（{type(error).__name__}）"
            return _failed(session, path, provider, digest, actor, feedback, detail)
    return run.result


def _log_failure(path: Path, error: Exception) -> None:
    """One line for whoever runs intake; the traceback only where debugging is switched on."""
    log.error(
        "intake of %s failed, nothing of it stored: %s: %s", path, type(error).__name__, error
    )
    log.debug("intake of %s failed", path, exc_info=error)


def _failed(
    session: Session,
    path: Path,
    provider: Provider,
    digest: str,
    actor: str,
    feedback: FeedbackWriter,
    reason: str,
) -> ImportResult:
    """Undo everything of the file, then say in a submission of its own that it failed."""
    session.rollback()
    feedback.reset()
    submission = Submission(
        provider_id=provider.id,
        filename=path.name[-300:],
        sha256=digest,
        actor=actor,
        refused=reason,
        processed_at=now(),
    )
    session.add(submission)
    session.flush()
    run = _Run(session, submission, feedback)
    run.result.failed = True
    run.refuse(Refusal(reason, row=0))
    return run.result


def _catalog(session: Session) -> catalog.Catalog:
    try:
        return catalog.current(session)
    except catalog.CatalogError:
        raise Refusal(NO_CATALOG, row=0) from None


def survey(path: Path, kind: str | None = None) -> Survey:
    """The file read once, storing nothing: its layout, its size, and that every row reads."""
    try:
        with open_table(path) as table:
            headers = list(table.headers)
            found = layout(headers, kind)
            rows, seen, extra = 0, set(headers), []
            for _number, cells in table.rows:
                rows += 1
                if table.file_format == "json":  # an object may have keys the first one lacks
                    extra += [key for key in cells if key not in seen]
                    seen.update(cells)
            if extra:
                found = layout(headers + extra, kind)
            return Survey(found, table.file_format, rows)
    except TableError as error:
        raise Refusal(str(error), row=0) from None


class _Run:
    """One file's way through intake: its counts, its feedback, its submission row."""

    def __init__(self, session: Session, submission: Submission, feedback: FeedbackWriter) -> None:
        self.session = session
        self.submission = submission
        self.feedback = feedback
        self.result = ImportResult(submission.id, feedback.path)

    def start(self, found: Survey) -> None:
        self.result.kind, self.result.standard = found.layout.kind, found.layout.standard
        self.result.file_format = found.file_format
        self.report(
            [Problem(1, header, UNKNOWN_COLUMN, notice=True) for header in found.layout.unknown]
        )

    def rows(
        self,
        path: Path,
        ctx: Context,
        receipt: Receipt,
        chunk_size: int,
        progress: Progress | None,
        total: int,
    ) -> None:
        with open_table(path) as table:
            for chunk in _chunks(table.rows, chunk_size):
                self.chunk(chunk, ctx, receipt)
                if progress:
                    progress(self.result.rows, total)

    def chunk(self, chunk: list[Any], ctx: Context, receipt: Receipt) -> None:
        """Check, merge and report a chunk of rows, and commit it."""
        entries: list[Any] = []
        problems: list[Problem] = []
        for number, cells in chunk:
            entry, found = read_row(ctx, receipt.layout, number, cells)
            problems += found
            if entry is None:
                self.result.rejected += 1
            else:
                entries.append(entry)
        merge = merge_repairs if receipt.layout.kind == REPAIR else merge_entries
        for merged in merge(self.session, entries, receipt):
            self.result.count(merged)
            problems += merged.problems
        self.result.rows += len(chunk)
        self.report(sorted(problems, key=lambda problem: problem.row))
        self.save()
        self.session.flush()  # the chunk's objects leave memory; the file commits once

    def report(self, problems: list[Problem]) -> None:
        """Problems to the feedback file, and to the database where the back office shows them."""
        if not problems:
            return
        self.feedback.write(problems)
        self.session.execute(
            insert(Rejection),
            [
                {
                    "submission_id": self.submission.id,
                    "row": problem.row,
                    "field": printable(problem.field)[:100],
                    "reason": printable(problem.reason),
                    "notice": problem.notice,
                }
                for problem in problems
            ],
        )

    def refuse(self, refusal: Refusal) -> None:
        self.result.refused = self.submission.refused = printable(refusal.reason)
        self.report([refusal.problem()])
        self.save()
        self.session.commit()

    def finish(self) -> None:
        if not self.result.rejected:
            self.feedback.passed(self.result.rows)
        self.save()
        self.session.commit()

    def save(self) -> None:
        for name in COUNTED:
            setattr(self.submission, name, getattr(self.result, name))
        self.submission.processed_at = now()


COUNTED = (
    "kind",
    "standard",
    "file_format",
    "rows",
    "accepted",
    "updated",
    "unchanged",
    "rejected",
    "late",
    "unmatched",
)


def _chunks(rows: Iterable[Any], size: int) -> Iterator[list[Any]]:
    iterator = iter(rows)
    while chunk := list(islice(iterator, size)):
        yield chunk


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while block := stream.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()
