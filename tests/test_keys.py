"""Persons' ID numbers at rest: sealed, opened only by `reveal`, under keys the database knows."""

from __future__ import annotations

import base64
import csv
import datetime as dt
import os
import re
import stat
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, func, inspect, select, text
from sqlalchemy.orm import Session
from stdnum.cn import ric

from xinyong import create_app, keys
from xinyong.cli import main
from xinyong.credit import db, personal
from xinyong.credit.demo import PENALTY_SAMPLE
from xinyong.credit.identifiers import IdProtector
from xinyong.credit.models import IdNumber, Subject, SubjectKind
from xinyong.credit.personal import PARTY_NUMBER, SUBJECT_NUMBER, KeyProblem, Keys, Use, reveal
from xinyong.database import engine_for

from .conftest import TEST_DATA_KEY, make_ric, make_uscc
from .intake import files

ID_NUMBER = re.compile(r"\d{17}[\dX]")
KEYS = Keys(base64.b64decode(TEST_DATA_KEY), b"test-id-key")


# ------------------------------------------------------------------ sealing


@settings(max_examples=30)
@given(
    birth=st.dates(min_value=dt.date(1930, 1, 1), max_value=dt.date(2008, 1, 1)),
    serial=st.integers(0, 999),
)
def test_a_sealed_number_opens_to_itself_and_is_never_the_same_twice(birth, serial):
    number = make_ric(birth.strftime("%Y%m%d"), serial=f"{serial:03d}")
    protector = IdProtector(KEYS.id, KEYS.data)
    first, second = (protector.seal(number, SUBJECT_NUMBER) for _ in range(2))
    assert first != second  # a fresh nonce each time
    assert number not in first and number[6:14] not in first
    assert reveal(KEYS, first, SUBJECT_NUMBER, Use.CITY_BATCH) == number
    assert reveal(KEYS, second, SUBJECT_NUMBER, Use.FULL_FILE_VIEW) == number


def test_a_sealed_number_does_not_open_with_another_key_or_in_another_column():
    sealed = IdProtector(KEYS.id, KEYS.data).seal(make_ric("19850612"), SUBJECT_NUMBER)
    other = Keys(os.urandom(32), KEYS.id)
    with pytest.raises(KeyProblem, match="DATA_KEY"):
        reveal(other, sealed, SUBJECT_NUMBER, Use.CITY_BATCH)
    with pytest.raises(KeyProblem):
        reveal(KEYS, sealed, PARTY_NUMBER, Use.CITY_BATCH)  # associated data: its column
    with pytest.raises(ValueError):
        reveal(KEYS, sealed, SUBJECT_NUMBER, "a page")


def test_a_protector_without_the_data_key_stores_nothing():
    with pytest.raises(ValueError, match="encrypted"):
        IdProtector(KEYS.id).seal(make_ric("19850612"), SUBJECT_NUMBER)


def test_the_two_keys_must_differ_and_the_data_key_be_32_bytes():
    with pytest.raises(KeyProblem, match="different"):
        Keys(KEYS.data, KEYS.data)
    with pytest.raises(KeyProblem, match="base64"):
        personal.decode_data_key("not base64!")
    with pytest.raises(KeyProblem, match="32 bytes"):
        personal.decode_data_key(base64.b64encode(b"short").decode())


# ------------------------------------------------------------------ where the keys come from


def make_app(tmp_path: Path, **settings):
    return create_app(
        {
            "INSTANCE_PATH": str(tmp_path / "instance"),
            "DATABASE_URL": f"sqlite:///{tmp_path / 'keys.sqlite3'}",
            **settings,
        }
    )


def test_development_keys_are_made_once_in_the_instance_folder(tmp_path):
    first = make_app(tmp_path)
    second = make_app(tmp_path)
    instance = tmp_path / "instance"
    for name, filename in keys.INSTANCE_FILES.items():
        path = instance / filename
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert first.config[name] == second.config[name] == path.read_text().strip()
    assert first.config["DATA_KEY"] != first.config["ID_KEY"] != first.config["SECRET_KEY"]
    assert len(base64.b64decode(first.config["DATA_KEY"])) == 32


def test_keys_from_the_environment_come_before_the_instance_files(tmp_path, monkeypatch):
    monkeypatch.setenv("XINYONG_DATA_KEY", TEST_DATA_KEY)
    monkeypatch.setenv("XINYONG_ID_KEY", "an-id-key-from-the-environment")
    app = make_app(tmp_path)
    assert app.config["DATA_KEY"] == TEST_DATA_KEY
    assert app.config["ID_KEY"] == "an-id-key-from-the-environment"
    assert not (tmp_path / "instance" / "data.key").exists()


