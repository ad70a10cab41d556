"""Shared fixtures: an app on a temporary instance folder and a real database.

The database is a SQLite file under `tmp_path`, or, when
XINYONG_TEST_DATABASE_URL names a PostgreSQL server, a database created on it
for each test and dropped afterwards. Either is a copy of a template migrated
once per session (a file copy; `CREATE DATABASE … TEMPLATE …`).
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import shutil
import uuid
from collections.abc import Iterator
from typing import Any

import hypothesis
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session
from stdnum.cn import ric, uscc

from xinyong import create_app, keys
from xinyong.cli import main
from xinyong.credit import catalog, db, providers, subjects
from xinyong.credit.identifiers import IdProtector
from xinyong.credit.models import Record, RecordKind, SubjectKind
from xinyong.database import engine_for, session_scope

TEST_DATABASE = os.environ.get("XINYONG_TEST_DATABASE_URL")

# the machine is shared: a slow example is not a failure (no timing in tests)
hypothesis.settings.register_profile("xinyong", deadline=None)
hypothesis.settings.load_profile("xinyong")
#: the tests' AES-GCM key for ID numbers (base64 of 32 bytes)
TEST_DATA_KEY = "dGVzdC1kYXRhLWtleS0zMi1ieXRlcy1sb25nLWtleSE="

#: a real provider department of the district, with a valid code
MARKET = ("淄博市周村区市场监督管理局", "113703060041892032")


def make_uscc(body: str) -> str:
    """A valid 统一社会信用代码 from its first 17 characters."""
    return body + uscc.calc_check_digit(body)


def make_ric(birth: str, serial: str = "123", area: str = "370306") -> str:
    """A valid 居民身份证号码 for a birth date `YYYYMMDD`."""
    body = area + birth + serial
    return body + ric.calc_check_digit(body + "0")


@pytest.fixture(scope="session")
def template_database(tmp_path_factory) -> Iterator[str]:
    """A database migrated to head with the default catalog, built once per session.

    Each test gets a copy (`database_url`): migrations run once, not once per test.
    """
    folder = tmp_path_factory.mktemp("template")
    if not TEST_DATABASE:
        url = f"sqlite:///{folder / 'template.sqlite3'}"
        _prepare(url, folder)
        yield url
        return
    name = f"xinyong_template_{uuid.uuid4().hex[:12]}"
    admin = create_engine(TEST_DATABASE, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        _prepare(_on_server(name), folder)
        yield name
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _prepare(url: str, folder) -> None:
    """What `init-db` does: migrate to head, install the default catalog."""
    app = create_app({**SETTINGS, "INSTANCE_PATH": str(folder / "instance"), "DATABASE_URL": url})
    engine = engine_for(app)
    db.upgrade(engine)
    with session_scope(app) as session:
        catalog.ensure_default(session, actor="test")
    if engine.url.get_backend_name() == "sqlite":
        with engine.connect() as connection:  # everything into the main file, to copy it
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()


def _on_server(name: str) -> str:
    return make_url(TEST_DATABASE).set(database=name).render_as_string(hide_password=False)


@pytest.fixture
def database_url(tmp_path, template_database) -> Iterator[str]:
    """A database of the test's own, a copy of the migrated template."""
    if not TEST_DATABASE:
        path = tmp_path / "test.sqlite3"
        shutil.copyfile(make_url(template_database).database, path)
        yield f"sqlite:///{path}"
        return
    name = f"xinyong_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(TEST_DATABASE, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template_database}"'))
    try:
        yield _on_server(name)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


#: the settings of every test app (paths and the database come per test)
SETTINGS: dict[str, Any] = {
    "TESTING": True,
    "SECRET_KEY": "test-secret",
    # explicit keys: a PostgreSQL URL counts as production, which takes no generated key
    "DATA_KEY": TEST_DATA_KEY,
    "ID_KEY": "test-id-key",
}


@pytest.fixture
def app(tmp_path, database_url):
    """An app on its own copy of the migrated database, as `init-db` leaves it."""
    app = create_app(
        {
            **SETTINGS,
            "INSTANCE_PATH": str(tmp_path / "instance"),
            "DATABASE_URL": database_url,
            "PUBLISH_DIR": str(tmp_path / "publish"),
        }
    )
    yield app
    engine_for(app).dispose()


@pytest.fixture
def session(app) -> Iterator[Session]:
    """A session on the test database; commit explicitly what the CLI should see."""
    session = Session(engine_for(app), expire_on_commit=False)
    yield session
    session.rollback()
    session.close()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def cli(app):
    """Run the `xinyong` command on the test app: `cli("provider", "list")`."""
    runner = app.test_cli_runner(mix_stderr=False) if _mixes_stderr() else app.test_cli_runner()

    def invoke(*args: str, **kwargs: Any):
        return runner.invoke(main, list(args), catch_exceptions=False, **kwargs)

    return invoke


def _mixes_stderr() -> bool:
    import inspect

    from click.testing import CliRunner

    return "mix_stderr" in inspect.signature(CliRunner.__init__).parameters


@pytest.fixture
def provider(session):
    registered = providers.add(session, *MARKET, actor="test")
    session.commit()
    return registered


@pytest.fixture
def protector(app) -> IdProtector:
    return keys.protector(app.config)


class Factory:
    """Subjects and records for tests, stored through the domain functions."""

    def __init__(self, session: Session, protector: IdProtector) -> None:
        self.session = session
        self.protector = protector
        self.serial = itertools.count(1)

    def company(self, name: str = "淄博周村丝绸有限公司", code: str | None = None):
        code = code or make_uscc(f"91370306MA3C{next(self.serial):05d}")
        who = subjects.identity(SubjectKind.ORG, self.protector, uscc=code)
        return subjects.find_or_create_many(self.session, [(who, name, "张三")], "test")[who.match]

    def person(self, name: str = "李四", birth: str = "19800101"):
        number = make_ric(birth, serial=f"{next(self.serial) % 1000:03d}")
        who = subjects.identity(SubjectKind.PERSON, self.protector, id_number=number)
        return subjects.find_or_create_many(self.session, [(who, name, None)], "test")[who.match]

    def record(self, subject, item_code: str = "XZCF", **fields: Any) -> Record:
        item = catalog.current(self.session)[item_code]
        values: dict[str, Any] = {
            "kind": item.kind if item.kind != RecordKind.OTHER else RecordKind.OTHER,
            "item_code": item_code,
            "doc_no": f"周市监罚〔2026〕{next(self.serial)}号",
            "authority": MARKET[0],
            "authority_uscc": MARKET[1],
            "decided_on": dt.date(2026, 3, 2),
            "received_on": dt.date(2026, 3, 4),
            "fingerprint": uuid.uuid4().hex,
        }
        values.update(fields)
        record = Record(subject=subject, **values)
        self.session.add(record)
        self.session.flush()
        return record


@pytest.fixture
def factory(session, protector) -> Factory:
    return Factory(session, protector)
