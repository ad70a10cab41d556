"""Tables from the files departments hand in: CSV, XLSX, XLS, ODS, JSON.

CSV and JSON stream: rows come one at a time, so a 100,000-row file is read in
bounded memory. python-calamine holds a spreadsheet's first sheet in memory
(about 1.3 KB a row: 250 MiB at 100,000 rows), then hands rows out one at a
time; departments with larger files export CSV. Cells come back as text
(numbers as the export shows them) or as a `datetime.date` for a date cell.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import python_calamine

Cell = str | dt.date
SPREADSHEETS = {".xlsx": "xlsx", ".xlsm": "xlsx", ".xls": "xls", ".ods": "ods"}
FORMATS = {".csv": "csv", ".txt": "csv", ".json": "json", **SPREADSHEETS}
_SNIFF = 1 << 16


class TableError(ValueError):
    """A file that cannot be read as a table at all; `str()` says why, in Chinese."""


@dataclass
class Table:
    """`rows` yields (row number, cells by header); the header is row 1 (JSON: item N is row N+1)."""

    file_format: str
    headers: list[str]
    rows: Iterator[tuple[int, dict[str, Cell]]]
    encoding: str | None = None


def file_format(path: Path) -> str:
    try:
        return FORMATS[path.suffix.lower()]
    except KeyError:
        raise TableError(
            f"不支持的文件类型“{path.suffix}”：请提交CSV、XLSX、XLS、ODS或JSON文件"
        ) from None


@contextmanager
def open_table(path: Path) -> Iterator[Table]:
    """Open `path` as a table; the rows can be read while the context is open."""
    kind = file_format(path)
    if kind == "csv":
        encoding = detect_encoding(path)
        with path.open(encoding=encoding, newline="", errors="strict") as stream:
            yield _csv_table(stream, encoding)
    elif kind == "json":
        with path.open(encoding=detect_encoding(path)) as stream:
            yield _json_table(stream)
    else:
        yield _spreadsheet_table(path, kind)


def detect_encoding(path: Path) -> str:
    """UTF-8 with or without BOM, else GB18030 (what Excel on a Chinese Windows writes)."""
    with path.open("rb") as stream:
        head = stream.read(_SNIFF)
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=len(head) < _SNIFF)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        codecs.getincrementaldecoder("gb18030")().decode(head, final=len(head) < _SNIFF)
        return "gb18030"
    except UnicodeDecodeError:
        raise TableError("文件编码无法识别：请以UTF-8或GB18030编码保存") from None


def _csv_table(stream: IO[str], encoding: str) -> Table:
    reader = csv.reader(stream)
    try:
        headers = next(reader)
    except StopIteration:
        raise TableError("文件为空：第1行应为表头") from None
    except (csv.Error, UnicodeDecodeError) as error:
        raise TableError(f"CSV文件无法读取：{error}") from None

    def rows() -> Iterator[tuple[int, dict[str, Cell]]]:
        try:
            for number, cells in enumerate(reader, start=2):
                if any(cell.strip() for cell in cells):
                    yield number, dict(zip(headers, cells, strict=False))
        except (csv.Error, UnicodeDecodeError) as error:
            raise TableError(f"CSV文件第{reader.line_num}行无法读取：{error}") from None

    return Table("csv", headers, rows(), encoding)


def _cell(value: Any) -> Cell:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def _spreadsheet_table(path: Path, kind: str) -> Table:
    try:
        workbook = python_calamine.CalamineWorkbook.from_path(str(path))
        sheet = workbook.get_sheet_by_index(0)
        first_row = sheet.start[0] if sheet.start else 0
        iterator = iter(sheet.iter_rows())
        header_cells = next(iterator, None)
    except Exception as error:  # calamine raises several types for a broken file
        raise TableError(f"电子表格无法读取（{kind.upper()}）：{error}") from None
    if first_row != 0 or not header_cells:
        raise TableError("第1行应为表头")
    headers = [str(_cell(value)) for value in header_cells]

    def rows() -> Iterator[tuple[int, dict[str, Cell]]]:
        for number, values in enumerate(iterator, start=2):
            cells = [_cell(value) for value in values]
            if any(cell if isinstance(cell, dt.date) else cell.strip() for cell in cells):
                yield number, dict(zip(headers, cells, strict=False))

    return Table(kind, headers, rows())


def _json_table(stream: IO[str]) -> Table:
    items = _json_items(stream)
    try:
        first = next(items, None)
    except ValueError as error:
        raise TableError(f"JSON文件无法读取：{error}") from None
    if first is None:
        raise TableError("JSON文件中没有记录：应为对象的列表")
    headers = list(first)

    def rows() -> Iterator[tuple[int, dict[str, Cell]]]:
        number = 2
        yield number, {key: _cell(value) for key, value in first.items()}
        try:
            for number, item in enumerate(items, start=3):  # noqa: B007
                yield number, {key: _cell(value) for key, value in item.items()}
        except ValueError as error:
            raise TableError(f"JSON文件第{number + 1}条记录无法读取：{error}") from None

    return Table("json", headers, rows())


def _json_items(stream: IO[str], chunk: int = 1 << 16) -> Iterator[dict[str, Any]]:
    """The objects of a top-level JSON list, decoded one at a time."""
    decoder = json.JSONDecoder()
    buffer, position = "", 0

    def fill() -> bool:
        nonlocal buffer, position
        more = stream.read(chunk)
        buffer, position = buffer[position:] + more, 0
        return bool(more)

    def skip(chars: str) -> None:
        nonlocal position
        while True:
            while position < len(buffer) and buffer[position] in chars:
                position += 1
            if position < len(buffer) or not fill():
                return

    skip(" \t\r\n")
    if position >= len(buffer) or buffer[position] != "[":
        raise ValueError("应为以“[”开头的对象列表")
    position += 1
    while True:
        skip(" \t\r\n,")
        if position >= len(buffer):
            raise ValueError("列表未以“]”结束")
        if buffer[position] == "]":
            return
        while True:
            try:
                item, end = decoder.raw_decode(buffer, position)
                break
            except json.JSONDecodeError:
                if not fill():
                    raise
        position = end
        if not isinstance(item, dict):
            raise ValueError("列表中的每一项都应为对象")
        yield item
