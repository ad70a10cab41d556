"""`xinyong import` and the feedback file a department reads."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from tests.conftest import MARKET, make_ric
from tests.intake.files import (
    company,
    count,
    feedback,
    headers_of,
    penalty,
    person_penalty,
    read_feedback,
    records,
    repair,
    write,
)
from xinyong.credit import intake
from xinyong.credit.intake.feedback import ALL_PASSED
from xinyong.credit.models import (
    Record,
)

# -- feedback --------------------------------------------------------------------------------


def test_feedback_names_rows_as_the_spreadsheet_does_and_neutralises_formulas(take, tmp_path):
    rows = [
        penalty(1),
        penalty(2, 处罚决定日期='=HYPERLINK("http://x")'),
        person_penalty(3, 证件号码=make_ric("19800101")[:-1] + "Z"),
    ]
    path = write(tmp_path / "penalties.csv", [{**row, "@cmd": "x"} for row in rows])

    result = take(path)

    raw = result.feedback.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    lines = feedback(result)
    assert list(lines[0]) == ["行号", "字段", "原因", "原值"]
    assert (lines[0]["行号"], lines[0]["字段"]) == ("1", "'@cmd")
    assert (lines[1]["行号"], lines[1]["字段"]) == ("3", "处罚决定日期")
    assert lines[1]["原值"] == '\'=HYPERLINK("http://x")'
    assert lines[2]["行号"] == "4"
    assert lines[2]["原值"].startswith("370306") and "********" in lines[2]["原值"]
    assert ALL_PASSED not in raw.decode("utf-8-sig")


def test_feedback_of_a_clean_file_says_all_passed(take, tmp_path):
    result = take(write(tmp_path / "clean.csv", [penalty(1)]))

    assert [line["原因"] for line in feedback(result)] == [f"{ALL_PASSED}：共1行"]


def test_progress_is_reported_per_chunk(take, tmp_path):
    seen: list[tuple[int, int]] = []
    rows = [penalty(n) for n in range(1, 6)]

    take(
        write(tmp_path / "five.csv", rows),
        settings=intake.Settings(chunk_size=2),
        progress=lambda done, total: seen.append((done, total)),
    )

    assert seen == [(2, 5), (4, 5), (5, 5)]


# -- the command -----------------------------------------------------------------------------


def test_cli_gb18030_csv_with_good_and_bad_rows(cli, session, provider, tmp_path):
    rows = [penalty(1), penalty(2, 处罚决定日期="2026-03-02"), penalty(3, 处罚类别="罚金")]
    path = write(tmp_path / "周村区市场监管局处罚.csv", rows, encoding="gb18030")

    result = cli("import", str(path), "--provider", MARKET[1], "--received", "2026-03-13")

    assert result.exit_code == 1
    assert result.output.startswith(
        f"accepted 2, updated 0, unchanged 0, rejected 1, late 1 — feedback: {path}.feedback.csv"
    )
    lines = read_feedback(Path(f"{path}.feedback.csv"))
    assert [(line["行号"], line["字段"]) for line in lines] == [("4", "处罚类别")]
    session.rollback()
    assert count(session, Record) == 2


def test_cli_xls_exported_by_a_departments_own_system(cli, session, provider, tmp_path):
    row = penalty(
        1,
        处罚决定日期=dt.date(2026, 3, 9),
        **{
            "行政相对人代码_2(工商注册号)": "",
            "行政相对人代码_3(组织机构代码)": company(1)[8:17],
            "行政相对人代码_4(税务登记号)": "",
            "行政相对人代码_5(事业单位证书号)": "",
            "行政相对人代码_6(社会组织登记证号)": "",
            "法定代表人证件类型": "身份证",
            "法定代表人证件号码": make_ric("19700505"),
            "数据导出时间": dt.date(2026, 3, 12),
            "地方编码": "370306",
            "数据更新时间戳": "2026-03-12 08:00:00",
        },
    )
    full_width = [header.replace("(", "（").replace(")", "）") for header in headers_of([row])]
    path = write(tmp_path / "export.xls", [row], headers=full_width)

    result = cli("import", str(path), "--provider", MARKET[0], "--received", "2026-03-13")

    assert result.exit_code == 0, result.output
    assert "accepted 1, updated 0, unchanged 0, rejected 0, late 0" in result.output
    session.rollback()
    assert records(session)[0].fields["行政相对人代码_1(统一社会信用代码)"] == company(1)


def test_cli_kind_option_and_exit_codes(cli, provider, tmp_path):
    row = repair(1)
    path = write(tmp_path / "repairs.csv", [row])

    assert cli("import", str(path), "--provider", MARKET[1], "--kind", "repair").exit_code == 0
    wrong = cli("import", str(path), "--provider", MARKET[1], "--kind", "penalty")
    assert wrong.exit_code == 3  # refused, not a usage mistake (2)
    assert "--kind 指定为行政处罚，但表头是信用修复结果文件的表头" in wrong.output
    assert cli("import", str(path), "--provider", MARKET[1], "--kind", "nonsense").exit_code == 2
    assert cli("import", str(path), "--provider", "没有这个部门").exit_code == 2
    assert (
        cli("import", str(path), "--provider", MARKET[1], "--received", "2099-01-01").exit_code == 2
    )


def test_cli_a_picture_named_csv_is_refused_in_chinese_with_exit_3(
    cli, session, provider, tmp_path
):
    path = tmp_path / "photo.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))

    result = cli("import", str(path), "--provider", MARKET[1])

    assert result.exit_code == 3
    assert "PNG图片，不是表格" in result.stderr
    assert "Traceback" not in result.output + result.stderr


def test_cli_refuses_a_receipt_date_in_the_future(cli, provider, tmp_path):
    path = write(tmp_path / "p.csv", [penalty(1)])
    later = (dt.date.today() + dt.timedelta(days=1)).isoformat()

    result = cli("import", str(path), "--provider", MARKET[1], "--received", later)

    assert result.exit_code == 2
    assert "晚于今天" in result.stderr


def test_settings_come_from_the_apps_config(app):
    app.config.update(
        EARLIEST_DATE="2000-01-01", CREDIT_AGENCY=" 11370306mb0000001x ", ADULT_AGE=18
    )

    settings = intake.Settings.from_config(app.config)

    assert settings.earliest_date == dt.date(2000, 1, 1)
    assert settings.credit_agency == "11370306MB0000001X"
    assert intake.Settings.from_config({}).earliest_date == dt.date(1949, 10, 1)
