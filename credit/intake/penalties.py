"""行政处罚 rows: the kinds of art. 9, the amounts they call for, severity and procedure."""

from __future__ import annotations

from xinyong.credit.catalog import CatalogItem
from xinyong.credit.disclosure import assess
from xinyong.credit.intake.cells import RowReader, split_list, text_of
from xinyong.credit.intake.headers import STANDARD_2016, SUBJECT_COLUMNS
from xinyong.credit.intake.parties import PERSON, read_subject
from xinyong.credit.intake.rows import (
    SOURCE,
    SOURCE_USCC,
    Context,
    Entry,
    check_source,
    column,
    decision_date,
    entry,
    fill_from_provider,
    read_status,
)
from xinyong.credit.models import RecordKind, Severity
from xinyong.credit.records import simple_procedure_fits

KINDS_FIELD = "处罚类别"
FINE = "罚款金额(万元)"
CONFISCATED = "没收违法所得、没收非法财物的金额(万元)"
LICENCE_TAKEN = "暂扣或吊销证照名称及编号"
PROCEDURE = "程序类型"
SIMPLE = "简易程序"

#: 行政处罚法 (2021) art. 9
PENALTY_KINDS = (
    "警告",
    "通报批评",
    "罚款",
    "没收违法所得",
    "没收非法财物",
    "暂扣许可证件",
    "降低资质等级",
    "吊销许可证件",
    "限制开展生产经营活动",
    "责令停产停业",
    "责令关闭",
    "限制从业",
    "行政拘留",
    "其他",
)
#: the wordings of the 1996 law and of 2016 exports
OLDER_KINDS = (
    "暂扣或者吊销许可证",
    "暂扣或者吊销执照",
    "暂扣或吊销许可证",
    "暂扣或吊销执照",
    "暂扣许可证",
    "吊销许可证",
    "暂扣执照",
    "吊销执照",
)
ALLOWED_KINDS = frozenset(PENALTY_KINDS + OLDER_KINDS)

SEVERITIES = {"轻微": Severity.MINOR, "一般": Severity.GENERAL, "严重": Severity.SERIOUS}
SEVERITY_HINT = "轻微、一般或严重"
PROCEDURES = {SIMPLE: SIMPLE, "普通程序": "普通程序", "一般程序": "普通程序"}
STATUSES = {label: label for label in ("有效", "变更", "撤销", "无效")}


def penalty_row(reader: RowReader, ctx: Context) -> Entry | None:
    item = ctx.catalog.for_kind(RecordKind.PENALTY)
    reader.require(item.required_fields)
    if ctx.standard == STANDARD_2016:
        fill_from_provider(reader, ctx, "处罚机关统一社会信用代码", SOURCE, SOURCE_USCC)
    decided = decision_date(reader, "处罚决定日期", ctx)
    party = read_subject(reader, SUBJECT_COLUMNS[RecordKind.PENALTY], ctx, decided, True)
    doc_no = column(reader, "行政处罚决定书文号", "doc_no")
    title = column(reader, "违法行为类型", "title")
    content = column(reader, "处罚内容", "content")
    kinds = penalty_kinds(reader)
    check_amounts(reader, kinds, ctx)
    simple = reader.choice(PROCEDURE, PROCEDURES, "简易程序或普通程序") == SIMPLE
    if simple and party:
        check_simple_procedure(reader, item, kinds, party.who.kind == "person")
    given = reader.choice("失信严重程度", {k: k for k in SEVERITIES}, SEVERITY_HINT)
    end = reader.date("公示截止期")
    valid_to = reader.date("处罚有效期", keep=False, open_end=True)
    status = read_status(
        reader, ctx, decided, STATUSES, "有效、变更、撤销或无效", reason_required=True
    )
    authority = column(reader, "处罚机关", "authority")
    authority_uscc = reader.uscc("处罚机关统一社会信用代码", keep=False)
    check_source(reader, ctx)
    reader.rest()
    if not reader.ok or party is None:
        return None
    return entry(
        reader,
        party,
        kind=RecordKind.PENALTY,
        item_code=item.code,
        doc_no=doc_no,
        authority=authority,
        authority_uscc=authority_uscc,
        title=title,
        content=content,
        decided_on=decided,
        valid_to=valid_to,
        **assess(
            item,
            decided,
            given=SEVERITIES.get(given or ""),
            penalty_kinds=";".join(kinds),
            provider_end=end,
        ),
        simple_procedure=simple,
        **status,
    )


def penalty_kinds(reader: RowReader) -> list[str]:
    """The kinds of the penalty, several joined by `;`, each one of art. 9 (or older wordings)."""
    value = reader.text(KINDS_FIELD)
    if value is None:
        return []
    kinds = split_list(value)
    unknown = [kind for kind in kinds if kind not in ALLOWED_KINDS and not kind.startswith("其他")]
    if unknown:
        reader.fail(
            KINDS_FIELD,
            f"“{'、'.join(unknown)}”不是行政处罚法第九条规定的处罚种类（"
            f"{'、'.join(PENALTY_KINDS)}），多个种类以“;”分隔",
        )
        return []
    reader.kept[KINDS_FIELD] = ";".join(kinds)
    return kinds


def check_amounts(reader: RowReader, kinds: list[str], ctx: Context) -> None:
    """A fine needs its amount, a confiscation its sum, a suspension the licence; 2016 had none."""
    fine = reader.amount(FINE)
    confiscated = reader.amount(CONFISCATED)
    licence = reader.text(LICENCE_TAKEN)
    if ctx.standard == STANDARD_2016:
        return
    needs = (
        (FINE, "罚款" in kinds, fine, "处罚类别含罚款"),
        (CONFISCATED, any("没收" in kind for kind in kinds), confiscated, "处罚类别含没收"),
        (
            LICENCE_TAKEN,
            any("暂扣" in kind or "吊销" in kind for kind in kinds),
            licence,
            "处罚类别含暂扣或吊销",
        ),
    )
    for name, needed, value, why in needs:
        if needed and value is None and not text_of(reader.cells.get(name)):
            reader.fail(name, f"{why}，应填写{name}")


def check_simple_procedure(
    reader: RowReader, item: CatalogItem, kinds: list[str], person: bool
) -> None:
    """行政处罚法 art. 51: 简易程序 only for a warning or a fine up to the limit; such
    penalties are not published, so a wrong 程序类型 would hide a penalty that should be."""
    if not simple_procedure_fits(item, kinds, reader.kept.get(FINE), person):
        reader.fail(
            PROCEDURE,
            "简易程序只适用于警告或限额以下的罚款（行政处罚法第五十一条："
            f"{PERSON}二百元以下、法人或其他组织三千元以下）：请核对程序类型、处罚类别和罚款金额",
        )
