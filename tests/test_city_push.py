"""Sending batches to the city platform, against a receiver the tests run on loopback.

The receiver keeps the protocol of `credit.city_push`: it checks the token and the digest,
applies a batch number once, and answers {"batch": N, "sha256": …}. Scripted misbehaviour
(busy answers, a dropped connection, a lost answer) shows what counts as sent.
"""

from __future__ import annotations

import hashlib
import http.server
import json
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from tests import test_city
from tests.test_city import penalty
from xinyong import keys
from xinyong.credit import city, city_push
from xinyong.credit.models import AuditEvent, BatchState, CityBatch

TOKEN = "platform-token-for-tests"
#: import rows as the market supervision bureau (the fixture of test_city)
take = test_city.take


@dataclass
class Receiver:
    """What the platform saw: every attempt, and the batches it applied (once each)."""

    url: str = ""
    script: list[str] = field(default_factory=list)
    attempts: list[tuple[int, str]] = field(default_factory=list)
    bodies: dict[int, list[bytes]] = field(default_factory=dict)
    applied: list[int] = field(default_factory=list)


def handler_for(receiver: Receiver) -> type[http.server.BaseHTTPRequestHandler]:
    class Platform(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 (the standard library's name)
            number = int(self.headers["X-Batch-Number"])
            length = int(self.headers["Content-Length"])
            behaviour = receiver.script.pop(0) if receiver.script else "ok"
            receiver.attempts.append((number, behaviour))
            if behaviour == "drop":  # the connection breaks while the batch is on its way
                self.rfile.read(length // 2)
                self.close_connection = True
                self.connection.shutdown(socket.SHUT_RDWR)
                return
            body = self.rfile.read(length)
            receiver.bodies.setdefault(number, []).append(body)
            if self.headers["Authorization"] != f"Bearer {TOKEN}":
                return self.answer(401, {"error": "bad token"})
            if behaviour == "busy":
                return self.answer(503, {"error": "busy"})
            digest = hashlib.sha256(body).hexdigest()
            if digest != self.headers["X-Batch-SHA256"]:
                return self.answer(400, {"error": "digest"})
            if number not in receiver.applied:  # idempotent by batch number
                receiver.applied.append(number)
            if behaviour == "lost-answer":  # applied, but the answer never arrives
                self.close_connection = True
                self.connection.shutdown(socket.SHUT_RDWR)
                return
            if behaviour == "other-batch":
                return self.answer(200, {"batch": number + 1, "sha256": digest})
            return self.answer(200, {"batch": number, "sha256": digest})

        def answer(self, status: int, data: dict) -> None:
            payload = json.dumps(data).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *args) -> None:
            pass

    return Platform


class QuietServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        pass  # a connection the test broke on purpose


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    receiver = Receiver()
    server = QuietServer(("127.0.0.1", 0), handler_for(receiver))
    receiver.url = f"http://127.0.0.1:{server.server_address[1]}/batches"
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield receiver
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture
def push_config(app):
    app.config.update(CITY_PUSH_TOKEN=TOKEN, CITY_PUSH_BACKOFF=0.0, CITY_PUSH_ATTEMPTS=5)
    return app.config


@pytest.fixture
def make(app, session, tmp_path):
    """Make the next batch through the domain, committed."""

    def run() -> CityBatch | None:
        batch = city.make_batch(session, keys.keys_of(app.config), tmp_path / "city", "test")
        session.commit()
        return batch

    return run


class Sleeps(list):
    """The backoff's waits, recorded instead of slept."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def push(session, receiver: Receiver, attempts: int = 5, sleep=None) -> city_push.Outcome:
    policy = city_push.Policy(attempts=attempts)
    return city_push.push_pending(
        session,
        receiver.url,
        TOKEN,
        "test",
        policy=policy,
        sleep=Sleeps() if sleep is None else sleep,
    )


def states(session) -> list[tuple[int, str, int]]:
    session.expire_all()
    query = select(CityBatch.number, CityBatch.state, CityBatch.attempts)
    return [tuple(row) for row in session.execute(query.order_by(CityBatch.number))]


# -- end to end through the CLI --------------------------------------------------------------


def test_push_to_a_receiver_that_fails_twice_delivers_the_batch_once(
    take, cli, push_config, receiver, session, tmp_path
):
    take(penalty(1), penalty(2))
    receiver.script = ["busy", "busy"]

    result = cli("city-export", "--out", str(tmp_path / "city"), "--push", receiver.url)

    assert result.exit_code == 0, result.output
    assert "批次1：平台已确认接收" in result.output
    assert receiver.attempts == [(1, "busy"), (1, "busy"), (1, "ok")]
    assert receiver.applied == [1]
    assert len(set(receiver.bodies[1])) == 1  # the same bytes every time
    assert states(session) == [(1, BatchState.ACKNOWLEDGED, 3)]


def test_push_without_a_url_takes_the_setting(take, cli, push_config, receiver, session, tmp_path):
    push_config["CITY_PUSH_URL"] = receiver.url
    take(penalty(1))

    result = cli("city-export", "--out", str(tmp_path / "city"), "--push")

    assert result.exit_code == 0, result.output
    assert receiver.applied == [1]


def test_a_batch_not_acknowledged_is_sent_again_next_time_unchanged(
    take, cli, push_config, receiver, session, tmp_path
):
    push_config["CITY_PUSH_ATTEMPTS"] = 2
    take(penalty(1))
    receiver.script = ["busy", "busy"]

    failed = cli("city-export", "--out", str(tmp_path / "city"), "--push", receiver.url)

    assert failed.exit_code == 1
    assert "批次1未获平台确认" in failed.stderr and "重新发送" in failed.stderr
    (batch,) = session.scalars(select(CityBatch)).all()
    assert (batch.state, batch.attempts, batch.last_error) == (
        BatchState.FAILED,
        2,
        "平台答复HTTP 503",
    )
    assert receiver.applied == []

    take(penalty(2))  # meanwhile a new record: it goes into batch 2, not into batch 1
    again = cli("city-export", "--out", str(tmp_path / "city"), "--push", receiver.url)

    assert again.exit_code == 0, again.output
    assert receiver.applied == [1, 2]
    assert len(set(receiver.bodies[1])) == 1
    assert states(session) == [(1, BatchState.ACKNOWLEDGED, 3), (2, BatchState.ACKNOWLEDGED, 1)]


def test_push_needs_a_token_and_says_where_to_set_it(take, cli, app, receiver, tmp_path):
    result = cli("city-export", "--out", str(tmp_path / "city"), "--push", receiver.url)

    assert result.exit_code == 2
    assert "XINYONG_CITY_PUSH_TOKEN" in result.stderr
    assert receiver.attempts == []


def test_the_token_never_travels_over_plain_http_beyond_this_machine(cli, push_config, tmp_path):
    result = cli("city-export", "--out", str(tmp_path / "city"), "--push", "http://10.0.0.1/x")

    assert result.exit_code == 2
    assert "https" in result.stderr
    with pytest.raises(city.CityError):
        city_push.check_url("ftp://127.0.0.1/")


def test_city_batches_lists_states(take, cli, push_config, receiver, tmp_path):
    take(penalty(1))
    receiver.script = ["busy"] * 5
    cli("city-export", "--out", str(tmp_path / "city"), "--push", receiver.url)

    listed = cli("city-batches")

    assert (
        "发送失败" in listed.output and "尝试5次" in listed.output and "HTTP 503" in listed.output
    )


# -- the protocol, through the domain ----------------------------------------------------------


def test_the_backoff_doubles_between_attempts_and_is_bounded(take, make, session, receiver):
    take(penalty(1))
    make()
    receiver.script = ["busy"] * 10
    sleeps = Sleeps()

    outcome = push(session, receiver, attempts=4, sleep=sleeps)

    assert outcome.failed == 1 and outcome.acknowledged == []
    assert sleeps == [1.0, 2.0, 4.0]  # none after the last attempt
    assert len(receiver.attempts) == 4


@given(st.integers(min_value=1, max_value=64))
def test_no_wait_is_longer_than_the_cap(attempt):
    policy = city_push.Policy(base=1.0, cap=60.0)
    assert 0 < policy.delay(attempt) <= 60.0
    assert policy.delay(attempt) >= policy.delay(max(1, attempt - 1))


def test_a_connection_dropped_mid_send_is_sent_again(take, make, session, receiver):
    take(penalty(1))
    make()
    receiver.script = ["drop"]

    outcome = push(session, receiver)

    assert outcome.acknowledged == [1]
    assert [behaviour for _n, behaviour in receiver.attempts] == ["drop", "ok"]
    assert receiver.applied == [1]
    assert states(session) == [(1, BatchState.ACKNOWLEDGED, 2)]


def test_a_lost_answer_sends_the_batch_again_and_it_counts_once(take, make, session, receiver):
    take(penalty(1))
    make()
    receiver.script = ["lost-answer"]

    outcome = push(session, receiver)

    assert outcome.acknowledged == [1]
    assert len(receiver.bodies[1]) == 2 and receiver.applied == [1]


def test_an_answer_naming_another_batch_is_not_an_acknowledgement(take, make, session, receiver):
    take(penalty(1))
    make()
    receiver.script = ["other-batch"] * 3

    outcome = push(session, receiver, attempts=3)

    assert outcome.failed == 1
    assert "未确认批次1" in outcome.error
    assert states(session) == [(1, BatchState.FAILED, 3)]


def test_a_refused_token_is_not_tried_again(take, make, session, receiver):
    take(penalty(1))
    make()

    outcome = city_push.push_pending(session, receiver.url, "wrong-token", "test", sleep=Sleeps())

    assert outcome.error == "平台答复HTTP 401"
    assert len(receiver.attempts) == 1


def test_an_interrupted_send_stays_sending_and_goes_out_next_time(take, make, session, receiver):
    take(penalty(1))
    make()
    receiver.script = ["busy"]

    def interrupted(_seconds: float) -> None:
        raise KeyboardInterrupt  # the operator pressed Ctrl-C during the backoff

    with pytest.raises(KeyboardInterrupt):
        push(session, receiver, sleep=interrupted)
    assert states(session) == [(1, BatchState.SENDING, 1)]

    outcome = push(session, receiver)

    assert outcome.acknowledged == [1]
    assert receiver.applied == [1]


def test_a_failed_batch_holds_back_the_later_ones(take, make, session, receiver):
    take(penalty(1))
    make()
    take(penalty(2))
    make()
    receiver.script = ["busy"] * 2

    outcome = push(session, receiver, attempts=2)

    assert (outcome.failed, outcome.waiting) == (1, [2])
    assert {number for number, _behaviour in receiver.attempts} == {1}


def test_a_changed_batch_file_is_refused_not_sent(take, make, session, receiver):
    take(penalty(1))
    batch = make()
    path = city.zip_path(batch)
    path.write_bytes(path.read_bytes() + b"x")

    outcome = push(session, receiver)

    assert outcome.failed == 1 and "已被改动" in outcome.error
    assert receiver.attempts == []
    failed = session.scalars(select(AuditEvent).where(AuditEvent.action == "city.push_failed"))
    assert failed.one().entity_id == "1"


def test_acknowledgements_are_audited(take, make, session, receiver):
    take(penalty(1))
    make()

    push(session, receiver)

    logged = session.scalars(select(AuditEvent).where(AuditEvent.action == "city.acknowledged"))
    assert (
        logged.one().detail["sha256"]
        == hashlib.sha256(
            Path(city.zip_path(session.scalars(select(CityBatch)).one())).read_bytes()
        ).hexdigest()
    )
