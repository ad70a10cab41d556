"""The feedback file: what the department fixes and hands in again (seed 二（一）4).

`<file>.feedback.csv`, UTF-8 with BOM so that Excel opens it, one line per problem with
the spreadsheet row number (header = row 1). Every cell is neutralised: a department's
own cell written back could otherwise run as a formula in the spreadsheet that opens it;
a cell longer than Excel holds is cut, and says so; what no file can hold (NUL, a lone
surrogate) is shown as U+FFFD. The file is written beside its final name and put in
place when complete, so a half-written feedback never stands as the answer.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path
from types import TracebackType

from xinyong.credit.intake.cells import printable
from xinyong.credit.intake.problems import Problem

COLUMNS = ("行号", "字段", "原因", "原值")
ALL_PASSED = "全部通过"
#: what a spreadsheet takes for the start of a formula (OWASP: CSV injection)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: the most characters an Excel cell holds
EXCEL_CELL = 32767
CUT = "…（原值过长，共{length:,}个字符，此处只显示前{shown:,}个）"


def feedback_path(path: Path) -> Path:
    return path.with_name(path.name + ".feedback.csv")


def neutralise(value: object) -> str:
    text = printable("" if value is None else str(value))
    text = "'" + text if text.startswith(FORMULA_STARTS) else text
    if len(text) <= EXCEL_CELL:
        return text
    note = CUT.format(length=len(text), shown=EXCEL_CELL)
    shown = EXCEL_CELL - len(note) - 10
    return text[:shown] + CUT.format(length=len(text), shown=shown)


class FeedbackWriter:
    """Written as the rows are checked, so the problems of a large file are never all in memory."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._partial = path.with_name(path.name + ".part")
        self._open()

    def _open(self) -> None:
        self.lines = 0
        self._stream = self._partial.open("w", encoding="utf-8-sig", newline="")
        self._writer = csv.writer(self._stream)
        self._writer.writerow(COLUMNS)

    def reset(self) -> None:
        """Start again: what was written stands for rows that were, after all, not stored."""
        self._stream.close()
        self._open()

    def write(self, problems: Iterable[Problem]) -> None:
        for problem in problems:
            self._writer.writerow(
                [
                    problem.row or "",
                    *map(neutralise, (problem.field, problem.reason, problem.value)),
                ]
            )
            self.lines += 1

    def passed(self, rows: int) -> None:
        """The closing line of a file without a rejected row."""
        self._writer.writerow(["", "", f"{ALL_PASSED}：共{rows}行", ""])

    def close(self, complete: bool = True) -> None:
        self._stream.close()
        if complete:
            self._partial.replace(self.path)
        else:
            self._partial.unlink(missing_ok=True)

    def __enter__(self) -> FeedbackWriter:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close(complete=error is None)
