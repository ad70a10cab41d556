"""Provider intake: read a file, validate every row, merge accepted rows, write feedback.

The formats are those of `docs/formats.md`: the national 双公示 standard's field names
(2021, and the 2016 names older systems still export), other catalog items, and repairs
decided upstream.
"""

from xinyong.credit.intake.headers import KINDS
from xinyong.credit.intake.importer import (
    ImportResult,
    Progress,
    ReceiptError,
    Settings,
    import_file,
    receipt_date,
    survey,
)

__all__ = [
    "KINDS",
    "ImportResult",
    "Progress",
    "ReceiptError",
    "Settings",
    "import_file",
    "receipt_date",
    "survey",
]