GIVEN = {"SECRET_KEY": "a-real-secret", "DATA_KEY": TEST_DATA_KEY, "ID_KEY": "a-real-id-key"}


@pytest.mark.parametrize(
    ("settings", "reason"),
    [
        ({**GIVEN, "SECRET_KEY": "dev-only-not-secret"}, "development SECRET_KEY"),
        ({"DATA_KEY": TEST_DATA_KEY, "ID_KEY": "a-real-id-key"}, "development SECRET_KEY"),
        ({**GIVEN, "DATA_KEY": None}, "XINYONG_DATA_KEY"),
        ({**GIVEN, "ID_KEY": None, "DATA_KEY": None}, "XINYONG_DATA_KEY and XINYONG_ID_KEY"),
        ({**GIVEN, "ID_KEY": "a-real-secret"}, "not the SECRET_KEY"),
        ({**GIVEN, "DATA_KEY": "c2hvcnQ="}, "32 bytes"),
    ],
)
def test_production_refuses_development_secrets_and_missing_keys(tmp_path, settings, reason):
    with pytest.raises(keys.Refused, match=reason):
        make_app(tmp_path, PRODUCTION=True, **settings)
    assert not (tmp_path / "instance" / "data.key").exists()


def test_a_postgresql_database_counts_as_production(tmp_path):
    url = "postgresql+psycopg://xinyong@localhost/xinyong"
    with pytest.raises(keys.Refused, match="XINYONG_DATA_KEY and XINYONG_ID_KEY"):
        make_app(tmp_path, DATABASE_URL=url, SECRET_KEY="a-real-secret")
    assert make_app(tmp_path, DATABASE_URL=url, **GIVEN).config["ID_KEY"] == "a-real-id-key"


def test_production_with_its_own_keys_starts(tmp_path):
    app = make_app(tmp_path, PRODUCTION="1", **GIVEN)
    assert keys.keys_of(app.config) == Keys(base64.b64decode(TEST_DATA_KEY), b"a-real-id-key")


def run(args: list[str], env: dict[str, str]):
    """The `xinyong` command as a user runs it: the app made from the environment."""
    from click.testing import CliRunner

    return CliRunner().invoke(main, args, env=env)


def test_the_command_line_refuses_production_in_one_line(tmp_path):
    env = {
        "XINYONG_INSTANCE": str(tmp_path / "instance"),
        "XINYONG_PRODUCTION": "1",
        "XINYONG_SECRET_KEY": "a-real-secret",
    }
    for args in (["provider", "list"], ["init-db"]):
        result = run(args, env)
        assert result.exit_code == 1
        lines = result.output.strip().splitlines()
        assert lines == [
            "Error: production needs XINYONG_DATA_KEY and XINYONG_ID_KEY set explicitly "
            "(development keys from the instance folder are not used)"
        ]
    assert "Traceback" not in run(["--help"], env).output


# ------------------------------------------------------------------ a database knows its keys


def test_init_db_stores_check_values_never_the_keys(cli, app):
    result = cli("init-db")
    assert "Stored check values of DATA_KEY and ID_KEY" in result.output
    with engine_for(app).connect() as connection:
        stored = personal.stored_checks(connection)
    assert stored == keys.keys_of(app.config).check_values()
    for value in stored.values():
        assert app.config["ID_KEY"] not in value and app.config["DATA_KEY"] not in value
    assert "Stored check values" not in cli("init-db").output


@pytest.mark.parametrize("name", ["DATA_KEY", "ID_KEY"])
def test_a_database_made_with_other_keys_is_refused(cli, app, name):
    cli("init-db")
    other = base64.b64encode(os.urandom(32)).decode()
    changed = create_app({**app.config, name: other})
    runner = changed.test_cli_runner()
    for args in (["provider", "list"], ["init-db"]):
        result = runner.invoke(main, args)
        assert result.exit_code == 1, result.output
        assert result.output.strip().splitlines() == [
            f"Error: {keys.mismatch_message(engine_for(changed), [name])}"
        ]
    engine_for(changed).dispose()
    assert cli("provider", "list").exit_code == 0  # with its own keys it opens


# ------------------------------------------------------------------ no full number in the file


def readable_numbers(folder: Path) -> set[str]:
    numbers = set()
    for path in folder.glob("*.csv"):
        for encoding in ("gb18030", "utf-8-sig"):
            try:
                numbers |= set(ID_NUMBER.findall(path.read_text(encoding=encoding)))
                break
            except UnicodeDecodeError:
                continue
    return numbers


