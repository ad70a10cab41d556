"""Tables from the files departments hand in: CSV, XLSX, XLS, ODS, JSON.

CSV and JSON stream: rows come one at a time, so a 100,000-row file is read in
bounded memory (JSON through ijson). python-calamine holds a spreadsheet's first
sheet in memory (about 1.3 KB a row: 250 MiB at 100,000 rows), then hands rows
out one at a time; departments with larger files export CSV. Cells come back as
text (numbers as the export shows them), as a `datetime.date` for a date cell,
or as a `BadCell` that says why the value cannot be a cell.

Whatever a file holds, reading it either works or raises `TableError` with a
reason in Chinese: no library's own (English) message reaches a department.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import re
import unicodedata
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

import ijson
import python_calamine

SPREADSHEETS = {".xlsx": "xlsx", ".xlsm": "xlsx", ".xls": "xls", ".ods": "ods"}
FORMATS = {".csv": "csv", ".txt": "csv", ".json": "json", **SPREADSHEETS}
FORMAT_NAMES = {"csv": "CSV", "json": "JSON", "xlsx": "XLSX", "xls": "XLS", "ods": "ODS"}
HELP = "请提交CSV、XLSX、XLS、ODS或JSON文件（见格式说明）"
_SNIFF = 1 << 16
#: CSV cells longer than this are not a department's data (csv's own default is 131,072)
CSV_FIELD_LIMIT = 1 << 20


TOO_LONG_NUMBER = "数字的位数过多，不可能是有效的值"


class TableError(ValueError):
    """A file that cannot be read as a table at all; `str()` says why, in Chinese."""


@dataclass(frozen=True)
class BadCell:
    """A value that cannot be a cell (a JSON list or object): the row is rejected with `reason`."""

    text: str
    reason: str

    def __str__(self) -> str:
        return self.text


Cell = str | dt.date | BadCell


class Cells(dict):
    """A row's cells by header; `width` counts its cells up to the last one filled, `columns`
    the header's named columns, so a row wider than its header is told apart (not cut)."""

    width: int = 0
    columns: int = 0

    @property
    def overflows(self) -> bool:
        return self.width > self.columns


@dataclass
class Table:
    """`rows` yields (row number, cells by header); the header is row 1 (JSON: item N is row N+1)."""

    file_format: str
    headers: list[str]
    rows: Iterator[tuple[int, Cells]]
    encoding: str | None = None


def file_format(path: Path) -> str:
    try:
        return FORMATS[path.suffix.lower()]
    except KeyError:
        raise TableError(f"不支持的文件类型“{path.suffix}”：{HELP}") from None


@contextmanager
def open_table(path: Path) -> Iterator[Table]:
    """Open `path` as a table; the rows can be read while the context is open."""
    kind = file_format(path)
    content = sniff(path, kind)
    if content in SPREADSHEETS.values():
        yield _spreadsheet_table(path, content)
    elif kind == "csv":
        encoding = detect_encoding(path)
        with path.open(encoding=encoding, newline="", errors="strict") as stream:
            yield _csv_table(stream, encoding)
    elif kind == "json":
        encoding = detect_encoding(path)
        backend = "python" if _c_backend_traps(path, encoding) else None
        with path.open(encoding=encoding, errors="strict") as stream:
            yield _json_table(_Utf8(stream), backend)
    else:
        yield _spreadsheet_table(path, kind)


#: what a file's first bytes say it is, when it is not what a department should hand in
_FOREIGN = (
    (b"\x89PNG", "PNG图片"),
    (b"\xff\xd8\xff", "JPEG图片"),
    (b"GIF8", "GIF图片"),
    (b"BM", "BMP图片"),
    (b"%PDF", "PDF文档"),
    (b"Rar!", "RAR压缩包"),
    (b"7z\xbc\xaf\x27\x1c", "7z压缩包"),
    (b"\x1f\x8b", "GZIP压缩包"),
    (b"{\\rtf", "RTF文档"),
)
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = b"PK\x03\x04"
_HTML = (b"<!doctype html", b"<html", b"<?xml", b"<table", b"<head", b"<body", b"<meta")


def sniff(path: Path, kind: str) -> str:
    """The format the bytes hold: `kind`, or the spreadsheet format a renamed file really is.

    A file that is no table at all is refused here, named for what it is, so the department
    is not told of an encoding or a broken workbook when it sent a picture or a web page.
    """
    with path.open("rb") as stream:
        head = stream.read(_SNIFF)
    named = f"文件扩展名为{path.suffix}"
    if not head:
        raise TableError("文件为空（0字节）：第1行应为表头")
    for magic, what in _FOREIGN:
        if head.startswith(magic) and not (magic == b"BM" and kind in ("csv", "json")):
            raise TableError(f"{named}，但内容是{what}，不是表格：{HELP}")
    lowered = head.lstrip(codecs.BOM_UTF8 + b" \t\r\n").lower()
    if head.startswith(_OLE):
        return _ole_kind(path, named)
    if head.startswith(_ZIP):
        return _zip_kind(path, named)
    if lowered.startswith(_HTML) and kind != "json":
        raise TableError(
            f"{named}，但内容是网页（HTML），不是电子表格（有些系统把网页存为.xls）："
            "请在Excel中打开后另存为XLSX或CSV再报送"
        )
    if kind in SPREADSHEETS.values():
        raise TableError(
            f"{named}，但内容不是{FORMAT_NAMES[kind]}电子表格（可能是改了扩展名的文本或"
            f"已损坏的文件）：{HELP}"
        )
    if _looks_binary(head):
        raise TableError(f"{named}，但内容不是文本（含有二进制数据）：{HELP}")
    return kind


