"""Attachments: PDF, JPG and PNG only, judged by their content, stored under random names.

A file's name says nothing about what it is: the bytes are sniffed (`filetype`),
and a name whose extension disagrees with them is refused too, so a staff member
never opens an executable someone named `.pdf`. Files live in UPLOAD_DIR, which
is outside any web root, under names no one can guess.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import filetype

#: what may be attached: MIME type -> the extensions that name it
ALLOWED = {
    "application/pdf": ("pdf",),
    "image/jpeg": ("jpg", "jpeg"),
    "image/png": ("png",),
}
MAX_FILES = 5
MAX_BYTES = 10 * 1024 * 1024


class BadFile(ValueError):
    """An attachment refused; `str()` says why, in Chinese."""


@dataclass(frozen=True)
class Upload:
    name: str
    data: bytes


def check(upload: Upload, max_bytes: int = MAX_BYTES) -> str:
    """The file's MIME type by content, or `BadFile`."""
    name = upload.name or "附件"
    if not upload.data:
        raise BadFile(f"“{name}”是空文件。")
    if len(upload.data) > max_bytes:
        raise BadFile(f"“{name}”超过{max_bytes // (1024 * 1024)}MB。")
    kind = filetype.guess(upload.data)
    if kind is None or kind.mime not in ALLOWED:
        raise BadFile(f"“{name}”不是PDF、JPG或PNG文件（按文件内容判断），请上传扫描件或照片。")
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in ALLOWED[kind.mime]:
        raise BadFile(f"“{name}”的扩展名与文件内容（{kind.extension.upper()}）不符。")
    return kind.mime


def check_all(uploads: list[Upload], max_files: int = MAX_FILES, max_bytes: int = MAX_BYTES):
    """Every attachment's MIME type, or `BadFile` for the first one refused."""
    if len(uploads) > max_files:
        raise BadFile(f"最多上传{max_files}个附件。")
    return [check(upload, max_bytes) for upload in uploads]


def store(directory: Path, upload: Upload, mime: str) -> dict[str, Any]:
    """Write the file under a random name, readable by the owner only; its Attachment values."""
    directory.mkdir(parents=True, exist_ok=True)
    stored_name = secrets.token_hex(16)
    path = directory / stored_name
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as out:
        out.write(upload.data)
    return {
        "original_name": os.path.basename(upload.name)[:255] or "附件",
        "stored_name": stored_name,
        "mime": mime,
        "size": len(upload.data),
        "sha256": hashlib.sha256(upload.data).hexdigest(),
    }


def path_of(directory: Path, stored_name: str) -> Path:
    """Where a stored attachment lives (names are hex: no path can escape the folder)."""
    if not stored_name.isalnum():
        raise BadFile("附件名称无效。")
    return directory / stored_name
