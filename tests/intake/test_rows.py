"""Rows checked field by field: each bad value is a rejected row with its Chinese reason."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from stdnum.cn import uscc

from tests.conftest import make_ric
from tests.intake.files import (
    TAX_OFFICE,
    company,
    count,
    every_stored_text,
    feedback,
    licence,
    other,
    penalty,
    person_penalty,
    problems,
    read,
    records,
    shop,
    write,
    wrong_check,
)
from xinyong.credit.models import (
    Rejection,
    Severity,
    Subject,
    SubjectKind,
)


def test_a_wrong_organisation_code_column_is_checked_against_the_uscc(take, tmp_path):
    row = penalty(1, **{"行政相对人代码_3(组织机构代码)": "12345678-9"})

    result = take(write(tmp_path / "export.csv", [row]))

    assert problems(result) == [(2, "行政相对人代码_3(组织机构代码)")]


def test_category_missing_is_inferred_from_the_codes(take, session, tmp_path):
    rows = [
        penalty(1),
        penalty(
            2,
            **{"行政相对人名称": "周村区王记小吃店", "行政相对人代码_1(统一社会信用代码)": shop(2)},
        ),
        person_penalty(3),
    ]
    for row in rows:
        del row["行政相对人类别"]

    result = take(write(tmp_path / "no-category.csv", rows))

    assert result.accepted == 3
    kinds = [stored.subject.kind for stored in records(session)]
    assert kinds == [SubjectKind.ORG, SubjectKind.INDIVIDUAL, SubjectKind.PERSON]
    assert [stored.fields["行政相对人类别"] for stored in records(session)] == [
        "法人及非法人组织",
        "个体工商户",
        "自然人",
    ]


def test_an_empty_category_is_inferred_too(take, session, tmp_path):
    row = penalty(1, **{"行政相对人类别": "", "行政相对人代码_1(统一社会信用代码)": shop(1)})

    assert take(write(tmp_path / "empty.csv", [row])).accepted == 1
    assert records(session)[0].subject.kind == SubjectKind.INDIVIDUAL


def test_a_persons_id_number_is_kept_on_the_subject_only(take, session, tmp_path, protector):
    row = person_penalty(1)
    number = row["证件号码"]

    assert take(write(tmp_path / "person.csv", [row])).accepted == 1

    stored = records(session)[0]
    assert "证件号码" not in stored.fields
    assert stored.subject.id_hash == protector.hash(number)
    assert stored.subject.key == protector.public_key(number)
    assert stored.subject.id_masked == number[:6] + "********" + number[-4:]
    assert number not in json.dumps(stored.fields, ensure_ascii=False)


def full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def test_codes_are_normalised_before_the_check(take, session, tmp_path):
    code = company(1)
    written = " " + full_width(code[:9]) + code[9:].lower() + " "
    row = penalty(1, **{"行政相对人代码_1(统一社会信用代码)": written})

    assert take(write(tmp_path / "codes.csv", [row])).accepted == 1

    assert records(session)[0].subject.uscc == code
    assert records(session)[0].fields["行政相对人代码_1(统一社会信用代码)"] == code


# -- rejected rows ---------------------------------------------------------------------------

BAD_PENALTIES = {
    "wrong check character": (
        {"行政相对人代码_1(统一社会信用代码)": wrong_check(company(2))},
        "行政相对人代码_1(统一社会信用代码)",
        "校验位错误",
    ),
    "missing required value": ({"违法事实": " "}, "违法事实", "必填项为空"),
    "longer than its column holds": (
        {"行政处罚决定书文号": "周" * 201},
        "行政处罚决定书文号",
        "最多200个字符",
    ),
    "date that does not exist": ({"处罚决定日期": "2026-02-30"}, "处罚决定日期", "不存在"),
    "unreadable date": ({"处罚决定日期": "上周五"}, "处罚决定日期", "格式无法识别"),
    "decision in the future": ({"处罚决定日期": "2026-03-14"}, "处罚决定日期", "晚于报送日期"),
    "bad category": ({"行政相对人类别": "公司"}, "行政相对人类别", "不是允许的值"),
    "bad severity": ({"失信严重程度": "特别严重"}, "失信严重程度", "轻微、一般或严重"),
    "bad procedure": ({"程序类型": "快速程序"}, "程序类型", "简易程序或普通程序"),
    "2016 status code in a 2021 file": ({"当前状态": "1"}, "当前状态", "有效、变更、撤销或无效"),
    "not a kind of penalty": ({"处罚类别": "罚款;罚金"}, "处罚类别", "行政处罚法第九条"),
    "fine without its amount": ({"罚款金额(万元)": ""}, "罚款金额(万元)", "应填写罚款金额"),
    "negative amount": ({"罚款金额(万元)": "-0.5"}, "罚款金额(万元)", "不小于0"),
    "amount that is no number": ({"罚款金额(万元)": "五千元"}, "罚款金额(万元)", "不是数字"),
    "confiscation without its sum": (
        {"处罚类别": "没收违法所得"},
        "没收违法所得、没收非法财物的金额(万元)",
        "处罚类别含没收",
    ),
    "revocation without the licence": (
        {"处罚类别": "吊销许可证件"},
        "暂扣或吊销证照名称及编号",
        "处罚类别含暂扣或吊销",
    ),
    "another department's source code": (
        {"数据来源单位统一社会信用代码": TAX_OFFICE[1]},
        "数据来源单位统一社会信用代码",
        "不是报送部门",
    ),
    "organisation without its representative": (
        {"法定代表人": ""},
        "法定代表人",
        "应填写法定代表人",
    ),
    "organisation without its code": (
        {"行政相对人代码_1(统一社会信用代码)": ""},
        "行政相对人代码_1(统一社会信用代码)",
        "应填写统一社会信用代码",
    ),
    "withdrawal without its reason": (
        {"当前状态": "撤销", "撤销日期": "2026-03-12"},
        "撤销原因",
        "应填写撤销原因",
    ),
    "simple procedure for a large fine": (
        {"程序类型": "简易程序", "罚款金额(万元)": "1"},
        "程序类型",
        "行政处罚法第五十一条",
    ),
    "representative's ID number with a wrong check digit": (
        {"法定代表人证件号码": wrong_check(make_ric("19700505"))},
        "法定代表人证件号码",
        "身份证号码",
    ),
    "penalty authority code with a wrong check character": (
        {"处罚机关统一社会信用代码": "113703060041892033"},
        "处罚机关统一社会信用代码",
        "校验位错误",
    ),
}


@pytest.mark.sqlite_only
@pytest.mark.parametrize(("change", "field", "reason"), BAD_PENALTIES.values(), ids=BAD_PENALTIES)
def test_a_bad_penalty_row_is_rejected_with_its_reason(change, field, reason):
    entry, problems = read(penalty(2, **change))

    assert entry is None
    assert [(problem.field, reason in problem.reason) for problem in problems] == [(field, True)]


def test_a_rejected_row_is_stored_nowhere_and_the_feedback_names_it(take, session, tmp_path):
    change, field, reason = BAD_PENALTIES["wrong check character"]
    result = take(write(tmp_path / "penalties.csv", [penalty(1), penalty(2, **change)]))

    assert (result.accepted, result.rejected, result.exit_code) == (1, 1, 1)
    lines = [line for line in feedback(result) if line["行号"] == "3"]
    assert [line["字段"] for line in lines] == [field]
    assert reason in lines[0]["原因"]
    assert [stored.doc_no for stored in records(session)] == ["周市监罚〔2026〕1号"]
    assert count(session, Rejection, Rejection.submission_id == result.submission_id) == 1
    assert count(session, Subject) == 1


BAD_PERSONS = {
    "wrong check digit": (
        {"证件号码": wrong_check(make_ric("19800101"))},
        "身份证号码校验位错误",
    ),
    "minor on the decision date": ({"证件号码": make_ric("20080310")}, "未满18周岁"),
    "no ID number": ({"证件号码": ""}, "自然人应填写证件号码"),
    "a passport": ({"证件类型": "护照"}, "不是允许的值"),
}


@pytest.mark.sqlite_only
@pytest.mark.parametrize(("change", "reason"), BAD_PERSONS.values(), ids=BAD_PERSONS)
def test_a_bad_person_row_is_rejected(change, reason):
    entry, problems = read(person_penalty(1, **change))

    assert entry is None
    assert reason in problems[0].reason


def test_a_person_is_adult_from_the_day_after_the_18th_birthday(take, tmp_path):
    # decided 2026-03-09: born 2008-03-08 is 18 周岁; on the birthday itself, still 17
    adult = person_penalty(1, 证件号码=make_ric("20080308"))
    birthday = person_penalty(2, 证件号码=make_ric("20080309", serial="456"))

    result = take(write(tmp_path / "adult.csv", [adult, birthday]))

    assert (result.accepted, result.rejected) == (1, 1)
    assert problems(result) == [(3, "证件号码")]


BAD_LICENCES = {
    "bad licence category": ({"许可类别": "特殊"}, "许可类别", "不是允许的值"),
    "validity ends before it starts": ({"有效期至": "2026-01-01"}, "有效期至", "早于有效期自"),
    "bad status": ({"当前状态": "3"}, "当前状态", "有效或无效"),
    "missing validity start": ({"有效期自": ""}, "有效期自", "必填项为空"),
}


@pytest.mark.sqlite_only
@pytest.mark.parametrize(("change", "field", "reason"), BAD_LICENCES.values(), ids=BAD_LICENCES)
def test_a_bad_licence_row_is_rejected(change, field, reason):
    entry, problems = read(licence(1, **change))

    assert entry is None
    assert [(problem.field, reason in problem.reason) for problem in problems] == [(field, True)]


def test_other_licence_categories_are_taken_as_written(take, session, tmp_path):
    assert take(write(tmp_path / "l.csv", [licence(1, 许可类别="其他（备案）")])).accepted == 1
    assert records(session)[0].fields["许可类别"] == "其他（备案）"


BAD_OTHERS = {
    "unknown catalog code": (other("NOPE"), "目录项代码", "不在现行目录中"),
    "a penalty item": (other("XZCF"), "目录项代码", "应按行政处罚的文件格式报送"),
    "restricted item without consent": (other("NSSE"), "书面同意文号", "书面同意"),
    "removed before recognised": (
        other("YZWFSX", 移出日期="2026-01-01", 移出文号="周移〔2026〕1号"),
        "移出日期",
        "早于认定日期",
    ),
    "another department's source code": (
        other("BZJL", 数据来源单位统一社会信用代码=TAX_OFFICE[1]),
        "数据来源单位统一社会信用代码",
        "不是报送部门",
    ),
}


@pytest.mark.sqlite_only
@pytest.mark.parametrize(("row", "field", "reason"), BAD_OTHERS.values(), ids=BAD_OTHERS)
def test_a_bad_other_row_is_rejected(row, field, reason):
    entry, problems = read(row)

    assert entry is None
    assert [problem.field for problem in problems] == [field]
    assert reason in problems[0].reason


# -- other catalog items ---------------------------------------------------------------------


def test_other_catalog_items(take, session, tmp_path):
    rows = [
        other("ANSR", 1, 信息内容="2025年度纳税信用A级"),
        other(
            "YZWFSX",
            2,
            信息内容="列入严重违法失信名单",
            移出日期="2026-03-12",
            移出文号="周移〔2026〕2号",
        ),
        other("JYYC", 3, 信息内容="列入经营异常名录", 有效期至="2026-09-30", 失信严重程度="一般"),
        other("NSSE", 4, 信息内容="2025年纳税额", 书面同意文号="周同意〔2026〕4号"),
        other(
            "SXBZXR",
            5,
            主体名称="周八",
            主体类别="自然人",
            统一社会信用代码="",
            证件号码=make_ric("19850505"),
            信息内容="失信被执行人",
        ),
    ]
    result = take(write(tmp_path / "others.xlsx", rows))

    assert (result.kind, result.accepted, result.rejected) == ("other", 5, 0)
    red, black, abnormal, tax, debtor = records(session)
    assert (red.item_code, red.title, red.severity, red.disclosure_end) == (
        "ANSR",
        "A级纳税人",
        None,
        None,
    )
    assert (black.severity, black.severity_inferred) == (Severity.SERIOUS, True)
    assert black.disclosure_end == dt.date(2029, 3, 9)  # the catalog's maximum
    assert (black.removed_on, black.removed_doc) == (dt.date(2026, 3, 12), "周移〔2026〕2号")
    assert (abnormal.severity, abnormal.severity_inferred) == (Severity.GENERAL, False)
    assert abnormal.disclosure_end == dt.date(2026, 9, 30)
    assert tax.consent_ref == "周同意〔2026〕4号"
    assert debtor.subject.kind == SubjectKind.PERSON
    assert all(stored.kind == "other" for stored in records(session))


# -- hostile values: each a rejected row with its reason, never a crash ---------------------

HOSTILE = {
    "absurd exponent": ({"罚款金额(万元)": "9e999999999"}, "罚款金额(万元)", "过大"),
    "a million digits": ({"罚款金额(万元)": "1e999999"}, "罚款金额(万元)", "过大"),
    "negative fine": ({"罚款金额(万元)": "-0.5"}, "罚款金额(万元)", "不能为负数"),
    "negative zero": ({"罚款金额(万元)": "-0"}, "罚款金额(万元)", "-0"),
    "NUL in a name": ({"行政相对人名称": "淄博\x00周村"}, "行政相对人名称", "空字符"),
    "control character": ({"违法事实": "生产\x1b销售"}, "违法事实", "控制字符"),
    "over-long cell": ({"违法事实": "事" * 50_000}, "违法事实", "50,000个字符"),
    "an empty spreadsheet date": ({"处罚决定日期": "1899-12-30"}, "处罚决定日期", "早于1949-10-01"),
}


@pytest.mark.parametrize(("change", "field", "reason"), HOSTILE.values(), ids=HOSTILE)
def test_a_hostile_value_is_a_rejected_row_with_its_reason(
    take, session, tmp_path, change, field, reason
):
    result = take(write(tmp_path / "hostile.csv", [penalty(1), penalty(2, **change), penalty(3)]))

    assert (result.accepted, result.rejected, result.exit_code) == (2, 1, 1)
    assert [(line["字段"], reason in line["原因"]) for line in feedback(result)] == [(field, True)]
    assert "\x00" not in every_stored_text(session)


def test_a_lone_surrogate_in_json_is_a_rejected_row(take, session, tmp_path):
    rows = [penalty(1), penalty(2, 行政相对人名称="淄博\ud800周村")]
    path = tmp_path / "surrogate.json"
    path.write_text(json.dumps(rows, ensure_ascii=True), encoding="utf-8")

    result = take(path)

    assert (result.accepted, result.rejected) == (1, 1)
    assert problems(result) == [(3, "行政相对人名称")]
    assert "代理项" in feedback(result)[0]["原因"]


def test_a_row_with_more_cells_than_the_header_is_rejected_naming_both(take, session, tmp_path):
    path = write(tmp_path / "shifted.csv", [penalty(1), penalty(2)])
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([*lines[:2], lines[2] + ",多出的单元格", ""]), encoding="utf-8")
    headers = len(lines[0].split(","))

    result = take(path)

    assert (result.accepted, result.rejected) == (1, 1)
    assert f"本行有{headers + 1}个单元格，多于表头的{headers}列" in feedback(result)[0]["原因"]


def test_a_spreadsheet_sum_is_stored_exactly(take, session, tmp_path):
    row = penalty(1, **{"罚款金额(万元)": 0.1 + 0.2})
    take(write(tmp_path / "sums.xlsx", [row]))

    assert records(session)[0].fields["罚款金额(万元)"] == "0.3"


def test_a_code_beginning_with_letters_is_accepted(take, session, tmp_path):
    # GB 32100: N2 is a 村级集体经济组织, which stdnum alone refuses
    body = "N2370306MA3C00001"
    code = body + uscc.calc_check_digit(body)
    row = other("ZYFW", 1, 主体名称="周村区王村镇某村股份经济合作社", 统一社会信用代码=code)

    result = take(write(tmp_path / "village.csv", [row]))

    assert result.accepted == 1, feedback(result)
    assert records(session)[0].subject.uscc == code
