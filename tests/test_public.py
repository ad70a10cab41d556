"""The one disclosure function: what a subject's public file shows, as of a date."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import event

from tests.conftest import make_ric
from xinyong.credit import catalog, public, subjects
from xinyong.credit.disclosure import assess
from xinyong.credit.models import RecordStatus, SubjectKind

DECIDED = dt.date(2026, 3, 2)
TODAY = dt.date(2026, 6, 1)


@pytest.fixture
def penalty(factory, provider):
    """`penalty(subject, **columns)`: a 行政处罚 graded and windowed as intake stores it."""

    def make(subject, severity: str | None = "general", **columns):
        item = catalog.current(factory.session)["XZCF"]
        decided = columns.pop("decided_on", DECIDED)
        window = assess(item, decided, given=severity)
        return factory.record(
            subject,
            "XZCF",
            provider_id=provider.id,
            decided_on=decided,
            **{**window, **columns},
        )

    return make


def only(session, subject, as_of=TODAY) -> public.PublicFile | None:
    return public.file(session, subject.key, as_of)


def refs(found: public.PublicFile | None) -> set[str]:
    return {record.ref for record in found.records} if found else set()


def test_a_companys_file_shows_its_facts_and_its_licence(session, factory, provider):
    company = factory.company("淄博周村丝绸有限公司")
    licence = factory.record(company, "XZXK", provider_id=provider.id, title="食品经营许可")
    found = only(session, company)
    assert found.subject == public.PublicSubject(
        key=company.key,
        kind=SubjectKind.ORG,
        kind_label="法人及非法人组织",
        name="淄博周村丝绸有限公司",
        uscc=company.uscc,
        id_masked=None,
        legal_rep="张三",
    )
    (shown,) = found.records
    assert shown.ref == public.ref_of("XZXK", licence.id)
    assert (shown.group, shown.section, shown.item_name) == (
        "license",
        "administration",
        "行政许可",
    )
    assert shown.source == "淄博市周村区市场监督管理局"
    assert shown.doc_no == licence.doc_no and shown.authority == licence.authority
    assert found.group("license") == (shown,)


def test_a_penalty_shows_within_its_window_with_its_repair_date(session, factory, penalty):
    company = factory.company()
    record = penalty(company)
    (shown,) = only(session, company).records
    assert shown.ref == public.ref_of("XZCF", record.id)
    assert shown.group == "penalty" and shown.severity_label == "一般"
    assert shown.window_end == dt.date(2027, 3, 2)
    assert shown.repairable_from == dt.date(2026, 6, 2)
    assert shown.dishonest and not shown.deletable


def test_a_penalty_leaves_the_day_after_its_window_ends(session, factory, penalty):
    company = factory.company()
    record = penalty(company)
    assert refs(only(session, company, dt.date(2027, 3, 2))) == {public.ref_of("XZCF", record.id)}
    after = only(session, company, dt.date(2027, 3, 3))
    assert after.records == ()
    assert after.current_to == dt.date(2027, 3, 3)


def test_minor_penalties_and_simple_procedure_are_never_shown(session, factory, penalty):
    company = factory.company()
    penalty(company, severity="minor")
    penalty(company, simple_procedure=True)
    assert only(session, company).records == ()


@pytest.mark.parametrize(
    "status", [RecordStatus.ARCHIVED, RecordStatus.DELETED, RecordStatus.INVALID]
)
def test_repaired_deleted_and_withdrawn_records_are_gone(session, factory, penalty, status):
    company = factory.company()
    penalty(company, status=status, status_reason="理由", status_on=dt.date(2026, 4, 1))
    assert only(session, company).records == ()


def test_a_withdrawn_decision_shows_as_a_notice_with_its_reason(session, factory, penalty):
    company = factory.company()
    record = penalty(
        company,
        status=RecordStatus.INVALID,
        status_reason="经行政复议撤销",
        status_on=dt.date(2026, 4, 1),
    )
    (notice,) = only(session, company).withdrawals
    assert notice == public.Withdrawal(
        ref=public.ref_of("XZCF", record.id),
        group="penalty",
        section="administration",
        item_code="XZCF",
        item_name="行政处罚",
        doc_no=record.doc_no,
        authority=record.authority,
        decided_on=DECIDED,
        reason="经行政复议撤销",
        withdrawn_on=dt.date(2026, 4, 1),
    )


def test_a_withdrawn_simple_procedure_penalty_leaves_no_notice(session, factory, penalty):
    company = factory.company()
    penalty(company, simple_procedure=True, status=RecordStatus.INVALID, status_reason="撤销")
    assert only(session, company).withdrawals == ()


def test_restricted_items_are_never_shown(session, factory):
    company = factory.company()
    factory.record(company, "NSSE", consent_ref="周信同意〔2026〕1号")
    factory.record(company, "GRSR", consent_ref="周信同意〔2026〕2号")
    assert only(session, company).records == ()


def test_a_list_entry_leaves_on_its_removal_date(session, factory):
    company = factory.company()
    item = catalog.current(session)["YZWFSX"]
    entry = factory.record(
        company, "YZWFSX", removed_on=dt.date(2026, 5, 1), **assess(item, DECIDED, given="serious")
    )
    assert refs(only(session, company, dt.date(2026, 4, 30))) == {public.ref_of("YZWFSX", entry.id)}
    after = only(session, company, dt.date(2026, 5, 1))
    assert after.records == () and after.current_to == dt.date(2026, 5, 1)


def test_a_person_is_shown_only_through_an_item_public_for_persons(session, factory, penalty):
    person = factory.person("李四", birth="19800101")
    penalty(person)
    factory.record(person, "XZXK")
    assert only(session, person) is None


def test_a_persons_id_is_masked_and_the_birth_date_hidden(session, factory, protector):
    number = make_ric("19800101", serial="551")
    who = subjects.identity(SubjectKind.PERSON, protector, id_number=number)
    person = subjects.find_or_create_many(session, [(who, "王五", None)], "test")[who.match]
    item = catalog.current(session)["SXBZXR"]
    factory.record(
        person,
        "SXBZXR",
        content=f"被执行人王五（身份证号{number}）未履行",
        fields={"证件号码": number, "被执行人的履行情况": "全部未履行"},
        **assess(item, DECIDED, given="serious"),
    )
    found = only(session, person)
    assert found.subject.id_masked == number[:6] + "********" + number[-4:]
    assert found.subject.key == person.key != number
    (shown,) = found.records
    assert shown.group == "black" and shown.section == "serious"
    assert dict(shown.details) == {"被执行人的履行情况": "全部未履行"}
    text = repr(found)
    assert number not in text and "19800101" not in text
    assert number[:6] + "********" + number[-4:] in shown.content


def test_an_individual_business_never_shows_its_operators_id(session, factory, protector):
    number = make_ric("19700505", serial="771")
    who = subjects.identity(SubjectKind.INDIVIDUAL, protector, id_number=number)
    shop = subjects.find_or_create_many(session, [(who, "周村区老街烧饼店", None)], "test")[
        who.match
    ]
    factory.record(shop, "XZXK")
    found = only(session, shop)
    assert found.subject.id_masked is None and found.subject.uscc is None
    assert number[-4:] not in repr(found.subject)


def test_the_objection_label_shows(session, factory, penalty):
    company = factory.company()
    penalty(company, objection_label="异议处理中")
    (shown,) = only(session, company).records
    assert shown.objection == "异议处理中"


def test_a_providers_label_shows_and_the_subjects_own_objection_speaks_first(
    session, factory, penalty
):
    company = factory.company()
    penalty(company, provider_label="异议处理中")
    (shown,) = only(session, company).records
    assert shown.objection == "异议处理中"
    other = factory.company()
    penalty(other, provider_label="异议处理中", objection_label="存在异议")
    (shown,) = only(session, other).records
    assert shown.objection == "存在异议"


def test_deletable_items_say_so(session, factory):
    company = factory.company()
    factory.record(company, "BZJL", title="周村区文明单位")
    (shown,) = only(session, company).records
    assert shown.deletable and shown.group == "red" and shown.section == "other"


def test_the_file_groups_in_page_order_newest_first(session, factory, penalty):
    company = factory.company()
    old = penalty(company, decided_on=dt.date(2026, 1, 5))
    new = penalty(company, decided_on=dt.date(2026, 5, 5))
    licence = factory.record(company, "XZXK")
    registration = factory.record(company, "DJXX")
    found = only(session, company)
    assert [r.ref for r in found.records] == [
        public.ref_of("DJXX", registration.id),
        public.ref_of("XZXK", licence.id),
        public.ref_of("XZCF", new.id),
        public.ref_of("XZCF", old.id),
    ]


def test_the_fingerprint_and_date_change_only_when_the_file_does(session, factory, penalty):
    company = factory.company()
    company.updated_at = dt.datetime(2026, 3, 3, 9)
    record = penalty(company, updated_at=dt.datetime(2026, 3, 4, 9))
    session.commit()
    first = only(session, company)
    assert first.current_to == dt.date(2026, 3, 4)
    assert only(session, company, TODAY + dt.timedelta(days=10)).fingerprint == first.fingerprint
    record.objection_label = "异议处理中"
    record.updated_at = dt.datetime(2026, 5, 20, 10)
    session.commit()
    second = only(session, company)
    assert second.fingerprint != first.fingerprint
    assert second.current_to == dt.date(2026, 5, 20)


def test_the_fingerprint_is_the_hash_reports_were_numbered_with(session, factory, penalty):
    """Made when read now, the fingerprint keeps its value: a numbered report's digest
    (`reports.digest_of`) made before is verified against it."""
    company = factory.company()
    penalty(company)
    session.commit()
    found = only(session, company)
    assert "fingerprint" not in vars(found)  # not made until read
    made = repr((found.subject, list(found.records), list(found.withdrawals), found.current_to))
    assert found.fingerprint == hashlib.sha256(made.encode()).hexdigest()
    given = dataclasses.replace(found, given_fingerprint="f" * 64)
    assert given.fingerprint == "f" * 64 and given == found


def test_a_record_the_public_never_sees_for_its_subject_never_dates_the_file(
    session, factory, penalty
):
    """A person's file is current to its last public change: a licence (public for
    organisations only) stored later moves neither the date nor the fingerprint."""
    person = factory.person("李四", birth="19800101")
    person.updated_at = dt.datetime(2026, 3, 1, 9)
    item = catalog.current(session)["SXBZXR"]
    factory.record(
        person,
        "SXBZXR",
        updated_at=dt.datetime(2026, 3, 5, 9),
        **assess(item, DECIDED, given="serious"),
    )
    session.commit()
    first = only(session, person)
    assert first.current_to == dt.date(2026, 3, 5)
    factory.record(person, "XZXK", updated_at=dt.datetime(2026, 5, 20, 9))
    session.commit()
    again = only(session, person)
    assert again.current_to == first.current_to and again.fingerprint == first.fingerprint


def test_bulk_files_equal_one_by_one_with_few_queries(app, session, factory, penalty):
    made = [factory.company(f"周村第{n}商贸有限公司") for n in range(25)]
    for company in made[::2]:
        penalty(company)
        factory.record(company, "XZXK")
    factory.person("赵六")  # nothing public: no file
    session.commit()
    statements = []
    engine = session.get_bind()
    listen = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(engine, "before_cursor_execute", listen)
    try:
        bulk = list(public.files(session, TODAY, chunk=10))
    finally:
        event.remove(engine, "before_cursor_execute", listen)
    assert [f.subject.key for f in bulk] == [c.key for c in made]
    assert len(statements) <= 2 + 2 * 4  # catalog and providers, then two per chunk (3 + the end)
    assert bulk == [only(session, company) for company in made]
    chosen = [made[3].key, made[0].key]
    assert [f.subject.key for f in public.files(session, TODAY, chosen)] == [
        made[0].key,
        made[3].key,
    ]


def test_lists_stream_oldest_first_and_apply_the_same_rule(session, factory, penalty, provider):
    company, other = factory.company(), factory.company("周村另一家有限公司")
    late = penalty(company, decided_on=dt.date(2026, 5, 1))
    early = penalty(other, decided_on=dt.date(2026, 2, 1))
    penalty(company, simple_procedure=True)
    penalty(company, decided_on=dt.date(2024, 1, 1))  # window ended
    penalty(other, status=RecordStatus.ARCHIVED)
    entries = list(public.list_entries(session, "penalty", TODAY))
    assert [e.record.ref for e in entries] == [
        public.ref_of("XZCF", early.id),
        public.ref_of("XZCF", late.id),
    ]
    assert entries[0].subject.name == "周村另一家有限公司"
    assert all(not hasattr(entry.record, "details") for entry in entries)  # a line shows none
    (department,) = public.departments(session, "penalty")
    assert department.name == provider.name
    assert len(list(public.list_entries(session, "penalty", TODAY, provider_id=department.id))) == 2
    assert (
        list(public.list_entries(session, "penalty", TODAY, provider_id=department.id + 99)) == []
    )


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    decided=st.dates(dt.date(2020, 1, 1), dt.date(2026, 5, 31)),
    severity=st.sampled_from(["minor", "general", "serious", None]),
    simple=st.booleans(),
    end=st.one_of(st.none(), st.integers(-1, 1)),
    removed=st.one_of(st.none(), st.integers(-1, 1)),
)
def test_a_list_shows_exactly_what_the_files_show(
    session, factory, penalty, decided, severity, simple, end, removed
):
    """The lists read only rows that can be public; the rule still decides, the same for both.

    `end` and `removed`: days from the publishing date (the last day shown, the first not).
    """
    as_of = TODAY
    company = factory.company(f"周村列表核对{factory.session.info.setdefault('n', 0)}有限公司")
    factory.session.info["n"] += 1
    made = penalty(
        company,
        severity,
        decided_on=decided,
        simple_procedure=simple,
        disclosure_end=None if end is None else as_of + dt.timedelta(days=end),
        removed_on=None if removed is None else as_of + dt.timedelta(days=removed),
    )
    listed = {e.record.ref for e in public.list_entries(session, "penalty", as_of)}
    mine = public.ref_of("XZCF", made.id)
    assert (mine in listed) == (mine in refs(only(session, company, as_of)))


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    item_code=st.sampled_from(["XZXK", "XZCF", "ANSR", "SXBZXR"]),
    person=st.booleans(),
    severity=st.sampled_from(["general", "serious", None]),
    title=st.sampled_from([None, "", "食品经营许可", "关于{id}的处罚决定"]),
    content=st.sampled_from([None, "罚款", "当事人{id}（身份证）于2026年3月2日无证经营，" * 3]),
    objection=st.sampled_from([None, "异议处理中"]),
    provider_label=st.sampled_from([None, "存在异议"]),
    removed=st.one_of(st.none(), st.integers(1, 40)),
)
@example(  # a person on the court's list: the masked number, the text scrubbed
    item_code="SXBZXR",
    person=True,
    severity="serious",
    title="关于{id}的处罚决定",
    content="当事人{id}（身份证）于2026年3月2日无证经营，",
    objection="异议处理中",
    provider_label=None,
    removed=None,
)
def test_a_list_line_shows_what_the_subjects_file_shows_of_the_record(
    session,
    factory,
    provider,
    item_code,
    person,
    severity,
    title,
    content,
    objection,
    provider_label,
    removed,
):
    """A list line is read lighter than a file, never differently: same subject, same values."""
    n = factory.session.info["n"] = factory.session.info.get("n", 0) + 1
    if person:
        subject = factory.person(f"王{n}")
        number = make_ric("19800101", serial=f"{n % 1000:03d}")
    else:
        subject = factory.company(f"周村对照{n}有限公司")
        number = make_ric("19750505")
    item = catalog.current(session)[item_code]
    made = factory.record(
        subject,
        item_code,
        provider_id=provider.id,
        title=title.format(id=number) if title else title,
        content=content.format(id=number) if content else content,
        objection_label=objection,
        provider_label=provider_label,
        removed_on=None if removed is None else TODAY + dt.timedelta(days=removed),
        **assess(item, DECIDED, given=severity if item.dishonest else None),
    )
    which = {"XZXK": "license", "XZCF": "penalty", "ANSR": "red", "SXBZXR": "black"}[item_code]
    ref = public.ref_of(item_code, made.id)
    lines = [e for e in public.list_entries(session, which, TODAY) if e.record.ref == ref]
    found = only(session, subject)
    shown = [record for record in found.records if record.ref == ref] if found else []
    assert len(lines) == len(shown) <= 1
    for line, record in zip(lines, shown, strict=True):
        assert line.subject == found.subject
        assert line.record == tuple(getattr(record, name) for name in public.ListRecord._fields)
        assert number not in repr(line)


def test_red_and_black_lists(session, factory):
    company = factory.company()
    red = factory.record(company, "ANSR", title="2025年度A级纳税人")
    item = catalog.current(session)["SXBZXR"]
    black = factory.record(company, "SXBZXR", **assess(item, DECIDED, given="serious"))
    assert [e.record.ref for e in public.list_entries(session, "red", TODAY)] == [
        public.ref_of("ANSR", red.id)
    ]
    assert [e.record.ref for e in public.list_entries(session, "black", TODAY)] == [
        public.ref_of("SXBZXR", black.id)
    ]


def test_a_public_reference_finds_its_record(session, factory, penalty):
    record = penalty(factory.company())
    ref = public.ref_of("XZCF", record.id)
    assert public.find_record(session, ref) is record
    assert public.find_record(session, f"XZXK-{record.id}") is None
    assert public.find_record(session, "nonsense") is None


def test_an_unknown_key_has_no_file(session):
    assert public.file(session, "91370306MA3C99999X", TODAY) is None
    assert list(public.files(session, TODAY, [])) == []


def test_the_dataclasses_are_frozen(session, factory, penalty):
    company = factory.company()
    penalty(company)
    found = only(session, company)
    with pytest.raises(dataclasses.FrozenInstanceError):
        found.subject.name = "x"  # type: ignore[misc]
    with pytest.raises(AttributeError):  # a record: a named tuple
        found.records[0].doc_no = "x"  # type: ignore[misc]


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    birth=st.dates(dt.date(1940, 1, 1), dt.date(2007, 12, 31)),
    serial=st.integers(0, 999),
    before=st.text(max_size=8),
    after=st.text(max_size=8),
)
def test_no_id_number_survives_in_free_text(birth, serial, before, after):
    number = make_ric(birth.strftime("%Y%m%d"), serial=f"{serial:03d}")
    text = public.scrub(f"{before} {number} {after}")
    assert number not in text
    assert number[:6] + "********" + number[-4:] in text


_FIELD_VALUES = st.one_of(
    st.none(),
    st.text(max_size=30),
    st.integers(),
    st.floats(allow_nan=False),
    st.booleans(),
    st.lists(st.integers(), max_size=3),
    st.builds(
        lambda birth, serial, around: f"{around}{make_ric(birth, serial=f'{serial:03d}')}{around}",
        st.dates(dt.date(1950, 1, 1), dt.date(2000, 12, 31)).map(lambda d: d.strftime("%Y%m%d")),
        st.integers(0, 999),
        st.text(max_size=4),
    ),
)


@settings(max_examples=200)
@given(
    fields=st.dictionaries(
        st.sampled_from(["地址", "经营范围", "证件号码", "身份证号", "备注", "金额", ""])
        | st.text(),
        _FIELD_VALUES,
        max_size=6,
    ),
    spaced=st.booleans(),
)
def test_a_records_details_are_its_fields_as_json_gives_them_scrubbed(fields, spaced):
    """The details read from stored JSON text are what `json.loads` and `scrub` make of it,
    field by field (names sorted, empty values and ID-number fields left out)."""
    text = json.dumps(fields, ensure_ascii=False, indent=1 if spaced else None)
    expected = tuple(
        (name, public.scrub(str(value)) or "")
        for name, value in sorted(json.loads(text).items())
        if value not in (None, "") and not public._ID_FIELD.search(name)
    )
    assert public._details(text) == public._details(json.loads(text)) == expected
    assert public._details(f" {text} ") == expected  # around the value: as `json.loads`


def test_a_records_malformed_fields_fail_as_json_loads_does():
    with pytest.raises(json.JSONDecodeError):
        public._details('{"地址": "周村"} trailing')
    with pytest.raises(json.JSONDecodeError):
        public._details('{"地址": ')


def test_a_public_record_reads_as_the_dataclass_it_was(session, factory, penalty):
    """A named tuple now: its repr (which the fingerprint hashes) is a dataclass's repr."""
    company = factory.company()
    penalty(company, fields={"地址": "周村区"})
    session.commit()
    record = only(session, company).records[0]
    shown = ", ".join(f"{name}={getattr(record, name)!r}" for name in record._fields)
    assert repr(record) == f"PublicRecord({shown})"
