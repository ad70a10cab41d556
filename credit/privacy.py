"""What may never be collected (seed 二（一）3), checked wherever data comes in."""

from __future__ import annotations

# seed 二（一）3: religion, genes, fingerprints, blood type, disease and medical history
PROHIBITED = (
    "宗教信仰",
    "宗教",
    "信仰",
    "基因",
    "指纹",
    "血型",
    "疾病",
    "病史",
    "病历",
    "健康状况",
)


def prohibited_term(text: str) -> str | None:
    """The prohibited word in a column or catalog item name, if any."""
    for term in PROHIBITED:
        if term in (text or ""):
            return term
    return None
