"""The 联合奖惩 measures catalog: data, revised by file, a 惩戒 measure only on a basis and a list."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func, select

from xinyong.commands import EXIT_OK, EXIT_REFUSED
from xinyong.credit import catalog, measures
from xinyong.credit.models import MeasureVersion


def test_the_shipped_set_is_realistic_and_every_punishment_has_its_basis_and_list(session):
    data = measures.load_file(measures.DEFAULT_MEASURES)
    assert 15 <= len(data["measures"]) <= 25
    items = catalog.current(session).items
    for measure in data["measures"]:
        assert set(measure["triggers"]) <= set(items), measure["code"]
        if measure["kind"] == measures.PUNISHMENT:
            assert measure["basis"] and measures.is_accepted_list(measure["list"])
    names = {m["name"] for m in data["matters"]}
    assert {"政府采购", "招标投标", "财政资金扶持", "评优评先", "行政许可", "融资授信"} <= names
    procurement = next(m for m in data["measures"] if m["name"] == "限制参与政府采购")
    assert "SXBZXR" in procurement["triggers"] and "政府采购法" in procurement["basis"]


def write(path: Path, matters: list[dict], items: list[dict]) -> Path:
    import json

    path.write_text(json.dumps({"matter": matters, "measure": items}, ensure_ascii=False))
    return path


def punishment(**changes) -> dict:
    measure = {
        "code": "X1",
        "name": "限制参与政府采购",
        "kind": "惩戒",
        "triggers": ["SXBZXR"],
        "matters": ["ZFCG"],
        "basis": "《中华人民共和国政府采购法》",
        "list": measures.NATIONAL_LIST,
        "departments": ["周村区财政局"],
    }
    measure.update(changes)
    return measure


MATTERS = [{"code": "ZFCG", "name": "政府采购", "channels": ["信用中国"]}]


@pytest.mark.parametrize(
    "changes, says",
    [
        ({"basis": ""}, "惩戒措施须有法律"),
        ({"list": ""}, "全国失信惩戒措施基础清单（2024年版）"),
        ({"list": "某市自定清单"}, "山东省补充清单"),
        ({"kind": "奖励"}, "种类须为"),
        ({"matters": ["XYZ"]}, "未定义的事项"),
        ({"triggers": []}, "触发的目录项"),
        ({"departments": []}, "实施部门"),
        ({"extra": 1}, "未知字段"),
        ({"basis": 5}, "basis 的值无效"),
    ],
)
def test_a_measure_without_what_the_rules_ask_is_refused(tmp_path, changes, says):
    path = write(tmp_path / "m.json", MATTERS, [punishment(**changes)])
    with pytest.raises(measures.MeasuresError, match=says):
        measures.load_file(path)


def test_a_shandong_supplementary_list_is_accepted_and_an_incentive_needs_no_list(tmp_path):
    items = [
        punishment(list="山东省失信惩戒措施补充清单"),
        punishment(code="J1", kind="激励", basis="", list="", triggers=["ANSR"]),
    ]
    assert len(measures.load_file(write(tmp_path / "m.json", MATTERS, items))["measures"]) == 2


@given(st.text(max_size=40))
def test_only_the_national_list_or_a_shandong_list_is_accepted(name):
    accepted = measures.is_accepted_list(name)
    assert accepted == (
        name.strip() == measures.NATIONAL_LIST
        or (name.strip().startswith("山东省") and "清单" in name.strip())
    )


def test_a_revision_is_a_new_version_and_the_old_ones_are_kept(cli, session, tmp_path):
    assert cli("measures").exit_code == EXIT_OK
    first = measures.current(session)
    revised = write(tmp_path / "revised.json", MATTERS, [punishment()])
    result = cli("measures", "import", str(revised))
    assert result.exit_code == EXIT_OK and "earlier versions are kept" in result.output
    session.expire_all()
    now = measures.current(session)
    assert now.version_id > first.version_id and len(now.measures) == 1
    assert session.scalar(select(func.count()).select_from(MeasureVersion)) == 2
    listed = cli("measures").output
    assert "限制参与政府采购" in listed and "政府采购" in listed


def test_a_trigger_outside_the_catalog_and_a_bad_file_are_refused(cli, session, tmp_path):
    unknown = write(tmp_path / "u.json", MATTERS, [punishment(triggers=["NOPE"])])
    result = cli("measures", "import", str(unknown))
    assert result.exit_code == EXIT_REFUSED and "不在现行目录中" in result.output
    broken = tmp_path / "b.toml"
    broken.write_text("[[measure]\ncode = ", encoding="utf-8")
    result = cli("measures", "import", str(broken))
    assert result.exit_code == EXIT_REFUSED and "无法读取" in result.output
    assert session.scalar(select(func.count()).select_from(MeasureVersion)) <= 1


def test_a_matter_is_found_by_code_or_chinese_name(session):
    current = measures.current(session)
    assert current.matter("zfcg").name == "政府采购"
    assert current.matter("政府采购").code == "ZFCG"
    with pytest.raises(measures.MeasuresError, match="未知的核查事项"):
        current.matter("买菜")
