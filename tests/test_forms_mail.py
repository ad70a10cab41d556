"""Notices go out by SMTP when it is configured, and wait in the outbox when it is not or fails."""

from __future__ import annotations

import socket
import socketserver
import threading
from email import message_from_bytes, policy

import pytest
from sqlalchemy import select

from tests.test_forms_support import (
    applicant,
    post_form,
    world_fixture,  # noqa: F401 (the `world` fixture)
)
from xinyong.credit.models import OutboxMessage


class SMTPHandler(socketserver.StreamRequestHandler):
    """Just enough of RFC 5321 on localhost for smtplib: greeting, envelope, data, quit."""

    def handle(self):
        self.wfile.write(b"220 localhost ready\r\n")
        while line := self.rfile.readline():
            verb = line[:4].upper()
            if verb == b"DATA":
                self.wfile.write(b"354 go on\r\n")
                body = b""
                while (chunk := self.rfile.readline()) != b".\r\n":
                    body += chunk
                self.server.received.append(body)
                self.wfile.write(b"250 queued\r\n")
            elif verb == b"QUIT":
                self.wfile.write(b"221 bye\r\n")
                return
            else:
                self.wfile.write(b"250 ok\r\n")


@pytest.fixture
def smtp_server():
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), SMTPHandler)
    server.received = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def objection(world) -> dict:
    values = applicant(world["company"].uscc)
    values.update(record=world["penalty_ref"], objection_type="error", description="有误")
    return values


def test_the_receipt_is_mailed_when_smtp_is_set(client, app, session, world, smtp_server):
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=smtp_server.server_address[1])
    assert post_form(client, "/objection/new", objection(world), []).status_code == 200
    (raw,) = smtp_server.received
    mail = message_from_bytes(raw, policy=policy.default)
    assert mail["To"] == "silk@example.com" and "异议申请已受理" in mail["Subject"]
    assert "受理编号" in mail.get_content()
    session.expire_all()
    assert session.scalar(select(OutboxMessage.sent_at)) is not None


def test_without_a_server_the_notice_waits_in_the_outbox(client, app, session, world):
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=port)
    assert post_form(client, "/objection/new", objection(world), []).status_code == 200
    session.expire_all()
    assert session.scalar(select(OutboxMessage.sent_at)) is None
