"""Codes: GB 32100 统一社会信用代码 and GB 11643 居民身份证号码, checked by python-stdnum."""

from __future__ import annotations

import datetime as dt
import string

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum.cn import ric, uscc

from xinyong.credit.identifiers import (
    IdProtector,
    InvalidCode,
    age_on,
    check_ric,
    check_uscc,
    is_individual_business,
    mask_ric,
    normalize,
)

pytestmark = pytest.mark.sqlite_only

USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
VALID_USCC = "91370306MA3C00001" + uscc.calc_check_digit("91370306MA3C00001")
VALID_RIC = "370306198001011230"
VALID_RIC = VALID_RIC[:17] + ric.calc_check_digit(VALID_RIC)

uscc_bodies = st.builds(
    lambda kind, area, body: kind + area + body,
    st.sampled_from(["11", "12", "51", "52", "91", "92", "93"]),
    st.just("370306"),
    st.text(alphabet=USCC_CHARS, min_size=9, max_size=9),
)


def to_full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


@given(uscc_bodies)
def test_every_code_with_its_check_character_is_accepted(body):
    code = body + uscc.calc_check_digit(body)
    assert check_uscc(code) == code


@given(uscc_bodies, st.sampled_from(USCC_CHARS))
def test_a_wrong_check_character_is_refused(body, wrong):
    if wrong == uscc.calc_check_digit(body):
        wrong = "0" if wrong != "0" else "1"
    with pytest.raises(InvalidCode, match="校验位错误"):
        check_uscc(body + wrong)


@given(uscc_bodies)
def test_lower_case_full_width_and_spaced_codes_are_normalised_first(body):
    code = body + uscc.calc_check_digit(body)
    written = f"  {to_full_width(code.lower())} "
    assert normalize(written) == code
    assert check_uscc(written) == code


@pytest.mark.parametrize("code", [VALID_USCC[:-1], VALID_USCC + "1", "", "  "])
def test_wrong_length_or_empty_codes_are_refused(code):
    with pytest.raises(InvalidCode):
        check_uscc(code)


def test_letters_outside_the_standards_alphabet_are_refused():
    with pytest.raises(InvalidCode):
        check_uscc(VALID_USCC[:10] + "I" + VALID_USCC[11:])


def test_individual_businesses_are_recognised_by_their_code():
    body = "92370306MA3C00002"
    assert is_individual_business(body + uscc.calc_check_digit(body))
    assert not is_individual_business(VALID_USCC)


birth_dates = st.dates(min_value=dt.date(1930, 1, 1), max_value=dt.date(2020, 12, 31))


@given(birth_dates, st.integers(0, 999))
def test_every_id_number_with_its_check_digit_is_accepted(born, serial):
    body = f"370306{born:%Y%m%d}{serial:03d}"
    number = body + ric.calc_check_digit(body + "0")
    assert check_ric(number.lower()) == number


@given(birth_dates, st.integers(0, 999), st.sampled_from("0123456789X"))
def test_an_id_number_with_a_wrong_check_digit_is_refused(born, serial, wrong):
    body = f"370306{born:%Y%m%d}{serial:03d}"
    if wrong == ric.calc_check_digit(body + "0"):
        return
    with pytest.raises(InvalidCode, match="校验位错误"):
        check_ric(body + wrong)


def test_an_id_number_with_an_impossible_birth_date_is_refused():
    body = "37030619800231123"
    with pytest.raises(InvalidCode):
        check_ric(body + ric.calc_check_digit(body + "0"))


@pytest.mark.parametrize(
    ("day", "age"),
    [
        (dt.date(1998, 1, 1), 18),
        (dt.date(1997, 12, 31), 17),  # the 18th birthday itself: 周岁 begin the day after
        (dt.date(1997, 12, 30), 17),
        (dt.date(2026, 6, 1), 46),
    ],
)
def test_age_counts_zhousui_from_the_day_after_the_birthday(day, age):
    assert age_on("370306197912311230", day) == age


@pytest.mark.parametrize(
    ("day", "age"),
    [(dt.date(2026, 2, 28), 17), (dt.date(2026, 3, 1), 18), (dt.date(2028, 3, 1), 20)],
)
def test_born_on_29_february_the_birthday_of_a_common_year_is_28_february(day, age):
    body = "37030620080229123"
    assert age_on(body + ric.calc_check_digit(body + "0"), day) == age


def test_masked_numbers_keep_first_six_and_last_four_only():
    assert mask_ric(VALID_RIC) == "370306********" + VALID_RIC[-4:]
    assert "19800101" not in mask_ric(VALID_RIC)


@given(birth_dates, st.integers(0, 999))
def test_public_keys_and_hashes_never_contain_the_number(born, serial):
    body = f"370306{born:%Y%m%d}{serial:03d}"
    number = body + ric.calc_check_digit(body + "0")
    protector = IdProtector(b"key")
    key = protector.public_key(number)
    assert key.startswith("p") and set(key[1:]) <= set(string.ascii_lowercase + "234567")
    assert number not in key and born.strftime("%Y%m%d") not in protector.hash(number)
    assert protector.public_key(number.lower()) == key
    assert IdProtector(b"other").hash(number) != protector.hash(number)


def test_an_older_residents_number_with_a_newer_area_code_is_accepted():
    # 周村区 (370306) dates from 1983; numbers issued from 1984 carry it whatever the birth year
    body = "37030619560708123"
    assert check_ric(body + ric.calc_check_digit(body + "0")).startswith("370306")


def test_an_unknown_area_code_is_refused():
    body = "37039919800101123"
    with pytest.raises(InvalidCode, match="地区码"):
        check_ric(body + ric.calc_check_digit(body + "0"))


lettered_bodies = st.tuples(
    st.sampled_from(USCC_CHARS[10:]),
    st.sampled_from(USCC_CHARS),
    st.text("0123456789", min_size=6, max_size=6),
    st.text(USCC_CHARS, min_size=9, max_size=9),
).map("".join)


@given(lettered_bodies)
def test_a_code_whose_first_characters_are_letters_is_accepted_with_its_check(body):
    # GB 32100: N2… a 村级集体经济组织, A… and Y… others; stdnum wants digits there
    code = body + uscc.calc_check_digit(body)
    assert check_uscc(code.lower()) == code


@given(lettered_bodies, st.sampled_from(USCC_CHARS))
def test_a_lettered_code_with_another_check_character_is_refused(body, wrong):
    if wrong == uscc.calc_check_digit(body):
        return
    with pytest.raises(InvalidCode, match="校验位错误"):
        check_uscc(body + wrong)


@pytest.mark.parametrize("body", ["N2370306MA3C0000", "NI370306MA3C00001", "N237O306MA3C00001"])
def test_a_lettered_code_outside_the_standard_is_refused(body):
    with pytest.raises(InvalidCode):
        check_uscc(body + "0")
