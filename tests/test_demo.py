"""The demo data set: deterministic, valid, lawful, every catalog item, sample provider files."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path
from random import Random

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from stdnum.cn import ric, uscc

from xinyong import create_app, keys
from xinyong.cli import main
from xinyong.credit import catalog, db, intake
from xinyong.credit.demo import LICENSE_SAMPLE, PENALTY_SAMPLE, SEED, TODAY, load_demo
from xinyong.credit.demo.generator import Generator
from xinyong.credit.demo.load import register_departments
from xinyong.credit.identifiers import age_on
from xinyong.credit.models import (
    AuditEvent,
    Provider,
    Record,
    RecordStatus,
    Subject,
    SubjectKind,
)
from xinyong.credit.personal import SUBJECT_NUMBER, Use, reveal
from xinyong.credit.privacy import prohibited_term
from xinyong.credit.workdays import WorkCalendar
from xinyong.database import engine_for, session_scope

from .conftest import MARKET, TEST_DATA_KEY

SCALE = 200


def fresh_app(folder):
    """An app on its own SQLite file, migrated and with the default catalog, like `init-db`."""
    app = create_app(
        {
            "TESTING": True,
            "INSTANCE_PATH": str(folder / "instance"),
            "DATABASE_URL": f"sqlite:///{folder / 'demo.sqlite3'}",
            "SECRET_KEY": "test-secret",
            # the same keys for every fresh database: the same hashes and keys of persons
            "DATA_KEY": TEST_DATA_KEY,
            "ID_KEY": "test-id-key",
        }
    )
    db.upgrade(engine_for(app))
    with session_scope(app) as session:
        catalog.ensure_default(session, actor="test")
    return app


def load(app, scale: int = SCALE):
    with session_scope(app) as session:
        return load_demo(
            session,
            scale=scale,
            protector=keys.protector(app.config),
            instance_path=app.instance_path,
        )


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """One demo database shared by the read-only checks below."""
    app = fresh_app(tmp_path_factory.mktemp("demo"))
    summary = load(app)
    yield app, summary
    engine_for(app).dispose()


@pytest.fixture
def data(demo):
    app, _ = demo
    with Session(engine_for(app)) as session:
        yield session


def snapshot(app) -> tuple[list[tuple], list[tuple]]:
    """Everything the demo wrote that is not a clock reading of this run."""
    with Session(engine_for(app)) as session:
        subjects = sorted(
            session.execute(
                select(
                    Subject.key,
                    Subject.kind,
                    Subject.name,
                    Subject.uscc,
                    Subject.id_hash,
                    Subject.id_masked,
                    Subject.legal_rep,
                    Subject.created_at,
                )
            ).all()
        )
        skip = {"id", "subject_id", "provider_id"}
        columns = [c for c in Record.__table__.columns if c.name not in skip]
        rows = session.execute(
            select(Subject.key, Provider.uscc, *columns)
            .join(Subject, Record.subject_id == Subject.id)
            .join(Provider, Record.provider_id == Provider.id)
        ).all()
        records = sorted(
            tuple(json.dumps(v, sort_keys=True, default=str) for v in row) for row in rows
        )
    return subjects, records


# ------------------------------------------------------------------ the command


def test_demo_command_loads_reports_and_prints_the_import_commands(cli, app):
    result = cli("demo", "--scale", str(SCALE))
    assert result.exit_code == 0, result.output
    assert f"Loaded {SCALE} subjects" in result.output
    samples = f"{app.instance_path}/samples"
    assert f"xinyong import {samples}/{PENALTY_SAMPLE} --provider {MARKET[1]}" in result.output
    assert f"xinyong import {samples}/{LICENSE_SAMPLE} --provider {MARKET[1]}" in result.output
    with Session(engine_for(app)) as session:
        assert session.scalar(select(func.count()).select_from(Subject)) == SCALE
        records = session.scalar(select(func.count()).select_from(Record))
        assert 8 * SCALE <= records <= 12 * SCALE
        events = session.scalars(select(AuditEvent).where(AuditEvent.action == "demo.load")).all()
        assert len(events) == 1
        assert sum(events[0].detail["records"].values()) == records


def test_demo_refuses_a_database_that_already_holds_subjects(cli):
    assert cli("demo", "--scale", "20").exit_code == 0
    again = cli("demo", "--scale", "20")
    assert again.exit_code == 1
    assert "already holds 20 subjects" in again.output + (again.stderr or "")


def test_demo_without_a_schema_says_to_run_init_db(tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "INSTANCE_PATH": str(tmp_path / "instance"),
            "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}",
        }
    )
    result = app.test_cli_runner().invoke(main, ["demo", "--scale", "5"])
    assert result.exit_code == 4  # the database not ready
    assert "xinyong init-db" in result.output + (getattr(result, "stderr", "") or "")
    engine_for(app).dispose()


def test_demo_reuses_a_provider_already_registered(cli, app, provider):
    assert cli("demo", "--scale", "20").exit_code == 0
    with Session(engine_for(app)) as session:
        found = session.scalars(select(Provider).where(Provider.uscc == MARKET[1])).all()
        assert [entry.id for entry in found] == [provider.id]


# ------------------------------------------------------------------ the data


def test_two_fresh_databases_get_the_same_data_and_files(demo, tmp_path):
    first, _ = demo
    second = fresh_app(tmp_path)
    load(second)
    assert snapshot(first) == snapshot(second)
    for name in (PENALTY_SAMPLE, LICENSE_SAMPLE):
        assert (
            Path(first.instance_path, "samples", name).read_bytes()
            == Path(second.instance_path, "samples", name).read_bytes()
        )
    engine_for(second).dispose()


def person_numbers(demo, data) -> dict[int, str]:
    """Each person's ID number, opened as a staff member's full-file view would."""
    app, _ = demo
    opened = keys.keys_of(app.config)
    return {
        subject.id: reveal(opened, subject.id_encrypted, SUBJECT_NUMBER, Use.FULL_FILE_VIEW)
        for subject in data.scalars(select(Subject).where(Subject.kind == SubjectKind.PERSON))
    }


def test_every_code_is_valid_and_of_zhoucun(demo, data):
    numbers = person_numbers(demo, data)
    for subject in data.scalars(select(Subject)):
        if subject.kind == SubjectKind.PERSON:
            number = numbers[subject.id]
            assert ric.is_valid(number) and number.startswith("370306")
            assert subject.uscc is None and subject.key != number
        else:
            assert uscc.is_valid(subject.uscc), subject.uscc
            assert subject.uscc[2:8] == "370306" and subject.uscc[:2] in {
                "91",
                "92",
                "12",
                "51",
                "52",
            }
            assert (subject.kind == SubjectKind.INDIVIDUAL) == subject.uscc.startswith("92")
    for provider in data.scalars(select(Provider)):
        assert uscc.is_valid(provider.uscc) and provider.uscc.startswith("11370306")


def test_every_catalog_item_appears(data):
    codes = set(catalog.current(data).items)
    assert set(data.scalars(select(Record.item_code).distinct())) == codes


def test_persons_are_adults_on_every_record_date(demo, data):
    numbers = person_numbers(demo, data)
    rows = data.execute(
        select(Record.subject_id, Record.decided_on)
        .join(Subject, Record.subject_id == Subject.id)
        .where(Subject.kind == SubjectKind.PERSON)
    ).all()
    assert rows
    assert all(age_on(numbers[subject], decided) >= 18 for subject, decided in rows)


def test_no_id_number_in_any_text(demo, data):
    numbers = set(person_numbers(demo, data).values())
    assert numbers
    texts = [name for name in data.scalars(select(Subject.name))]
    for fields, title, content, doc in data.execute(
        select(Record.fields, Record.title, Record.content, Record.doc_no)
    ):
        texts.append(json.dumps(fields, ensure_ascii=False) + (title or "") + (content or "") + doc)
    candidates = re.compile(r"\d{17}[\dX]")
    assert not {found for text in texts for found in candidates.findall(text)} & numbers


def test_nothing_prohibited_and_restricted_items_carry_consent(data):
    items = catalog.current(data).items
    for code, fields, consent in data.execute(
        select(Record.item_code, Record.fields, Record.consent_ref)
    ):
        assert not any(prohibited_term(key) for key in fields)
        assert bool(consent) == items[code].restricted


def test_records_cover_the_lifecycle(data):
    def count(*conditions) -> int:
        return data.scalar(select(func.count()).select_from(Record).where(*conditions))

    penalty = Record.item_code == "XZCF"
    assert count(penalty, Record.disclosure_end < TODAY, Record.status == RecordStatus.ACTIVE)
    assert count(penalty, Record.decided_on < dt.date(2024, 1, 1), Record.disclosure_end < TODAY)
    assert count(
        Record.status == RecordStatus.ARCHIVED,
        Record.repaired_on.is_not(None),
        Record.repaired_by.is_not(None),
        Record.repair_doc.is_not(None),
    )
    assert count(
        penalty,
        Record.status == RecordStatus.INVALID,
        Record.status_reason.is_not(None),
        Record.status_on.is_not(None),
    )
    assert count(
        Record.status == RecordStatus.DELETED, Record.item_code.in_(["BZJL", "ZYFW", "CSJZ"])
    )
    assert count(Record.objection_label == "异议处理中", Record.status == RecordStatus.ACTIVE)
    assert count(penalty, Record.simple_procedure)
    assert count(Record.late, Record.report_workdays > 7)
    assert count(penalty, Record.severity_inferred) and count(penalty, ~Record.severity_inferred)
    assert count(Record.removed_on.is_not(None), Record.removed_doc.is_not(None))
    assert not count(Record.late, Record.report_workdays <= 7)


def test_report_workdays_follow_the_calendar(data):
    calendar = WorkCalendar.load(data)
    rows = data.execute(
        select(Record.decided_on, Record.received_on, Record.report_workdays).limit(300)
    ).all()
    for decided, received, days in rows:
        assert decided <= received <= TODAY
        assert calendar.count(decided, received).days == days


# ------------------------------------------------------------------ the sample files


def read_sample(app, name: str, encoding: str) -> list[dict[str, str]]:
    raw = Path(app.instance_path, "samples", name).read_bytes()
    return list(csv.DictReader(io.StringIO(raw.decode(encoding))))


def test_penalty_sample_is_gb18030_with_good_rows_and_four_bad_ones(demo, data):
    app, summary = demo
    rows = read_sample(app, PENALTY_SAMPLE, "gb18030")
    assert 18 <= len(rows) <= 22
    assert {row["数据来源单位统一社会信用代码"] for row in rows} == {MARKET[1]}
    assert {row["处罚机关"] for row in rows} == {MARKET[0]}
    codes = [row["行政相对人代码_1(统一社会信用代码)"] for row in rows]
    assert sum(1 for code in codes if code and not uscc.is_valid(code)) == 1
    assert sum(1 for row in rows if not row["违法事实"]) == 1
    assert sum(1 for row in rows if row["处罚决定日期"].endswith("-02-30")) == 1
    minors = [
        row
        for row in rows
        if row["证件号码"]
        and age_on(row["证件号码"], dt.date.fromisoformat(row["处罚决定日期"])) < 18
    ]
    assert len(minors) == 1 and ric.is_valid(minors[0]["证件号码"])
    assert summary.sample_rows[PENALTY_SAMPLE] == (len(rows) - 4, 4)
    held = set(data.scalars(select(Record.doc_no).where(Record.authority == MARKET[0])))
    assert not held & {row["行政处罚决定书文号"] for row in rows}


def test_license_sample_is_utf8_with_bom_and_all_good(demo, data):
    app, _ = demo
    assert Path(app.instance_path, "samples", LICENSE_SAMPLE).read_bytes()[:3] == b"\xef\xbb\xbf"
    rows = read_sample(app, LICENSE_SAMPLE, "utf-8-sig")
    assert len(rows) >= 10
    for row in rows:
        assert row["数据来源单位统一社会信用代码"] == MARKET[1]
        code = row["行政相对人代码_1(统一社会信用代码)"]
        assert uscc.is_valid(code) if code else ric.is_valid(row["证件号码"])
        assert all(row[field] for field in ("行政许可决定文书号", "许可内容", "有效期至"))
    held = set(data.scalars(select(Record.doc_no).where(Record.authority == MARKET[0])))
    assert not held & {row["行政许可决定文书号"] for row in rows}


def test_a_demo_records_own_row_imported_again_changes_nothing(tmp_path):
    """The demo writes its 双公示 records through intake's reader: one writer of record facts."""
    app = fresh_app(tmp_path)
    load(app, scale=30)
    protector = keys.protector(app.config)
    with session_scope(app) as session:  # the same seed draws the same subjects and rows again
        generator = Generator(
            rng=Random(SEED),
            items=dict(catalog.current(session).items),
            calendar=WorkCalendar.load(session),
            departments=register_departments(session, "demo"),
            protector=protector,
            today=TODAY,
            report_workdays=7,
        )
        reports = []
        for _ in range(30):
            subject = generator.subject()
            generator.records(subject)
            reports += subject.reports
        departments = generator.departments
    assert len(reports) > 10 and {kind for kind, *_ in reports} == {"penalty", "license"}
    with session_scope(app) as session:
        before = session.scalar(select(func.count()).select_from(AuditEvent))
        for number, (kind, dept, received, row) in enumerate(reports):
            path = tmp_path / f"report-{number}.csv"
            with path.open("w", encoding="utf-8", newline="") as stream:
                writer = csv.DictWriter(stream, fieldnames=list(row))
                writer.writeheader()
                writer.writerow(row)
            result = intake.import_file(
                session,
                path,
                departments[dept],
                protector=protector,
                actor="test",
                kind=kind,
                received_on=received,
            )
            assert (result.unchanged, result.rejected) == (1, 0), (row, feedback_of(result))
        assert session.scalar(select(func.count()).select_from(AuditEvent)) == before


def feedback_of(result) -> str:
    return result.feedback.read_text(encoding="utf-8-sig")
