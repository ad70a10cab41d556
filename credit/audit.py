"""The audit trail: every change to the credit data is kept as an event with who and when."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from xinyong.credit.models import AuditEvent


def log(
    session: Session, actor: str, action: str, entity: str, entity_id: Any, **detail: Any
) -> AuditEvent:
    event = AuditEvent(
        actor=actor, action=action, entity=entity, entity_id=str(entity_id), detail=detail
    )
    session.add(event)
    return event


def log_many(
    session: Session,
    actor: str,
    action: str,
    entity: str,
    events: Iterable[tuple[Any, dict[str, Any]]],
) -> None:
    """Events of one kind, (entity id, detail) each, in one insert: intake of a large file."""
    rows = [
        {
            "actor": actor,
            "action": action,
            "entity": entity,
            "entity_id": str(id_),
            "detail": detail,
        }
        for id_, detail in events
    ]
    if rows:
        session.execute(insert(AuditEvent), rows)
