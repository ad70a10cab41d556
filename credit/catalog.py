"""The public credit information catalog (目录管理, seed 二（一）1).

The catalog is data: the default ships as `data/catalog.toml`; staff revise it
with a file of the same layout (TOML or JSON), and every revision is a new
version, the old ones kept. Everything that asks "is this item public, how
long, may it be deleted" asks the current version's item.
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from xinyong.credit import audit
from xinyong.credit.models import CatalogItem, CatalogVersion, RecordKind, Severity
from xinyong.credit.privacy import prohibited_term

DEFAULT_CATALOG = Path(__file__).parent / "data" / "catalog.toml"

CATEGORIES = ("基本信息", "行政管理", "诚实守信", "严重失信", "其他信息")
OPENNESS = ("社会公开", "授权查询", "政务共享")
PUBLIC = "社会公开"
LIST_TYPES = {"red": "红名单", "black": "黑名单"}
MASKINGS = ("ric_6_4",)

#: fields of an item and their defaults; anything else in a file is refused
FIELDS: dict[str, Any] = {
    "code": None,
    "name": None,
    "kind": None,
    "category": None,
    "list_type": None,
    "openness_org": None,
    "openness_person": "授权查询",  # 山东省社会信用条例 art. 20
    "masking": None,
    "restricted": False,
    "deletable": False,
    "dishonest": False,
    "required_fields": [],
    "periods": {},
    "default_severity": None,
    "severity_rules": [],
    "extra": {},
}


class CatalogError(ValueError):
    """A catalog file that cannot be taken; `str()` says why."""


@dataclass(frozen=True)
class Catalog:
    """The current version's items, by code."""

    version_id: int
    items: dict[str, CatalogItem]

    def __getitem__(self, code: str) -> CatalogItem:
        return self.items[code]

    def get(self, code: str) -> CatalogItem | None:
        return self.items.get(code)

    def for_kind(self, kind: str) -> CatalogItem:
        """The one item that a license or penalty file reports under."""
        for item in self.items.values():
            if item.kind == kind:
                return item
        raise KeyError(kind)


def load_file(path: Path) -> list[dict[str, Any]]:
    """Read and check a catalog file: a TOML `[[item]]` array or a JSON list of items."""
    try:
        if path.suffix.lower() == ".json":
            data = json.loads(path.read_text(encoding="utf-8"))
            items = data.get("item", data.get("items")) if isinstance(data, dict) else data
        else:
            items = tomllib.loads(path.read_text(encoding="utf-8")).get("item")
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise CatalogError(f"cannot read {path}: {error}") from None
    if not isinstance(items, list) or not items:
        raise CatalogError(f"{path} has no catalog items")
    return [check_item(raw, number) for number, raw in enumerate(items, 1)]


def check_item(raw: Any, number: int) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise CatalogError(f"item {number} is not a table")
    unknown = set(raw) - set(FIELDS)
    if unknown:
        raise CatalogError(f"item {number}: unknown fields {sorted(unknown)}")
    item = {field: raw.get(field, default) for field, default in FIELDS.items()}
    where = f"item {number} ({item['code']})"
    for field in ("code", "name", "kind", "category", "openness_org"):
        if not item[field]:
            raise CatalogError(f"{where}: {field} is required")
    term = prohibited_term(item["name"]) or next(
        filter(None, map(prohibited_term, item["required_fields"])), None
    )
    if term:
        raise CatalogError(f"{where}: {term} may never be collected (seed 二（一）3)")
    checks = [
        ("kind", item["kind"] in set(RecordKind)),
        ("category", item["category"] in CATEGORIES),
        ("openness_org", item["openness_org"] in OPENNESS),
        ("openness_person", item["openness_person"] in OPENNESS),
        ("list_type", item["list_type"] in (None, *LIST_TYPES)),
        ("masking", item["masking"] in (None, *MASKINGS)),
        ("default_severity", item["default_severity"] in (None, *Severity)),
        ("periods", _periods_ok(item["periods"])),
        (
            "severity_rules",
            all(len(r) == 2 and r[1] in set(Severity) for r in item["severity_rules"]),
        ),
    ]
    for field, ok in checks:
        if not ok:
            raise CatalogError(f"{where}: invalid {field} {item[field]!r}")
    if item["restricted"] and item["openness_org"] == PUBLIC:
        raise CatalogError(f"{where}: a restricted item is never public (seed 二（一）3)")
    return item


def _periods_ok(periods: Any) -> bool:
    return isinstance(periods, dict) and all(
        key in set(Severity)
        and isinstance(value, list)
        and len(value) == 2
        and 0 <= value[0] <= value[1]
        for key, value in periods.items()
    )


def install(
    session: Session, items: list[dict[str, Any]], source: str, actor: str
) -> CatalogVersion:
    """Make `items` the current catalog as a new version."""
    codes = [item["code"] for item in items]
    if len(set(codes)) != len(codes):
        raise CatalogError("duplicate item codes")
    version = CatalogVersion(source=source, actor=actor)
    version.items = [CatalogItem(position=n, **item) for n, item in enumerate(items)]
    session.add(version)
    session.flush()
    audit.log(
        session,
        actor,
        "catalog.install",
        "catalog_versions",
        version.id,
        source=source,
        items=len(items),
    )
    return version


def ensure_default(session: Session, actor: str) -> int:
    """Install the shipped catalog into an empty database; the number of items installed."""
    if session.scalar(select(func.count()).select_from(CatalogVersion)):
        return 0
    items = load_file(DEFAULT_CATALOG)
    install(session, items, source="default", actor=actor)
    return len(items)


def current(session: Session) -> Catalog:
    version_id = session.scalar(select(func.max(CatalogVersion.id)))
    if version_id is None:
        raise CatalogError("no catalog installed: run `xinyong init-db`")
    items = session.scalars(
        select(CatalogItem)
        .where(CatalogItem.version_id == version_id)
        .order_by(CatalogItem.position)
    )
    return Catalog(version_id, {item.code: item for item in items})


def is_public_for(item: CatalogItem, subject_kind: str) -> bool:
    """个体工商户 follow the openness of organisations; persons have their own."""
    openness = item.openness_person if subject_kind == "person" else item.openness_org
    return openness == PUBLIC
