"""The 联合奖惩 measures catalog (措施清单, seed 二（二）5–6): measures as data.

Like the public credit information catalog (`credit.catalog`), the default ships
as `data/measures.toml`; staff revise it with a file of the same layout (TOML or
JSON), and every revision is a new version, the old ones kept. A file holds the
matters (事项: 政府采购, 招标投标 …, each a code and a Chinese name, and the channels
the rules require beside the district's data) and the measures: code, name, kind
(激励 · 惩戒), the catalog items that trigger it, the matters it applies to, its
legal basis and the departments that carry it out.

国办发〔2020〕49号: a 惩戒 measure is taken only by list and on a legal basis, so a
惩戒 measure without a basis, or without its place in the national basic list or a
Shandong supplementary list, is refused.
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
from xinyong.credit import catalog as catalogs
from xinyong.credit.models import MeasureVersion

DEFAULT_MEASURES = Path(__file__).parent / "data" / "measures.toml"

INCENTIVE, PUNISHMENT = "激励", "惩戒"
KINDS = (INCENTIVE, PUNISHMENT)
NATIONAL_LIST = "全国失信惩戒措施基础清单（2024年版）"

MATTER_FIELDS: dict[str, Any] = {"code": None, "name": None, "channels": []}
MEASURE_FIELDS: dict[str, Any] = {
    "code": None,
    "name": None,
    "kind": None,
    "triggers": [],
    "matters": [],
    "basis": "",
    "list": "",
    "list_item": "",
    "source": "",
    "departments": [],
}


class MeasuresError(ValueError):
    """A measures file that cannot be taken; `str()` says why, in Chinese."""


def is_accepted_list(name: str) -> bool:
    """The national basic list, or a Shandong supplementary list (山东省…补充清单)."""
    name = (name or "").strip()
    return name == NATIONAL_LIST or (name.startswith("山东省") and "清单" in name)


@dataclass(frozen=True)
class Matter:
    code: str
    name: str
    channels: tuple[str, ...]


@dataclass(frozen=True)
class Measure:
    code: str
    name: str
    kind: str
    triggers: tuple[str, ...]
    matters: tuple[str, ...]
    basis: str
    list: str
    list_item: str
    source: str
    departments: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "kind": self.kind,
            "basis": self.basis,
            "list": self.list,
            "list_item": self.list_item,
            "departments": list(self.departments),
        }


@dataclass(frozen=True)
class Measures:
    """The current version: its matters and measures, in file order."""

    version_id: int
    matters: dict[str, Matter]
    measures: tuple[Measure, ...]

    def matter(self, given: str) -> Matter:
        """A matter by its code or its Chinese name (政府采购); `MeasuresError` when unknown."""
        value = (given or "").strip()
        for matter in self.matters.values():
            if value.upper() == matter.code.upper() or value == matter.name:
                return matter
        known = "、".join(f"{m.name}（{m.code}）" for m in self.matters.values())
        raise MeasuresError(f"未知的核查事项“{value}”，可选：{known}")

    def for_matter(self, matter: str) -> tuple[Measure, ...]:
        return tuple(measure for measure in self.measures if matter in measure.matters)


def load_file(path: Path) -> dict[str, list[dict[str, Any]]]:
    """Read and check a measures file: TOML `[[matter]]` and `[[measure]]`, or JSON alike."""
    try:
        if path.suffix.lower() == ".json":
            data = json.loads(path.read_text(encoding="utf-8"))
        else:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise MeasuresError(f"无法读取措施清单文件 {path.name}：{error}") from None
    if not isinstance(data, dict):
        raise MeasuresError(f"{path.name} 不是措施清单（应有 matter 与 measure 两部分）")
    return check(data.get("matter"), data.get("measure"))


def _table(raw: Any, fields: dict[str, Any], what: str) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise MeasuresError(f"{what}不是一个表")
    unknown = set(raw) - set(fields)
    if unknown:
        raise MeasuresError(f"{what}：未知字段 {sorted(unknown)}")
    value = {field: raw.get(field, default) for field, default in fields.items()}
    for field, default in fields.items():
        wanted = list if isinstance(default, list) else str
        if default is None:
            wanted = str
        given = value[field]
        if not isinstance(given, wanted) or (
            wanted is list and not all(isinstance(x, str) for x in given)
        ):
            raise MeasuresError(f"{what}：{field} 的值无效")
        if wanted is str:
            value[field] = given.strip()
    return value


def check(matters: Any, measures: Any) -> dict[str, list[dict[str, Any]]]:
    if not isinstance(matters, list) or not matters:
        raise MeasuresError("措施清单没有核查事项（matter）")
    if not isinstance(measures, list) or not measures:
        raise MeasuresError("措施清单没有措施（measure）")
    checked_matters = []
    for number, raw in enumerate(matters, 1):
        matter = _table(raw, MATTER_FIELDS, f"第{number}个事项")
        if not matter["code"] or not matter["name"]:
            raise MeasuresError(f"第{number}个事项：须有代码和名称")
        checked_matters.append(matter)
    codes = [m["code"] for m in checked_matters]
    if len(set(codes)) != len(codes) or len({m["name"] for m in checked_matters}) != len(codes):
        raise MeasuresError("事项的代码或名称重复")
    checked_measures = []
    for number, raw in enumerate(measures, 1):
        measure = _table(raw, MEASURE_FIELDS, f"第{number}项措施")
        where = f"第{number}项措施（{measure['code'] or '无代码'}）"
        for field in ("code", "name", "kind"):
            if not measure[field]:
                raise MeasuresError(f"{where}：缺少 {field}")
        if measure["kind"] not in KINDS:
            raise MeasuresError(f"{where}：种类须为“激励”或“惩戒”")
        if not measure["triggers"]:
            raise MeasuresError(f"{where}：须写明触发的目录项（triggers）")
        if not measure["matters"]:
            raise MeasuresError(f"{where}：须写明适用的事项（matters）")
        unknown = [code for code in measure["matters"] if code not in codes]
        if unknown:
            raise MeasuresError(f"{where}：未定义的事项 {unknown}")
        if not measure["departments"]:
            raise MeasuresError(f"{where}：须写明实施部门（departments）")
        if measure["kind"] == PUNISHMENT:
            if not measure["basis"]:
                raise MeasuresError(f"{where}：惩戒措施须有法律、法规或党中央、国务院政策依据")
            if not is_accepted_list(measure["list"]):
                raise MeasuresError(
                    f"{where}：惩戒措施须列入《{NATIONAL_LIST}》或山东省补充清单"
                    "（国办发〔2020〕49号），list 字段写明清单名称"
                )
        checked_measures.append(measure)
    codes = [m["code"] for m in checked_measures]
    if len(set(codes)) != len(codes):
        raise MeasuresError("措施代码重复")
    return {"matters": checked_matters, "measures": checked_measures}


def install(
    session: Session, data: dict[str, list[dict[str, Any]]], source: str, actor: str
) -> MeasureVersion:
    """Make `data` the current measures catalog as a new version.

    Every trigger must be an item of the current public credit information catalog.
    """
    items = catalogs.current(session).items
    for measure in data["measures"]:
        unknown = [code for code in measure["triggers"] if code not in items]
        if unknown:
            raise MeasuresError(
                f"措施 {measure['code']}：触发的目录项 {unknown} 不在现行目录中（见 `xinyong catalog`）"
            )
    version = MeasureVersion(
        source=source, actor=actor, matters=data["matters"], measures=data["measures"]
    )
    session.add(version)
    session.flush()
    audit.log(
        session,
        actor,
        "measures.install",
        "measure_versions",
        version.id,
        source=source,
        measures=len(data["measures"]),
        matters=len(data["matters"]),
    )
    return version


def ensure_default(session: Session, actor: str) -> int:
    """Install the shipped measures into a database that has none; how many were installed."""
    if session.scalar(select(func.count()).select_from(MeasureVersion)):
        return 0
    data = load_file(DEFAULT_MEASURES)
    install(session, data, source="default", actor=actor)
    return len(data["measures"])


def _of(version: MeasureVersion) -> Measures:
    matters = {
        m["code"]: Matter(m["code"], m["name"], tuple(m.get("channels") or ()))
        for m in version.matters
    }
    measures = tuple(
        Measure(
            code=m["code"],
            name=m["name"],
            kind=m["kind"],
            triggers=tuple(m["triggers"]),
            matters=tuple(m["matters"]),
            basis=m.get("basis", ""),
            list=m.get("list", ""),
            list_item=m.get("list_item", ""),
            source=m.get("source", ""),
            departments=tuple(m.get("departments") or ()),
        )
        for m in version.measures
    )
    return Measures(version.id, matters, measures)


def current(session: Session, actor: str = "system") -> Measures:
    """The current measures catalog; the shipped default is installed on first use."""
    version_id = session.scalar(select(func.max(MeasureVersion.id)))
    if version_id is None:
        ensure_default(session, actor)
        version_id = session.scalar(select(func.max(MeasureVersion.id)))
    return _of(session.get(MeasureVersion, version_id))


def versions(session: Session) -> list[MeasureVersion]:
    return list(session.scalars(select(MeasureVersion).order_by(MeasureVersion.id)))
