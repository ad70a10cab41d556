"""The first commands a new user types: in any order, from any folder, told what to do."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import text

from xinyong import create_app
from xinyong.cli import main
from xinyong.commands import (
    EXIT_NO_DATABASE,
    EXIT_OK,
    EXIT_REFUSED,
    EXIT_USAGE,
    table,
    width,
)
from xinyong.credit import db, settings
from xinyong.credit.formats import FORMATS_DOC
from xinyong.database import engine_for

from .conftest import MARKET, TEST_DATABASE

sqlite_only = pytest.mark.sqlite_only


def every_command(tmp_path: Path) -> list[list[str]]:
    """Each command of `xinyong --help` (Flask's run/shell/routes aside) with arguments it accepts."""
    sheet = tmp_path / "file.csv"
    sheet.write_text("日期,类型,名称\n2027-01-01,休,元旦\n", encoding="utf-8")
    return [
        ["catalog"],
        ["catalog", "import", str(sheet)],
        ["provider", "list"],
        ["provider", "add", MARKET[0], MARKET[1]],
        ["import", str(sheet), "--provider", MARKET[1]],
        ["calendar", "import", str(sheet)],
        ["calendar", "show", "2026"],
        ["calendar", "deadline", "2026-03-02", "7"],
        ["demo", "--scale", "5"],
        ["city-export", "--out", str(tmp_path / "batches")],
        ["city-batches"],
        ["publish", "--out", str(tmp_path / "publish")],
        ["rollback", "--out", str(tmp_path / "publish")],
        ["create-user", "wang", "--role", "reviewer", "--password", "a-long-password"],
        ["measures"],
        ["measures", "import", str(sheet)],
        ["check", str(sheet), "--matter", "政府采购"],
    ]


def test_every_command_is_covered_here(tmp_path):
    """A new command joins `every_command`, so the tests below try it too."""
    covered = {
        " ".join(args[:2]) if args[0] in GROUPS else args[0] for args in every_command(tmp_path)
    }
    # `serve` runs until it is stopped: its database check is tested in test_forms_serve
    assert covered | {"init-db", "serve"} == set(leaf_commands())


GROUPS = {"catalog", "provider", "calendar", "measures"}
#: Flask's own commands, and Flask-Limiter's (`limiter …`), which it adds to the app's CLI
FLASK_OWN = {"run", "shell", "routes", "limiter"}


def leaf_commands() -> list[str]:
    found = []
    for name, command in main.commands.items():
        if name in FLASK_OWN:
            continue
        subcommands = getattr(command, "commands", {})
        if getattr(command, "invoke_without_command", False) or not subcommands:
            found.append(name)
        found += [f"{name} {sub}" for sub in subcommands]
    return found


@pytest.fixture
def fresh(tmp_path):
    """An app whose SQLite database does not exist yet, and a way to run commands on it."""
    app = create_app(
        {
            "TESTING": True,
            "INSTANCE_PATH": str(tmp_path / "instance"),
            "DATABASE_URL": f"sqlite:///{tmp_path / 'instance' / 'new.sqlite3'}",
        }
    )
    runner = app.test_cli_runner()

    def run(*args: str):
        return runner.invoke(main, list(args))

    run.app = app
    run.path = tmp_path / "instance" / "new.sqlite3"
    yield run
    engine_for(app).dispose()


def said(result) -> str:
    """What a command printed, on stdout and stderr both (click 8.2 mixes them in `output`)."""
    return result.output


def one_line_error(result) -> str:
    """The message of a command that refused to run: one line, no traceback."""
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    lines = said(result).strip().splitlines()
    assert len(lines) == 1, lines
    assert "Traceback" not in lines[0]
    return lines[0]


@sqlite_only
def test_every_command_before_init_db_says_to_run_it_and_creates_nothing(fresh, tmp_path):
    for args in every_command(tmp_path):
        result = fresh(*args)
        assert result.exit_code == EXIT_NO_DATABASE, (args, said(result))
        assert "xinyong init-db" in one_line_error(result)
    assert not fresh.path.exists()
    assert fresh("init-db").exit_code == EXIT_OK
    assert fresh("provider", "list").exit_code == EXIT_OK


@sqlite_only
def test_a_file_that_is_not_a_database_is_named_in_one_line(fresh, tmp_path):
    fresh.path.parent.mkdir(parents=True, exist_ok=True)
    fresh.path.write_bytes(b"these are not the bytes of a database\n" * 200)
    for args in [["init-db"], *every_command(tmp_path)]:
        result = fresh(*args)
        assert result.exit_code == EXIT_NO_DATABASE, (args, said(result))
        assert "不是数据库" in one_line_error(result)
    assert fresh.path.read_bytes().startswith(b"these are not")


@sqlite_only
def test_a_read_only_database_reads_and_refuses_writes_in_one_line(tmp_path):
    path = tmp_path / "ro.sqlite3"
    writable = create_app(
        {"INSTANCE_PATH": str(tmp_path / "i"), "DATABASE_URL": f"sqlite:///{path}"}
    )
    assert writable.test_cli_runner().invoke(main, ["init-db"]).exit_code == EXIT_OK
    engine_for(writable).dispose()
    read_only = create_app(
        {
            "INSTANCE_PATH": str(tmp_path / "i"),
            "DATABASE_URL": f"sqlite:///file:{path}?mode=ro&uri=true",
        }
    )
    runner = read_only.test_cli_runner()
    assert runner.invoke(main, ["catalog"]).exit_code == EXIT_OK
    assert runner.invoke(main, ["provider", "list"]).exit_code == EXIT_OK
    added = runner.invoke(main, ["provider", "add", *MARKET])
    assert added.exit_code == EXIT_NO_DATABASE
    assert "只读" in one_line_error(added)
    for args in every_command(tmp_path):
        result = runner.invoke(main, args)
        assert result.exception is None or isinstance(result.exception, SystemExit), args
        assert "Traceback" not in said(result), args
        if result.exit_code == EXIT_NO_DATABASE:  # a write refused, after what was said so far
            assert "只读" in said(result).strip().splitlines()[-1], args
    engine_for(read_only).dispose()


@pytest.mark.parametrize(
    "url, says",
    [
        ("not a url", "无法使用"),
        ("nosuchdriver://user:secret@host/db", "user:***@host"),
    ],
)
def test_a_database_url_that_cannot_work_is_one_line_and_help_still_lists_commands(
    tmp_path, monkeypatch, url, says
):
    monkeypatch.setenv("XINYONG_DATABASE_URL", url)
    monkeypatch.setenv("XINYONG_INSTANCE", str(tmp_path / "instance"))
    runner = CliRunner()
    for args in [["init-db"], *every_command(tmp_path)]:
        result = runner.invoke(main, args)
        assert result.exit_code == EXIT_NO_DATABASE, (args, result.output)
        line = one_line_error(result)
        assert says in line and "DATABASE_URL" in line and "secret" not in line
    listed = runner.invoke(main, ["--help"])
    assert listed.exit_code == EXIT_OK
    assert "init-db" in listed.output and "Traceback" not in listed.output


def test_a_database_of_an_unknown_revision_is_refused_in_one_line(app, tmp_path):
    with engine_for(app).begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = 'zz99'"))
    runner = app.test_cli_runner()
    for args in [["init-db"], *every_command(tmp_path)]:
        result = runner.invoke(main, args)
        assert result.exit_code == EXIT_NO_DATABASE, (args, said(result))
        assert "zz99" in one_line_error(result)


def test_a_database_behind_the_newest_migration_says_to_migrate(app, tmp_path):
    engine = engine_for(app)
    revisions = [script.revision for script in scripts(engine).walk_revisions()]
    if len(revisions) < 2:
        pytest.skip("only one migration so far: no older revision to be at")
    db.downgrade(engine, revisions[1])
    runner = app.test_cli_runner()
    result = runner.invoke(main, ["provider", "list"])
    assert result.exit_code == EXIT_NO_DATABASE
    assert "迁移" in one_line_error(result) and "xinyong init-db" in said(result)
    assert runner.invoke(main, ["init-db"]).exit_code == EXIT_OK
    assert runner.invoke(main, ["provider", "list"]).exit_code == EXIT_OK


def test_an_emptied_database_says_to_run_init_db(app):
    db.downgrade(engine_for(app), "base")
    result = app.test_cli_runner().invoke(main, ["catalog"])
    assert result.exit_code == EXIT_NO_DATABASE
    assert "xinyong init-db" in one_line_error(result)


def scripts(engine):
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(db.alembic_config(engine))


# ------------------------------------------------------------------ the instance folder


@pytest.mark.skipif(bool(TEST_DATABASE), reason="the default database is SQLite")
def test_the_default_database_lives_in_the_instance_folder_whatever_the_folder(
    tmp_path, monkeypatch
):
    for variable in ("XINYONG_INSTANCE", "XINYONG_DATABASE_URL", "XINYONG_PUBLISH_DIR"):
        monkeypatch.delenv(variable, raising=False)
    places = []
    for folder in (tmp_path / "a", tmp_path / "a" / "samples"):
        folder.mkdir(parents=True, exist_ok=True)
        monkeypatch.chdir(folder)
        app = create_app()
        places.append((app.instance_path, app.config["DATABASE_URL"], app.config["PUBLISH_DIR"]))
    assert places[0] == places[1]
    instance, url, publish = places[0]
    assert url == f"sqlite:///{instance}/xinyong.sqlite3"
    assert publish == f"{instance}/publish"
    assert not instance.startswith(str(tmp_path))


# ------------------------------------------------------------------ exit codes


def test_a_usage_mistake_and_a_refused_file_exit_apart(cli, provider, tmp_path):
    picture = tmp_path / "photo.csv"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    refused = cli("import", str(picture), "--provider", MARKET[1])
    unknown_option = cli("import", str(picture), "--provider", MARKET[1], "--bogus")
    missing_file = cli("import", str(tmp_path / "nowhere.csv"), "--provider", MARKET[1])
    assert refused.exit_code == EXIT_REFUSED
    assert unknown_option.exit_code == EXIT_USAGE
    assert missing_file.exit_code == EXIT_USAGE
    assert len({EXIT_OK, 1, EXIT_USAGE, EXIT_REFUSED, EXIT_NO_DATABASE}) == 5


def test_import_help_lists_the_exit_codes_and_the_format_document(cli):
    shown = cli("import", "--help").output
    for code in ("0", "1", "2", "3", "4"):
        assert f"{code} " in shown
    assert "docs/formats.md" in shown


# ------------------------------------------------------------------ aligned columns


def test_catalog_prints_a_header_and_columns_aligned_by_display_width(cli):
    lines = cli("catalog").output.splitlines()
    header, rows = lines[1], lines[2:]
    assert header.split() == ["代码", "名称", "种类", "类别", "组织", "自然人", "标记", "公示期"]
    columns = starts(header)
    for row in rows:
        assert starts(row)[:6] == columns[:6], row


def starts(line: str) -> list[int]:
    """Display columns at which the words of `line` begin."""
    return [
        width(line[:i])
        for i, char in enumerate(line)
        if char != " " and (i == 0 or line[i - 1] == " ")
    ]


def test_width_counts_chinese_characters_twice():
    assert width("ABC") == 3
    assert width("行政处罚") == 8
    assert width("Ａ级") == 4  # full-width letters too


cells = st.text(alphabet=st.sampled_from("AB12-（）行政处罚周村级Ａ"), min_size=1, max_size=8)
HEADERS = ("甲", "second", "丙")


@given(st.lists(st.tuples(cells, cells, cells), min_size=1, max_size=6))
def test_every_column_starts_at_the_same_display_column(rows):
    widths = [max(width(row[i]) for row in [HEADERS, *rows]) for i in range(3)]
    lines = table(HEADERS, rows)
    for cells_of_line, line in zip([HEADERS, *rows], lines, strict=True):
        assert line.split() == list(cells_of_line)
        assert starts(line) == [0, widths[0] + 2, widths[0] + widths[1] + 4]


# ------------------------------------------------------------------ pointers and defaults


def test_a_refused_file_points_at_the_format_document(cli, provider, tmp_path):
    path = tmp_path / "what.csv"
    path.write_text("名称,日期\n某公司,2026-03-09\n", encoding="utf-8")
    result = cli("import", str(path), "--provider", MARKET[1])
    assert result.exit_code == EXIT_REFUSED
    assert FORMATS_DOC in said(result)


def test_deadline_without_n_counts_the_reporting_days_of_the_settings(cli, app):
    assert app.config["REPORT_WORKDAYS"] == settings.default("REPORT_WORKDAYS") == 7
    assert cli("calendar", "deadline", "2025-09-26").output == "2025-10-13\n"
    assert cli("calendar", "deadline", "2025-09-26", "7").output == "2025-10-13\n"


def test_a_setting_comes_from_the_environment_as_its_kind(tmp_path, monkeypatch):
    monkeypatch.setenv("XINYONG_REPORT_WORKDAYS", "5")
    monkeypatch.setenv("XINYONG_PRODUCTION", "1")
    # production takes no development secret or key
    monkeypatch.setenv("XINYONG_SECRET_KEY", "a-production-secret")
    monkeypatch.setenv("XINYONG_ID_KEY", "a-production-id-key")
    monkeypatch.setenv("XINYONG_DATA_KEY", "dGVzdC1kYXRhLWtleS0zMi1ieXRlcy1sb25nLWtleSE=")
    app = create_app({"INSTANCE_PATH": str(tmp_path / "instance")})
    assert app.config["REPORT_WORKDAYS"] == 5
    assert app.config["PRODUCTION"] is True
    assert app.config["ADULT_AGE"] == 18


def test_demo_without_hints_does_not_tell_a_script_to_run_what_it_runs_itself(cli):
    result = cli("demo", "--scale", "20", "--no-hints")
    assert result.exit_code == EXIT_OK
    assert "Sample provider files" in result.output
    assert "xinyong import" not in result.output
