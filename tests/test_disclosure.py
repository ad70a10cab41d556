"""The disclosure policy: grades, periods and what may be public (NDRC 《信用修复管理办法》)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xinyong.credit import catalog, disclosure
from xinyong.credit.models import CatalogItem, RecordStatus

DECIDED = dt.date(2026, 4, 15)
DEFAULT = catalog.load_file(catalog.DEFAULT_CATALOG)


@pytest.fixture
def items(session):
    return catalog.current(session)


def test_the_providers_grade_wins_over_the_catalogs_rule(items):
    grade = disclosure.grade(items["XZCF"], "general", "吊销许可证件")
    assert grade == disclosure.Grade("general", inferred=False)


@pytest.mark.parametrize(
    ("kinds", "severity"),
    [
        ("吊销许可证件", "serious"),
        ("罚款;责令停产停业", "serious"),
        ("责令关闭", "serious"),
        ("限制从业", "serious"),
        ("罚款", "general"),
        ("警告", "minor"),
        ("通报批评", "minor"),
    ],
)
def test_without_a_grade_the_catalog_infers_one_and_says_so(items, kinds, severity):
    assert disclosure.grade(items["XZCF"], None, kinds) == disclosure.Grade(severity, True)


def test_items_that_are_not_dishonest_have_no_grade(items):
    assert disclosure.grade(items["XZXK"], None, "") == disclosure.Grade(None, False)


def test_minor_penalties_have_no_window(items):
    assert disclosure.window(items["XZCF"], "minor", DECIDED) == disclosure.Window(None, None)


def test_a_general_penalty_stays_a_year_at_most_and_three_months_at_least(items):
    window = disclosure.window(items["XZCF"], "general", DECIDED)
    assert window == disclosure.Window(dt.date(2027, 4, 15), dt.date(2026, 7, 15))


def test_a_serious_penalty_stays_three_years_at_most(items):
    window = disclosure.window(items["XZCF"], "serious", DECIDED)
    assert window.end == dt.date(2029, 4, 15)
    assert window.repairable_from == dt.date(2027, 4, 15)


@given(
    st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2030, 12, 31)),
    st.sampled_from(["general", "serious"]),
)
def test_a_providers_end_is_kept_within_the_bounds(provider_end, severity):
    item = next(CatalogItem(**i) for i in DEFAULT if i["code"] == "XZCF")
    bounded = disclosure.window(item, severity, DECIDED, provider_end)
    longest = disclosure.window(item, severity, DECIDED)
    assert bounded.repairable_from <= bounded.end <= longest.end
    if bounded.repairable_from <= provider_end <= longest.end:
        assert bounded.end == provider_end


def test_assess_gives_the_records_grade_and_window_columns(items):
    columns = disclosure.assess(items["XZCF"], DECIDED, penalty_kinds="罚款;责令停产停业")
    assert columns == {
        "severity": "serious",
        "severity_inferred": True,
        "disclosure_end": dt.date(2029, 4, 15),
        "repairable_from": dt.date(2027, 4, 15),
    }


def test_assess_keeps_the_providers_grade_and_end_within_the_bounds(items):
    columns = disclosure.assess(
        items["XZCF"],
        DECIDED,
        given="general",
        penalty_kinds="吊销许可证件",
        provider_end=dt.date(2026, 10, 1),
    )
    assert columns == {
        "severity": "general",
        "severity_inferred": False,
        "disclosure_end": dt.date(2026, 10, 1),
        "repairable_from": dt.date(2026, 7, 15),
    }


def test_assess_leaves_items_that_are_not_dishonest_ungraded_until_their_end(items):
    valid_to = dt.date(2031, 4, 14)
    columns = disclosure.assess(items["XZXK"], DECIDED, provider_end=valid_to)
    assert columns == {
        "severity": None,
        "severity_inferred": False,
        "disclosure_end": valid_to,
        "repairable_from": None,
    }


def test_month_arithmetic_keeps_to_the_months_last_day():
    assert disclosure.add_months(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)
    assert disclosure.add_months(dt.date(2024, 2, 29), 12) == dt.date(2025, 2, 28)
    assert disclosure.add_months(dt.date(2026, 11, 30), 3) == dt.date(2027, 2, 28)


def test_what_goes_on_the_site(session, factory, items):
    company, person = factory.company(), factory.person()
    today = dt.date(2026, 11, 25)
    window = disclosure.window(items["XZCF"], "general", DECIDED)
    penalty = factory.record(company, severity="general", disclosure_end=window.end)
    assert disclosure.is_public(penalty, items["XZCF"], company.kind, today)
    assert not disclosure.is_public(penalty, items["XZCF"], company.kind, dt.date(2027, 4, 16))
    assert not disclosure.is_public(penalty, items["XZCF"], person.kind, today)
    for status in (RecordStatus.ARCHIVED, RecordStatus.DELETED, RecordStatus.INVALID):
        penalty.status = status
        assert not disclosure.is_public(penalty, items["XZCF"], company.kind, today)
    simple = factory.record(company, severity="general", simple_procedure=True)
    assert not disclosure.is_public(simple, items["XZCF"], company.kind, today)
    listed = factory.record(
        person, "SXBZXR", kind="other", severity="serious", removed_on=dt.date(2026, 12, 1)
    )
    assert disclosure.is_public(listed, items["SXBZXR"], person.kind, today)
    assert not disclosure.is_public(listed, items["SXBZXR"], person.kind, dt.date(2026, 12, 1))
