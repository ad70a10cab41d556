"""The app's keys for persons' ID numbers: where they come from, and when the app refuses.

DATA_KEY (AES-GCM) and ID_KEY (the keyed hash) come from the environment
(XINYONG_DATA_KEY, XINYONG_ID_KEY), the config file or, for development only,
from files generated once in the instance folder — never from the repository.
Production (PRODUCTION, or a PostgreSQL DATABASE_URL) takes no development key.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from pathlib import Path
from typing import Any

import click
from flask import Flask
from flask.cli import NoAppException
from sqlalchemy import Engine
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from xinyong import config
from xinyong.credit import personal
from xinyong.credit.identifiers import IdProtector

#: development keys, generated once into the instance folder (mode 0600)
INSTANCE_FILES = {"DATA_KEY": "data.key", "ID_KEY": "id.key"}
_CHECKED = "xinyong.keys_checked"
_TRUE = {"1", "true", "yes", "on"}


class Refused(NoAppException):
    """The app will not run with these settings: one line says why and what to set."""

    exit_code = 1

    def show(self, file: Any = None) -> None:
        click.echo(f"Error: {self.format_message()}", file=file, err=True)


def production(settings: MutableMapping[str, Any]) -> bool:
    """The PRODUCTION flag, or a PostgreSQL database (a laptop uses SQLite)."""
    flag = settings.get("PRODUCTION")
    if isinstance(flag, str):
        flag = flag.strip().lower() in _TRUE
    url = str(settings.get("DATABASE_URL") or "")
    try:
        backend = make_url(url).get_backend_name()
    except ArgumentError:
        backend = url.split(":", 1)[0]
    return bool(flag) or backend.startswith("postgres")


def settle(settings: MutableMapping[str, Any], instance: Path) -> None:
    """Fill in the development keys, or refuse production settings that lack real ones."""
    if production(settings):
        development = config.defaults(instance)["SECRET_KEY"]
        if not settings.get("SECRET_KEY") or settings["SECRET_KEY"] == development:
            raise Refused("production refuses the development SECRET_KEY: set XINYONG_SECRET_KEY")
        missing = [f"XINYONG_{name}" for name in personal.KEY_NAMES if not settings.get(name)]
        if missing:
            raise Refused(
                f"production needs {' and '.join(missing)} set explicitly "
                "(development keys from the instance folder are not used)"
            )
        if str(settings["ID_KEY"]) == str(settings["SECRET_KEY"]):
            raise Refused("production needs an ID_KEY of its own, not the SECRET_KEY")
    else:
        for name, filename in INSTANCE_FILES.items():
            if not settings.get(name):
                settings[name] = personal.instance_key(instance / filename)
    try:
        keys_of(settings)
    except personal.KeyProblem as problem:
        raise Refused(f"{problem} (set XINYONG_DATA_KEY / XINYONG_ID_KEY)") from None


def keys_of(settings: Any) -> personal.Keys:
    return personal.Keys(
        data=personal.decode_data_key(settings.get("DATA_KEY") or ""),
        id=config.id_key(settings),
    )


def protector(settings: Any) -> IdProtector:
    """Hashes and seals ID numbers with the app's keys (it cannot decrypt)."""
    keys = keys_of(settings)
    return IdProtector(keys.id, keys.data)


def verify(app: Flask, engine: Engine) -> None:
    """Refuse a database made with other keys; once it matched, it is not asked again."""
    if app.extensions.get(_CHECKED) or _no_file_yet(engine):
        return
    keys = keys_of(app.config)
    try:
        with engine.connect() as connection:
            stored = personal.stored_checks(connection)
            wrong = personal.mismatched(connection, keys)
    except SQLAlchemyError:  # not a database (yet): the database check says so
        return
    if wrong:
        raise Refused(mismatch_message(engine, wrong))
    app.extensions[_CHECKED] = bool(stored)


def mismatch_message(engine: Engine, wrong: list[str]) -> str:
    url = engine.url.render_as_string(hide_password=True)
    names = " and ".join(f"XINYONG_{name}" for name in wrong)
    return (
        f"the database {url} was made with another {' and '.join(wrong)}: "
        f"set {names} to the key{'s' if len(wrong) > 1 else ''} it was made with "
        "(a changed ID_KEY would split every person into two subjects)"
    )


def _no_file_yet(engine: Engine) -> bool:
    database = engine.url.database
    return (
        engine.url.get_backend_name() == "sqlite"
        and bool(database)
        and database != ":memory:"
        and not Path(database).exists()
    )
