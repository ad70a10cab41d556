"""CLI commands, one module per concern; each module has `register(group)`."""

from __future__ import annotations

from flask import current_app


def actor() -> str:
    """Who a CLI change is audited as: the operating-system user."""
    import getpass

    try:
        return f"cli:{getpass.getuser()}"
    except Exception:  # no user name in some containers
        return "cli"


def app():
    return current_app._get_current_object()
