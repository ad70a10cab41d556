"""The forms app: objections, deletion requests, repairs, their status, the back office.

`register(app)` adds its settings, extensions (CSRF, staff sessions, rate
limits) and blueprints to the app `create_app` builds.
"""

from __future__ import annotations

from flask import Flask


def register(app: Flask) -> None:
    from xinyong.forms import (
        admin,
        admin_api,
        admin_reports,
        admin_selfquery,
        api,
        check,
        deletion,
        extensions,
        objection,
        repair,
        search,
        selfquery,
        status,
        verify,
    )

    # the settings are the table's (credit/settings.py); a config file may give text
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
    app.config.setdefault("RATELIMIT_HEADERS_ENABLED", True)
    if app.config.get("SESSION_COOKIE_SAMESITE") is None:
        app.config["SESSION_COOKIE_SAMESITE"] = "Lax"  # staff sessions: no cross-site posts
    extensions.init_app(app)
    public = (search, objection, deletion, repair, status, selfquery, verify, api)
    staff = (admin, admin_api, admin_reports, admin_selfquery, check)
    for module in (*public, *staff):
        app.register_blueprint(module.bp)