def persons_file(folder: Path) -> Path:
    """A penalty file naming persons every way a row can: subject, representative, operator."""
    with (folder / PENALTY_SAMPLE).open(encoding="gb18030", newline="") as stream:
        template = next(csv.DictReader(stream))
    rows = []
    cases = [
        ("王建国", "自然人", "", "", make_ric("19800101", "311"), ""),
        (
            "淄博周村锦绣丝绸有限公司",
            "法人及非法人组织",
            make_uscc("91370306MA3CKEY01"),
            "赵六",
            "",
            make_ric("19750505", "512"),
        ),
        ("周村区王记烧饼店", "个体工商户", "", "王记", make_ric("19820202", "733"), ""),
    ]
    for n, (name, category, code, rep, number, rep_number) in enumerate(cases, start=1):
        row = dict(template)
        row.update(
            {
                "行政相对人名称": name,
                "行政相对人类别": category,
                "行政相对人代码_1(统一社会信用代码)": code,
                "法定代表人": rep,
                "证件类型": "身份证" if number else "",
                "证件号码": number,
                "法定代表人证件类型": "身份证" if rep_number else "",
                "法定代表人证件号码": rep_number,
                "行政处罚决定书文号": f"周市监罚〔2026〕密{n}号",
            }
        )
        rows.append(row)
    return files.write(folder / "persons.csv", rows)


@pytest.fixture
def filled(cli, app):
    """The demo, its sample files and a file of persons, all imported: the numbers written."""
    assert cli("demo", "--scale", "60").exit_code == 0
    samples = Path(app.instance_path, "samples")
    persons = persons_file(samples)
    for path in sorted(samples.glob("*.csv")):
        if not path.name.endswith(".feedback.csv"):
            result = cli("import", str(path), "--provider", "113703060041892032")
            assert result.exit_code == 0 or path.name == PENALTY_SAMPLE, result.output
    numbers = {n for n in readable_numbers(samples) if ric.is_valid(n)}
    with Session(engine_for(app)) as session:
        for subject in session.scalars(select(Subject).where(Subject.id_encrypted.is_not(None))):
            numbers.add(
                reveal(
                    keys.keys_of(app.config),
                    subject.id_encrypted,
                    SUBJECT_NUMBER,
                    Use.FULL_FILE_VIEW,
                )
            )
    assert len(numbers) > 10 and all(ID_NUMBER.fullmatch(n) for n in numbers)
    return numbers, persons


def every_text(engine: Engine) -> str:
    """Every value of every table, as text."""
    parts = []
    with engine.connect() as connection:
        for table in inspect(connection).get_table_names():
            for row in connection.execute(text(f'SELECT * FROM "{table}"')):
                parts.extend(str(value) for value in row)
    return "\n".join(parts)


def test_no_full_id_number_in_any_table(app, filled):
    numbers, _persons = filled
    stored = every_text(engine_for(app))
    assert not {n for n in numbers if n in stored}
    assert not set(ID_NUMBER.findall(stored)) & numbers


@pytest.mark.sqlite_only
def test_no_full_id_number_in_the_database_file(app, filled):
    numbers, _persons = filled
    engine_for(app).dispose()  # the write-ahead log is folded into the file
    path = Path(app.config["DATABASE_URL"].removeprefix("sqlite:///"))
    raw = b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))
    assert not {n for n in numbers if n.encode() in raw}
    assert not {n for n in numbers if n.encode("utf-16-le") in raw}


def test_a_representatives_and_an_operators_number_can_be_recovered_for_the_city(
    app, filled, protector
):
    _numbers, persons = filled
    with persons.open(encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream))
    named = [rows[1]["法定代表人证件号码"], rows[2]["证件号码"]]
    opened = keys.keys_of(app.config)
    with Session(engine_for(app)) as session:
        for number in named:
            kept = session.get(IdNumber, protector.hash(number))
            assert kept is not None and number not in kept.encrypted
            assert reveal(opened, kept.encrypted, PARTY_NUMBER, Use.CITY_BATCH) == number
        # the demo may draw a 个体工商户 of the same name, with a USCC: the operator's is keyed by the ID
        shop = session.scalar(
            select(Subject).where(Subject.name == "周村区王记烧饼店", Subject.uscc.is_(None))
        )
        assert shop.kind == SubjectKind.INDIVIDUAL
        assert reveal(opened, shop.id_encrypted, SUBJECT_NUMBER, Use.CITY_BATCH) == named[1]


