"""The catalog as data: the shipped default, revisions that keep old versions, and refusals."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from xinyong.credit import catalog
from xinyong.credit.models import AuditEvent, CatalogItem, CatalogVersion


def test_the_default_catalog_covers_what_the_design_lists(session):
    items = catalog.current(session).items
    names = {item.name for item in items.values()}
    for name in (
        "行政许可",
        "行政处罚",
        "A级纳税人",
        "表彰奖励",
        "失信被执行人",
        "严重违法失信名单",
        "志愿服务",
        "慈善捐赠",
        "经营异常名录",
        "行政强制",
        "行政确认",
        "行政征收",
        "行政给付",
        "行政裁决",
        "行政补偿",
        "行政奖励",
        "行政监督检查",
    ):
        assert name in names
    assert {i.code for i in items.values() if i.deletable} == {"BZJL", "ZYFW", "CSJZ"}
    assert all(i.category == "其他信息" for i in items.values() if i.deletable)
    assert all(not catalog.is_public_for(i, "org") for i in items.values() if i.restricted)
    assert {i.list_type for i in items.values()} == {None, "red", "black"}
    penalty = items["XZCF"]
    assert penalty.dishonest and penalty.periods == {"general": [3, 12], "serious": [12, 36]}


def test_persons_are_off_the_site_unless_an_item_says_otherwise(session):
    items = catalog.current(session).items.values()
    public_for_persons = {i.code for i in items if catalog.is_public_for(i, "person")}
    assert public_for_persons == {"SXBZXR"}
    assert catalog.current(session)["SXBZXR"].masking == "ric_6_4"
    # 个体工商户 follow the openness of organisations
    assert catalog.is_public_for(catalog.current(session)["XZCF"], "individual")


def write_catalog(path, items):
    path.write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
    return path


def test_catalog_import_installs_a_new_version_and_keeps_the_old(cli, session, tmp_path):
    items = [
        {
            "code": "XZCF",
            "name": "行政处罚",
            "kind": "penalty",
            "category": "行政管理",
            "openness_org": "社会公开",
            "dishonest": True,
            "periods": {"general": [6, 12]},
        },
        {
            "code": "HBXY",
            "name": "环保信用评价",
            "kind": "other",
            "category": "行政管理",
            "openness_org": "社会公开",
        },
    ]
    result = cli("catalog", "import", str(write_catalog(tmp_path / "catalog.json", items)))
    assert result.exit_code == 0, result.output
    assert "version 2" in result.output
    current = catalog.current(session)
    assert set(current.items) == {"XZCF", "HBXY"}
    assert current["XZCF"].periods == {"general": [6, 12]}
    assert session.scalar(select(func.count()).select_from(CatalogVersion)) == 2
    assert session.scalar(select(func.count()).where(CatalogItem.version_id == 1)) == 21
    assert session.scalar(
        select(AuditEvent).where(
            AuditEvent.action == "catalog.install", AuditEvent.entity_id == "2"
        )
    )
    listing = cli("catalog")
    assert "HBXY" in listing.output and "环保信用评价" in listing.output


@pytest.mark.parametrize(
    ("item", "reason"),
    [
        (
            {
                "code": "XY",
                "name": "宗教信仰信息",
                "kind": "other",
                "category": "其他信息",
                "openness_org": "授权查询",
            },
            "never be collected",
        ),
        (
            {
                "code": "XY",
                "name": "血检",
                "kind": "other",
                "category": "其他信息",
                "openness_org": "授权查询",
                "required_fields": ["血型"],
            },
            "never be collected",
        ),
        (
            {
                "code": "XY",
                "name": "纳税",
                "kind": "other",
                "category": "基本信息",
                "openness_org": "社会公开",
                "restricted": True,
            },
            "never public",
        ),
        (
            {
                "code": "XY",
                "name": "处罚",
                "kind": "fine",
                "category": "行政管理",
                "openness_org": "社会公开",
            },
            "invalid kind",
        ),
        (
            {
                "code": "XY",
                "name": "处罚",
                "kind": "penalty",
                "category": "行政管理",
                "openness_org": "社会公开",
                "periods": {"general": [12, 3]},
            },
            "invalid periods",
        ),
        (
            {
                "code": "XY",
                "name": "处罚",
                "kind": "penalty",
                "category": "行政管理",
                "openness_org": "公开",
            },
            "invalid openness_org",
        ),
    ],
)
def test_a_catalog_that_breaks_a_rule_is_refused_whole(cli, session, tmp_path, item, reason):
    result = cli("catalog", "import", str(write_catalog(tmp_path / "bad.json", [item])))
    assert result.exit_code == 3  # the file refused
    assert reason in result.output
    assert catalog.current(session).version_id == 1
