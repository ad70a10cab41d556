"""The audit trail: every change to the credit data is kept as an event with who and when."""

from __future__ import annotations

from typing import Any

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
