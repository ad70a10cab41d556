"""The district's codes, valid by their standards' check characters.

统一社会信用代码 (GB 32100, with its organisation code of GB 11714) and
居民身份证号码 (GB 11643); the check characters come from python-stdnum.
"""

from __future__ import annotations

import datetime as dt
from random import Random

from stdnum.cn import ric, uscc

AREA = "370306"  # 淄博市周村区
ALNUM = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # the characters GB 32100 allows


def org_code(body: str) -> str:
    """An organisation code (GB 11714): 8 characters and their check character."""
    total = sum(
        int(char, 36) * weight for char, weight in zip(body, (3, 7, 9, 10, 5, 8, 4, 2), strict=True)
    )
    check = 11 - total % 11
    return body + {10: "X", 11: "0"}.get(check, str(check))


def make_uscc(prefix: str, org_body: str) -> str:
    """A valid 统一社会信用代码 from its first 8 characters and an organisation code body."""
    body = prefix + org_code(org_body)
    return body + uscc.calc_check_digit(body)


def id_number(born: dt.date, station: int, male: bool, rng: Random) -> str:
    """A valid 居民身份证号码 of the district (GB 11643): area, birth date, serial, check digit."""
    serial = f"{station:02d}{rng.randrange(1 if male else 0, 10, 2)}"
    body = f"{AREA}{born:%Y%m%d}{serial}"
    return body + ric.calc_check_digit(body + "0")
