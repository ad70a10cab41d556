"""Settings: safe defaults for a laptop, explicit values for production.

Every deadline of the seed document is a setting here, never a constant in
the domain code.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

#: environment variable -> setting
ENVIRONMENT = {
    "XINYONG_DATABASE_URL": "DATABASE_URL",
    "XINYONG_SECRET_KEY": "SECRET_KEY",
    "XINYONG_ID_KEY": "ID_KEY",
    "XINYONG_DATA_KEY": "DATA_KEY",
    "XINYONG_PRODUCTION": "PRODUCTION",
    "XINYONG_PUBLISH_DIR": "PUBLISH_DIR",
    "XINYONG_CITY_EXPORT_DIR": "CITY_EXPORT_DIR",
    "XINYONG_CITY_PUSH_URL": "CITY_PUSH_URL",
    "XINYONG_CITY_PUSH_TOKEN": "CITY_PUSH_TOKEN",
}


def defaults(instance: Path) -> dict[str, Any]:
    return {
        "DATABASE_URL": f"sqlite:///{instance / 'xinyong.sqlite3'}",
        # Development only; production sets XINYONG_SECRET_KEY.
        "SECRET_KEY": "dev-only-not-secret",
        # Key of the keyed hash that stands in for ID numbers wherever one is
        # matched or referred to. Development: generated once into the instance
        # folder (`xinyong.keys`); a database refuses any other (init-db stores a check).
        "ID_KEY": None,
        # AES-GCM key (base64 of 32 bytes) of persons' ID numbers at rest
        # (个人信息保护法 art. 51); development: generated like ID_KEY.
        "DATA_KEY": None,
        # Production (or a PostgreSQL DATABASE_URL) refuses the development
        # SECRET_KEY and keys not given explicitly.
        "PRODUCTION": False,
        "PUBLISH_DIR": str(instance / "publish"),
        # seed 二（一）2: reports due within 7 working days of forming
        "REPORT_WORKDAYS": 7,
        # seed 二（一）4: intake processing within 3 working days
        "INTAKE_WORKDAYS": 3,
        # seed 二（三）4: deletion of commendation / volunteer / charity info
        "DELETION_WORKDAYS": 3,
        # 山东省社会信用条例 art. 39: objections verified within 3, or 7 with the provider
        "OBJECTION_WORKDAYS": 3,
        "OBJECTION_ASSISTED_WORKDAYS": 7,
        # seed 二（一）3: only persons aged 18 or more are collected
        "ADULT_AGE": 18,
        # seed 二（一）2: batches for the city platform 信用淄博, outside any web root
        "CITY_EXPORT_DIR": str(instance / "city-export"),
        "CITY_PUSH_URL": None,
        # secret: from the environment (XINYONG_CITY_PUSH_TOKEN), never the repository
        "CITY_PUSH_TOKEN": None,
        # a push tries CITY_PUSH_ATTEMPTS times, waiting BACKOFF·1, 2, 4 … seconds (at most 60)
        "CITY_PUSH_ATTEMPTS": 5,
        "CITY_PUSH_BACKOFF": 1.0,
        # early warning: a batch unacknowledged for more than this many working days
        "CITY_SEND_WORKDAYS": 1,
    }


def from_environment() -> dict[str, Any]:
    return {
        setting: os.environ[variable]
        for variable, setting in ENVIRONMENT.items()
        if os.environ.get(variable)
    }


def id_key(config: Any) -> bytes:
    """The key of the keyed hash; `xinyong.keys.settle` has filled it in by the time the app runs."""
    if not config.get("ID_KEY"):
        raise KeyError("ID_KEY is not set")
    return str(config["ID_KEY"]).encode()
