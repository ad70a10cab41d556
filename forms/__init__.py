"""The forms app: objections, deletion requests, repairs, their status, the back office.

`register(app)` adds its settings, extensions (CSRF, staff sessions, rate
limits) and blueprints to the app `create_app` builds.
"""

from __future__ import annotations

import os
from typing import Any

from flask import Flask

#: this part's settings, env XINYONG_<NAME> (see briefs/settings-names.md)
SETTINGS: dict[str, Any] = {
    # attachments live here, outside any web root, under random names
    "UPLOAD_DIR": None,  # default: <instance>/uploads
    # issue 14: at most 5 attachments of 10 MB each
    "MAX_ATTACHMENTS": 5,
    "MAX_ATTACHMENT_MB": 10,
    # a repair application decided within these working days: the seed sets no limit
    "REPAIR_WORKDAYS": 5,
    # repeated submissions and status guessing, per address (Flask-Limiter syntax)
    "SUBMISSION_RATE_LIMIT": "10 per hour",
    "STATUS_RATE_LIMIT": "10 per minute;60 per hour",
    "LOGIN_RATE_LIMIT": "20 per minute",
    # staff lock-out after repeated failed logins
    "LOGIN_FAILURES": 5,
    "LOCKOUT_MINUTES": 15,
    # notices to applicants: sent by SMTP when SMTP_HOST is set, else kept in the outbox
    "SMTP_HOST": None,
    "SMTP_PORT": 25,
    "SMTP_SENDER": "xinyong@zhoucun.gov.cn",
    # proxies in front of the app (nginx: 1), so rate limits count the client's address
    "TRUSTED_PROXIES": 0,
}


def register(app: Flask) -> None:
    from xinyong.forms import admin, deletion, extensions, objection, repair, status

    for name, default in SETTINGS.items():
        app.config.setdefault(name, os.environ.get(f"XINYONG_{name}", default))
    if not app.config["UPLOAD_DIR"]:
        app.config["UPLOAD_DIR"] = os.path.join(app.instance_path, "uploads")
    for name in (
        "MAX_ATTACHMENTS",
        "MAX_ATTACHMENT_MB",
        "LOGIN_FAILURES",
        "LOCKOUT_MINUTES",
        "TRUSTED_PROXIES",
        "REPAIR_WORKDAYS",
    ):
        app.config[name] = int(app.config[name])
    if app.config["TRUSTED_PROXIES"]:
        from werkzeug.middleware.proxy_fix import ProxyFix

        hops = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    if app.config.get("MAX_CONTENT_LENGTH") is None:
        # every attachment at its largest, and room for the fields
        app.config["MAX_CONTENT_LENGTH"] = (
            (app.config["MAX_ATTACHMENTS"] * app.config["MAX_ATTACHMENT_MB"] + 2) * 1024 * 1024
        )
    # one process's memory locally; production shares one store between workers (README)
    app.config.setdefault(
        "RATELIMIT_STORAGE_URI", os.environ.get("XINYONG_RATELIMIT_STORAGE_URI", "memory://")
    )
    app.config.setdefault("RATELIMIT_HEADERS_ENABLED", True)
    if app.config.get("SESSION_COOKIE_SAMESITE") is None:
        app.config["SESSION_COOKIE_SAMESITE"] = "Lax"  # staff sessions: no cross-site posts
    extensions.init_app(app)
    for module in (objection, deletion, repair, status, admin):
        app.register_blueprint(module.bp)
