"""Subject identifiers: 统一社会信用代码 (GB 32100) and 居民身份证号码 (GB 11643).

The checks are python-stdnum's; this module only normalises the input the
way provider exports write it and turns stdnum's errors into Chinese reasons.
An ID number is never shown or published: `IdProtector` gives the keyed hash
that stands in for it, the opaque public key of a person, and the masked form.
"""

from __future__ import annotations

import base64
import calendar
import datetime as dt
import hashlib
import hmac
import unicodedata

from stdnum import exceptions
from stdnum.cn import ric, uscc


class InvalidCode(ValueError):
    """A code that fails its standard's check; `str()` is the reason in Chinese."""


def normalize(code: str) -> str:
    """Drop surrounding and inner spaces, make full-width half-width, upper-case letters."""
    return "".join(unicodedata.normalize("NFKC", code or "").split()).upper()


def _reason(error: exceptions.ValidationError, what: str, length: int) -> str:
    if isinstance(error, exceptions.InvalidLength):
        return f"{what}长度应为{length}位"
    if isinstance(error, exceptions.InvalidChecksum):
        return f"{what}校验位错误"
    if isinstance(error, exceptions.InvalidComponent):
        return (
            f"{what}中的出生日期或地区码无效"
            if what == "身份证号码"
            else f"{what}中的登记管理部门或机构类别代码无效"
        )
    return f"{what}含有不允许的字符"


#: GB 32100's character set: digits and capitals without I, O, S, V, Z
USCC_CHARACTERS = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def check_uscc(code: str) -> str:
    """The normalised 统一社会信用代码, or `InvalidCode` with the reason."""
    value = normalize(code)
    if not value:
        raise InvalidCode("统一社会信用代码为空")
    try:
        return uscc.validate(value)
    except exceptions.InvalidFormat:
        if _lettered_uscc(value):
            return value
        raise InvalidCode(_reason(exceptions.InvalidFormat(), "统一社会信用代码", 18)) from None
    except exceptions.ValidationError as error:
        raise InvalidCode(_reason(error, "统一社会信用代码", 18)) from None


def _lettered_uscc(value: str) -> bool:
    """GB 32100 lets the registering authority and the category be letters (N2 for a
    村级集体经济组织, A…, Y…); stdnum wants digits there. The rest is the standard's own
    check: its character set, a 6-digit area code, and the check character."""
    if len(value) != 18 or any(char not in USCC_CHARACTERS for char in value):
        return False
    if not (value[2:8].isascii() and value[2:8].isdigit()):
        return False
    if value[-1] != uscc.calc_check_digit(value[:17]):
        raise InvalidCode(_reason(exceptions.InvalidChecksum(), "统一社会信用代码", 18))
    return True


def check_ric(number: str) -> str:
    """The normalised 居民身份证号码, or `InvalidCode` with the reason."""
    value = normalize(number)
    if not value:
        raise InvalidCode("身份证号码为空")
    try:
        return ric.validate(value)
    except (exceptions.InvalidComponent, KeyError):  # stdnum: KeyError for an unknown county
        if _known_area_and_date(value):
            return value
        raise InvalidCode(_reason(exceptions.InvalidComponent(), "身份证号码", 18)) from None
    except exceptions.ValidationError as error:
        raise InvalidCode(_reason(error, "身份证号码", 18)) from None


def _known_area_and_date(number: str) -> bool:
    """stdnum also wants the area code to exist in the birth year; GB 11643 does not.

    The code is that of the household registration where the number was first
    issued (from 1984): a Zhoucun resident born in 1960 holds 370306…, a code
    created in 1983. So a valid birth date and an area code known at any time suffice.
    """
    from stdnum import numdb

    try:
        ric.get_birth_date(number)
    except exceptions.ValidationError:
        return False
    return any(props.get("county") for _part, props in numdb.get("cn/loc").info(number[:6]))


def is_individual_business(code: str) -> bool:
    """个体工商户: registered by market supervision (9) as category 2 (GB 32100)."""
    return normalize(code).startswith("92")


def birth_date(number: str) -> dt.date:
    return ric.get_birth_date(normalize(number))


def age_on(number: str, day: dt.date) -> int:
    """周岁 of the ID number's holder on `day`, counted as Chinese courts count them.

    A 周岁 is reached on the day AFTER the birthday (最高人民法院: 周岁从周岁生日的第二天起算),
    so on the 18th birthday itself the holder is still 17. Born on 29 February, the
    birthday of a common year is 28 February (民法典 art. 202: no such day, the month's end).
    """
    born = birth_date(number)
    years = day.year - born.year
    last = calendar.monthrange(day.year, born.month)[1]
    if day <= dt.date(day.year, born.month, min(born.day, last)):
        years -= 1
    return max(years, 0)


def mask_ric(number: str) -> str:
    """First 6 and last 4 kept, the birth date hidden (DESIGN: natural persons)."""
    value = normalize(number)
    return value[:6] + "*" * (len(value) - 10) + value[-4:]


class IdProtector:
    """Keyed stand-ins for ID numbers, and the number itself sealed for storage.

    The hash key and the data key are separate (`credit.personal.Keys`); the
    protector seals but cannot open: `credit.personal.reveal` alone decrypts.
    """

    def __init__(self, key: bytes, data_key: bytes | None = None) -> None:
        self._key = key
        self._data_key = data_key

    def seal(self, number: str, purpose: str) -> str:
        """The number encrypted for the column `purpose` (a fresh nonce each time)."""
        from xinyong.credit.personal import seal

        if self._data_key is None:
            raise ValueError(
                "an ID number is stored only encrypted: this protector has no DATA_KEY"
            )
        return seal(self._data_key, normalize(number), purpose)

    def _digest(self, purpose: str, number: str) -> bytes:
        message = f"{purpose}:{normalize(number)}".encode()
        return hmac.new(self._key, message, hashlib.sha256).digest()

    def hash(self, number: str, scope: str = "") -> str:
        """What an exact search by ID number matches; `scope` keeps 个体工商户 apart."""
        return self._digest(f"match{scope}", number).hex()

    def public_key(self, number: str, scope: str = "") -> str:
        """The stable, opaque key of a person (or a 个体工商户 without a USCC) in URLs and files."""
        prefix = "g" if scope else "p"
        return prefix + base64.b32encode(self._digest(f"key{scope}", number)[:10]).decode().lower()
