"""Headers as department exports write them, read as the national standard's field names.

Exports differ from the standard in small ways (full-width brackets, stray spaces, a trailing
colon, the older 2016 names, extra code and bookkeeping columns); every header is normalised
and looked up here, so the rest of intake speaks only the 2021 standard's field names.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from xinyong.credit.formats import FORMAT_GUIDE
from xinyong.credit.intake.problems import Refusal
from xinyong.credit.models import RecordKind
from xinyong.credit.privacy import prohibited_term

REPAIR = "repair"
KINDS: tuple[str, ...] = (
    RecordKind.LICENSE.value,
    RecordKind.PENALTY.value,
    RecordKind.OTHER.value,
    REPAIR,
)
STANDARD_2021 = "2021"
STANDARD_2016 = "2016"

KIND_NAMES = {
    RecordKind.LICENSE: "行政许可",
    RecordKind.PENALTY: "行政处罚",
    RecordKind.OTHER: "其他信用信息",
    REPAIR: "信用修复结果",
}


def normalize_header(text: object) -> str:
    """Full-width made half-width, every space dropped, a trailing colon dropped."""
    value = unicodedata.normalize("NFKC", str(text or "")).replace("\ufeff", "")
    return "".join(value.split()).rstrip(":")


@dataclass(frozen=True)
class Column:
    """A field of a kind's format: `since_2021` fields are not asked of a 2016 export."""

    name: str
    required: bool = False
    aliases: tuple[str, ...] = ()
    since_2021: bool = False


@dataclass(frozen=True)
class SubjectColumns:
    """Where a kind's format keeps the subject's name, category and codes."""

    name: str
    category: str
    uscc: str
    legal_rep: str = "法定代表人"
    id_type: str = "证件类型"
    id_number: str = "证件号码"
    rep_id_type: str = "法定代表人证件类型"
    rep_id_number: str = "法定代表人证件号码"


USCC_1 = "行政相对人代码_1(统一社会信用代码)"
DOUBLE_PUBLICITY_SUBJECT = SubjectColumns("行政相对人名称", "行政相对人类别", USCC_1)
OTHER_SUBJECT = SubjectColumns("主体名称", "主体类别", "统一社会信用代码")

#: the standard's further code columns: recognised and checked, never stored
CODE_COLUMNS = {
    "行政相对人代码_2(工商注册号)": "工商注册号",
    "行政相对人代码_3(组织机构代码)": "组织机构代码",
    "行政相对人代码_4(税务登记号)": "税务登记号",
    "行政相对人代码_5(事业单位证书号)": "事业单位证书号",
    "行政相对人代码_6(社会组织登记证号)": "社会组织登记证号",
    # the 2016 standard numbers them differently
    "行政相对人代码_2(组织机构代码)": "组织机构代码",
    "行政相对人代码_3(工商登记码)": "工商注册号",
    **{
        name: name
        for name in (
            "工商注册号",
            "组织机构代码",
            "税务登记号",
            "事业单位证书号",
            "社会组织登记证号",
        )
    },
}
#: what export systems add about the export itself
BOOKKEEPING = frozenset({"数据导出时间", "地方编码", "数据更新时间戳", "序号"})
#: several columns of a 2016 export that make one field
JOINED = frozenset({"处罚类别"})


def _subject_columns(where: SubjectColumns, aliases: dict[str, tuple[str, ...]]) -> list[Column]:
    return [
        Column(where.name, required=True, aliases=aliases.get(where.name, ())),
        Column(where.category, aliases=aliases.get(where.category, ())),
        Column(where.uscc, aliases=aliases.get(where.uscc, ())),
        Column(where.legal_rep, aliases=("法定代表人姓名",)),
        Column(where.rep_id_type),
        Column(where.rep_id_number),
        Column(where.id_type),
        Column(where.id_number, aliases=("行政相对人代码_5(居民身份证号)",)),
    ]


_DOUBLE_PUBLICITY = _subject_columns(
    DOUBLE_PUBLICITY_SUBJECT, {USCC_1: ("行政相对人代码_1", "统一社会信用代码")}
)

