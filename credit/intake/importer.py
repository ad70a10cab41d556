"""One provider file through intake: surveyed, read a chunk at a time, merged, reported back.

The file is surveyed whole before anything is stored (headers, prohibited columns, every
row readable), so a refused file leaves nothing but the refusal. Then the rows stream in
chunks, each committed on its own: a 100,000-row file is never one huge transaction and
is read in bounded memory.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from xinyong.credit import catalog
from xinyong.credit.identifiers import IdProtector
from xinyong.credit.intake.feedback import FeedbackWriter, feedback_path
from xinyong.credit.intake.headers import REPAIR, Layout, layout
from xinyong.credit.intake.kinds import read_row
from xinyong.credit.intake.merge import Merged, Outcome, Receipt, merge_entries, merge_repairs
from xinyong.credit.intake.problems import Problem, Refusal
from xinyong.credit.intake.rows import Context, ProviderRef
from xinyong.credit.models import Provider, Rejection, Submission, now
from xinyong.credit.tabular import TableError, open_table
from xinyong.credit.workdays import WorkCalendar

#: (rows done, rows in the file)
Progress = Callable[[int, int], None]
UNKNOWN_COLUMN = "不是标准字段，已忽略（请核对列名）"


@dataclass(frozen=True)
class Settings:
    """The limits intake applies; all of them settings (DESIGN: rules from the seed)."""

    report_workdays: int = 7
    adult_age: int = 18
    chunk_size: int = 2000

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> Settings:
        return cls(
            report_workdays=int(config.get("REPORT_WORKDAYS", cls.report_workdays)),
            adult_age=int(config.get("ADULT_AGE", cls.adult_age)),
        )


@dataclass
class ImportResult:
    """What became of a file; `exit_code` is 0 all taken, 1 rows rejected, 2 file refused."""

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

    @property
    def exit_code(self) -> int:
        return 2 if self.refused else 1 if self.rejected else 0

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
    """Take in one provider file; commits as it goes (one transaction per chunk of rows).

    `received_on` is the date of receipt (today unless back-filling): lateness is
    counted from each record's forming to it.
    """
    settings = settings or Settings()
    received_on = received_on or dt.date.today()
    digest = file_sha256(path)
    refusal = None
    try:  # before the submission is written: no write lock is held while a large file is read
        found = survey(path, kind)
        current = _catalog(session)
    except Refusal as error:
        refusal = error
    submission = Submission(
        provider_id=provider.id, filename=path.name[-300:], sha256=digest, actor=actor
    )
    session.add(submission)
    session.flush()
    with FeedbackWriter(feedback_path(path)) as feedback:
        run = _Run(session, submission, feedback)
        if refusal is not None:
            run.refuse(refusal)
            return run.result
        run.start(found)
        ctx = Context(
            ProviderRef(provider.id, provider.name, provider.uscc),
            found.layout.standard,
            current,
            protector,
            received_on,
            settings.adult_age,
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
        )
        try:
            run.rows(path, ctx, receipt, settings.chunk_size, progress, found.rows)
        except TableError as error:  # the file changed after the survey
            done = run.result.rows
            run.refuse(Refusal(f"{error}（文件在导入过程中被改动；前{done}行已处理）", row=0))
            return run.result
        run.finish()
    return run.result


def _catalog(session: Session) -> catalog.Catalog:
    try:
        return catalog.current(session)
    except catalog.CatalogError as error:
        raise Refusal(str(error), row=0) from None


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
                    "field": problem.field[:100],
                    "reason": problem.reason,
                    "notice": problem.notice,
                }
                for problem in problems
            ],
        )

    def refuse(self, refusal: Refusal) -> None:
        self.result.refused = self.submission.refused = refusal.reason
        self.report([refusal.problem()])
        self.save()

    def finish(self) -> None:
        if not self.result.rejected:
            self.feedback.passed(self.result.rows)
        self.save()

    def save(self) -> None:
        for name in COUNTED:
            setattr(self.submission, name, getattr(self.result, name))
        self.submission.processed_at = now()
        self.session.commit()


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
