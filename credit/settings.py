"""Every limit and default of the system, in one table (in the spirit of Datasette's SETTINGS).

The app's configuration (`xinyong/config.py`), the demo and the README test all read this
table, so a limit is written once: its name, its default, the clause of the seed document or
the law it comes from, and a line of help. A setting is read from the Flask config
(`app.config[NAME]`); where `env` is set, the environment variable `XINYONG_<NAME>` overrides
the default.

Defaults that depend on the instance folder are written with `{instance}` and filled in by
`defaults(instance)`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ENV_PREFIX = "XINYONG_"


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    clause: str  # where the value comes from: the seed's clause, a law, or "" for plumbing
    help: str
    env: bool = True  # read from XINYONG_<NAME> too
    kind: type = str  # what an environment value is converted to

    @property
    def variable(self) -> str | None:
        return f"{ENV_PREFIX}{self.name}" if self.env else None

    def convert(self, raw: str) -> Any:
        """An environment variable's text as this setting's value."""
        if self.kind is bool:
            return raw.strip().lower() in {"1", "true", "yes", "on"}
        if self.kind in (int, float):
            return self.kind(raw)
        return raw


SETTINGS: tuple[Setting, ...] = (
    # ---------------------------------------------------------------- plumbing
    Setting(
        "DATABASE_URL",
        "sqlite:///{instance}/xinyong.sqlite3",
        "",
        "SQLAlchemy URL of the database; PostgreSQL in production "
        "(`postgresql+psycopg://user@host/db`)",
    ),
    Setting(
        "SECRET_KEY",
        "dev-only-not-secret",
        "",
        "Flask's secret key; a development value by default, set it in production",
    ),
    Setting(
        "ID_KEY",
        None,
        "个人信息保护法 art. 51",
        "key of the keyed hash that stands in for ID numbers wherever one is matched; "
        "never change it on a live database",
    ),
    Setting(
        "DATA_KEY",
        None,
        "个人信息保护法 art. 51",
        "AES-GCM key (base64 of 32 bytes) for persons' ID numbers at rest; "
        "in development generated once into the instance folder",
    ),
    Setting(
        "PRODUCTION",
        False,
        "",
        "explicit production flag (1); a PostgreSQL URL counts as production too",
        kind=bool,
    ),
    Setting("PUBLISH_DIR", "{instance}/publish", "", "where the publisher builds releases"),
    Setting(
        "PUBLISH_AS_OF",
        None,
        "",
        "publish as of this date (YYYY-MM-DD) instead of today: tests, reproducing a release",
    ),
    Setting("RELEASES_KEPT", 5, "", "how many releases the publisher keeps", kind=int),
    Setting(
        "PUBLISH_INDEX_MB",
        256,
        "",
        "each of the two search indexing processes' writer memory while publishing, in MB: a segment is closed when it is full (keeps a publish under 2 GiB)",
        kind=int,
    ),
    Setting("BASE_URL", "/", "", "the public site's base URL or path (it may be a sub-path)"),
    Setting(
        "FORMS_URL",
        "http://127.0.0.1:5000",
        "",
        "where the forms app lives (objection, deletion and repair links; the search box)",
    ),
    # ------------------------------------------------------- the forms app, the back office
    Setting(
        "UPLOAD_DIR",
        "{instance}/uploads",
        "",
        "where applications' attachments are kept: outside any web root, under random names",
    ),
    Setting("MAX_ATTACHMENTS", 5, "", "attachments per application at most", kind=int),
    Setting("MAX_ATTACHMENT_MB", 10, "", "size of one attachment at most, in MB", kind=int),
    Setting(
        "REPAIR_WORKDAYS",
        5,
        "",
        "working days to decide a credit repair application (the seed sets no limit)",
        kind=int,
    ),
    Setting(
        "SUBMISSION_RATE_LIMIT",
        "10 per hour",
        "",
        "applications one address may file (Flask-Limiter syntax)",
    ),
    Setting(
        "STATUS_RATE_LIMIT",
        "10 per minute;60 per hour",
        "",
        "status look-ups one address may make: guessing 受理编号 and passwords is slowed",
    ),
    Setting("LOGIN_RATE_LIMIT", "20 per minute", "", "staff login attempts one address may make"),
    Setting(
        "LOGIN_FAILURES", 5, "", "failed logins after which a staff account is locked", kind=int
    ),
    Setting("LOCKOUT_MINUTES", 15, "", "how long a locked staff account stays locked", kind=int),
    Setting(
        "SMTP_HOST",
        None,
        "",
        "mail server for notices to applicants; unset: notices wait in the back office's outbox",
    ),
    Setting("SMTP_PORT", 25, "", "the mail server's port", kind=int),
    Setting("SMTP_SENDER", "xinyong@zhoucun.gov.cn", "", "the sender of notices to applicants"),
    Setting(
        "TRUSTED_PROXIES",
        0,
        "",
        "proxies in front of the app (nginx: 1), so rate limits count the client's address",
        kind=int,
    ),
    Setting(
        "RATELIMIT_STORAGE_URI",
        "memory://",
        "",
        "where rate limits are counted; production shares one store between workers (`redis://…`)",
    ),
    # ------------------------------------------------- the city platform 信用淄博
    Setting(
        "CITY_EXPORT_DIR",
        "{instance}/city-export",
        "seed 二（一）2",
        "where batches for the city platform are written (outside any web root)",
    ),
    Setting("CITY_PUSH_URL", None, "seed 二（一）2", "the city platform's address for `--push`"),
    Setting(
        "CITY_PUSH_TOKEN",
        None,
        "",
        "the city platform's token; a secret: from the environment only",
    ),
    Setting(
        "CITY_PUSH_ATTEMPTS",
        5,
        "",
        "tries per batch and run; waits CITY_PUSH_BACKOFF·1, 2, 4 … seconds (at most 60)",
        env=False,
        kind=int,
    ),
    Setting(
        "CITY_PUSH_BACKOFF", 1.0, "", "first wait between tries, in seconds", env=False, kind=float
    ),
    Setting(
        "CITY_SEND_WORKDAYS",
        1,
        "seed 二（一）2",
        "early warning when a batch is unacknowledged for more working days than this",
        env=False,
        kind=int,
    ),
    # ---------------------------------------------------------------- limits of the seed
    Setting(
        "REPORT_WORKDAYS",
        7,
        "seed 二（一）2",
        "working days within which a department reports information after it is formed",
        kind=int,
    ),
    Setting(
        "INTAKE_WORKDAYS",
        3,
        "seed 二（一）4",
        "working days within which the credit agency processes what it received",
        kind=int,
    ),
    Setting(
        "DELETION_WORKDAYS",
        3,
        "seed 二（三）4",
        "working days to delete commendation, volunteer or charity information on request",
        kind=int,
    ),
    Setting(
        "OBJECTION_WORKDAYS",
        3,
        "山东省社会信用条例 art. 39",
        "working days to verify an objection",
        kind=int,
    ),
    Setting(
        "OBJECTION_ASSISTED_WORKDAYS",
        7,
        "山东省社会信用条例 art. 39",
        "working days to verify an objection when the provider department must help",
        kind=int,
    ),
    Setting(
        "ADULT_AGE",
        18,
        "seed 二（一）3",
        "age (周岁, from the day after the birthday) below which a person is never collected",
        kind=int,
    ),
    Setting(
        "EARLIEST_DATE",
        "1949-10-01",
        "",
        "dates before it are rejected like future ones (an empty spreadsheet date arrives "
        "as 1899-12-30)",
    ),
    Setting(
        "LATEST_YEAR",
        2099,
        "",
        "a date after this year is a typo, not a deadline (dates on the command line, holiday arrangements)",
        env=False,
        kind=int,
    ),
    Setting(
        "CREDIT_AGENCY",
        None,
        "seed 二（三）3",
        "统一社会信用代码 of the district credit agency's provider account; its repair files "
        "(forwarding 信用中国's results) may repair any record",
    ),
    Setting(
        "API_DAILY_QUOTA",
        1000,
        "seed 二（二）7",
        "API calls one key may make a day, unless the key has its own quota",
        kind=int,
    ),
    Setting("API_SEARCH_LIMIT", 20, "", "subjects one API search returns at most", kind=int),
    Setting(
        "VERIFY_RATE_LIMIT",
        "10 per minute;60 per hour",
        "",
        "report numbers one address may check at /verify: guessing numbers is slowed",
    ),
    Setting(
        "SELF_QUERY_DAYS",
        15,
        "个人信息保护法 arts. 45–46",
        "days a verified 本人查询 link shows the subject its complete file",
        kind=int,
    ),
    Setting(
        "REPORT_LINK_DAYS",
        7,
        "",
        "days a personal credit report's one-time download link stays valid",
        kind=int,
    ),
    # ------------------------------------------------------ 信用核查 (issue 15)
    Setting(
        "CHECK_MAX_SUBJECTS",
        10000,
        "",
        "subjects one 信用核查 list may hold at most (`xinyong check`, the back office); "
        "a longer list is refused, to be checked in parts",
        kind=int,
    ),
)

BY_NAME: dict[str, Setting] = {setting.name: setting for setting in SETTINGS}


def default(name: str) -> Any:
    """A setting's default where no instance folder is involved (limits, dates, flags)."""
    return BY_NAME[name].default


def earliest_date() -> dt.date:
    return dt.date.fromisoformat(default("EARLIEST_DATE"))


def defaults(instance: Path) -> dict[str, Any]:
    """Every setting's default, `{instance}` filled in with the instance folder."""
    return {
        setting.name: setting.default.format(instance=instance)
        if isinstance(setting.default, str)
        else setting.default
        for setting in SETTINGS
    }


def from_environment(environ: dict[str, str]) -> dict[str, Any]:
    """The settings given as `XINYONG_<NAME>` variables, converted to their kind."""
    return {
        setting.name: setting.convert(environ[setting.variable])
        for setting in SETTINGS
        if setting.variable and environ.get(setting.variable)
    }
