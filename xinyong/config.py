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
    """The key of the keyed hash; `xinyong.keys.settle` has filled it in by the time the app runs."""
    if not config.get("ID_KEY"):
        raise KeyError("ID_KEY is not set")
    return str(config["ID_KEY"]).encode()
