"""What departments decide: the penalties, licences and other items the demo draws from.

Each case is a kind of decision with its texts, for the subjects whose tags it needs.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from xinyong.credit.disclosure import add_months
from xinyong.credit.models import Severity

NO_END = dt.date(2099, 12, 31)  # 有效期至 of a licence with no end

# fmt: off
# The tables below are data: one entry a line reads better than the formatter's layout.

#: 处罚类别 (行政处罚法 art. 9, 2021) that a department's own standard grades 严重
SERIOUS_KINDS = ("吊销许可证件", "责令停产停业", "责令关闭", "限制开展生产经营活动", "降低资质等级", "限制从业", "行政拘留")


@dataclass(frozen=True)
class PenaltyCase:
    """A kind of violation a department punishes, with its texts and usual sanctions."""

    dept: str
    who: str  # o: organisations, i: 个体工商户, p: persons
    need: str  # subject tags, any of which qualifies ("" = any business, or any person)
    behaviour: str  # 违法行为类型
    fact: str  # 违法事实 template
    basis: str  # 处罚依据
    kinds: tuple[tuple[str, ...], ...]  # 处罚类别 choices
    fine: tuple[int, int] = (0, 0)  # yuan
    licence: str = ""  # 暂扣或吊销证照名称
    weight: int = 10
    graded: str | None = None  # the department always grades it so


PENALTIES = (
    PenaltyCase("market", "oi", "food", "经营不符合食品安全标准的食品",
        "当事人于{day}在其经营场所销售的{food}，经{lab}抽样检验，{check}项目不符合食品安全国家标准，货值金额{value}元。",
        "《中华人民共和国食品安全法》第一百二十四条第一款",
        (("没收违法所得、没收非法财物", "罚款"), ("警告", "没收违法所得、没收非法财物", "罚款")),
        (50000, 100000), weight=14),
    PenaltyCase("market", "oi", "food restaurant", "未按规定履行进货查验义务",
        "当事人于{day}被检查时，未能提供所经营{food}的进货查验记录及供货者许可证明。",
        "《中华人民共和国食品安全法》第一百二十六条第一款第（三）项",
        (("警告",), ("罚款",), ("警告", "罚款")), (5000, 20000), weight=12),
    PenaltyCase("market", "oi", "", "虚假宣传",
        "当事人在其{channel}宣传其产品时，使用“{claim}”等无法证实的用语，对商品的性能、功能作虚假的商业宣传。",
        "《中华人民共和国反不正当竞争法》第二十条第一款",
        (("罚款",),), (20000, 200000), weight=8),
    PenaltyCase("market", "oi", "textile", "生产、销售不合格产品",
        "经淄博市纤维纺织产品检验所抽检，当事人生产销售的{textile}纤维含量与明示值不符，判定为不合格产品，货值金额{value}元，违法所得{gain}元。",
        "《中华人民共和国产品质量法》第四十九条",
        (("没收违法所得、没收非法财物", "罚款"),), (10000, 80000)),
    PenaltyCase("market", "oi", "retail", "销售侵犯注册商标专用权的商品",
        "当事人于{day}在其经营场所销售{brandgoods}共计{n}件，经商标权利人辨认为侵犯注册商标专用权的商品。",
        "《中华人民共和国商标法》第六十条第二款",
        (("没收违法所得、没收非法财物", "罚款"),), (5000, 50000), weight=8),
    PenaltyCase("market", "oi", "retail food", "使用未经检定的计量器具",
        "当事人在经营活动中使用的{meter}未按照规定申请周期检定。",
        "《中华人民共和国计量法实施细则》第四十三条",
        (("警告",), ("罚款",), ("警告", "罚款")), (500, 1000)),
    PenaltyCase("market", "oi", "retail food restaurant beauty", "不按规定明码标价",
        "当事人在其经营场所销售商品、提供服务，未按照规定明码标价。",
        "《中华人民共和国价格法》第四十二条",
        (("警告",), ("罚款",), ("警告", "通报批评")), (500, 5000), weight=9),
    PenaltyCase("market", "o", "machinery chemical hotel realestate", "使用未经定期检验的特种设备",
        "当事人使用的{equip}超过定期检验有效期，未按照规定申请检验，仍继续使用。",
        "《中华人民共和国特种设备安全法》第八十四条第（一）项",
        (("罚款",),), (30000, 100000), weight=7),
    PenaltyCase("market", "o", "company", "无正当理由超过六个月未开业",
        "当事人自{founded}成立后，无正当理由超过六个月未开业。",
        "《中华人民共和国公司法》第二百六十条第一款",
        (("吊销许可证件",),), licence="营业执照", weight=3),
    PenaltyCase("market", "p", "", "无照经营",
        "当事人未依法取得营业执照，于{day}在{street}从事{trade}经营活动。",
        "《无证无照经营查处办法》第十三条",
        (("罚款",), ("没收违法所得、没收非法财物", "罚款")), (1000, 10000), weight=6),
    PenaltyCase("tax", "oi", "", "未按照规定期限办理纳税申报",
        "当事人未按照规定期限办理{period}{tax}纳税申报。",
        "《中华人民共和国税收征收管理法》第六十二条",
        (("罚款",),), (200, 2000), weight=16),
    PenaltyCase("tax", "oi", "", "未按照规定开具发票",
        "当事人于{day}销售货物时未按照规定开具发票，涉及金额{value}元。",
        "《中华人民共和国发票管理办法》第三十三条",
        (("罚款",), ("罚款", "没收违法所得、没收非法财物"), ("罚款", "其他")), (1000, 10000), weight=8),
    PenaltyCase("tax", "o", "company", "偷税",
        "经查，当事人{year}年度采取{trick}的方式，不缴或者少缴应纳税款。",
        "《中华人民共和国税收征收管理法》第六十三条第一款",
        (("罚款",),), (20000, 500000), weight=3, graded=Severity.SERIOUS),
    PenaltyCase("safety", "o", "company", "未按规定对从业人员进行安全生产教育和培训",
        "当事人未如实记录安全生产教育和培训情况，{n}名从业人员未经安全生产教育和培训即上岗作业。",
        "《中华人民共和国安全生产法》第九十七条第（三）项",
        (("罚款",),), (10000, 100000), weight=8),
    PenaltyCase("safety", "o", "machinery chemical ceramic textile furniture", "未采取措施消除事故隐患",
        "当事人{hazard}，未采取措施消除事故隐患。",
        "《中华人民共和国安全生产法》第一百零二条",
        (("罚款",), ("责令停产停业", "罚款")), (10000, 50000), weight=8),
    PenaltyCase("safety", "o", "chemical", "危险化学品储存不符合规定",
        "当事人未按照国家标准对其储存的{chem}进行分类、分区储存。",
        "《危险化学品安全管理条例》第八十条",
        (("罚款",), ("责令停产停业", "罚款")), (50000, 100000), weight=6),
    PenaltyCase("safety", "p", "", "生产经营单位主要负责人未履行安全生产管理职责",
        "当事人作为生产经营单位主要负责人，未组织制定并实施本单位安全生产教育和培训计划，未及时消除事故隐患。",
        "《中华人民共和国安全生产法》第九十四条",
        (("罚款",), ("罚款", "限制从业")), (20000, 50000), weight=3),
    PenaltyCase("ecology", "o", "emitter", "超标排放大气污染物",
        "经监测，当事人{outlet}排放的{pollutant}浓度为{conc}mg/m³，超过《{standard}》规定的排放限值。",
        "《中华人民共和国大气污染防治法》第九十九条第（二）项",
        (("罚款",), ("限制开展生产经营活动", "罚款"), ("责令关闭",)), (100000, 300000), weight=8),
    PenaltyCase("ecology", "o", "emitter chemical machinery textile", "未依法报批环境影响评价文件擅自开工建设",
        "当事人{project}未依法报批建设项目环境影响报告表，擅自开工建设。",
        "《中华人民共和国环境影响评价法》第三十一条第一款",
        (("罚款",),), (20000, 150000), weight=6),
    PenaltyCase("ecology", "o", "emitter chemical machinery repair", "危险废物贮存不符合规定",
        "当事人将产生的{waste}露天堆放，未按照规定设置危险废物识别标志。",
        "《中华人民共和国固体废物污染环境防治法》第一百一十二条第一款",
        (("罚款",),), (20000, 200000), weight=6),
    PenaltyCase("labour", "oi", "", "违反工作时间和休息休假规定",
        "当事人安排劳动者延长工作时间，{n}名劳动者每月延长工作时间超过法定限制。",
        "《劳动保障监察条例》第二十五条",
        (("警告",), ("警告", "罚款")), (1000, 5000), weight=5),
    PenaltyCase("labour", "o", "company", "无理抗拒、阻挠劳动保障监察",
        "当事人无正当理由未按照劳动保障监察询问通知书的要求报送书面材料。",
        "《劳动保障监察条例》第三十条第一款",
        (("罚款",),), (2000, 20000), weight=3),
    PenaltyCase("housing", "o", "realestate construction", "未取得施工许可证擅自施工",
        "当事人建设的{project}未取得建筑工程施工许可证即擅自开工建设。",
        "《建设工程质量管理条例》第五十七条",
        (("罚款",),), (20000, 200000), weight=8),
    PenaltyCase("housing", "o", "construction realestate", "施工工地未采取扬尘防治措施",
        "当事人承建的{project}施工现场{dust}。",
        "《中华人民共和国大气污染防治法》第一百一十五条第一款",
        (("罚款",),), (10000, 100000), weight=8),
    PenaltyCase("housing", "o", "construction", "施工中偷工减料、使用不合格建筑材料",
        "当事人在{project}施工中偷工减料，使用不合格的建筑材料、建筑构配件。",
        "《建设工程质量管理条例》第六十四条",
        (("罚款",), ("罚款", "降低资质等级")), (100000, 500000), weight=3),
    PenaltyCase("culture", "i", "netbar", "互联网上网服务营业场所接纳未成年人",
        "当事人经营的互联网上网服务营业场所于{day}接纳未成年人进入营业场所。",
        "《互联网上网服务营业场所管理条例》第三十一条第（二）项",
        (("警告",), ("警告", "罚款"), ("责令停产停业", "罚款"), ("吊销许可证件",)),
        (5000, 15000), licence="网络文化经营许可证"),
    PenaltyCase("culture", "o", "travel", "旅行社未与旅游者签订旅游合同",
        "当事人组织旅游团赴外地旅游，未与{n}名旅游者签订书面旅游合同。",
        "《旅行社条例》第五十五条",
        (("罚款",),), (20000, 100000), weight=8),
    PenaltyCase("culture", "oi", "entertainment hotel", "娱乐场所未按规定设置未成年人禁入标志",
        "当事人未在营业场所大厅、包厢显著位置悬挂未成年人禁入标志。",
        "《娱乐场所管理条例》第四十九条",
        (("警告",), ("通报批评",), ("警告", "罚款")), (1000, 5000), weight=8),
    PenaltyCase("health", "oi", "hotel beauty", "未按规定对公共用品用具进行清洗消毒",
        "当事人经营的{venue}未按照规定对顾客用品用具进行清洗、消毒、保洁。",
        "《公共场所卫生管理条例实施细则》第三十六条",
        (("警告",), ("罚款",)), (500, 2000)),
    PenaltyCase("urban", "ip", "", "擅自占用城市道路摆摊经营",
        "当事人于{day}在{street}擅自占用城市道路摆摊经营。",
        "《城市市容和环境卫生管理条例》第三十六条",
        (("警告",), ("罚款",)), (50, 200)),
    PenaltyCase("urban", "oi", "", "擅自设置户外广告",
        "当事人未经批准在{street}{building}外墙擅自设置户外广告牌。",
        "《城市市容和环境卫生管理条例》第三十六条",
        (("罚款",),), (1000, 5000), weight=5),
    PenaltyCase("urban", "o", "construction logistics", "运输建筑垃圾沿途撒漏",
        "当事人于{day}运输建筑垃圾时未采取密闭措施，在{street}沿途撒漏。",
        "《城市建筑垃圾管理规定》第二十三条",
        (("罚款",),), (5000, 50000), weight=5),
    PenaltyCase("urban", "p", "", "露天焚烧",
        "当事人于{day}在{place}露天焚烧{burn}。",
        "《中华人民共和国大气污染防治法》第一百一十九条第一款",
        (("罚款",), ("警告",)), (500, 2000), weight=5),
    PenaltyCase("police", "p", "", "殴打他人",
        "当事人于{day}在{place}因琐事与他人发生纠纷，殴打他人。",
        "《中华人民共和国治安管理处罚法》第四十三条第一款",
        (("行政拘留", "罚款"), ("罚款",), ("警告",)), (200, 500), weight=6),
    PenaltyCase("police", "p", "", "赌博",
        "当事人于{day}在{place}以打扑克方式进行赌博，赌资{value}元。",
        "《中华人民共和国治安管理处罚法》第七十条",
        (("罚款",), ("行政拘留", "罚款")), (500, 3000), weight=4),
    PenaltyCase("police", "p", "", "饮酒后驾驶机动车",
        "当事人于{day}饮酒后驾驶机动车行经{street}，经呼气酒精含量检测为{conc}mg/100ml。",
        "《中华人民共和国道路交通安全法》第九十一条第一款",
        (("暂扣许可证件", "罚款"),), (1000, 2000), licence="机动车驾驶证", weight=6),
    PenaltyCase("transport", "p", "", "未取得道路运输经营许可擅自从事道路运输经营",
        "当事人未取得道路运输经营许可，于{day}驾驶小型客车在{street}从事客运经营。",
        "《中华人民共和国道路运输条例》第六十三条",
        (("罚款", "没收违法所得、没收非法财物"),), (10000, 30000), weight=4),
    PenaltyCase("transport", "o", "logistics", "车辆违法超限运输",
        "当事人的货运车辆于{day}在{street}超限运输，车货总质量超过限定标准。",
        "《公路安全保护条例》第六十四条",
        (("罚款",),), (1000, 30000), weight=8),
    PenaltyCase("civil", "o", "social", "社会组织未按照规定接受年度检查",
        "当事人未按照规定接受{year}年度年度检查。",
        "《社会团体登记管理条例》第三十条",
        (("警告",),)),
)


@dataclass(frozen=True)
class LicenceCase:
    """A licence a department grants, with the texts of its decision."""

    dept: str
    who: str
    need: str
    title: str  # 行政许可决定文书名称
    certificate: str  # 许可证书名称
    category: str  # 许可类别
    content: str  # 许可内容 template
    number: str  # 许可编号 template: {d6} six digits, {year}
    doc: str  # document number word after the department prefix
    years: int  # validity; 0 = no end
    weight: int = 10

    def valid_to(self, decided: dt.date) -> dt.date:
        """有效期至: the day before the anniversary its validity ends on."""
        if not self.years:
            return NO_END
        return add_months(decided, 12 * self.years) - dt.timedelta(days=1)


LICENCES = (
    LicenceCase("market", "oi", "food restaurant", "食品经营许可决定书", "食品经营许可证", "普通",
        "主体业态：食品销售经营者；经营项目：{scope_food}", "JY1370306{d6}{d1}", "食经许", 5, 18),
    LicenceCase("market", "o", "producer", "食品生产许可决定书", "食品生产许可证", "普通",
        "食品类别：{scope_production}", "SC1{d6}370306{d4}", "食生许", 5, 12),
    LicenceCase("market", "i", "producer", "食品小作坊登记决定书", "食品小作坊登记证", "登记",
        "生产品种：周村烧饼（芝麻、五香、甜、咸）", "鲁食坊370306{d6}", "食坊登", 3, 12),
    LicenceCase("market", "oi", "pharmacy", "药品经营许可决定书", "药品经营许可证", "普通",
        "经营方式：药品零售；经营范围：中成药、化学药、生物制品", "鲁CB5330{d4}", "药经许", 5, 12),
    LicenceCase("market", "o", "machinery chemical hotel realestate", "特种设备使用登记决定书",
        "特种设备使用登记证", "登记", "设备类别：{equip}", "容3鲁C{d5}({year})", "特登", 0, 8),
    LicenceCase("market", "p", "", "特种设备作业人员资格认定决定书", "特种设备安全管理和作业人员证", "认可",
        "作业项目：{worker_cert}", "TS370306{d6}", "特作许", 4),
    LicenceCase("safety", "o", "chemical", "危险化学品经营许可决定书", "危险化学品经营许可证", "普通",
        "经营方式：不带储存设施经营；许可范围：{hazchem_scope}", "鲁淄周危化经字〔{year}〕{d4}", "危化经许", 3),
    LicenceCase("safety", "i", "retail food", "烟花爆竹经营（零售）许可决定书", "烟花爆竹经营（零售）许可证",
        "普通", "经营方式：零售；限春节期间在登记的经营场所销售", "鲁淄周烟零字〔{year}〕{d4}", "烟零许", 1, 4),
    LicenceCase("ecology", "o", "emitter chemical machinery textile", "建设项目环境影响报告表审批意见", "",
        "普通", "同意{project}建设，项目建成后应严格落实各项污染防治措施", "", "环审", 5, 8),
    LicenceCase("housing", "o", "realestate construction", "建筑工程施工许可决定书", "建筑工程施工许可证",
        "普通", "工程名称：{project}；建设地址：{place}", "370306{yyyymmdd}0101", "施许", 2),
    LicenceCase("housing", "o", "realestate", "商品房预售许可决定书", "商品房预售许可证", "普通",
        "预售项目：{place}{building}{n}号楼", "周房预售字〔{year}〕第{d3}号", "预许", 0, 8),
    LicenceCase("labour", "o", "company", "劳务派遣经营许可决定书", "劳务派遣经营许可证", "普通",
        "经营劳务派遣业务", "370306{year}{d5}", "派许", 3, 2),
    LicenceCase("culture", "i", "netbar", "网络文化经营许可决定书", "网络文化经营许可证", "普通",
        "经营范围：互联网上网服务营业场所", "鲁网文〔{year}〕{d4}-{d3}号", "网文许", 3, 14),
    LicenceCase("culture", "oi", "entertainment", "娱乐经营许可决定书", "娱乐经营许可证", "普通",
        "经营范围：歌舞娱乐场所", "370306{year}{d4}", "娱许", 2, 14),
    LicenceCase("health", "oi", "hotel beauty", "公共场所卫生许可决定书", "公共场所卫生许可证", "普通",
        "许可项目：{venue}", "鲁卫公证字〔{year}〕第370306{d6}号", "卫公许", 4, 12),
    LicenceCase("health", "p", "", "医师执业注册决定书", "医师执业证书", "认可",
        "执业类别：临床；执业范围：{doctor_scope}；执业地点：淄博市周村区{place}卫生院", "{d6}370306{d6}",
        "医注", 0, 4),
    LicenceCase("transport", "o", "logistics", "道路运输经营许可决定书", "道路运输经营许可证", "普通",
        "经营范围：道路普通货物运输", "鲁交运管许可淄字370306{d6}号", "运许", 4, 14),
    LicenceCase("transport", "p", "", "道路运输从业人员从业资格认定决定书", "道路运输从业人员从业资格证",
        "认可", "从业资格类别：{driver_cert}", "370306{d6}{d6}", "从资许", 6),
    LicenceCase("reform", "o", "emitter machinery chemical", "企业投资项目核准批复", "", "核准",
        "核准{project}，项目总投资{n}000万元", "", "核准", 2, 5),
    LicenceCase("civil", "o", "social", "社会组织登记决定书", "社会组织法人登记证书", "登记",
        "准予成立登记", "", "社登", 5),
)


@dataclass(frozen=True)
class OtherCase:
    """An item of another catalog code: its department, title and 信息内容 template."""

    code: str
    dept: str
    who: str
    need: str
    title: str
    content: str
    doc: str  # document number word after the department prefix
    weight: int = 10


OTHERS = (
    OtherCase("XZQZ", "market", "oi", "", "扣押", "对当事人涉嫌不合格的产品{n}件实施扣押，期限三十日", "扣"),
    OtherCase("XZQZ", "ecology", "o", "emitter", "查封", "对当事人超标排放污染物的生产设施实施查封，期限三十日", "封"),
    OtherCase("XZQZ", "safety", "o", "company", "查封", "对当事人存在重大事故隐患的生产车间实施查封，期限三十日", "封"),
    OtherCase("XZQR", "labour", "o", "company", "工伤认定", "认定当事人职工于{day}在工作中受到的事故伤害为工伤", "工伤认"),
    OtherCase("XZQR", "labour", "p", "", "工伤认定", "认定当事人于{day}在工作中受到的事故伤害为工伤", "工伤认"),
    OtherCase("XZZS", "housing", "o", "realestate construction", "征收城市基础设施配套费", "对{project}依法征收城市基础设施配套费", "配套征"),
    OtherCase("XZGF", "civil", "p", "", "最低生活保障", "给予当事人家庭最低生活保障待遇", "低保"),
    OtherCase("XZGF", "labour", "o", "company", "一次性吸纳就业补贴", "向当事人发放一次性吸纳就业补贴，涉及新招用人员{n}人", "就补"),
    OtherCase("XZGF", "labour", "p", "", "灵活就业社会保险补贴", "向当事人发放灵活就业人员社会保险补贴", "社补"),
    OtherCase("XZCJ", "land", "op", "", "土地权属争议裁决", "对当事人与相邻方在{place}的土地使用权权属争议作出裁决", "裁"),
    OtherCase("XZBC", "housing", "op", "", "房屋征收补偿", "对当事人因{project}征收涉及的房屋依法给予补偿", "征补"),
    OtherCase("XZJL", "market", "o", "company", "周村区政府质量奖", "授予当事人周村区政府质量奖", "质奖"),
    OtherCase("XZJL", "safety", "p", "", "安全生产举报奖励", "对当事人举报重大事故隐患给予奖励", "举奖"),
    OtherCase("XZJC", "market", "oi", "", "“双随机、一公开”抽查", "检查事项：{matter}；检查结果：{inspect_result}", "检"),
    OtherCase("XZJC", "safety", "o", "", "安全生产监督检查", "检查事项：安全生产标准化落实情况检查；检查结果：{inspect_result}", "检"),
    OtherCase("XZJC", "ecology", "o", "emitter chemical", "生态环境监督检查", "检查事项：排污单位污染物排放情况检查；检查结果：{inspect_result}", "检"),
    OtherCase("XZJC", "health", "oi", "hotel beauty public", "卫生监督检查", "检查事项：公共场所卫生监督检查；检查结果：{inspect_result}", "检"),
    OtherCase("XZJC", "labour", "o", "company", "劳动保障监察", "检查事项：劳动用工和社会保险情况检查；检查结果：{inspect_result}", "检"),
    OtherCase("XZJC", "housing", "o", "construction realestate", "建筑施工监督检查", "检查事项：建筑施工现场质量安全检查；检查结果：{inspect_result}", "检"),
    OtherCase("XZJC", "culture", "oi", "netbar entertainment travel", "文化市场检查", "检查事项：文化市场经营场所检查；检查结果：{inspect_result}", "检"),
    OtherCase("ANSR", "tax", "o", "company", "{year}年度纳税信用A级纳税人", "经评价，当事人{year}年度纳税信用级别为A级", "A"),
    OtherCase("BZJL", "market", "o", "company", "表彰奖励", "被评为{year}年度{honour}", "表"),
    OtherCase("BZJL", "market", "i", "", "表彰奖励", "被评为{year}年度{honour_shop}", "表"),
    OtherCase("BZJL", "civil", "o", "public social", "表彰奖励", "被评为{year}年度周村区志愿服务先进集体", "表"),
    OtherCase("BZJL", "civil", "p", "", "表彰奖励", "被评为{year}年度{honour_person}", "表"),
    OtherCase("ZYFW", "civil", "op", "", "志愿服务", "参加{activity}志愿服务，累计服务时长{n}小时", "志"),
    OtherCase("CSJZ", "civil", "oip", "", "慈善捐赠", "向淄博市周村区慈善总会捐赠{value}元，用于{purpose}", "捐"),
    OtherCase("SXBZXR", "court", "op", "", "失信被执行人", "未履行生效法律文书确定的义务：{duty}{value}元", "执"),
    OtherCase("YZWFSX", "market", "o", "company", "列入严重违法失信名单", "列入事由：{yzwfsx}", "严列"),
    OtherCase("JYYC", "market", "oi", "", "列入经营异常名录", "列入事由：{jyyc}", "异列"),
    OtherCase("NSSE", "tax", "o", "company", "纳税数额", "{year}年度纳税总额{taxsum}万元", "纳"),
    OtherCase("GRSR", "labour", "p", "", "个人收入", "{year}年度社会保险缴费工资基数{salary}元/月", "收"),
    OtherCase("BDCDJ", "land", "op", "", "不动产登记", "不动产权证书：鲁（{year}）周村区不动产权第{d7}号；坐落：{place}", "不动产"),
)

#: 行政处罚法 art. 48: a decision changed, revoked, or found void (当前状态, 撤销原因)
WITHDRAWAL_REASONS = (
    ("撤销", "经行政复议，原处罚决定被依法撤销"),
    ("撤销", "经人民法院判决，原处罚决定被依法撤销"),
    ("撤销", "原处罚决定认定事实不清，处罚机关依法自行撤销"),
    ("变更", "经行政复议，原处罚决定被依法变更"),
    ("无效", "经人民法院判决，原处罚决定被确认无效"),
)
# fmt: on