COLUMNS: dict[str, list[Column]] = {
    RecordKind.LICENSE: [
        *_DOUBLE_PUBLICITY,
        Column("行政许可决定文书名称", True, ("项目名称",)),
        Column("行政许可决定文书号", True, ("行政许可决定书文号",)),
        Column("许可类别", True, ("审批类别",)),
        Column("许可证书名称"),
        Column("许可编号"),
        Column("许可内容", True),
        Column("许可决定日期", True),
        Column("有效期自", True, since_2021=True),
        Column("有效期至", True, ("许可截止期",)),
        Column("许可机关", True),
        Column("许可机关统一社会信用代码", True, since_2021=True),
        Column("当前状态", True, since_2021=True),
        Column("数据来源单位", True, since_2021=True),
        Column("数据来源单位统一社会信用代码", True, since_2021=True),
        Column("备注"),
    ],
    RecordKind.PENALTY: [
        *_DOUBLE_PUBLICITY,
        Column("行政处罚决定书文号", True),
        Column("违法行为类型", True, ("处罚名称",)),
        Column("违法事实", True, ("处罚事由",)),
        Column("处罚依据", True),
        Column("处罚类别", True, ("处罚类别1", "处罚类别2")),
        Column("处罚内容", True, ("处罚结果",)),
        Column("罚款金额(万元)", aliases=("罚款金额",)),
        Column(
            "没收违法所得、没收非法财物的金额(万元)",
            aliases=("没收违法所得、没收非法财物的金额", "没收金额(万元)"),
        ),
        Column("暂扣或吊销证照名称及编号"),
        Column("处罚决定日期", True),
        Column("处罚有效期"),
        Column("公示截止期"),
        Column("失信严重程度"),
        Column("程序类型"),
        Column("当前状态"),
        Column("撤销原因"),
        Column("撤销日期"),
        Column("处罚机关", True),
        Column("处罚机关统一社会信用代码", True, since_2021=True),
        Column("数据来源单位", True, since_2021=True),
        Column("数据来源单位统一社会信用代码", True, since_2021=True),
        Column("备注"),
    ],
    RecordKind.OTHER: [
        Column("目录项代码", True),
        *_subject_columns(
            OTHER_SUBJECT,
            {
                "主体名称": ("行政相对人名称",),
                "主体类别": ("行政相对人类别",),
                "统一社会信用代码": (USCC_1, "行政相对人代码_1"),
            },
        ),
        Column("信息内容", True),
        Column("认定文号", True),
        Column("认定日期", True),
        Column("有效期至"),
        Column("失信严重程度"),
        Column("移出日期"),
        Column("移出文号"),
        Column("认定机关", True),
        Column("认定机关统一社会信用代码"),
        Column("数据来源单位", True),
        Column("数据来源单位统一社会信用代码"),
        Column("书面同意文号"),
        Column("备注"),
    ],
    REPAIR: [
        Column("决定文书号", True),
        Column("决定机关", True),
        Column("统一社会信用代码", aliases=(USCC_1, "行政相对人代码_1")),
        Column("主体名称", aliases=("行政相对人名称",)),
        Column("修复日期", True),
        Column("修复机关", True),
        Column("修复文号"),
        Column("备注"),
    ],
}
SUBJECT_COLUMNS = {
    RecordKind.LICENSE: DOUBLE_PUBLICITY_SUBJECT,
    RecordKind.PENALTY: DOUBLE_PUBLICITY_SUBJECT,
    RecordKind.OTHER: OTHER_SUBJECT,
}

#: the field that, with the deciding authority, identifies a record of each kind
DOC_NUMBER = {
    RecordKind.LICENSE: "行政许可决定文书号",
    RecordKind.PENALTY: "行政处罚决定书文号",
    RecordKind.OTHER: "认定文号",
}

#: headers that say which kind a file holds
MARKERS = {
    RecordKind.LICENSE: frozenset({"行政许可决定文书号", "行政许可决定书文号"}),
    RecordKind.PENALTY: frozenset({"行政处罚决定书文号"}),
    RecordKind.OTHER: frozenset({"目录项代码"}),
    REPAIR: frozenset({"修复日期"}),
}
#: headers that only one of the two standards uses; they decide what 当前状态 means
STANDARD_MARKERS = {
    STANDARD_2016: frozenset(
        {"行政许可决定书文号", "项目名称", "审批类别", "许可截止期"}
        | {"处罚名称", "处罚类别1", "处罚类别2", "处罚事由", "处罚结果"}
    ),
    STANDARD_2021: frozenset(
        {"行政许可决定文书号", "行政许可决定文书名称", "许可类别", "有效期至"}
        | {"违法行为类型", "处罚类别", "违法事实", "处罚内容"}
    ),
}


@dataclass
class Layout:
    """How a file's headers read as one kind's fields."""

    kind: str
    standard: str | None
    #: field name -> the file's own headers for it (two for 处罚类别1 and 2)
    columns: dict[str, list[str]]
    #: headers that are none of the kind's fields: ignored and named in the feedback
    unknown: list[str] = field(default_factory=list)

    def header(self, name: str) -> str:
        """The file's own header for a field, so the feedback names what the department sees."""
        headers = self.columns.get(name)
        return headers[0] if headers else name

    def read(self, cells: dict[str, object]) -> dict[str, object]:
        """A row's cells by field name; joined fields joined with `;`."""
        values: dict[str, object] = {}
        for name, headers in self.columns.items():
            if len(headers) == 1:
                values[name] = cells.get(headers[0], "")
            else:
                parts = (str(cells.get(header) or "").strip() for header in headers)
                values[name] = ";".join(part for part in parts if part)
        return values


