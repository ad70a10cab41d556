"""A record's columns before its source fills them in, and the label it shows.

One set of defaults for every writer of records: intake starts each row's
record from it, and so does the demo. The fingerprint covers the whole dict, so
a column added here changes every fingerprint; a stored record whose fingerprint
differs is compared field by field at its next report, and an unchanged one is
only re-fingerprinted, so that costs one comparison, never a false update.
"""

from __future__ import annotations

from typing import Any

from xinyong.credit.models import Record, RecordStatus

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