def _ole_kind(path: Path, named: str) -> str:
    """An OLE compound file: an XLS workbook, or a Word document, or an encrypted workbook."""
    with path.open("rb") as stream:
        data = stream.read(1 << 20)
    if "EncryptedPackage".encode("utf-16-le") in data:
        raise TableError(f"{named}，但文件设有密码（已加密）：请去掉密码后重新报送")
    if "Workbook".encode("utf-16-le") in data or "Book".encode("utf-16-le") in data:
        return "xls"
    raise TableError(f"{named}，但内容是Office文档（不是Excel工作簿）：{HELP}")


def _zip_kind(path: Path, named: str) -> str:
    """A ZIP file: an XLSX or ODS workbook, or some other archive."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            mimetype = archive.read("mimetype") if "mimetype" in names else b""
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise TableError(f"{named}，但文件已损坏（压缩结构无法读取）：请重新导出后报送") from None
    if "xl/workbook.xml" in names:
        return "xlsx"
    if mimetype.startswith(b"application/vnd.oasis.opendocument.spreadsheet"):
        return "ods"
    if "word/document.xml" in names:
        raise TableError(f"{named}，但内容是Word文档，不是表格：{HELP}")
    raise TableError(f"{named}，但内容是ZIP压缩包，不是电子表格：请解压后报送其中的表格文件")


def _looks_binary(head: bytes) -> bool:
    """Many control bytes: no CSV or JSON export writes those. A stray one (a NUL pasted
    into a cell) makes a rejected row, not a refused file."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    controls = sum(1 for byte in head if byte < 32 and byte not in (9, 10, 13))
    return controls > len(head) // 100


def detect_encoding(path: Path) -> str:
    """UTF-8 with or without BOM, UTF-16 with BOM (Excel's "Unicode text"), else GB18030."""
    with path.open("rb") as stream:
        head = stream.read(_SNIFF)
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    for encoding in ("utf-8", "gb18030"):
        try:
            codecs.getincrementaldecoder(encoding)().decode(head, final=len(head) < _SNIFF)
            return encoding
        except UnicodeDecodeError:
            continue
    raise TableError("文件编码无法识别：请以UTF-8或GB18030编码保存为CSV文件")


def _csv_table(stream: IO[str], encoding: str) -> Table:
    csv.field_size_limit(CSV_FIELD_LIMIT)
    try:
        first = stream.readline()
        stream.seek(0)
        dialect = "excel-tab" if "\t" in first and "," not in first else "excel"
        reader = csv.reader(stream, dialect, strict=True)
        headers = next(reader)
    except StopIteration:
        raise TableError("文件为空：第1行应为表头") from None
    except (csv.Error, UnicodeDecodeError) as error:
        raise TableError(f"表头（第1行）无法读取：{_csv_reason(error, encoding)}") from None
    columns = _width(headers)

    def rows() -> Iterator[tuple[int, Cells]]:
        try:
            for number, values in enumerate(reader, start=2):
                if any(value.strip() for value in values):  # CSV cells are text already
                    cells = Cells(zip(headers, values, strict=False))
                    cells.width, cells.columns = _width(values), columns
                    yield number, cells
        except (csv.Error, UnicodeDecodeError) as error:
            raise TableError(
                f"CSV文件第{reader.line_num}行附近无法读取：{_csv_reason(error, encoding)}"
            ) from None

    return Table("csv", headers, rows(), encoding)


def _csv_reason(error: Exception, encoding: str) -> str:
    if isinstance(error, UnicodeDecodeError):
        return f"含有不能按{encoding.upper()}编码解读的字节（文件可能混用了编码或已损坏）"
    if "field larger" in str(error):
        return f"有单元格超过{CSV_FIELD_LIMIT:,}个字符"
    if "NUL" in str(error):
        return "含有空字符（NUL）"
    return "引号不成对或换行位置不对（单元格内的引号应写作两个引号）"


def _width(values: list[Any]) -> int:
    """Cells up to the last one filled."""
    for index in range(len(values) - 1, -1, -1):
        value = values[index]
        if value is not None and (not isinstance(value, str) or value.strip()):
            return index + 1
    return 0


def _cells(headers: list[str], values: list[Any], columns: int) -> Cells:
    cells = Cells(zip(headers, (_cell(value) for value in values), strict=False))
    cells.width, cells.columns = _width(values), columns
    return cells


