"""The feedback file: what the department fixes and hands in again (seed 二（一）4).

`<file>.feedback.csv`, UTF-8 with BOM so that Excel opens it, one line per problem with
the spreadsheet row number (header = row 1). Every cell is neutralised: a department's
own cell written back could otherwise run as a formula in the spreadsheet that opens it.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path
from types import TracebackType

from xinyong.credit.intake.problems import Problem

COLUMNS = ("行号", "字段", "原因", "原值")
ALL_PASSED = "全部通过"
#: what a spreadsheet takes for the start of a formula (OWASP: CSV injection)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def feedback_path(path: Path) -> Path:
    return path.with_name(path.name + ".feedback.csv")


def neutralise(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


class FeedbackWriter:
    """Written as the rows are checked, so the problems of a large file are never all in memory."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.lines = 0
        self._stream = path.open("w", encoding="utf-8-sig", newline="")
        self._writer = csv.writer(self._stream)
        self._writer.writerow(COLUMNS)

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

    def close(self) -> None:
        self._stream.close()

    def __enter__(self) -> FeedbackWriter:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()
