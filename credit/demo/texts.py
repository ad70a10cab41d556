"""Dates, amounts and 处罚内容 in the words of a decision."""

from __future__ import annotations

import datetime as dt
from random import Random
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from xinyong.credit.demo.generator import Demo


def cn_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def wan(yuan: int) -> str:
    """An amount in 万元, as the standard's amount columns write it."""
    return f"{yuan / 10000:.4f}".rstrip("0").rstrip(".")


def money(yuan: int) -> str:
    return f"{wan(yuan)}万元" if yuan >= 10000 and yuan % 100 == 0 else f"{yuan}元"


def penalty_content(kinds: tuple[str, ...], fine: int, gain: int, licence: str, rng: Random) -> str:
    """处罚内容 in the words of a decision: 没收违法所得1200元，并处罚款2万元."""
    parts = []
    for kind in kinds:
        if kind == "罚款":
            parts.append(("并处" if parts else "") + f"罚款{money(fine)}")
        elif kind.startswith("没收"):
            parts.append(f"没收违法所得{money(gain)}")
        elif kind == "暂扣许可证件":
            parts.append(f"暂扣{licence}六个月")
        elif kind == "吊销许可证件":
            parts.append(f"吊销{licence}")
        elif kind == "责令停产停业":
            parts.append(f"责令停产停业{rng.choice((7, 15, 30))}日")
        elif kind == "限制开展生产经营活动":
            parts.append("限制开展生产经营活动三个月")
        elif kind == "降低资质等级":
            parts.append("降低建筑工程施工总承包资质等级")
        elif kind == "限制从业":
            parts.append("五年内不得担任任何生产经营单位的主要负责人")
        elif kind == "行政拘留":
            parts.append(f"行政拘留{rng.choice((5, 7, 10))}日")
        elif kind == "其他":
            parts.append("暂停供应发票")
        else:  # 警告 · 通报批评 · 责令关闭
            parts.append(kind)
    return "，".join(parts)


def taken_licence(licence: str, demo: Demo, rng: Random) -> str:
    """暂扣或吊销证照名称及编号: the licence and its number, never a person's ID number,
    which a driving licence repeats, so a 驾驶证 is named by its 档案编号."""
    if licence == "营业执照" and demo.uscc:
        number = f"统一社会信用代码{demo.uscc}"
    elif "驾驶证" in licence:
        number = f"档案编号3703{rng.randrange(10**8):08d}"
    else:
        number = f"编号370306{rng.randrange(10**6):06d}"
    return f"{licence}（{number}）"
