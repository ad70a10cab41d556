"""Keys to the JSON API for credit service agencies (seed 二（二）7), their quota and their calls.

A key is shown once when it is issued and kept only as its SHA-256 (a key is 32
random bytes: a plain hash is enough, no one can guess one). Every call is
counted against the key's daily quota, and a call that reads a subject is also
written to the query log (seed 二（二）2), with the agency as the one who asked.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from xinyong.credit import audit, public, tokens
from xinyong.credit.models import ApiCall, ApiKey, QueryLogEntry, Subject, now

PREFIX = "zcxy_"
MAX_QUERY = 50  # characters of `q=`


class KeyError_(ValueError):
    """`str()` is the reason, in Chinese."""


@dataclass(frozen=True)
class Issued:
    key: ApiKey
    secret: str  # shown once, never stored


def issue(session: Session, agency: str, actor: str, daily_quota: int | None = None) -> Issued:
    agency = (agency or "").strip()
    if not agency:
        raise KeyError_("请填写机构名称。")
    if daily_quota is not None and daily_quota < 1:
        raise KeyError_("每日调用上限应为正整数。")
    secret = PREFIX + tokens.new()
    key = ApiKey(
        agency=agency[:200],
        prefix=secret[: len(PREFIX) + 6],
        key_hash=tokens.digest(secret),
        daily_quota=daily_quota,
        created_by=actor,
    )
    session.add(key)
    session.flush()
    audit.log(session, actor, "api_key_issued", "api_key", key.id, agency=key.agency)
    return Issued(key, secret)


def revoke(session: Session, key: ApiKey, actor: str) -> None:
    if key.revoked_at is None:
        key.revoked_at = now()
        audit.log(session, actor, "api_key_revoked", "api_key", key.id, agency=key.agency)


def find(session: Session, secret: str | None) -> ApiKey | None:
    """The live key with this secret, or None."""
    if not secret or not secret.startswith(PREFIX):
        return None
    key = session.scalar(select(ApiKey).where(ApiKey.key_hash == tokens.digest(secret.strip())))
    return key if key is not None and key.revoked_at is None else None


def quota_of(key: ApiKey, default: int) -> int:
    return key.daily_quota if key.daily_quota is not None else default


def used_today(session: Session, key: ApiKey, today: dt.date) -> int:
    """Calls counted against today's quota: every answered call, the refused ones aside."""
    return session.scalar(
        select(func.count())
        .select_from(ApiCall)
        .where(ApiCall.key_id == key.id, ApiCall.day == today, ApiCall.status != 429)
    )


def recent_calls(session: Session, key: ApiKey, limit: int = 200) -> list[ApiCall]:
    query = select(ApiCall).where(ApiCall.key_id == key.id).order_by(ApiCall.id.desc())
    return list(session.scalars(query.limit(limit)))


def usage(session: Session, today: dt.date) -> dict[int, int]:
    """Today's counted calls of every key."""
    rows = session.execute(
        select(ApiCall.key_id, func.count())
        .where(ApiCall.day == today, ApiCall.status != 429)
        .group_by(ApiCall.key_id)
    )
    return {key_id: count for key_id, count in rows}


def record_call(
    session: Session,
    key: ApiKey,
    path: str,
    status: int,
    today: dt.date,
    disclosed: Sequence[public.PublicSubject] = (),
) -> None:
    """The call in the key's log; each subject it disclosed also in the query log (append-only)."""
    session.add(ApiCall(key_id=key.id, day=today, path=path[:300], status=status))
    if not disclosed:
        return
    keys = [subject.key for subject in disclosed]
    ids = {
        found_key: found_id
        for found_key, found_id in session.execute(
            select(Subject.key, Subject.id).where(Subject.key.in_(keys))
        )
    }
    for subject in disclosed:
        session.add(
            QueryLogEntry(
                actor=f"api:{key.agency}"[:100],
                subject_id=ids[subject.key],
                subject_key=subject.key,
                subject_name=subject.name,
                purpose=f"信用服务机构API查询（密钥{key.prefix}…）：{path}"[:1000],
                at=now(),
            )
        )


def _like(text: str) -> str:
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def found_by_index(
    session: Session, keys: Sequence[str], total: int, limit: int, as_of: dt.date
) -> tuple[list[public.PublicFile], bool]:
    """The public files of the subjects the release's search index found, in its order.

    The index answers as of its release; a file that left the site since is not shown.
    """
    wanted = list(keys[:limit])
    shown = {found.subject.key: found for found in public.files(session, as_of, wanted)}
    found = [shown[key] for key in wanted if key in shown]
    return found, total > len(wanted)


def search(
    session: Session, q: str, limit: int, as_of: dt.date
) -> tuple[list[public.PublicFile], bool]:
    """Subjects with a public file whose name contains `q`, or whose code or key is `q`.

    What the API answers before any release has a search index (`found_by_index` once
    one has). Only subjects the site shows are ever found (a person without a public
    item is not), and at most `limit` of them, with `more` saying whether others matched.
    """
    # control characters and lone surrogates are in no stored name (intake refuses them),
    # and PostgreSQL refuses a NUL in any query: they only separate what was typed
    q = "".join(ch if unicodedata.category(ch)[0] != "C" else " " for ch in q).strip()
    if not q:
        return [], False
    wanted = limit + 1
    found: list[public.PublicFile] = []
    seen: set[str] = set()
    last = 0
    context = public.Context.load(session)
    # candidates in id order, a bounded number of rounds: no query walks the whole table twice
    for _ in range(5):
        rows: Sequence[tuple[int, str]] = session.execute(
            select(Subject.id, Subject.key)
            .where(
                Subject.id > last,
                or_(
                    Subject.name.like(_like(q), escape="\\"),
                    Subject.uscc == q.upper(),
                    Subject.key == q,
                ),
            )
            .order_by(Subject.id)
            .limit(wanted * 4)
        ).all()
        if not rows:
            break
        last = rows[-1][0]
        keys = [key for _, key in rows if key not in seen]
        seen.update(keys)
        for shown in public.files(session, as_of, keys, context=context):
            found.append(shown)
            if len(found) >= wanted:
                return found[:limit], True
    return found[:limit], False
