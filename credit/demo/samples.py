"""Sample provider files: what the market supervision bureau's system would export."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from xinyong.credit.demo.cases import PenaltyCase
from xinyong.credit.demo.codes import id_number
from xinyong.credit.demo.generator import Demo, Generator
from xinyong.credit.demo.texts import penalty_content, taken_licence, wan
from xinyong.credit.disclosure import add_months
from xinyong.credit.intake.headers import COLUMNS, DOUBLE_PUBLICITY_SUBJECT
from xinyong.credit.intake.rows import WITHDRAWAL_DATE, WITHDRAWAL_REASON
from xinyong.credit.models import Provider, RecordKind, SubjectKind

SAMPLES = "samples"
PENALTY_SAMPLE = "penalties-gb18030.csv"
LICENSE_SAMPLE = "licenses.csv"
#: the format's fields the samples leave out: a representative's ID, a withdrawal
LEFT_OUT = frozenset(
    {
        DOUBLE_PUBLICITY_SUBJECT.rep_id_type,
        DOUBLE_PUBLICITY_SUBJECT.rep_id_number,
        WITHDRAWAL_REASON,
        WITHDRAWAL_DATE,
    }
)


def headers(kind: str) -> tuple[str, ...]:
    """A kind's columns in the 2021 standard's order, as intake reads them."""
    return tuple(column.name for column in COLUMNS[kind] if column.name not in LEFT_OUT)


PENALTY_HEADERS = headers(RecordKind.PENALTY)
LICENSE_HEADERS = headers(RecordKind.LICENSE)


def write_samples(
    folder: Path, generator: Generator, market: Provider
) -> dict[Path, tuple[int, int]]:
    """Sample files of the market supervision bureau, as its system would export them:
    each file written, with its numbers of good and bad rows.

    The penalty file mixes good rows with a few that intake must reject (a bad
    check character, a missing value, a minor, an impossible date), so the
    feedback file has something to say. Document numbers continue the demo's
    own series, so nothing clashes with the records already loaded.
    """
    folder.mkdir(parents=True, exist_ok=True)
    penalties, bad = sample_penalties(generator, market)
    write_csv(folder / PENALTY_SAMPLE, PENALTY_HEADERS, penalties, "gb18030")
    licences = sample_licences(generator, market)
    write_csv(folder / LICENSE_SAMPLE, LICENSE_HEADERS, licences, "utf-8-sig")
    return {
        folder / PENALTY_SAMPLE: (len(penalties) - bad, bad),
        folder / LICENSE_SAMPLE: (len(licences), 0),
    }


def write_csv(
    path: Path, headers: tuple[str, ...], rows: list[dict[str, str]], encoding: str
) -> None:
    """CSV as Excel on a Chinese Windows writes it: CRLF, every column in every row."""
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=headers, lineterminator="\r\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({header: row.get(header, "") for header in headers})


def known_subjects(generator: Generator) -> list[Demo]:
    """Subjects already in the demo database: a new report about them updates their file."""
    return [demo for demo in generator.kept if demo.sort in ("company", "shop", "person")]


def fresh_subjects(generator: Generator) -> Iterator[Demo]:
    """New subjects, never in the database, companies, shops and persons in turn."""
    while True:
        for sort in ("company", "shop", "company", "person"):
            yield generator.subject(sort)


def market_cases(generator: Generator, code: str, demo: Demo) -> list[Any]:
    return [case for case in generator.cases_for(code, demo) if case.dept == "market"]


def sample_penalties(generator: Generator, market: Provider) -> tuple[list[dict[str, str]], int]:
    """Twenty penalty rows of the last days, the last four wrong on purpose."""
    today = generator.today
    fresh = fresh_subjects(generator)
    good = known_subjects(generator)[:13]
    good += [next(fresh) for _ in range(16 - len(good))]
    rows = []
    for number, demo in enumerate(good):
        cases = market_cases(generator, "XZCF", demo)
        decided = today - dt.timedelta(days=2 + number % 7)
        rows.append(sample_penalty(generator, market, demo, cases[number % len(cases)], decided))
    rows[1]["失信严重程度"] = "一般"
    rows[3]["公示截止期"] = add_months(
        dt.date.fromisoformat(rows[3]["处罚决定日期"]), 12
    ).isoformat()
    bad = [next(demo for demo in fresh if demo.uscc) for _ in range(3)] + [minor(generator)]
    for number, demo in enumerate(bad):
        cases = market_cases(generator, "XZCF", demo)
        decided = today - dt.timedelta(days=3 + number)
        rows.append(sample_penalty(generator, market, demo, cases[0], decided))
    code = rows[-4]["行政相对人代码_1(统一社会信用代码)"]
    rows[-4]["行政相对人代码_1(统一社会信用代码)"] = code[:-1] + ("1" if code[-1] != "1" else "2")
    rows[-4]["备注"] = "统一社会信用代码校验位错误（示例）"
    rows[-3]["违法事实"] = ""
    rows[-3]["备注"] = "缺少违法事实（示例）"
    rows[-2]["处罚决定日期"] = f"{today.year}-02-30"
    rows[-2]["备注"] = "处罚决定日期无效（示例）"
    rows[-1]["备注"] = "当事人未满18周岁（示例）"
    return rows, len(bad)


def minor(generator: Generator) -> Demo:
    """A sixteen-year-old: intake must refuse the row (seed 二（一）3)."""
    born = generator.day_between(
        dt.date(generator.today.year - 16, 1, 1), dt.date(generator.today.year - 16, 10, 31)
    )
    return Demo(
        "person",
        SubjectKind.PERSON,
        generator.person_name(male=True),
        frozenset({"person"}),
        born,
        id_number=id_number(born, generator.rng.randrange(1, 99), True, generator.rng),
    )


def sample_penalty(
    generator: Generator, market: Provider, demo: Demo, case: PenaltyCase, decided: dt.date
) -> dict[str, str]:
    rng = generator.rng
    kinds = case.kinds[0]
    fine, gain = generator.amounts(case, kinds, demo)
    simple = generator.simple_procedure(kinds, fine, demo, generator.items["XZCF"])
    row = generator.subject_columns(demo)
    row.update(
        {
            "行政处罚决定书文号": generator.doc_no(
                "market", "简罚" if simple else "罚", decided.year
            ),
            "违法行为类型": case.behaviour,
            "违法事实": generator.fill(case.fact, decided, demo),
            "处罚依据": case.basis,
            "处罚类别": ";".join(kinds),
            "处罚内容": penalty_content(kinds, fine, gain, case.licence, rng),
            "罚款金额(万元)": wan(fine) if fine else "",
            "没收违法所得、没收非法财物的金额(万元)": wan(gain) if gain else "",
            "处罚决定日期": decided.isoformat(),
            "程序类型": "简易程序" if simple else "普通程序",
            "当前状态": "有效",
            "处罚机关": market.name,
            "处罚机关统一社会信用代码": market.uscc,
            "数据来源单位": market.name,
            "数据来源单位统一社会信用代码": market.uscc,
        }
    )
    if case.licence:
        row["暂扣或吊销证照名称及编号"] = taken_licence(case.licence, demo, rng)
    return row


def sample_licences(generator: Generator, market: Provider) -> list[dict[str, str]]:
    """A dozen good licences of the market supervision bureau, for known and new subjects."""
    today = generator.today
    rows: list[dict[str, str]] = []
    candidates = [*known_subjects(generator)]
    fresh = fresh_subjects(generator)
    for tries in range(500):
        if len(rows) == 12:
            break
        demo = candidates[tries] if tries < len(candidates) else next(fresh)
        cases = market_cases(generator, "XZXK", demo)
        if not cases:
            continue
        case = cases[len(rows) % len(cases)]
        decided = today - dt.timedelta(days=1 + len(rows) % 6)
        row = generator.subject_columns(demo)
        row.update(
            {
                "行政许可决定文书名称": case.title,
                "行政许可决定文书号": generator.doc_no("market", case.doc, decided.year),
                "许可类别": case.category,
                "许可证书名称": case.certificate,
                "许可编号": generator.licence_no(case, decided),
                "许可内容": generator.fill(case.content, decided),
                "许可决定日期": decided.isoformat(),
                "有效期自": decided.isoformat(),
                "有效期至": case.valid_to(decided).isoformat(),
                "许可机关": market.name,
                "许可机关统一社会信用代码": market.uscc,
                "当前状态": "有效",
                "数据来源单位": market.name,
                "数据来源单位统一社会信用代码": market.uscc,
            }
        )
        rows.append(row)
    return rows
