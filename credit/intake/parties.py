"""Who a row is about: the subject's category, codes and representative, checked."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from xinyong.credit.identifiers import age_on, is_individual_business, normalize
from xinyong.credit.intake.cells import HASH_SUFFIX, RowReader, text_of
from xinyong.credit.intake.headers import SubjectColumns
from xinyong.credit.intake.rows import Context, limits
from xinyong.credit.models import LABELS, Subject, SubjectKind
from xinyong.credit.subjects import Identity, identity, naming

ORG, INDIVIDUAL, PERSON = LABELS[SubjectKind.ORG], LABELS[SubjectKind.INDIVIDUAL], "自然人"
CATEGORIES = {
    ORG: ORG,
    "法人和非法人组织": ORG,
    "法人": ORG,
    "非法人组织": ORG,
    INDIVIDUAL: INDIVIDUAL,
    PERSON: PERSON,
}
CATEGORY_HINT = "法人及非法人组织、自然人或个体工商户"
KIND_OF = {ORG: SubjectKind.ORG, INDIVIDUAL: SubjectKind.INDIVIDUAL, PERSON: SubjectKind.PERSON}
ID_CARD = "身份证"
ID_TYPES = {name: ID_CARD for name in ("身份证", "居民身份证", "居民身份证号码", "身份证号码")}
ORGANISATION_CODE = "组织机构代码"
SUBJECT_LIMITS = limits(Subject)


@dataclass(frozen=True)
class Party:
    who: Identity
    name: str
    legal_rep: str | None


def read_subject(
    reader: RowReader,
    where: SubjectColumns,
    ctx: Context,
    decided_on: dt.date | None,
    rep_required: bool,
) -> Party | None:
    """The subject of the row, or None when something about it is wrong (the reasons are kept)."""
    name = reader.text(where.name, limit=SUBJECT_LIMITS["name"])
    code = reader.uscc(where.uscc)
    category = _category(reader, where)
    legal_rep = reader.text(where.legal_rep, limit=SUBJECT_LIMITS["legal_rep"])
    rep_number = _legal_rep_id(reader, where, ctx)
    _organisation_code(reader, code)
    operator_number = None
    if category == PERSON:
        who = _person(reader, where, ctx, decided_on)
    else:
        who, operator_number = _organisation(reader, where, ctx, category, code)
        if category == ORG and rep_required and not legal_rep:
            reader.fail(where.legal_rep, "法人及非法人组织应填写法定代表人")
    if who is None or name is None:
        return None
    who = naming(who, ctx.protector, rep_number, operator_number)
    return Party(who, name, legal_rep if category != PERSON else None)


def _category(reader: RowReader, where: SubjectColumns) -> str | None:
    """行政相对人类别 as given, or inferred from the codes (formats page)."""
    given = reader.choice(where.category, CATEGORIES, CATEGORY_HINT)
    if given or text_of(reader.cells.get(where.category)):
        return given
    code = text_of(reader.cells.get(where.uscc))
    if code:
        inferred = INDIVIDUAL if is_individual_business(code) else ORG
    elif text_of(reader.cells.get(where.id_number)):
        inferred = PERSON
    else:
        reader.fail(where.category, f"{where.category}为空，且没有统一社会信用代码或证件号码可推断")
        return None
    reader.kept[where.category] = inferred
    return inferred


def _person(
    reader: RowReader, where: SubjectColumns, ctx: Context, decided_on: dt.date | None
) -> Identity | None:
    """seed 二（一）3: a natural person is collected only from the age of 18."""
    reader.choice(where.id_type, ID_TYPES, "身份证（居民身份证）", default=ID_CARD)
    number = reader.ric(where.id_number)
    if number is None:
        if not text_of(reader.cells.get(where.id_number)):
            reader.fail(where.id_number, "自然人应填写证件号码")
        return None
    if decided_on and age_on(number, decided_on) < ctx.adult_age:
        reader.fail(
            where.id_number, f"自然人在决定日期未满{ctx.adult_age}周岁：未成年人信息不予归集"
        )
        return None
    return identity(SubjectKind.PERSON, ctx.protector, id_number=number)


def _organisation(
    reader: RowReader, where: SubjectColumns, ctx: Context, category: str | None, code: str | None
) -> tuple[Identity | None, str | None]:
    """Keyed by the USCC; a 个体工商户 without one, by the operator's ID number (also returned)."""
    number = reader.ric(where.id_number)
    if number:
        reader.keep_protected(where.id_number, number, ctx.protector)
    written_code = text_of(reader.cells.get(where.uscc))
    written_number = text_of(reader.cells.get(where.id_number))
    if category is None or (written_code and not code):
        return None, number
    if code:
        return identity(KIND_OF[category], ctx.protector, uscc=code), number
    if category == INDIVIDUAL and written_number:
        if number is None:
            return None, None
        return identity(SubjectKind.INDIVIDUAL, ctx.protector, id_number=number), number
    reader.fail(
        where.uscc,
        f"{category}应填写统一社会信用代码"
        + ("（或经营者的证件号码）" if category == INDIVIDUAL else ""),
    )
    return None, number


def _legal_rep_id(reader: RowReader, where: SubjectColumns, ctx: Context) -> str | None:
    """A representative's ID number is checked, then kept in the record only masked and hashed.

    The number is returned, to be kept sealed under its hash (`subjects.naming`).
    """
    kind = reader.text(where.rep_id_type)
    if kind is None or ID_TYPES.get(kind) == ID_CARD:
        number = reader.ric(where.rep_id_number)
        if number:
            reader.keep_protected(where.rep_id_number, number, ctx.protector)
    else:
        number = reader.text(where.rep_id_number, keep=False)
        if number:
            reader.kept[where.rep_id_number + HASH_SUFFIX] = ctx.protector.hash(number)
    return number


def _organisation_code(reader: RowReader, code: str | None) -> None:
    """The standard's 组织机构代码 column is the 9th to 17th characters of the USCC."""
    value = reader.text(ORGANISATION_CODE, keep=False)
    if value and code and normalize(value).replace("-", "") != code[8:17]:
        reader.fail(ORGANISATION_CODE, "组织机构代码与统一社会信用代码第9至17位不一致")