def _lookup(kind: str) -> dict[str, str]:
    names: dict[str, str] = {}
    for column in COLUMNS[kind]:
        for text in (column.name, *column.aliases):
            names[normalize_header(text)] = column.name
    for text, name in CODE_COLUMNS.items():
        names[normalize_header(text)] = name
    return names


LOOKUP = {kind: _lookup(kind) for kind in KINDS}


def check_prohibited(headers: Iterable[str]) -> None:
    """seed 二（一）3: a file with such a column is refused before anything is stored."""
    for header in headers:
        term = prohibited_term(str(header)) or prohibited_term(normalize_header(header))
        if term:
            raise Refusal(
                f"列“{header}”含有禁止归集的信息（{term}）：整个文件不予接收，未保存任何内容",
                field=str(header),
            )


def recognise(headers: Iterable[str]) -> str:
    """The kind a file holds, from its headers."""
    keys = {normalize_header(header) for header in headers}
    kinds = [kind for kind, markers in MARKERS.items() if keys & markers]
    if len(kinds) == 1:
        return kinds[0]
    if kinds:
        found = f"表头同时像是{'和'.join(KIND_NAMES[kind] for kind in kinds)}文件"
    else:
        found = "表头中没有行政许可决定文书号、行政处罚决定书文号、目录项代码或修复日期"
    raise Refusal(
        f"无法判断文件类别：{found}。请按{FORMAT_GUIDE}使用标准字段名，"
        "或用 --kind 指定 license、penalty、other 或 repair"
    )


def standard(kind: str, headers: Iterable[str]) -> str | None:
    """2016 or 2021 for the 双公示 kinds; the two read 当前状态 differently, so never guess."""
    if kind not in (RecordKind.LICENSE, RecordKind.PENALTY):
        return None
    keys = {normalize_header(header) for header in headers}
    old = keys & STANDARD_MARKERS[STANDARD_2016]
    new = keys & STANDARD_MARKERS[STANDARD_2021]
    if old and new:
        raise Refusal(
            f"表头混用了2016年标准的字段（{'、'.join(sorted(old))}）和2021年标准的字段"
            f"（{'、'.join(sorted(new))}）：当前状态的含义无法确定，请按一种标准导出"
        )
    return STANDARD_2016 if old else STANDARD_2021


def layout(headers: list[str], kind: str | None = None) -> Layout:
    """Read a file's headers as one kind's fields, or refuse the file with one clear reason."""
    check_prohibited(headers)
    recognised = recognise(headers) if kind is None else kind
    if kind is not None:
        _check_given_kind(headers, kind)
    names = LOOKUP[recognised]
    result = Layout(recognised, standard(recognised, headers), {})
    for header in headers:
        key = normalize_header(header)
        if not key or key in BOOKKEEPING:
            continue
        name = names.get(key)
        if name is None:
            result.unknown.append(header)
        elif name in result.columns and name not in JOINED:
            raise Refusal(
                f"列“{result.columns[name][0]}”和“{header}”都是字段“{name}”：请只保留一列",
                field=header,
            )
        else:
            result.columns.setdefault(name, []).append(header)
    _check_required(result)
    return result


def _check_given_kind(headers: list[str], kind: str) -> None:
    """`--kind` names what the headers do not say; it cannot overrule what they do say."""
    keys = {normalize_header(header) for header in headers}
    found = [other for other, markers in MARKERS.items() if other != kind and keys & markers]
    if found and not keys & MARKERS[kind]:
        raise Refusal(f"--kind 指定为{KIND_NAMES[kind]}，但表头是{KIND_NAMES[found[0]]}文件的表头")


def required_columns(kind: str, standard: str | None) -> list[str]:
    return [
        column.name
        for column in COLUMNS[kind]
        if column.required and not (standard == STANDARD_2016 and column.since_2021)
    ]


def _check_required(result: Layout) -> None:
    missing = [
        name
        for name in required_columns(result.kind, result.standard)
        if name not in result.columns
    ]
    where = SUBJECT_COLUMNS.get(result.kind)
    if where and where.uscc not in result.columns and where.id_number not in result.columns:
        missing.append(f"{where.uscc}或{where.id_number}")
    if missing:
        edition = f"（{result.standard}年标准）" if result.standard else ""
        raise Refusal(
            f"{KIND_NAMES[result.kind]}文件{edition}缺少必需的列：{'、'.join(missing)}。"
            f"请按{FORMAT_GUIDE}补齐表头（第1行）后重新报送"
        )
