"""The JSON API for credit service agencies (seed 二（二）7): `/api/v1/…`.

It answers exactly what the public site shows: every answer is made from the one
disclosure function's `PublicFile` (credit/public.py), with its masking, and
nothing else. A key from the back office goes in `Authorization: Bearer KEY`
(or `X-API-Key`); each call counts against the key's daily quota and is logged.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from flask import Blueprint, abort, current_app, g, jsonify, request

from xinyong.credit import apikeys, public
from xinyong.database import get_session
from xinyong.forms import api_schema, rendering, search
from xinyong.forms.extensions import csrf

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)

MESSAGES = {
    400: "bad_request",
    401: "unauthorized",
    404: "not_found",
    405: "method_not_allowed",
    429: "quota_exceeded",
}


def error(status: int, message: str, **headers: str):
    body = jsonify({"error": {"status": status, "code": MESSAGES[status], "message": message}})
    return body, status, headers


@bp.before_request
def authorise():
    if request.endpoint == "api.openapi":
        return None
    secret = request.headers.get("X-API-Key")
    header = request.headers.get("Authorization", "")
    if not secret and header[:7].lower() == "bearer ":
        secret = header[7:].strip()
    session = get_session()
    key = apikeys.find(session, secret)
    if key is None:
        return error(
            401,
            "缺少或无效的API密钥：请在请求头 Authorization: Bearer <密钥> 中提供有效密钥。",
            **{"WWW-Authenticate": 'Bearer realm="xinyong"'},
        )
    today = rendering.today()
    quota = apikeys.quota_of(key, int(current_app.config["API_DAILY_QUOTA"]))
    if apikeys.used_today(session, key, today) >= quota:
        apikeys.record_call(session, key, request.full_path, 429, today)
        session.commit()
        tomorrow = dt.datetime.combine(today + dt.timedelta(days=1), dt.time())
        wait = max(1, int((tomorrow - dt.datetime.now()).total_seconds()))
        return error(
            429, f"已超过本密钥每日{quota}次的调用上限，请明日再试。", **{"Retry-After": str(wait)}
        )
    g.api_key = key
    g.api_quota = quota
    g.api_disclosed = []  # the subjects this call tells about: each goes into the query log
    return None


@bp.after_request
def log_call(response):
    key = g.get("api_key")
    if key is not None:
        session = get_session()
        apikeys.record_call(
            session,
            key,
            request.full_path.rstrip("?"),
            response.status_code,
            rendering.today(),
            g.get("api_disclosed", ()) if response.status_code == 200 else (),
        )
        session.commit()
        response.headers["X-Quota-Limit"] = str(g.api_quota)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.errorhandler(400)
def bad_request(_error):
    return error(400, "请求含有无法识别的字符。")


@bp.errorhandler(404)
def not_found(_error):
    return error(404, "没有该信息主体的公开信用信息。")


@bp.errorhandler(405)
def not_allowed(_error):
    return error(405, "该接口只接受GET请求。")


# -- the endpoints -----------------------------------------------------------


@bp.get("/openapi.json")
def openapi():
    return jsonify(api_schema.document())


@bp.get("/subjects")
def subjects():
    q = (request.args.get("q") or "").strip()
    if not q:
        return error(400, "请提供查询参数 q（主体名称的一部分，或统一社会信用代码）。")
    if len(q) > apikeys.MAX_QUERY:
        return error(400, f"查询参数 q 最长{apikeys.MAX_QUERY}个字符。")
    most = int(current_app.config["API_SEARCH_LIMIT"])
    limit = request.args.get("limit", str(most))
    if not (limit.isascii() and limit.isdigit()) or not 1 <= int(limit) <= most:
        return error(400, f"参数 limit 应为1到{most}之间的整数。")
    index = search.searcher()  # the current release's index, as /search uses it
    if index is None:
        found, more = apikeys.search(get_session(), q, int(limit), _as_of())
    else:
        results = index.search(q)
        keys = [hit.key for hit in results.hits]
        found, more = apikeys.found_by_index(
            get_session(), keys, results.total, int(limit), _as_of()
        )
    g.api_disclosed = [shown.subject for shown in found]
    return jsonify(
        {
            "q": q,
            "as_of": _as_of().isoformat(),
            "results": [_subject(shown.subject) for shown in found],
            "more": more,
        }
    )


@bp.get("/subjects/<key>")
def subject(key: str):
    shown = _file(key)
    counts = {group: len(shown.group(group)) for group in public.GROUPS}
    return jsonify(
        {
            **_subject(shown.subject),
            "as_of": shown.as_of.isoformat(),
            "current_to": shown.current_to.isoformat(),
            "record_counts": counts,
            "withdrawn": len(shown.withdrawals),
        }
    )


@bp.get("/subjects/<key>/records")
def records(key: str):
    shown = _file(key)
    return jsonify(
        {
            "subject": _subject(shown.subject),
            "as_of": shown.as_of.isoformat(),
            "current_to": shown.current_to.isoformat(),
            "records": [_record(record) for record in shown.records],
            "withdrawals": [_plain(notice) for notice in shown.withdrawals],
        }
    )


def _as_of() -> dt.date:
    from xinyong.site.views import as_of

    return as_of()


def _file(key: str) -> public.PublicFile:
    if len(key) > 40:
        abort(404)
    shown = public.file(get_session(), key, _as_of())
    if shown is None:
        abort(404)
    g.api_disclosed = [shown.subject]
    return shown


def _subject(subject: public.PublicSubject) -> dict[str, Any]:
    return {
        "key": subject.key,
        "kind": subject.kind,
        "kind_label": subject.kind_label,
        "name": subject.name,
        "uscc": subject.uscc,
        "id_masked": subject.id_masked,
        "legal_rep": subject.legal_rep,
    }


def _plain(value: Any) -> dict[str, Any]:
    """A disclosure dataclass or named tuple as JSON: its fields as they are, dates as ISO text."""
    out = {}
    names = (
        value._fields if isinstance(value, tuple) else [f.name for f in dataclasses.fields(value)]
    )
    for name in names:  # a named tuple's fields (`public.PublicRecord`) or a dataclass's
        item = getattr(value, name)
        out[name] = item.isoformat() if isinstance(item, dt.date) else item
    return out


def _record(record: public.PublicRecord) -> dict[str, Any]:
    out = _plain(record)
    out["details"] = [{"name": name, "value": text} for name, text in record.details]
    return out
