"""Settings: safe defaults for a laptop, explicit values for production.

The settings themselves, with their defaults and the clause each comes from, are one
table in `xinyong.credit.settings`; this module applies it to a Flask app.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from xinyong.credit.settings import defaults as _defaults
from xinyong.credit.settings import from_environment as _from_environment


def defaults(instance: Path) -> dict[str, Any]:
    return _defaults(instance)


def from_environment() -> dict[str, Any]:
    return _from_environment(dict(os.environ))


def id_key(config: Any) -> bytes:
    return str(config.get("ID_KEY") or config["SECRET_KEY"]).encode()
