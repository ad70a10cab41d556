"""What intake reports back: a problem with one row, or the refusal of a whole file."""

from __future__ import annotations

from dataclasses import dataclass

HEADER_ROW = 1


@dataclass(frozen=True)
class Problem:
    """One line of the feedback: the spreadsheet row (header = row 1), the field, the reason.

    A `notice` refused nothing (an ignored column, a repair for a record not held).
    """

    row: int
    field: str
    reason: str
    value: str = ""
    notice: bool = False


class Refusal(Exception):
    """The whole file is refused before anything of it is stored; `str()` says why."""

    def __init__(self, reason: str, field: str = "", row: int = HEADER_ROW) -> None:
        super().__init__(reason)
        self.reason = reason
        self.field = field
        self.row = row

    def problem(self) -> Problem:
        return Problem(self.row, self.field, self.reason)