# ------------------------------------------------------------------ migration 0002


def clear_database(app, numbers: list[str], protector: IdProtector) -> Engine:
    """The database as revision 0001 left it: persons' numbers in clear."""
    engine = engine_for(app)
    db.downgrade(engine, "0001", keys=keys.keys_of(app.config))
    rows = [
        {
            "key": protector.public_key(number),
            "name": f"李{n}",
            "hash": protector.hash(number),
            "number": number,
            "masked": number[:6] + "********" + number[-4:],
        }
        for n, number in enumerate(numbers)
    ]
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO subjects (key, kind, name, id_hash, id_number, id_masked, "
                "created_at, updated_at) VALUES (:key, 'person', :name, :hash, :number, "
                ":masked, '2026-01-01', '2026-01-01')"
            ),
            rows,
        )
    return engine


def test_migration_0002_seals_the_numbers_stored_in_clear(app, protector):
    numbers = [make_ric(f"198{n % 10}0101", f"{n // 10:03d}") for n in range(1, 1000)]
    engine = clear_database(app, numbers, protector)
    sqlite = engine.url.get_backend_name() == "sqlite"
    if sqlite:  # the scan below finds clear numbers where there are some
        engine.dispose()
        assert all(n.encode() in Path(engine.url.database).read_bytes() for n in numbers)
    db.upgrade(engine, keys=keys.keys_of(app.config))
    assert db.current_revision(engine) == db.head_revision(engine)
    assert "id_number" not in {c["name"] for c in inspect(engine).get_columns("subjects")}
    with Session(engine) as session:
        opened = {
            reveal(keys.keys_of(app.config), sealed, SUBJECT_NUMBER, Use.FULL_FILE_VIEW)
            for sealed in session.scalars(select(Subject.id_encrypted))
        }
    assert opened == set(numbers)
    stored = every_text(engine)
    assert not {n for n in numbers if n in stored}
    if sqlite:
        engine.dispose()
        raw = Path(engine.url.database).read_bytes()
        assert not {n for n in numbers if n.encode() in raw}


def test_migration_0002_refuses_an_id_key_the_database_was_not_made_with(app, protector):
    numbers = [make_ric("19800101", "007")]
    engine = clear_database(app, numbers, protector)
    wrong = Keys(keys.keys_of(app.config).data, b"another-id-key")
    with pytest.raises(KeyProblem, match="ID_KEY"):
        db.upgrade(engine, keys=wrong)
    with pytest.raises(KeyProblem, match="init-db"):
        db.upgrade(engine)
    assert db.current_revision(engine) == "0001"
    with engine.connect() as connection:
        assert connection.execute(text("SELECT id_number FROM subjects")).scalar() == numbers[0]


def test_migration_0002_goes_down_to_clear_numbers_and_up_again(app, protector):
    numbers = [make_ric("19900303", f"{n:03d}") for n in range(1, 5)]
    engine = clear_database(app, numbers, protector)
    db.upgrade(engine, keys=keys.keys_of(app.config))
    db.downgrade(engine, "0001", keys=keys.keys_of(app.config))
    with engine.connect() as connection:
        back = set(connection.execute(text("SELECT id_number FROM subjects")).scalars())
    assert back == set(numbers)
    db.upgrade(engine, keys=keys.keys_of(app.config))
    assert db.current_revision(engine) == db.head_revision(engine)


def test_init_db_seals_an_old_database_and_names_a_wrong_key_in_one_line(app, cli, protector):
    engine = clear_database(app, [make_ric("19800101", "009")], protector)
    wrong = create_app({**app.config, "ID_KEY": "another-id-key"})
    result = wrong.test_cli_runner().invoke(main, ["init-db"])
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[-1].startswith("Error: ID_KEY is not the key")
    engine_for(wrong).dispose()
    assert f"migrated from 0001 to {db.head_revision(engine)}" in cli("init-db").output
    assert db.current_revision(engine) == db.head_revision(engine)


def test_importing_the_same_persons_again_changes_nothing(app, cli, filled):
    """Sealed numbers stay out of a record's fields: a fresh nonce does not make a row new."""
    _numbers, persons = filled
    with Session(engine_for(app)) as session:
        before = session.scalar(select(func.count()).select_from(IdNumber))
    result = cli("import", str(persons), "--provider", "113703060041892032")
    assert result.exit_code == 0 and "unchanged 3" in result.output
    with Session(engine_for(app)) as session:
        assert session.scalar(select(func.count()).select_from(IdNumber)) == before