def _cell(value: Any) -> Cell:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date | BadCell):
        return value
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int) and value.bit_length() > 128:  # str() refuses 4,300 digits
        return BadCell(f"{str(value)[:20] if value.bit_length() < 14000 else ''}…", TOO_LONG_NUMBER)
    if isinstance(value, float):
        return number_text(value)
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list | dict):
        return BadCell(str(value)[:200], "应为文本、数字或日期，不能是列表或对象")
    return str(value)


def number_text(value: float) -> str:
    """A spreadsheet number as Excel shows it: 15 significant digits, so the binary float's
    noise (0.1 + 0.2 = 0.30000000000000004) never becomes part of an amount."""
    if value != value or value in (float("inf"), float("-inf")):
        return str(value)
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    text = format(Decimal(format(value, ".15g")), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _spreadsheet_table(path: Path, kind: str) -> Table:
    name = FORMAT_NAMES[kind]
    try:
        with path.open("rb") as stream:
            workbook = python_calamine.CalamineWorkbook.from_filelike(stream)
        sheet = workbook.get_sheet_by_index(0)
        first_row = sheet.start[0] if sheet.start else 0
        iterator = iter(sheet.iter_rows())
        header_cells = next(iterator, None)
    except python_calamine.PasswordError:
        raise TableError(f"{name}电子表格设有密码：请去掉密码后重新报送") from None
    except Exception:  # calamine raises several types for a broken file, all in English
        raise TableError(
            f"{name}电子表格无法读取（文件已损坏，或不是真正的{name}文件）：请重新导出后报送"
        ) from None
    if first_row != 0 or not header_cells:
        raise TableError("第一个工作表的第1行应为表头（该工作表为空，或表头不在第1行）")
    headers = [str(_cell(value)) for value in header_cells]
    columns = _width(headers)

    def rows() -> Iterator[tuple[int, Cells]]:
        for number, values in enumerate(iterator, start=2):
            cells = _cells(headers, values, columns)
            if cells.width:
                yield number, cells

    return Table(kind, headers, rows())


#: what ijson's C backend gets wrong: an escaped UTF-16 surrogate (a lone one becomes "?"
#: without a word) and a number of thousands of digits (the process crashes)
_C_BACKEND_TRAPS = re.compile(r"\\u[dD][89a-fA-F]|\d{1000}")


def _c_backend_traps(path: Path, encoding: str) -> bool:
    """Whether the JSON holds what only ijson's Python backend reads safely: such a file is
    read by it, slower, and a lone surrogate then reaches the row check that rejects it."""
    with path.open(encoding=encoding, errors="replace") as stream:
        tail = ""
        while block := stream.read(1 << 20):
            if _C_BACKEND_TRAPS.search(tail + block):
                return True
            tail = block[-1000:]
    return False


class _Utf8:
    """A text stream read as UTF-8 bytes: ijson reads bytes, departments write GB18030 too."""

    def __init__(self, stream: IO[str]) -> None:
        self._stream = stream

    def read(self, size: int = -1) -> bytes:
        if size == 0:  # ijson asks for nothing to learn whether the stream gives bytes
            return b""
        return self._stream.read(size if size < 0 else max(size // 4, 1)).encode(
            "utf-8", "surrogatepass"
        )


def _json_table(stream: _Utf8, backend: str | None = None) -> Table:
    parser = ijson.get_backend(backend) if backend else ijson
    events = parser.parse(stream)
    try:
        start = next(events, None)
    except (ijson.JSONError, ArithmeticError, UnicodeDecodeError):
        raise TableError("JSON文件无法读取：不是有效的JSON（应为对象的列表）") from None
    if start is None or start[1] != "start_array":
        raise TableError("JSON文件应为以“[”开头的对象列表，每个对象是一条记录")
    items = parser.items(events, "item")

    def rows() -> Iterator[tuple[int, Cells]]:
        number = 1
        try:
            for number, item in enumerate(items, start=2):  # noqa: B007
                if not isinstance(item, dict):
                    raise TableError(f"JSON文件第{number - 1}条记录不是对象：每一项都应为对象")
                keys = [_text(key) for key in item]
                yield number, _cells(keys, list(item.values()), len(keys))
        except (ijson.JSONError, ArithmeticError):
            raise TableError(
                f"JSON文件第{number}条记录附近无法读取：JSON格式错误、文件不完整或数字无法读取"
            ) from None
        except UnicodeDecodeError:
            raise TableError(
                f"JSON文件第{number}条记录附近含有无法解读的字节（编码混用或文件已损坏）"
            ) from None

    first = next(rows_iter := rows(), None)
    if first is None:
        raise TableError("JSON文件中没有记录：应为对象的列表")

    def all_rows() -> Iterator[tuple[int, Cells]]:
        yield first
        yield from rows_iter

    return Table("json", list(first[1]), all_rows())


def _text(value: object) -> str:
    return unicodedata.normalize("NFC", str(value))
