"""How much of what: sorts of subject, records per subject, the item mix, and their fates."""

from __future__ import annotations

import datetime as dt

FIRST_DAY = dt.date(2019, 1, 1)  # records are decided from here on

# fmt: off
#: record mix by sort of subject: item code -> weight (DJXX is one per organisation, apart)
MIX: dict[str, dict[str, float]] = {
    "company": {"XZXK": 32, "XZCF": 22, "XZJC": 14, "XZQZ": 1.5, "XZQR": 1.5, "XZZS": 1.5, "XZGF": 1.5,
                "XZCJ": 0.3, "XZBC": 0.5, "XZJL": 1, "ANSR": 4, "BZJL": 3, "ZYFW": 1.5, "CSJZ": 2.5,
                "SXBZXR": 1.5, "YZWFSX": 0.6, "JYYC": 3, "NSSE": 0.4, "BDCDJ": 0.2},
    "shop": {"XZXK": 34, "XZCF": 26, "XZJC": 15, "XZQZ": 1, "BZJL": 2, "CSJZ": 1, "JYYC": 5},
    "public": {"XZJC": 30, "BZJL": 10, "ZYFW": 10, "CSJZ": 5},
    "social": {"XZXK": 10, "XZCF": 6, "XZJC": 10, "BZJL": 8, "ZYFW": 14, "CSJZ": 10},
    "person": {"XZXK": 24, "XZCF": 22, "XZQR": 4, "XZGF": 9, "XZCJ": 0.5, "XZBC": 3, "XZJL": 2,
               "BZJL": 6, "ZYFW": 12, "CSJZ": 6, "SXBZXR": 8, "GRSR": 1, "BDCDJ": 1},
}
#: records per subject, drawn uniformly between these bounds (≈ 10 on average over the mix)
RECORDS_PER = {"company": (6, 20), "shop": (4, 14), "public": (2, 6), "social": (2, 8), "person": (1, 7)}
#: the share of each sort of subject
SUBJECT_MIX = (("company", 48), ("public", 1), ("social", 1), ("shop", 32), ("person", 18))
#: deciding years: more records in recent years
YEAR_WEIGHTS = {2019: 5, 2020: 7, 2021: 9, 2022: 12, 2023: 15, 2024: 17, 2025: 20, 2026: 16}
#: how reports arrive and what became of them afterwards
LATE_SHARE = 0.03
WITHDRAWN_SHARE = 0.015
REPAIRED_SHARE = 0.12
OBJECTION_SHARE = 0.012
DELETED_SHARE = 0.05
GIVEN_GRADE_SHARE = 0.35
SIMPLE_SHARE = 0.5  # of the penalties small enough for 简易程序
REMOVED_SHARE = {"SXBZXR": 0.2, "YZWFSX": 0.1, "JYYC": 0.4}
# fmt: on
