"""Subjects: keyed by their USCC, or by a keyed hash of an ID number that is never shown."""

from __future__ import annotations

from xinyong.credit import subjects
from xinyong.credit.models import SubjectKind

from .conftest import make_ric, make_uscc


def test_organisations_are_keyed_by_their_code(protector):
    code = make_uscc("91370306MA3C12345")
    who = subjects.identity(SubjectKind.ORG, protector, uscc=code.lower())
    assert (who.key, who.uscc, who.id_hash) == (code, code, None)


def test_persons_are_keyed_by_an_opaque_key_never_the_number(protector):
    number = make_ric("19850612")
    who = subjects.identity(SubjectKind.PERSON, protector, id_number=number)
    assert who.key.startswith("p") and number not in who.key
    assert who.id_masked == number[:6] + "********" + number[-4:]


def test_an_individual_business_without_a_code_is_not_its_operator(session, protector):
    number = make_ric("19850612")
    person = subjects.identity(SubjectKind.PERSON, protector, id_number=number)
    shop = subjects.identity(SubjectKind.INDIVIDUAL, protector, id_number=number)
    assert shop.key != person.key and shop.id_hash != person.id_hash
    found = subjects.find_or_create_many(
        session, [(person, "王建国", None), (shop, "周村区王建国烧饼店", None)], "test"
    )
    operator, business = found[person.match], found[shop.match]
    assert business.id != operator.id
    assert (operator.kind, operator.name) == (SubjectKind.PERSON, "王建国")
    session.flush()
