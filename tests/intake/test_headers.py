"""Headers as department exports write them: both standards, and files refused for their header."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.conftest import MARKET, make_ric
from tests.intake.files import (
    company,
    count,
    every_stored_text,
    feedback,
    licence,
    penalty,
    penalty_2016,
    person_penalty,
    read_feedback,
    records,
    shop,
    write,
)
from xinyong.credit.intake.headers import layout
from xinyong.credit.intake.problems import Refusal
from xinyong.credit.models import (
    Record,
    RecordStatus,
    Subject,
    SubjectKind,
    Submission,
)

# -- headers as real exports write them ------------------------------------------------------


def test_headers_as_department_exports_write_them(take, session, tmp_path, protector):
    representative = make_ric("19700505", serial="321")
    row = penalty(
        1,
        **{
            "行政相对人代码_2(工商注册号)": "370306200012345",
            "行政相对人代码_3(组织机构代码)": company(1)[8:17],
            "行政相对人代码_4(税务登记号)": company(1),
            "行政相对人代码_5(事业单位证书号)": "",
            "行政相对人代码_6(社会组织登记证号)": "",
            "法定代表人证件类型": "身份证",
            "法定代表人证件号码": representative,
            "数据导出时间": "2026-03-12 08:00:00",
            "地方编码": "370306",
            "数据更新时间戳": "20260312080000",
            "经办人": "赵六",
        },
    )
    written = [
        "行政相对人名称 ",
        " 行政相对人类别：",
        "行政相对人代码_1（统一社会信用代码）",
        "法定代表人:",
        "证件类型",
        "证件号码",
        "行政处罚决定书文号",
        "违法行为类型",
        "违法事实",
        "处罚依据",
        "处罚类别",
        "处罚内容",
        "罚款金额 (万元)",
        "处罚决定日期",
        "处罚机关",
        "处罚机关统一社会信用代码",
        "数据来源单位",
        "数据来源单位统一社会信用代码",
        "行政相对人代码_2 (工商注册号)",
        "行政相对人代码_3（组织机构代码）",
        "行政相对人代码_4(税务登记号)",
        "行政相对人代码_5（事业单位证书号）",
        "行政相对人代码_6（社会组织登记证号）",
        "法定代表人证件类型",
        "法定代表人证件号码",
        "数据导出时间",
        "地方编码",
        "数据更新时间戳",
        "经办人",
    ]
    result = take(write(tmp_path / "export.csv", [row], headers=written))

    assert (result.accepted, result.rejected, result.refused) == (1, 0, None)
    assert feedback(result)[0] == {
        "行号": "1",
        "字段": "经办人",
        "原因": "不是标准字段，已忽略（请核对列名）",
        "原值": "",
    }
    stored = records(session)[0]
    assert stored.fields["罚款金额(万元)"] == "0.5"
    assert (
        stored.fields["法定代表人证件号码"] == representative[:6] + "********" + representative[-4:]
    )
    assert stored.fields["法定代表人证件号码哈希"] == protector.hash(representative)
    assert not {"数据导出时间", "地方编码", "工商注册号", "经办人"} & set(stored.fields)
    assert representative not in every_stored_text(session)


# -- the 2016 standard -----------------------------------------------------------------------


def test_a_2016_export_is_read_with_that_standards_names_and_codes(
    take, session, tmp_path, provider
):
    rows = [
        penalty_2016(1, "0"),
        penalty_2016(2, "1", 备注="经复议撤销"),
        penalty_2016(3, "2"),
        penalty_2016(4, ""),
        penalty_2016(
            5,
            "0",
            **{
                "行政相对人名称": "周七",
                "行政相对人代码_1(统一社会信用代码)": "",
                "法定代表人姓名": "",
                "行政相对人代码_5(居民身份证号)": make_ric("19750303"),
            },
        ),
    ]
    result = take(write(tmp_path / "2016.csv", rows), received_on=dt.date(2016, 5, 20))

    assert (result.accepted, result.rejected, result.standard) == (5, 0, "2016")
    kept, withdrawn, disputed, empty, person = records(session)
    assert kept.status == RecordStatus.ACTIVE and kept.provider_label is None
    assert withdrawn.status == RecordStatus.INVALID  # a 1 withdraws in 2016, it does not confirm
    assert disputed.status == RecordStatus.ACTIVE
    assert disputed.provider_label == "异议处理中" and disputed.objection_label is None
    assert empty.status == RecordStatus.ACTIVE
    assert person.subject.kind == SubjectKind.PERSON
    assert kept.title == "无照经营"
    assert kept.content == "罚款二万元，没收违法所得"
    assert kept.fields["违法事实"] == "未取得营业执照从事经营活动"
    assert kept.fields["处罚类别"] == "罚款;没收违法所得;没收非法财物"
    assert kept.fields["法定代表人"] == "孙七"
    # what the 2016 standard lacks comes from the department handing the file in
    assert kept.authority_uscc == provider.uscc
    assert kept.fields["数据来源单位"] == provider.name
    assert kept.fields["数据来源单位统一社会信用代码"] == provider.uscc
    assert "罚款金额(万元)" not in kept.fields  # not asked of a 2016 export


def test_a_2016_licence_export_defaults_its_validity_start_to_the_decision(take, session, tmp_path):
    row = {
        "行政许可决定书文号": "周工商许〔2016〕8号",
        "项目名称": "个体工商户设立登记",
        "审批类别": "登记",
        "许可内容": "个体工商户设立",
        "行政相对人名称": "周村区老街茶馆",
        "行政相对人代码_1(统一社会信用代码)": shop(8),
        "法定代表人姓名": "钱八",
        "许可决定日期": "2016年5月10日",
        "许可截止期": "2099-12-31",
        "许可机关": "周村区工商行政管理局",
        "当前状态": "1",
    }
    result = take(write(tmp_path / "licences-2016.xlsx", [row]), received_on=dt.date(2016, 5, 12))

    assert (result.kind, result.standard, result.accepted) == ("license", "2016", 1)
    stored = records(session)[0]
    assert stored.valid_from == stored.decided_on == dt.date(2016, 5, 10)
    assert stored.valid_to is None  # 2099-12-31: no end
    assert stored.status == RecordStatus.INVALID
    assert stored.fields["许可类别"] == "登记"


def test_2021_licence_status_codes(take, session, tmp_path):
    rows = [licence(1, 当前状态="1"), licence(2, 当前状态="2"), licence(3, 当前状态="无效")]

    assert take(write(tmp_path / "licences.csv", rows)).accepted == 3

    assert [stored.status for stored in records(session)] == [
        RecordStatus.ACTIVE,
        RecordStatus.INVALID,
        RecordStatus.INVALID,
    ]
    assert records(session)[0].valid_to == dt.date(2031, 3, 8)
    assert records(session)[0].item_code == "XZXK"


def test_a_file_mixing_both_standards_is_refused(take, session, tmp_path):
    row = penalty(1, 处罚名称="无照经营")

    result = take(write(tmp_path / "mixed.csv", [row]))

    assert result.refused
    assert "混用" in result.refused
    assert count(session, Record) == 0


# -- whole files refused ---------------------------------------------------------------------


def test_a_prohibited_column_refuses_the_file_and_leaves_no_trace(cli, session, provider, tmp_path):
    rows = [person_penalty(1, 血型="AB型Rh阴性", 宗教信仰="某某教"), penalty(2)]
    path = write(tmp_path / "prohibited.csv", rows)

    result = cli("import", str(path), "--provider", MARKET[1])

    assert result.exit_code == 3  # refused, not a usage mistake (2)
    assert "血型" in result.output + (result.stderr or "")
    session.rollback()
    stored = every_stored_text(session)
    for value in ("AB型Rh阴性", "某某教", "李四", "淄博周村丝绸有限公司2", rows[0]["证件号码"]):
        assert value not in stored
    assert count(session, Subject) == count(session, Record) == 0
    submission = session.scalars(select(Submission)).one()
    assert "禁止归集" in submission.refused
    assert submission.accepted == 0
    assert Path(f"{path}.feedback.csv").exists()


def test_a_prohibited_key_in_a_later_json_object_refuses_the_file(take, session, tmp_path):
    path = tmp_path / "later.json"
    items = [penalty(1), {**penalty(2), "病史": "高血压"}]
    path.write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")

    result = take(path)

    assert result.refused
    assert "病史" in result.refused
    assert count(session, Record) == 0
    assert "高血压" not in every_stored_text(session)


def test_a_missing_required_column_refuses_the_file_with_one_message(
    cli, session, provider, tmp_path
):
    rows = [penalty(1)]
    del rows[0]["处罚依据"]
    del rows[0]["处罚机关"]
    path = write(tmp_path / "incomplete.csv", rows)

    result = cli("import", str(path), "--provider", MARKET[1])

    assert result.exit_code == 3  # refused, not a usage mistake (2)
    message = result.output + (result.stderr or "")
    assert "缺少必需的列：处罚依据、处罚机关" in message
    session.rollback()
    assert count(session, Record) == 0
    lines = read_feedback(Path(f"{path}.feedback.csv"))
    assert len(lines) == 1 and "处罚依据" in lines[0]["原因"]


def test_a_file_of_no_recognisable_kind_is_refused(take, tmp_path):
    result = take(write(tmp_path / "what.csv", [{"名称": "某公司", "日期": "2026-03-09"}]))

    assert result.refused
    assert "无法判断文件类别" in result.refused and "--kind" in result.refused


# -- headers alone (no database) --------------------------------------------------------------

PENALTY_2021 = list(penalty(1))


@pytest.mark.sqlite_only
def test_a_penalty_file_is_recognised_by_its_headers_alone():
    found = layout(PENALTY_2021)
    assert (found.kind, found.standard, found.unknown) == ("penalty", "2021", [])


@pytest.mark.sqlite_only
def test_an_export_s_spelling_of_a_header_reads_as_the_standard_name():
    headers = [h.replace("(", "（").replace(")", "）") + " ：" for h in PENALTY_2021]
    found = layout(headers)
    assert found.header("罚款金额(万元)") == "罚款金额（万元） ："


@pytest.mark.sqlite_only
@pytest.mark.parametrize(
    ("headers", "reason"),
    [
        ([*PENALTY_2021, "宗教信仰"], "禁止归集"),
        ([*PENALTY_2021, "处罚名称"], "混用了2016年标准"),
        (["名称", "日期"], "无法判断文件类别"),
        ([h for h in PENALTY_2021 if h != "违法事实"], "缺少必需的列：违法事实"),
        ([*PENALTY_2021, "违法事实"], "请只保留一列"),
    ],
)
def test_a_header_that_cannot_be_read_refuses_the_file_with_one_reason(headers, reason):
    with pytest.raises(Refusal, match=reason):
        layout(headers)
