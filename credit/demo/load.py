"""Loading the demo into an empty database.

The data is written in bulk (SQLAlchemy Core inserts, thousands of rows per
statement), so the city's size — 100,000 subjects, a million records — loads in
about two minutes, and the audit trail gets one `demo.load` event, not one per row.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from random import Random

from sqlalchemy import func, insert, inspect, select
from sqlalchemy.orm import Session

from xinyong.credit import audit, catalog, providers
from xinyong.credit.demo.departments import DEPARTMENTS, department_uscc
from xinyong.credit.demo.generator import Generator
from xinyong.credit.demo.samples import SAMPLES, write_samples
from xinyong.credit.identifiers import IdProtector
from xinyong.credit.models import CatalogItem, Provider, Record, Subject
from xinyong.credit.workdays import WorkCalendar

TODAY = dt.date(2026, 11, 25)
SEED = 370306
#: subjects generated and inserted together; rows per INSERT batch
SUBJECT_BATCH = 1000
ROW_BATCH = 5000
Progress = Callable[[str], None]


class DemoError(RuntimeError):
    """The demo cannot load into this database; `str()` says why and what to do."""


@dataclass
class DemoSummary:
    """What a demo load wrote, for the command's report and the audit event."""

    scale: int
    seed: int
    today: dt.date
    providers: int = 0
    subjects: Counter[str] = field(default_factory=Counter)
    records: Counter[str] = field(default_factory=Counter)
    states: Counter[str] = field(default_factory=Counter)
    samples: list[Path] = field(default_factory=list)
    sample_rows: dict[str, tuple[int, int]] = field(default_factory=dict)  # name -> (good, bad)
    market_name: str = ""
    market_uscc: str = ""
    elapsed: float = 0.0

    @property
    def record_total(self) -> int:
        return sum(self.records.values())

    @property
    def subject_total(self) -> int:
        return sum(self.subjects.values())


def load_demo(
    session: Session,
    *,
    scale: int = 2000,
    protector: IdProtector,
    today: dt.date = TODAY,
    instance_path: Path | str,
    progress: Progress | None = None,
    actor: str = "demo",
    report_workdays: int = 7,
    seed: int = SEED,
) -> DemoSummary:
    """Load `scale` subjects (≈ 10 records each) and write the sample provider files.

    Refuses a database without the schema or one that already holds subjects:
    a demo mixed into real data would be indistinguishable from it.
    """
    started = time.perf_counter()
    say = progress or (lambda _message: None)
    if scale < 1:
        raise DemoError("--scale must be at least 1")
    check_empty(session)
    items = current_items(session)
    summary = DemoSummary(scale=scale, seed=seed, today=today)
    departments = register_departments(session, actor)
    summary.providers = len(departments)
    say(f"{len(departments)} provider departments registered")
    generator = Generator(
        rng=Random(seed),
        items=items,
        calendar=WorkCalendar.load(session),
        departments=departments,
        protector=protector,
        today=today,
        report_workdays=report_workdays,
    )
    shown = 0
    done = 0
    for batch in batches(scale, SUBJECT_BATCH):
        insert_batch(session, generator, batch, summary)
        done += batch
        percent = done * 100 // scale
        if percent // 10 > shown // 10:  # every tenth of the way
            shown = percent
            say(
                f"[{time.perf_counter() - started:6.1f}s] {percent:3d}%  {done:,} subjects, "
                f"{summary.record_total:,} records"
            )
    summary.states.update(generator.summary_states)
    market = departments["market"]
    summary.market_name, summary.market_uscc = market.name, market.uscc
    samples = write_samples(Path(instance_path) / SAMPLES, generator, market)
    summary.samples = list(samples)
    summary.sample_rows = {path.name: rows for path, rows in samples.items()}
    summary.elapsed = time.perf_counter() - started
    audit.log(
        session,
        actor,
        "demo.load",
        "demo",
        seed,
        scale=scale,
        today=today.isoformat(),
        providers=summary.providers,
        subjects=dict(sorted(summary.subjects.items())),
        records=dict(sorted(summary.records.items())),
    )
    session.flush()
    return summary


def check_empty(session: Session) -> None:
    if not inspect(session.connection()).has_table(Subject.__tablename__):
        raise DemoError("The database has no schema yet: run `xinyong init-db` first.")
    found = session.scalar(select(func.count()).select_from(Subject))
    if found:
        raise DemoError(
            f"The database already holds {found:,} subjects; the demo loads only into an "
            "empty database. Point XINYONG_DATABASE_URL at a new one and run "
            "`xinyong init-db` first."
        )


def current_items(session: Session) -> dict[str, CatalogItem]:
    try:
        return dict(catalog.current(session).items)
    except catalog.CatalogError as error:
        raise DemoError(f"{error}.") from None


def register_departments(session: Session, actor: str) -> dict[str, Provider]:
    """The district's provider departments; one already registered (by name or code) is reused."""
    registered = {}
    for department in DEPARTMENTS:
        code = department_uscc(department)
        existing = session.scalar(select(Provider).where(Provider.name == department.name))
        existing = existing or session.scalar(select(Provider).where(Provider.uscc == code))
        registered[department.key] = existing or providers.add(
            session, department.name, code, actor=actor
        )
    return registered


def batches(total: int, size: int) -> Iterator[int]:
    while total > 0:
        yield min(size, total)
        total -= size


#: the first subjects of each sort are kept for the sample files
KEPT_PER_SORT = 5


def insert_batch(session: Session, generator: Generator, size: int, summary: DemoSummary) -> None:
    """Generate `size` subjects with their records and insert them, subjects first for their ids."""
    made = []
    for _ in range(size):
        demo = generator.subject()
        rows = generator.records(demo)
        created = min(row["created_at"] for row in rows)
        made.append((demo, generator.subject_row(demo, created), rows))
        if sum(1 for kept in generator.kept if kept.sort == demo.sort) < KEPT_PER_SORT:
            generator.kept.append(demo)
    # Core inserts of the tables: one executemany per batch, no ORM bookkeeping per row
    subjects = Subject.__table__
    ids = session.execute(
        insert(subjects).returning(subjects.c.id, sort_by_parameter_order=True),
        [subject for _, subject, _ in made],
    ).scalars()
    records = []
    for subject_id, (demo, _, rows) in zip(ids, made, strict=True):
        summary.subjects[demo.kind] += 1
        for row in rows:
            row["subject_id"] = subject_id
            summary.records[row["item_code"]] += 1
            summary.states["late"] += row["late"]
            records.append(row)
    for start in range(0, len(records), ROW_BATCH):
        session.execute(insert(Record.__table__), records[start : start + ROW_BATCH])
