"""The generator: subjects and their records, drawn from one seeded random stream."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from random import Random
from typing import Any

from xinyong.credit.catalog import Catalog
from xinyong.credit.demo.cases import (
    LICENCES,
    OTHERS,
    PENALTIES,
    SERIOUS_KINDS,
    WITHDRAWAL_REASONS,
    LicenceCase,
    OtherCase,
    PenaltyCase,
)
from xinyong.credit.demo.codes import ALNUM, AREA, id_number, make_uscc
from xinyong.credit.demo.departments import DEPARTMENTS_BY_KEY
from xinyong.credit.demo.mix import (
    DELETED_SHARE,
    FIRST_DAY,
    GIVEN_GRADE_SHARE,
    LATE_SHARE,
    MIX,
    OBJECTION_SHARE,
    RECORDS_PER,
    REMOVED_SHARE,
    REPAIRED_SHARE,
    SIMPLE_SHARE,
    SUBJECT_MIX,
    WITHDRAWN_SHARE,
    YEAR_WEIGHTS,
)
from xinyong.credit.demo.texts import cn_date, penalty_content, taken_licence, wan
from xinyong.credit.demo.vocabulary import (
    BRAND_HEADS,
    BRAND_TAILS,
    COMPANY_FORMS,
    GIVEN_FEMALE,
    GIVEN_MALE,
    INDUSTRIES,
    PLACES,
    PUBLIC_BODIES,
    ROADS,
    SHOPS,
    SHORT_PLACES,
    SOCIAL_BODIES,
    SURNAMES,
    TOWNS,
    TRADES,
    VILLAGES,
    WORDS,
)
from xinyong.credit.disclosure import add_months, assess
from xinyong.credit.identifiers import IdProtector
from xinyong.credit.intake.headers import COLUMNS, STANDARD_2021, layout
from xinyong.credit.intake.kinds import read_row
from xinyong.credit.intake.rows import Context, ProviderRef
from xinyong.credit.models import (
    LABELS,
    CatalogItem,
    Provider,
    RecordKind,
    RecordStatus,
    Severity,
    SubjectKind,
)
from xinyong.credit.records import BLANK, fingerprint, lateness, repaired, simple_procedure_fits
from xinyong.credit.subjects import identity
from xinyong.credit.tabular import Cells
from xinyong.credit.workdays import WorkCalendar


@dataclass
class Demo:
    """One generated subject, kept only while its records are made (and a few for the samples)."""

    sort: str  # company · shop · public · social · person
    kind: str
    name: str
    tags: frozenset[str]
    founded: dt.date
    uscc: str | None = None
    id_number: str | None = None
    legal_rep: str | None = None
    address: str = ""
    seen: set[str] = field(default_factory=set)
    #: its 双公示 records as the department reported them: (kind, department, received, row)
    reports: list[tuple[str, str, dt.date, dict[str, str]]] = field(default_factory=list)


class Generator:
    """Draws subjects and records from one seeded random stream, in a fixed order."""

    def __init__(
        self,
        *,
        rng: Random,
        items: dict[str, CatalogItem],
        calendar: WorkCalendar,
        departments: dict[str, Provider],
        protector: IdProtector,
        today: dt.date,
        report_workdays: int,
    ) -> None:
        self.rng = rng
        self.items = items
        self.calendar = calendar
        self.departments = departments
        self.protector = protector
        self.today = today
        self.report_workdays = report_workdays
        self.counters: Counter[tuple[str, int]] = Counter()
        self.codes: set[str] = {provider.uscc for provider in departments.values()}
        self.names: set[str] = set()
        self.id_numbers: set[str] = set()
        self.uncovered = [code for code in items if code != "DJXX"]
        self.summary_states: Counter[str] = Counter()
        self.kept: list[Demo] = []  # the first subjects of each sort, for the sample files
        self.catalog = Catalog(0, items)
        #: the 双公示 kinds are written as a department reports them and read by intake's reader
        self.layouts = {
            kind: layout([column.name for column in COLUMNS[kind]], kind)
            for kind in (RecordKind.PENALTY, RecordKind.LICENSE)
        }
        self._cases = self._index_cases()
        self._fitting: dict[tuple[str, str, frozenset[str]], list[Any]] = {}
        self._mix = {
            sort: (
                [code for code in mix if code in items],
                [w for c, w in mix.items() if c in items],
            )
            for sort, mix in MIX.items()
        }

    # ------------------------------------------------------------ helpers

    def pick(self, choices: tuple[Any, ...] | list[Any]) -> Any:
        return choices[self.rng.randrange(len(choices))]

    def weighted(self, table: dict[str, float] | tuple[tuple[str, int], ...]) -> str:
        pairs = list(table.items()) if isinstance(table, dict) else list(table)
        return self.rng.choices([key for key, _ in pairs], [weight for _, weight in pairs])[0]

    def day_between(self, first: dt.date, last: dt.date) -> dt.date:
        if last <= first:
            return first
        return first + dt.timedelta(days=self.rng.randrange((last - first).days + 1))

    def decision_day(self, first: dt.date) -> dt.date:
        """A deciding date after `first`, more of them in recent years, never after yesterday."""
        first, last = max(first, FIRST_DAY), self.today - dt.timedelta(days=1)
        years = [year for year in YEAR_WEIGHTS if first.year <= year <= last.year]
        if not years:
            return self.day_between(first, last)
        year = self.rng.choices(years, [YEAR_WEIGHTS[y] for y in years])[0]
        return self.day_between(max(first, dt.date(year, 1, 1)), min(last, dt.date(year, 12, 31)))

    def doc_no(self, dept: str, word: str, year: int) -> str:
        """The next document number of a department's series for a year: 周市监罚〔2025〕12号."""
        prefix = DEPARTMENTS_BY_KEY[dept].prefix + word
        self.counters[(prefix, year)] += 1
        return f"{prefix}〔{year}〕{self.counters[(prefix, year)]}号"

    def case_no(self, year: int, word: str = "执") -> str:
        """A court case number: （2025）鲁0306执123号."""
        self.counters[(f"court{word}", year)] += 1
        return f"（{year}）鲁0306{word}{self.counters[(f'court{word}', year)]}号"

    def fill(self, template: str, decided: dt.date, demo: Demo | None = None) -> str:
        """A template's placeholders filled from the word lists (and a few computed values)."""
        return re.sub(
            r"\{(\w+)\}", lambda match: self.slot(match.group(1), decided, demo), template
        )

    def slot(self, name: str, decided: dt.date, demo: Demo | None) -> str:
        rng = self.rng
        if name in WORDS:
            return self.pick(WORDS[name])
        if name == "founded" and demo is not None:
            return cn_date(demo.founded)
        if name == "day":
            return cn_date(decided - dt.timedelta(days=rng.randint(5, 60)))
        if name == "year":
            return str(decided.year - 1)
        if name == "value":
            return str(rng.randrange(2, 400) * 50)
        if name == "gain":
            return str(rng.randrange(10, 500) * 10)
        if name == "n":
            return str(rng.randint(2, 30))
        if name == "conc":
            return f"{rng.uniform(20, 160):.1f}"
        if name.startswith("d") and name[1:].isdigit():
            return "".join(str(rng.randrange(10)) for _ in range(int(name[1:])))
        if name == "yyyymmdd":
            return decided.strftime("%Y%m%d")
        if name == "salary":
            return str(self.rng.randrange(25, 150) * 100)
        if name == "taxsum":
            return str(self.rng.randrange(5, 3000))
        raise KeyError(name)

    # ------------------------------------------------------------ subjects

    def person_name(self, male: bool | None = None) -> str:
        male = self.rng.random() < 0.55 if male is None else male
        return self.pick(SURNAMES) + self.pick(GIVEN_MALE if male else GIVEN_FEMALE)

    def brand(self) -> str:
        return self.pick(BRAND_HEADS) + self.pick(BRAND_TAILS)

    def address(self) -> str:
        place = self.pick(PLACES)
        if place in TOWNS:
            return f"山东省淄博市周村区{place}{self.pick(VILLAGES)}村{self.rng.randint(1, 300)}号"
        return f"山东省淄博市周村区{place}{self.pick(ROADS)}{self.rng.randint(1, 399)}号"

    def unique_name(self, make: Callable[[], str]) -> str | None:
        """A name no other demo subject has; None when a small family of names is used up."""
        for _ in range(50):
            name = make()
            if name not in self.names:
                self.names.add(name)
                return name
        return None

    def new_uscc(self, prefix: str, body: Callable[[], str]) -> str:
        while True:
            code = make_uscc(prefix + AREA, body())
            if code not in self.codes:
                self.codes.add(code)
                return code

    def alnum(self, length: int) -> str:
        return "".join(self.pick(ALNUM) for _ in range(length))

    def digits(self, length: int) -> str:
        return "".join(str(self.rng.randrange(10)) for _ in range(length))

    def modern_body(self) -> str:
        """Organisation codes since 2015 (MA…); older registrations kept their numeric codes."""
        return "MA" + self.pick("3456") + self.alnum(5)

    def subject(self, sort: str | None = None) -> Demo:
        sort = sort or self.weighted(SUBJECT_MIX)
        maker = {
            "company": self.company,
            "shop": self.shop,
            "public": self.public_body,
            "social": self.social_body,
            "person": self.person,
        }[sort]
        return maker() or self.company()

    def company(self) -> Demo:
        industry, tags = self.pick(INDUSTRIES)
        form = self.weighted(COMPANY_FORMS)
        name = self.unique_name(
            lambda: form.format(
                brand=self.brand(), industry=industry, short=self.pick(SHORT_PLACES)
            )
        )
        if name is None:
            raise RuntimeError("ran out of demo company names")  # not below millions of subjects
        founded = self.day_between(dt.date(1992, 1, 1), dt.date(2025, 12, 31))
        old = founded.year < 2015
        body = (
            (lambda: self.pick(("16", "26", "73", "75", "67")) + self.digits(6))
            if old
            else self.modern_body
        )
        return Demo(
            "company",
            SubjectKind.ORG,
            name,
            frozenset({"business", "company", *tags.split()}),
            founded,
            uscc=self.new_uscc("91", body),
            legal_rep=self.person_name(),
            address=self.address(),
        )

    def shop(self) -> Demo | None:
        shop, tags = self.pick(SHOPS)
        operator = self.person_name()

        def make() -> str:
            style = self.rng.random()
            if style < 0.3:
                head = operator
            elif style < 0.5:
                head = self.pick(SURNAMES) + "记"
            elif style < 0.6:
                head = "老" + self.pick(SURNAMES)
            else:
                head = self.brand()
            return f"周村区{head}{shop}"

        name = self.unique_name(make)
        if name is None:
            return None
        return Demo(
            "shop",
            SubjectKind.INDIVIDUAL,
            name,
            frozenset({"business", "shop", *tags.split()}),
            self.day_between(dt.date(2005, 1, 1), dt.date(2025, 12, 31)),
            uscc=self.new_uscc("92", self.modern_body),
            legal_rep=operator,
            address=self.address(),
        )

    def public_body(self) -> Demo | None:
        name = self.unique_name(
            lambda: self.pick(PUBLIC_BODIES).format(place=self.pick(PLACES).removesuffix("街道"))
        )
        if name is None:
            return None
        return Demo(
            "public",
            SubjectKind.ORG,
            name,
            frozenset({"public"}),
            self.day_between(dt.date(1980, 1, 1), dt.date(2015, 12, 31)),
            uscc=self.new_uscc("12", lambda: "49" + self.digits(6)),
            legal_rep=self.person_name(),
            address=self.address(),
        )

    def social_body(self) -> Demo | None:
        template, prefix = self.pick(SOCIAL_BODIES)
        name = self.unique_name(
            lambda: template.format(
                trade=self.pick(TRADES), place=self.pick(SHORT_PLACES), brand=self.brand()
            )
        )
        if name is None:
            return None
        return Demo(
            "social",
            SubjectKind.ORG,
            name,
            frozenset({"social"}),
            self.day_between(dt.date(2000, 1, 1), dt.date(2025, 6, 30)),
            uscc=self.new_uscc(prefix, lambda: "MJ" + self.alnum(6)),
            legal_rep=self.person_name(),
            address=self.address(),
        )

    def person(self) -> Demo:
        """An adult: born by 2000, so 18 or more on every date from 2019 on (seed 二（一）3).

        Born from 1983 on: python-stdnum knows area code 370306 only from 1983, when
        周村区 got it, and refuses the number of anyone born earlier.
        """
        male = self.rng.random() < 0.55
        while True:
            born = self.day_between(dt.date(1983, 1, 1), dt.date(2000, 12, 31))
            number = id_number(born, self.rng.randrange(1, 99), male, self.rng)
            if number not in self.id_numbers:
                self.id_numbers.add(number)
                break
        return Demo(
            "person",
            SubjectKind.PERSON,
            self.person_name(male),
            frozenset({"person"}),
            born,
            id_number=number,
            address=self.address(),
        )

    def subject_row(self, demo: Demo, created: dt.datetime) -> dict[str, Any]:
        who = identity(demo.kind, self.protector, uscc=demo.uscc, id_number=demo.id_number)
        return {
            "key": who.key,
            "kind": demo.kind,
            "name": demo.name,
            "uscc": who.uscc,
            "id_hash": who.id_hash,
            "id_masked": who.id_masked,
            "id_encrypted": who.id_encrypted,
            "legal_rep": demo.legal_rep,
            "created_at": created,
            "updated_at": created,
        }

    # ------------------------------------------------------------ records

    def _index_cases(self) -> dict[str, list[Any]]:
        index: dict[str, list[Any]] = {"XZCF": list(PENALTIES), "XZXK": list(LICENCES)}
        for case in OTHERS:
            index.setdefault(case.code, []).append(case)
        return index

    def cases_for(self, code: str, demo: Demo) -> list[Any]:
        key = (code, demo.sort, demo.tags)
        if key not in self._fitting:
            self._fitting[key] = self._find_cases(code, demo)
        return self._fitting[key]

    def _find_cases(self, code: str, demo: Demo) -> list[Any]:
        if code not in self.items:
            return []
        letter = {"person": "p", "shop": "i"}.get(demo.sort, "o")
        found = []
        for case in self._cases.get(code, ()):
            if letter not in case.who:
                continue
            need = case.need.split()
            if need and not demo.tags.intersection(need):
                continue
            if not need and letter != "p" and "business" not in demo.tags and code == "XZCF":
                continue  # generic business violations are not for schools and associations
            found.append(case)
        return found

    def records(self, demo: Demo) -> list[dict[str, Any]]:
        """The subject's records: registration first, then a draw from its mix."""
        low, high = RECORDS_PER[demo.sort]
        count = self.rng.randint(low, high)
        rows = []
        if demo.sort != "person" and "DJXX" in self.items:
            rows.append(self.registration(demo))
            count -= 1
        for _ in range(max(count, 1)):
            rows.append(self.record(self.next_code(demo), demo))
        who = identity(demo.kind, self.protector, uscc=demo.uscc, id_number=demo.id_number)
        legal_rep = demo.legal_rep if demo.kind != SubjectKind.PERSON else None
        for row in rows:
            if "fingerprint" not in row:  # items outside 双公示: hashed as intake hashes a report
                row["fingerprint"] = fingerprint(who.match, demo.name, legal_rep, reported(row))
        return rows

    def subject_columns(self, demo: Demo) -> dict[str, str]:
        """The subject's columns of a 双公示 row, as the department's system exports them."""
        row = {"行政相对人名称": demo.name, "行政相对人类别": LABELS[demo.kind]}
        if demo.uscc:
            row["行政相对人代码_1(统一社会信用代码)"] = demo.uscc
            row["法定代表人"] = demo.legal_rep or ""
        else:
            row["证件类型"] = "身份证"
            row["证件号码"] = demo.id_number or ""
        return row

    def read(
        self, kind: str, report: dict[str, str], dept: str, received: dt.date
    ) -> dict[str, Any]:
        """A department's row read by intake's own reader: the record's facts, fingerprinted,
        exactly as importing the row would store them."""
        provider = self.departments[dept]
        ctx = Context(
            ProviderRef(provider.id, provider.name, provider.uscc),
            STANDARD_2021,
            self.catalog,
            self.protector,
            received,
            ADULT_AGE,
        )
        entry, problems = read_row(ctx, self.layouts[kind], 2, Cells(report))
        if entry is None:
            raise ValueError(f"the demo wrote a row that intake rejects: {problems}")
        return {**entry.values, "fingerprint": entry.fingerprint}

    def next_code(self, demo: Demo) -> str:
        """Every catalog item appears early (the first subjects that qualify), then by weight."""
        for code in self.uncovered:
            if code not in demo.seen and self.cases_for(code, demo):
                self.uncovered.remove(code)
                return code
        codes, weights = self._mix[demo.sort]
        return self.rng.choices(codes, weights)[0]

    def record(self, code: str, demo: Demo) -> dict[str, Any]:
        demo.seen.add(code)
        cases = self.cases_for(code, demo)
        for fallback in ("XZJC", "ZYFW", "XZCF"):  # something every subject may have
            if cases:
                break
            code, cases = fallback, self.cases_for(fallback, demo)
        case = self.rng.choices(cases, [case.weight for case in cases])[0]
        if code == "XZCF":
            return self.penalty(case, demo)
        if code == "XZXK":
            return self.licence(case, demo)
        return self.other(case, demo)

    def base(self, code: str, dept: str, decided: dt.date) -> dict[str, Any]:
        """The columns every record has, with the report delay drawn and counted in working days."""
        provider = self.departments[dept]
        if self.rng.random() < LATE_SHARE:
            delay = self.rng.randint(12, 60)
        else:
            delay = self.rng.randint(0, 8)
        received = min(decided + dt.timedelta(days=delay), self.today)
        item = self.items[code]
        created = dt.datetime.combine(received, dt.time(8, 30)) + dt.timedelta(
            minutes=self.rng.randrange(540)
        )
        return {
            **BLANK,
            "kind": item.kind,
            "item_code": code,
            "provider_id": provider.id,
            "submission_id": None,
            "authority": provider.name,
            "authority_uscc": provider.uscc,
            "decided_on": decided,
            "received_on": received,
            # not in BLANK (not part of a report): the repair columns, which a repair file fills
            "repaired_on": None,
            "repaired_by": None,
            "repair_doc": None,
            **lateness(self.calendar, decided, received, self.report_workdays),
            "created_at": created,
            "updated_at": created,
        }

    def subject_fields(self, demo: Demo) -> dict[str, Any]:
        """`fields` keeps the row's standard fields that no column holds: not the subject's
        identity, document number, dates, authority, provider, status, grade, procedure,
        consent or removal, and never an ID number."""
        return {"法定代表人": demo.legal_rep} if demo.sort != "person" and demo.legal_rep else {}

    def registration(self, demo: Demo) -> dict[str, Any]:
        """登记注册基本信息: by market supervision, the staffing office or civil affairs."""
        dept = {"public": "staffing", "social": "civil"}.get(demo.sort, "market")
        changed = self.decision_day(demo.founded + dt.timedelta(days=1))
        decided = demo.founded if demo.founded >= FIRST_DAY else changed
        word = {"public": "事登", "social": "社登"}.get(demo.sort, "登")
        row = self.base("DJXX", dept, decided)
        capital = self.pick((10, 50, 100, 200, 300, 500, 1000, 2000, 5000))
        kind_text = {
            "company": "有限责任公司（自然人投资或控股）",
            "shop": "个体工商户",
            "public": "事业单位",
            "social": "社会组织",
        }[demo.sort]
        content = f"成立日期：{cn_date(demo.founded)}；类型：{kind_text}；住所：{demo.address}" + (
            f"；注册资本：{capital}万元人民币" if demo.sort == "company" else ""
        )
        fields = {
            "成立日期": demo.founded.isoformat(),
            "类型": kind_text,
            "住所": demo.address,
            **self.subject_fields(demo),
        }
        if demo.sort == "company":
            fields["注册资本(万元)"] = str(capital)
        if decided != demo.founded:
            fields["核准日期"] = decided.isoformat()
        row.update(
            doc_no=self.doc_no(dept, word, decided.year),
            title="登记注册基本信息",
            content=content,
            fields=fields,
        )
        return row

    def penalty(self, case: PenaltyCase, demo: Demo) -> dict[str, Any]:
        rng = self.rng
        item = self.items["XZCF"]
        decided = self.decision_day(demo.founded + dt.timedelta(days=200))
        kinds = self.pick(case.kinds)
        fine, gain = self.amounts(case, kinds, demo)
        simple = self.simple_procedure(kinds, fine, demo, item) and rng.random() < SIMPLE_SHARE
        given = self.given_grade(case, kinds, fine) if rng.random() < GIVEN_GRADE_SHARE else None
        if case.graded:
            given = case.graded
        provider_end = None
        if not simple and rng.random() < 0.2:
            provider_end = decided + dt.timedelta(days=rng.choice((90, 180, 365, 730)))
        row = self.base("XZCF", case.dept, decided)
        provider = self.departments[case.dept]
        word = "简罚" if simple else "罚"
        if case.dept == "police":
            word = "（治）行罚决字"
        taken = case.licence and any(kind.startswith(("暂扣", "吊销")) for kind in kinds)
        report = {
            **self.subject_columns(demo),
            "行政处罚决定书文号": self.doc_no(case.dept, word, decided.year),
            "违法行为类型": case.behaviour,
            "违法事实": self.fill(case.fact, decided, demo),
            "处罚依据": case.basis,
            "处罚类别": ";".join(kinds),
            "处罚内容": penalty_content(kinds, fine, gain, case.licence, rng),
            "罚款金额(万元)": wan(fine) if fine else "",
            "没收违法所得、没收非法财物的金额(万元)": wan(gain) if gain else "",
            "暂扣或吊销证照名称及编号": taken_licence(case.licence, demo, rng) if taken else "",
            "处罚决定日期": decided.isoformat(),
            "公示截止期": provider_end.isoformat() if provider_end else "",
            "失信严重程度": LABELS[Severity(given)] if given else "",
            "程序类型": SIMPLE if simple else "普通程序",
            "当前状态": "有效",
            "处罚机关": provider.name,
            "处罚机关统一社会信用代码": provider.uscc,
            "数据来源单位": provider.name,
            "数据来源单位统一社会信用代码": provider.uscc,
        }
        received = row["received_on"]
        withdrawn = not simple and rng.random() < WITHDRAWN_SHARE
        if withdrawn:  # the department's later report: 变更 · 撤销 · 无效, with reason and date
            status_on = min(decided + dt.timedelta(days=rng.randint(20, 200)), self.today)
            state, reason = self.pick(WITHDRAWAL_REASONS)
            report.update(
                {"当前状态": state, "撤销原因": reason, "撤销日期": status_on.isoformat()}
            )
            received = max(received, status_on)
        row.update(self.read(RecordKind.PENALTY, report, case.dept, received))
        demo.reports.append((RecordKind.PENALTY, case.dept, received, report))
        if simple:
            self.summary_states["simple_procedure"] += 1
        if withdrawn:
            row["updated_at"] = dt.datetime.combine(row["status_on"], dt.time(10))
            self.summary_states["withdrawn"] += 1
        elif not self.repair(row, case.dept):
            self.objection(row)
        return row

    def amounts(self, case: PenaltyCase, kinds: tuple[str, ...], demo: Demo) -> tuple[int, int]:
        """The fine and the confiscated sum in yuan, each 0 where `kinds` call for none."""
        fine = self.fine(case, demo) if "罚款" in kinds else 0
        gain = self.rng.randrange(20, 500) * 10 if any("没收" in kind for kind in kinds) else 0
        return fine, gain

    def fine(self, case: PenaltyCase, demo: Demo) -> int:
        low, high = case.fine
        amount = self.rng.randint(low, high)
        if demo.sort == "shop" and "o" in case.who:
            amount = max(low // 2, amount // 2)
        step = 1000 if amount >= 10000 else 100 if amount >= 1000 else 50
        return max(step, round(amount / step) * step)

    def simple_procedure(
        self, kinds: tuple[str, ...], fine: int, demo: Demo, item: CatalogItem
    ) -> bool:
        """行政处罚法 art. 51: a warning, or a small fine, decided on the spot (intake's rule)."""
        amount = Decimal(fine) / 10000 if fine else None
        return simple_procedure_fits(item, kinds, amount, demo.sort == "person")

    def given_grade(self, case: PenaltyCase, kinds: tuple[str, ...], fine: int) -> str:
        """The department's own grade, by its sector's standard (which may differ from the rule)."""
        if any(kind in SERIOUS_KINDS for kind in kinds) or fine >= 100000:
            return Severity.SERIOUS.value
        if set(kinds) <= {"警告", "通报批评"} or (fine and fine < 1000):
            return Severity.MINOR.value
        return Severity.GENERAL.value

    def repair(self, row: dict[str, Any], dept: str) -> bool:
        """An adopted credit repair: archived, never shown or used (seed 二（三）3)."""
        start: dt.date | None = row["repairable_from"]
        end = row["disclosure_end"] or self.today
        if not start or start + dt.timedelta(days=10) > min(end, self.today):
            return False
        if self.rng.random() >= REPAIRED_SHARE:
            return False
        on = self.day_between(start, min(end, self.today))
        row.update(repaired(on, self.departments[dept].name, self.doc_no(dept, "信修", on.year)))
        row["updated_at"] = dt.datetime.combine(on, dt.time(15))
        self.summary_states["repaired"] += 1
        return True

    def objection(self, row: dict[str, Any]) -> None:
        """Labelled at once when a subject objects (seed 二（三）5), while still on show."""
        end = row["disclosure_end"]
        if end is not None and end < self.today:
            self.summary_states["expired"] += row["kind"] == RecordKind.PENALTY
            return
        if self.rng.random() < OBJECTION_SHARE:
            label = "异议处理中" if self.rng.random() < 0.75 else "存在异议"
            row["objection_label"] = label
            self.summary_states["objection" if label == "异议处理中" else "disputed"] += 1

    def licence(self, case: LicenceCase, demo: Demo) -> dict[str, Any]:
        decided = self.decision_day(demo.founded + dt.timedelta(days=30))
        row = self.base("XZXK", case.dept, decided)
        provider = self.departments[case.dept]
        report = {
            **self.subject_columns(demo),
            "行政许可决定文书名称": case.title,
            "行政许可决定文书号": self.doc_no(case.dept, case.doc, decided.year),
            "许可类别": case.category,
            "许可证书名称": case.certificate or "",
            "许可编号": self.licence_no(case, decided) if case.number else "",
            "许可内容": self.fill(case.content, decided),
            "许可决定日期": decided.isoformat(),
            "有效期自": decided.isoformat(),
            "有效期至": case.valid_to(decided).isoformat(),
            "许可机关": provider.name,
            "许可机关统一社会信用代码": provider.uscc,
            "当前状态": "有效",
            "数据来源单位": provider.name,
            "数据来源单位统一社会信用代码": provider.uscc,
        }
        row.update(self.read(RecordKind.LICENSE, report, case.dept, row["received_on"]))
        demo.reports.append((RecordKind.LICENSE, case.dept, row["received_on"], report))
        self.objection(row)
        return row

    def licence_no(self, case: LicenceCase, decided: dt.date) -> str:
        """许可编号 of a licence granted on `decided` (empty where the case has none)."""
        return self.fill(case.number.replace("{year}", str(decided.year)), decided)

    def other(self, case: OtherCase, demo: Demo) -> dict[str, Any]:
        rng = self.rng
        item = self.items[case.code]
        if case.code == "ANSR":
            year = self.rng.randint(min(max(2019, demo.founded.year + 1), 2025), 2025)
            decided = self.day_between(dt.date(year + 1, 4, 10), dt.date(year + 1, 4, 30))
            decided = min(decided, self.today - dt.timedelta(days=1))
        else:
            decided = self.decision_day(demo.founded + dt.timedelta(days=100))
        row = self.base(case.code, case.dept, decided)
        title = self.fill(case.title, decided)
        content = self.fill(case.content, decided)
        doc = (
            self.case_no(decided.year)
            if case.dept == "court"
            else self.doc_no(case.dept, case.doc, decided.year)
        )
        fields = self.subject_fields(demo)
        valid_to = None
        if case.code == "ANSR":
            valid_to = add_months(decided, 12) - dt.timedelta(days=1)
        if case.code == "SXBZXR":
            fields.update(
                执行依据文号=self.case_no(decided.year - 1, "民初"),
                作出执行依据单位=self.departments["court"].name,
                被执行人的履行情况=self.pick(("全部未履行", "全部未履行", "部分未履行")),
                失信被执行人行为具体情形=self.pick(WORDS["dishonesty"]),
            )
        row.update(doc_no=doc, title=title, content=content, valid_to=valid_to, fields=fields)
        if item.restricted:
            # seed 二（一）3: collected only with the person's or organisation's written consent
            row["consent_ref"] = f"周信同意〔{decided.year}〕第{rng.randrange(1, 9999):04d}号"
            self.summary_states["restricted"] += 1
        if item.dishonest:
            self.dishonest_window(row, item, case, decided)
        elif item.deletable and rng.random() < DELETED_SHARE:
            deleted = min(decided + dt.timedelta(days=rng.randint(30, 400)), self.today)
            row.update(
                status=RecordStatus.DELETED.value,
                status_reason="信息主体书面申请删除",
                status_on=deleted,
                updated_at=dt.datetime.combine(deleted, dt.time(11)),
            )
            self.summary_states["deleted"] += 1
        else:
            row["disclosure_end"] = valid_to
            self.objection(row)
        return row

    def dishonest_window(
        self, row: dict[str, Any], item: CatalogItem, case: OtherCase, decided: dt.date
    ) -> None:
        """A list entry: graded, its window set, sometimes taken off the list (移出)."""
        row.update(assess(item, decided, provider_end=row["valid_to"]))
        if self.rng.random() < REMOVED_SHARE.get(case.code, 0):
            removed = decided + dt.timedelta(days=self.rng.randint(30, 900))
            if removed < self.today:
                removed_doc = (
                    row["doc_no"].removesuffix("号") + "之一号"
                    if case.dept == "court"
                    else self.doc_no(case.dept, "移出", removed.year)
                )
                row.update(removed_on=removed, removed_doc=removed_doc)
                self.summary_states["removed"] += 1
                return
        self.objection(row)


#: the demo's persons are adults on every record's date (seed 二（一）3)
ADULT_AGE = 18
SIMPLE = "简易程序"


def reported(row: dict[str, Any]) -> dict[str, Any]:
    """A record's facts as its department reported them: a deletion, a repair and an
    objection are decided here afterwards and change no fingerprint."""
    if row["status"] in (RecordStatus.DELETED, RecordStatus.ARCHIVED):
        row = {**row, "status": RecordStatus.ACTIVE, "status_reason": None, "status_on": None}
    return {**row, "objection_label": None}
