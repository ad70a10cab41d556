"""Persons' ID numbers at rest (个人信息保护法 art. 51: encryption, de-identification).

A person's ID number is stored only sealed with AES-GCM under the data key, beside
the keyed hash that an exact look-up matches (`IdProtector`, under a separate key)
and the masked form. Each value is sealed with a fresh nonce and the column's
purpose as associated data, so a sealed value copied into another column does not
open. `reveal` is the one way back, for the uses listed in `Use` only.

A database remembers a check value of each key (`KeyCheck`): opened with other
keys, it is refused instead of silently splitting every person into two subjects.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import Connection, inspect, select

from xinyong.credit.models import KeyCheck, now

#: associated data: what a sealed value is for (the column that holds it)
SUBJECT_NUMBER = "subjects.id_encrypted"
PARTY_NUMBER = "id_numbers.encrypted"

KEY_BYTES = 32
_NONCE_BYTES = 12
_VERSION = "v1:"
_CHECK_LABEL = b"xinyong key check"
#: the settings whose check values a database keeps
KEY_NAMES = ("DATA_KEY", "ID_KEY")


class Use(StrEnum):
    """Why a full ID number may be decrypted: nothing else (never for a page)."""

    CITY_BATCH = "city-batch"  # seed 二（一）2: forwarded to 信用淄博
    FULL_FILE_VIEW = "full-file-view"  # a staff member's logged look-up of a full file
    DOWNGRADE = "downgrade"  # a schema downgrade that puts the clear column back


class KeyProblem(ValueError):
    """A key that is missing, malformed or not the one a database was made with."""


@dataclass(frozen=True)
class Keys:
    """The data key (AES-GCM, 32 bytes) and the key of the keyed hash, kept apart."""

    data: bytes
    id: bytes

    def __post_init__(self) -> None:
        if len(self.data) != KEY_BYTES:
            raise KeyProblem(f"DATA_KEY must be {KEY_BYTES} bytes, written in base64")
        if not self.id:
            raise KeyProblem("ID_KEY is empty")
        if hmac.compare_digest(self.data, self.id):
            raise KeyProblem("DATA_KEY and ID_KEY must be different keys")

    def check_values(self) -> dict[str, str]:
        """What a database keeps to recognise its keys: an HMAC of a fixed label, never a key."""
        return {
            "DATA_KEY": hmac.new(self.data, _CHECK_LABEL, hashlib.sha256).hexdigest(),
            "ID_KEY": hmac.new(self.id, _CHECK_LABEL, hashlib.sha256).hexdigest(),
        }


def new_data_key() -> str:
    """A fresh random key, as the setting is written (base64)."""
    return base64.b64encode(os.urandom(KEY_BYTES)).decode()


def decode_data_key(text: str) -> bytes:
    try:
        key = base64.b64decode(str(text).strip(), validate=True)
    except (binascii.Error, ValueError):
        raise KeyProblem("DATA_KEY is not base64") from None
    if len(key) != KEY_BYTES:
        raise KeyProblem(f"DATA_KEY must be the base64 of {KEY_BYTES} bytes, not {len(key)}")
    return key


def instance_key(path: Path) -> str:
    """A development key kept in the instance folder: read it, or create it once (mode 0600)."""
    try:
        return path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    key = new_data_key()
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process made it first: use theirs
        return path.read_text(encoding="ascii").strip()
    with os.fdopen(fd, "w", encoding="ascii") as file:
        file.write(key + "\n")
    return key


def seal(key: bytes, number: str, purpose: str) -> str:
    """`number` encrypted for the column `purpose`, with a fresh nonce."""
    nonce = os.urandom(_NONCE_BYTES)
    sealed = AESGCM(key).encrypt(nonce, number.encode(), purpose.encode())
    return _VERSION + base64.b64encode(nonce + sealed).decode()


def reveal(keys: Keys, sealed: str, purpose: str, use: Use) -> str:
    """The full ID number behind `sealed`: only for the city batch and a logged full-file view.

    The caller logs the look-up (query log); a page never calls this.
    """
    Use(use)  # anything else is a programming error, refused loudly
    if not sealed.startswith(_VERSION):
        raise KeyProblem("not a sealed ID number")
    try:
        raw = base64.b64decode(sealed[len(_VERSION) :], validate=True)
        nonce, body = raw[:_NONCE_BYTES], raw[_NONCE_BYTES:]
        return AESGCM(keys.data).decrypt(nonce, body, purpose.encode()).decode()
    except (InvalidTag, binascii.Error, ValueError):
        raise KeyProblem("the ID number does not open with this DATA_KEY") from None


def stored_checks(connection: Connection) -> dict[str, str]:
    """The check values a database keeps; empty before `init-db` stored them."""
    if not inspect(connection).has_table(KeyCheck.__tablename__):
        return {}
    return {
        name: value for name, value in connection.execute(select(KeyCheck.name, KeyCheck.value))
    }


def mismatched(connection: Connection, keys: Keys) -> list[str]:
    """The names of the keys that differ from the ones the database was made with."""
    stored = stored_checks(connection)
    mine = keys.check_values()
    return [
        name
        for name in KEY_NAMES
        if name in stored and not hmac.compare_digest(stored[name], mine[name])
    ]


def remember(connection: Connection, keys: Keys) -> list[str]:
    """Store the check values the database does not hold yet; the names stored."""
    stored = stored_checks(connection)
    fresh = [name for name in KEY_NAMES if name not in stored]
    values = keys.check_values()
    if fresh:
        connection.execute(
            KeyCheck.__table__.insert(),
            [{"name": name, "value": values[name], "created_at": now()} for name in fresh],
        )
    return fresh
