"""The facts of a record, written in one place: intake and the demo both call this module.

A record's columns before its source fills them in (`BLANK`), its fingerprint, its
lateness, whether it may have been decided under 简易程序, what a repair changes, and
the objection label it shows. The fingerprint covers the whole of `BLANK`, so a column
added there changes every fingerprint; a stored record whose fingerprint differs is
compared field by field at its next report, and an unchanged one is only
re-fingerprinted: that costs one comparison, never a false update.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from xinyong.credit.models import CatalogItem, Record, RecordStatus
from xinyong.credit.workdays import WorkCalendar

#: a record's values that a kind leaves unset
BLANK: dict[str, Any] = {
    "authority_uscc": None,
    "title": None,
    "content": None,
    "valid_from": None,
    "valid_to": None,
    "severity": None,
    "severity_inferred": False,
    "disclosure_end": None,
    "repairable_from": None,
    "simple_procedure": False,
    "status": RecordStatus.ACTIVE,
    "status_reason": None,
    "status_on": None,
    "objection_label": None,
    "provider_label": None,
    "removed_on": None,
    "removed_doc": None,
    "consent_ref": None,
}


def shown_label(record: Record) -> str | None:
    """The objection label a record shows: the subject's own objection, decided in the forms
    app, speaks first; otherwise the provider's (seed 二（三）5: labelled at once)."""
    return record.objection_label or record.provider_label


#: what a report says of a record: `BLANK`'s columns, its identity, its date and fields
FACTS = (*BLANK, "kind", "item_code", "doc_no", "authority", "decided_on", "fields")


def fingerprint(match: str, name: str, legal_rep: str | None, values: dict[str, Any]) -> str:
    """What a report says about a record, hashed: the same report again changes nothing.

    `match` is the subject's identity (its code, or the keyed hash of an ID number),
    `values` the record's columns from `BLANK` on, with `fields` (every other field).
    """
    facts = {key: values[key] for key in FACTS if key in values}
    content = {"subject": match, "name": name, "legal_rep": legal_rep, **facts}
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def lateness(
    calendar: WorkCalendar, decided_on: dt.date, received_on: dt.date, report_workdays: int
) -> dict[str, Any]:
    """seed 二（一）2: reported within `report_workdays` working days of forming."""
    count = calendar.count(decided_on, received_on)
    return {
        "report_workdays": count.days,
        "late": count.days > report_workdays,
        "late_provisional": count.provisional,
    }


#: 行政处罚法 art. 51: on the spot, a warning or a fine up to 200 yuan (person) or 3,000
#: (organisation), in 万元; a catalog item may set its own limits
SIMPLE_KINDS = frozenset({"警告", "罚款"})
SIMPLE_FINE_LIMITS = {"person": Decimal("0.02"), "org": Decimal("0.3")}


def simple_procedure_fits(
    item: CatalogItem, kinds: Iterable[str], fine: Decimal | str | None, person: bool
) -> bool:
    """Whether a penalty can have been decided under 简易程序 (its fine in 万元)."""
    who = "person" if person else "org"
    limit = Decimal(
        str(item.extra.get(f"simple_procedure_fine_limit_{who}", SIMPLE_FINE_LIMITS[who]))
    )
    within = fine is None or fine == "" or Decimal(str(fine)) <= limit
    return within and all(kind in SIMPLE_KINDS for kind in kinds)


#: the status_reason of a record archived after credit repair
REPAIRED = "信用修复"


def repaired(on: dt.date, by: str, doc: str | None) -> dict[str, Any]:
    """What a credit repair writes: archived, kept, never used or shown (seed 二（三）3)."""
    return {
        "status": RecordStatus.ARCHIVED,
        "status_reason": REPAIRED,
        "status_on": on,
        "repaired_on": on,
        "repaired_by": by,
        "repair_doc": doc,
    }
