"""Notices to applicants by e-mail, when SMTP_HOST is set; otherwise they wait in the outbox."""

from __future__ import annotations

import smtplib
from email.message import EmailMessage

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from xinyong.credit.models import OutboxMessage, now


def deliver(session: Session) -> int:
    """Send the outbox's unsent e-mail notices; how many went. A failure leaves them for later."""
    config = current_app.config
    if not config.get("SMTP_HOST"):
        return 0
    pending = session.scalars(
        select(OutboxMessage).where(
            OutboxMessage.sent_at.is_(None), OutboxMessage.recipient.contains("@")
        )
    ).all()
    if not pending:
        return 0
    sent = 0
    try:
        with smtplib.SMTP(config["SMTP_HOST"], int(config["SMTP_PORT"]), timeout=10) as smtp:
            for message in pending:
                email = EmailMessage()
                email["From"] = config["SMTP_SENDER"]
                email["To"] = message.recipient
                email["Subject"] = message.title
                email.set_content(message.body)
                smtp.send_message(email)
                message.sent_at = now()
                sent += 1
    except (OSError, smtplib.SMTPException) as error:
        current_app.logger.warning("SMTP delivery failed, notices kept in the outbox: %s", error)
    session.commit()
    return sent
