"""Sending batches to the city platform, and what counts as their acknowledgement.

The protocol, small on purpose:

    POST <CITY_PUSH_URL>
    Authorization: Bearer <CITY_PUSH_TOKEN>
    Content-Type: application/zip
    X-Batch-Number: <N>
    X-Batch-SHA256: <SHA-256 of the body>
    <the batch's zip: one CSV per kind and manifest.json>

The platform answers 200 with JSON {"batch": N, "sha256": "<the same digest>"}; that,
and nothing else, is an acknowledgement. It applies a batch number once (a batch sent
again, after a lost answer, is answered again without being applied again), so a
send that ended in doubt is simply sent again: the same number, the same bytes.

The client is the standard library's `urllib`: one POST with a timeout needs no
dependency, and a custom opener keeps it from following redirects or environment
proxies (the token goes to the configured address and nowhere else).
"""

from __future__ import annotations

import http.client
import json
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from sqlalchemy.orm import Session

from xinyong.credit import audit
from xinyong.credit.city import CityError, sealed_zip, unacknowledged
from xinyong.credit.models import BatchState, CityBatch, now

#: answers worth asking again: the platform is busy, restarting or overloaded
RETRY_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504})
LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})


@dataclass(frozen=True)
class Policy:
    """How hard to try: `attempts` in all, waiting base·2ⁿ seconds (at most `cap`) between."""

    attempts: int = 5
    base: float = 1.0
    cap: float = 60.0
    timeout: float = 60.0

    def delay(self, attempt: int) -> float:
        return min(self.cap, self.base * 2 ** (attempt - 1))


@dataclass
class Outcome:
    """How a run of sends ended: the batches acknowledged, and the one that failed, if any."""

    acknowledged: list[int] = field(default_factory=list)
    failed: int | None = None
    error: str | None = None
    waiting: list[int] = field(default_factory=list)  # after a failure: kept back, in order


class NotAcknowledged(Exception):
    """One attempt did not end in an acknowledgement; `retry` says whether another may."""

    def __init__(self, message: str, retry: bool) -> None:
        super().__init__(message)
        self.retry = retry


def check_url(url: str) -> str:
    """An http(s) URL; plain http only to this machine (the token must not travel in clear)."""
    parts = urlsplit(url or "")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise CityError(f"推送地址“{url}”不是有效的http(s)地址：请设置CITY_PUSH_URL或--push URL")
    if parts.scheme == "http" and parts.hostname not in LOOPBACK:
        raise CityError(f"推送地址“{url}”未加密：令牌只能通过https发送（本机地址除外）")
    return url


def push_pending(
    session: Session,
    url: str,
    token: str,
    actor: str,
    policy: Policy = Policy(),
    sleep: Callable[[float], None] = time.sleep,
) -> Outcome:
    """Send every unacknowledged batch in order, committing each state as it changes.

    A batch that fails stops the run: later batches wait, so the platform never
    applies a newer batch before an older one.
    """
    check_url(url)
    if not token:
        raise CityError("未设置推送令牌：请在环境变量XINYONG_CITY_PUSH_TOKEN中设置")
    outcome = Outcome()
    pending = unacknowledged(session)
    for index, batch in enumerate(pending):
        error = _send_batch(session, batch, url, token, actor, policy, sleep)
        if error is None:
            outcome.acknowledged.append(batch.number)
            continue
        outcome.failed, outcome.error = batch.number, error
        outcome.waiting = [later.number for later in pending[index + 1 :]]
        break
    return outcome


def _send_batch(
    session: Session,
    batch: CityBatch,
    url: str,
    token: str,
    actor: str,
    policy: Policy,
    sleep: Callable[[float], None],
) -> str | None:
    """None once acknowledged; else the last error (the batch is then `failed`)."""
    try:
        body = sealed_zip(batch)
    except CityError as error:
        return _failed(session, batch, actor, str(error))
    error = "未发送"
    for attempt in range(1, policy.attempts + 1):
        batch.state = BatchState.SENDING
        batch.attempts += 1
        batch.sent_at = now()
        session.commit()  # an interrupted send stays `sending`, and is sent again next time
        try:
            post(url, token, batch.number, batch.sha256, body, policy.timeout)
        except NotAcknowledged as refused:
            error = str(refused)
            if not refused.retry or attempt == policy.attempts:
                break
            sleep(policy.delay(attempt))
            continue
        batch.state = BatchState.ACKNOWLEDGED
        batch.acknowledged_at = now()
        batch.last_error = None
        audit.log(
            session,
            actor,
            "city.acknowledged",
            "city_batches",
            batch.number,
            attempts=batch.attempts,
            sha256=batch.sha256,
        )
        session.commit()
        return None
    return _failed(session, batch, actor, error)


def _failed(session: Session, batch: CityBatch, actor: str, error: str) -> str:
    batch.state = BatchState.FAILED
    batch.last_error = error
    audit.log(
        session,
        actor,
        "city.push_failed",
        "city_batches",
        batch.number,
        attempts=batch.attempts,
        error=error,
    )
    session.commit()
    return error


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect is not an acknowledgement, and the token does not follow it."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # noqa: ANN001
        return None


_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirect())


def post(url: str, token: str, number: int, sha256: str, body: bytes, timeout: float) -> None:
    """One attempt: returns when the platform acknowledged this batch, else raises."""
    request = urllib.request.Request(
        url,
        data=body,
        method="POST",
        headers={
            "Authorization": f"Bearer {token}",
            "Content-Type": "application/zip",
            "X-Batch-Number": str(number),
            "X-Batch-SHA256": sha256,
        },
    )
    try:
        with _OPENER.open(request, timeout=timeout) as response:
            status, answer = response.status, response.read()
    except urllib.error.HTTPError as error:
        retry = error.code in RETRY_STATUSES
        raise NotAcknowledged(f"平台答复HTTP {error.code}", retry) from None
    except (urllib.error.URLError, http.client.HTTPException, OSError) as error:
        reason = getattr(error, "reason", None) or error
        raise NotAcknowledged(f"连接中断或失败：{reason}", True) from None
    if status != 200:
        raise NotAcknowledged(f"平台答复HTTP {status}，不是确认", status in RETRY_STATUSES)
    try:
        data = json.loads(answer)
    except ValueError:
        raise NotAcknowledged("平台的答复不是JSON，不是确认", True) from None
    if not isinstance(data, dict) or data.get("batch") != number or data.get("sha256") != sha256:
        raise NotAcknowledged(f"平台的答复未确认批次{number}及其SHA-256：{answer[:200]!r}", True)
