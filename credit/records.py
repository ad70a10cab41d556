"""A record's columns before its source fills them in.

One set of defaults for every writer of records: intake starts each row's
record from it, and so does the demo. Intake fingerprints the whole dict, so a
column added here changes every fingerprint: add one only with a migration of
the stored fingerprints.
"""

from __future__ import annotations

from typing import Any

from xinyong.credit.models import RecordStatus

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
    "removed_on": None,
    "removed_doc": None,
    "consent_ref": None,
}
