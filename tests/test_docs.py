"""The README documents every command, option and setting; the format document every column.

In the manner of Datasette's tests/test_docs.py: adding a setting or an option without
documenting it fails here.
"""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

from xinyong import commands
from xinyong.cli import main
from xinyong.credit.formats import FORMATS_DOC
from xinyong.credit.intake.headers import COLUMNS
from xinyong.credit.settings import SETTINGS

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
FORMATS = (ROOT / FORMATS_DOC).read_text(encoding="utf-8")
FLASK_OWN = {"run", "shell", "routes"}


def settings_rows() -> dict[str, str]:
    """README's settings table: the row of each setting, by name."""
    return {
        match.group(1): match.group(0)
        for match in re.finditer(r"^\| `([A-Z_]+)` \|.*$", README, flags=re.MULTILINE)
        if not match.group(1).startswith("XINYONG_")  # the table of variables that are not settings
    }


@pytest.mark.parametrize("setting", SETTINGS, ids=lambda setting: setting.name)
def test_every_setting_is_in_the_readme_with_its_variable_and_default(setting):
    row = settings_rows().get(setting.name)
    assert row, f"README.md: add `{setting.name}` to the settings table"
    if setting.variable:
        assert f"`{setting.variable}`" in row
    if setting.default is not None:
        shown = str(setting.default).replace("{instance}", "<instance>")
        assert f"`{shown}`" in row, f"README.md: the default of {setting.name} is {shown}"
    assert setting.help in row, f"README.md: the help of {setting.name} is the table's"
    assert (setting.clause or "—") in row


def test_the_readme_names_no_setting_that_does_not_exist():
    names = {setting.name for setting in SETTINGS}
    assert set(settings_rows()) <= names


def walk(group: click.Group, path: tuple[str, ...] = ()):
    """Every command of the CLI with its path: ("import",), ("calendar", "show") …"""
    for name, command in group.commands.items():
        if not path and name in FLASK_OWN:
            continue
        yield (*path, name), command
        if isinstance(command, click.Group):
            yield from walk(command, (*path, name))


COMMANDS = list(walk(main))


@pytest.mark.parametrize("path, command", COMMANDS, ids=[" ".join(p) for p, _ in COMMANDS])
def test_every_command_and_option_is_in_the_readme(path, command):
    spoken = f"xinyong {path[0]}" if len(path) == 1 else " ".join(path)
    assert spoken in README, f"README.md: document `{spoken}`"
    for param in command.params:
        if not isinstance(param, click.Option):
            continue
        for option in [*param.opts, *param.secondary_opts]:
            if option.startswith("--") and option != "--help":
                assert option in README, f"README.md: document `{spoken} {option}`"


def test_flasks_own_commands_and_the_group_options_are_in_the_readme():
    for name in FLASK_OWN:
        assert f"`{name}`" in README or f"xinyong {name}" in README
    context = click.Context(main)
    for param in main.get_params(context):
        for option in param.opts:
            if option.startswith("--") and option != "--help":
                assert option in README, option


def test_every_exit_status_is_in_the_readme_table():
    for name in dir(commands):
        if name.startswith("EXIT_"):
            code = getattr(commands, name)
            assert re.search(rf"^\| {code} \|", README, flags=re.MULTILINE), name


def test_the_readme_points_at_the_format_document_not_outside_the_repository():
    assert FORMATS_DOC in README
    assert "../shared" not in README


@pytest.mark.parametrize("kind", list(COLUMNS))
def test_the_format_document_names_every_column_intake_reads(kind):
    missing = [column.name for column in COLUMNS[kind] if column.name not in FORMATS]
    assert not missing, f"{FORMATS_DOC}: describe {missing}"
