"""A deterministic demo data set of Zhoucun District (area code 370306).

Demos, screenshots and load tests need data that looks like the district's
and is the same on every machine: one fixed seed and one fixed "today" give
the same subjects, records and sample files every time. Every code is valid
(GB 32100 / GB 11643 check characters from python-stdnum), every person is
an adult on each of their records' dates (seed 二（一）3), nothing prohibited
is collected, restricted items carry a written-consent reference, and a
person's ID number lives in `subjects.id_number` only.

The data is written in bulk (SQLAlchemy Core inserts, thousands of rows per
statement), so the city's size — 100,000 subjects, a million records — loads in
about two minutes, and the audit trail gets one `demo.load` event, not one per row.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import re
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from random import Random
from typing import Any

from sqlalchemy import func, insert, inspect, select
from sqlalchemy.orm import Session
from stdnum.cn import ric, uscc

from xinyong.credit import audit, catalog, providers
from xinyong.credit.disclosure import grade, window
from xinyong.credit.identifiers import IdProtector
from xinyong.credit.models import (
    CatalogItem,
    Provider,
    Record,
    RecordKind,
    RecordStatus,
    Severity,
    Subject,
    SubjectKind,
)
from xinyong.credit.subjects import identity
from xinyong.credit.workdays import WorkCalendar

TODAY = dt.date(2026, 11, 25)
SEED = 370306
AREA = "370306"
FIRST_DAY = dt.date(2019, 1, 1)  # records are decided from here on
#: subjects generated and inserted together; rows per INSERT batch
SUBJECT_BATCH = 1000
ROW_BATCH = 5000
SAMPLES = "samples"
PENALTY_SAMPLE = "penalties-gb18030.csv"
LICENSE_SAMPLE = "licenses.csv"
NO_END = dt.date(2099, 12, 31)
Progress = Callable[[str], None]


class DemoError(RuntimeError):
    """The demo cannot load into this database; `str()` says why and what to do."""


# --------------------------------------------------------------------------- departments


@dataclass(frozen=True)
class Department:
    """A provider department of the district; `prefix` starts its document numbers."""

    key: str
    name: str
    org: str  # the first 8 characters of its organisation code (GB 11714)
    prefix: str
    uscc: str = ""  # given when the code is already known (the tests' market bureau)


DEPARTMENTS = (
    Department("market", "淄博市周村区市场监督管理局", "", "周市监", "113703060041892032"),
    Department("tax", "国家税务总局淄博市周村区税务局", "MB1C8726", "淄周税"),
    Department("safety", "淄博市周村区应急管理局", "MB1F5431", "周应急"),
    Department("ecology", "淄博市生态环境局周村分局", "MB1E2968", "淄环周"),
    Department("labour", "淄博市周村区人力资源和社会保障局", "00418936", "周人社"),
    Department("housing", "淄博市周村区住房和城乡建设局", "00418944", "周建"),
    Department("court", "山东省淄博市周村区人民法院", "00419012", "鲁0306"),
    Department("reform", "淄博市周村区发展和改革局", "00418901", "周发改"),
    Department("civil", "淄博市周村区民政局", "00418952", "周民"),
    Department("culture", "淄博市周村区文化和旅游局", "MB1D0357", "周文旅"),
    Department("health", "淄博市周村区卫生健康局", "MB1D0461", "周卫"),
    Department("urban", "淄博市周村区综合行政执法局", "MB1G3870", "周综执"),
    Department("police", "淄博市公安局周村分局", "00419063", "周公"),
    Department("transport", "淄博市周村区交通运输局", "00418979", "周交"),
    Department("land", "淄博市自然资源局周村分局", "MB1E3702", "周自然"),
    Department("staffing", "中共淄博市周村区委机构编制委员会办公室", "00418928", "周编"),
)


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


def department_uscc(department: Department) -> str:
    return department.uscc or make_uscc("11" + AREA, department.org)


# --------------------------------------------------------------------------- vocabulary
# fmt: off
# The tables below are data: one entry a line reads better than the formatter's layout.


def words(text: str) -> tuple[str, ...]:
    """A word list written as one string, words separated by spaces."""
    return tuple(text.split())


PLACES = words("丝绸路街道 青年路街道 永安街道 城北路街道 大街街道 北郊镇 南郊镇 王村镇 萌水镇 周村经济开发区")
TOWNS = words("北郊镇 南郊镇 王村镇 萌水镇")
ROADS = words("正阳路 新建中路 新建西路 丝绸路 青年路 永安路 城北路 北环路 周隆路 鹏程路 米山路 恒星路 太和路 大街 银子市街 丝市街")
VILLAGES = words("西铺 东铺 南坡 北旺 大姜 小姜 万家 苏李 田庄 李家 孙家 前进")
SHORT_PLACES = words("周村 北郊 南郊 王村 萌水 古商城 旱码头 丝绸路 永安")
BRAND_HEADS = tuple("鑫恒瑞宏华金银泰福永德嘉汇盛天万隆兴正新顺丰和凯昌润聚博创宝锦东通利祥海益源康")
BRAND_TAILS = tuple("源泰丰达美凤河和祥盛润禾通世成隆昌业大宇远鑫瑞华信安达晟辉荣茂发弘邦力")
SURNAMES = tuple("王张李刘孙赵毕于高韩杨徐马郭宋许田朱陈吕蒋石曹魏周吴胡任袁董翟苏耿岳崔房路")
GIVEN_MALE = words(
    "建国 志强 卫东 德明 振华 海涛 俊峰 永刚 玉成 宏伟 文军 立新 传福 广庆 春雷 明亮 国栋 洪涛 "
    "子豪 浩然 宇航 一鸣 强 军 勇 刚 涛 磊 鹏 伟 斌 超 辉 杰"
)
GIVEN_FEMALE = words(
    "秀英 玉兰 丽娟 红梅 淑芳 桂珍 晓燕 美玲 雪梅 静怡 慧敏 春霞 凤霞 婷婷 丹丹 欣怡 雨涵 梓萱 "
    "芳 敏 静 丽 娟 艳 燕 霞 琳 娜 莉 洁"
)
ALNUM = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # the characters GB 32100 allows

#: industry of a company name, with the tags that choose its licences and penalties
INDUSTRIES = (
    ("丝绸", "textile silk"), ("纺织", "textile"), ("家纺", "textile"), ("服饰", "textile retail"),
    ("印染", "textile dye emitter"), ("陶瓷", "ceramic emitter"), ("耐火材料", "ceramic emitter"),
    ("机械", "machinery"), ("机械制造", "machinery"), ("汽车配件", "machinery"), ("轴承", "machinery"),
    ("电力设备", "machinery"), ("化工", "chemical emitter"), ("新材料", "chemical emitter"),
    ("塑料制品", "chemical"), ("食品", "food producer"), ("烧饼", "food producer"),
    ("饮品", "food producer"), ("餐饮管理", "food restaurant"), ("商贸", "retail"), ("物流", "logistics"),
    ("建筑工程", "construction"), ("建材", "construction retail"), ("房地产开发", "realestate"),
    ("物业管理", "realestate"), ("文化旅游", "travel"), ("旅行社", "travel"), ("酒店管理", "hotel"),
    ("医药", "pharmacy retail"), ("电子科技", "tech"), ("环保科技", "tech"), ("印刷", "print"),
    ("包装", "print"), ("家具", "furniture"),
)
COMPANY_FORMS = (
    ("淄博{brand}{industry}有限公司", 30),
    ("淄博周村{brand}{industry}有限公司", 30),
    ("淄博{short}{brand}{industry}有限公司", 12),
    ("山东{brand}{industry}有限公司", 8),
    ("淄博市周村区{brand}{industry}厂", 8),
    ("淄博{brand}{industry}股份有限公司", 3),
    ("淄博周村大染坊{brand}{industry}有限公司", 1),
)
#: the trade of a 个体工商户, with its tags
SHOPS = (
    ("烧饼店", "food producer"), ("小吃部", "food restaurant"), ("饭店", "food restaurant"),
    ("面馆", "food restaurant"), ("副食超市", "food retail"), ("水果店", "food retail"),
    ("粮油店", "food retail"), ("茶叶店", "food retail"), ("五金经营部", "retail"),
    ("建材经营部", "retail construction"), ("服装店", "retail textile"), ("丝绸店", "retail textile silk"),
    ("布艺店", "retail textile"), ("家电维修部", "repair"), ("汽车修理部", "repair"), ("理发店", "beauty"),
    ("美容美发店", "beauty"), ("农资经营部", "retail"), ("日用品商店", "retail"), ("手机店", "retail"),
    ("网吧", "netbar"), ("宾馆", "hotel"), ("大药房", "pharmacy retail"), ("洗车行", "repair"),
    ("KTV", "entertainment"),
)
PUBLIC_BODIES = words(
    "淄博市周村区{place}卫生院 淄博市周村区{place}中心学校 淄博市周村区{place}中心幼儿园 "
    "淄博市周村区{place}便民服务中心 淄博市周村区{place}农业综合服务中心 淄博市周村区{place}退役军人服务站"
)
#: social organisations and their GB 32100 prefix: 51 社会团体, 52 民办非企业单位
SOCIAL_BODIES = (
    ("淄博市周村区{trade}行业协会", "51"),
    ("淄博市周村区{trade}商会", "51"),
    ("淄博市周村区{place}{brand}养老服务中心", "52"),
    ("淄博市周村区{brand}职业培训学校", "52"),
    ("淄博市周村区{brand}社会工作服务中心", "52"),
)
TRADES = words("丝绸 纺织 陶瓷 烧饼 餐饮 物流 建筑业 个体劳动者 旅游 五金机电")

#: the placeholders of the record texts below, each a choice from these words
WORDS: dict[str, tuple[str, ...]] = {
    "food": words("鲜湿面条 周村烧饼 绿豆芽 韭菜 散装白酒 猪肉 油条 酱牛肉 芹菜 豆腐"),
    "check": words("脱氢乙酸及其钠盐 菌落总数 铅（以Pb计） 腐霉利 毒死蜱 甜蜜素 过氧化值 大肠菌群 铝的残留量"),
    "lab": words("淄博市食品药品检验研究院 山东省食品药品检验研究院 第三方检验机构"),
    "channel": words("微信公众号 抖音直播间 店铺门头 宣传单页 网店商品详情页"),
    "claim": words("国家级 最佳 纯桑蚕丝 百年老字号 全国销量第一 零添加"),
    "textile": words("真丝围巾 桑蚕丝睡衣 纯棉床单 丝绸旗袍 羊毛衫 涤纶面料"),
    "brandgoods": words("标有“耐克”商标的运动鞋 标有“阿迪达斯”商标的运动服 标有他人注册商标的白酒 标有他人注册商标的轴承"),
    "meter": words("电子计价秤 加油机 压力表 电子台秤"),
    "equip": words("叉车 乘客电梯 压力容器 燃气锅炉 桥式起重机"),
    "trade": words("水果 蔬菜 小吃 服装 日用百货 丝绸制品"),
    "street": ROADS,
    "place": PLACES,
    "period": words("第一季度 第二季度 第三季度 第四季度 1月 7月 10月"),
    "tax": words("增值税 企业所得税 个人所得税 城市维护建设税 印花税"),
    "trick": words("在账簿上多列支出 隐匿销售收入 进行虚假的纳税申报"),
    "hazard": words("车间安全出口被堵塞 粉尘涉爆除尘系统未按规定清理 有限空间作业未设置明显的安全警示标志 危险化学品仓库未设置泄漏报警装置"),
    "chem": words("甲醇 乙酸乙酯 盐酸 液氨 油漆"),
    "outlet": words("窑炉废气排放口 定型机废气排放口 锅炉废气排放口"),
    "pollutant": words("颗粒物 二氧化硫 氮氧化物 挥发性有机物"),
    "standard": words("区域性大气污染物综合排放标准 陶瓷工业污染物排放标准 锅炉大气污染物排放标准"),
    "waste": words("废机油 废活性炭 废油漆桶 染料废渣"),
    "burn": words("秸秆 生活垃圾 废旧轮胎"),
    "dust": words("裸露土方未覆盖 运输车辆未冲洗即驶出工地 未设置硬质围挡 未采取洒水降尘措施"),
    "venue": words("宾馆 美容美发场所 歌舞娱乐场所"),
    "duty": words("支付货款 偿还借款 支付劳动报酬 支付工程款 支付租金"),
    "honour": words("守合同重信用企业 周村区诚信示范企业 周村区优秀民营企业 周村区安全生产先进单位"),
    "honour_shop": words("周村区文明诚信经营户 周村古商城诚信示范商户 周村区放心消费示范店"),
    "honour_person": words("周村区优秀志愿者 周村好人 周村区优秀民间艺人 周村区见义勇为先进个人"),
    "activity": words("周村古商城文明引导 关爱空巢老人 文明交通劝导 周村烧饼文化节服务 垃圾分类宣传 防汛抢险"),
    "purpose": words("助学 扶贫济困 乡村振兴 防汛救灾 “慈心一日捐” 敬老助老"),
    "project": words("年产5000吨丝绸面料技改项目 陶瓷窑炉节能改造项目 智能装备产业园项目 商住小区一期项目 仓储物流中心项目 化工新材料扩建项目"),
    "building": words("商住楼 住宅小区 厂房 综合楼 仓库"),
    "matter": words("企业公示信息抽查 产品质量监督抽查 食品经营者落实主体责任情况检查"),
    "inspect_result": words("未发现问题 未发现问题 未发现问题 未发现问题 发现问题，已责令整改 发现问题，已责令限期改正 发现问题，已立案调查"),
    "jyyc": words("未按照《企业信息公示暂行条例》第八条规定的期限公示年度报告 通过登记的住所或者经营场所无法联系 公示企业信息隐瞒真实情况、弄虚作假"),
    "yzwfsx": words("因食品安全违法行为受到较重行政处罚 提交虚假材料取得公司登记，情节严重 被列入经营异常名录届满3年仍未履行相关义务"),
    "dishonesty": words("有履行能力而拒不履行生效法律文书确定义务 违反财产报告制度 违反限制消费令"),
    "scope_food": words("预包装食品销售（含冷藏冷冻食品） 散装食品销售（不含冷藏冷冻食品） 热食类食品制售 糕点类食品制售 冷食类食品制售"),
    "scope_production": words("糕点（烘烤类糕点：酥类） 饮料（其他饮料类） 肉制品（熟肉制品） 调味品（酱类） 方便食品"),
    "worker_cert": words("N1叉车司机 Q2桥门式起重机司机 G1工业锅炉司炉 R1快开门式压力容器操作 A特种设备安全管理"),
    "driver_cert": words("经营性道路货物运输驾驶员 经营性道路旅客运输驾驶员 道路危险货物运输驾驶员"),
    "doctor_scope": words("内科专业 外科专业 全科医学专业 中医专业 口腔专业"),
    "hazchem_scope": words("甲醇、乙醇、乙酸乙酯 盐酸、硫酸、氢氧化钠 油漆、稀释剂 液化石油气"),
}

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
#: 行政处罚法 art. 48: a decision changed, revoked, or found void (当前状态, 撤销原因)
WITHDRAWAL_REASONS = (
    ("撤销", "经行政复议，原处罚决定被依法撤销"),
    ("撤销", "经人民法院判决，原处罚决定被依法撤销"),
    ("撤销", "原处罚决定认定事实不清，处罚机关依法自行撤销"),
    ("变更", "经行政复议，原处罚决定被依法变更"),
    ("无效", "经人民法院判决，原处罚决定被确认无效"),
)
# fmt: on


# --------------------------------------------------------------------------- the generator


@dataclass
class Demo:
    """One generated subject, kept only while its records are made (and a few for the samples)."""

    sort: str  # company · shop · public · social · person
    kind: str
    name: str
    tags: frozenset[str]
    founded: dt.date
    uscc: str | None = None
    id_number: str | None = None
    legal_rep: str | None = None
    address: str = ""
    seen: set[str] = field(default_factory=set)


@dataclass
class DemoSummary:
    """What a demo load wrote, for the command's report and the audit event."""

    scale: int
    seed: int
    today: dt.date
    providers: int = 0
    subjects: Counter[str] = field(default_factory=Counter)
    records: Counter[str] = field(default_factory=Counter)
    states: Counter[str] = field(default_factory=Counter)
    samples: list[Path] = field(default_factory=list)
    sample_rows: dict[str, tuple[int, int]] = field(default_factory=dict)  # name -> (good, bad)
    market_name: str = ""
    market_uscc: str = ""
    elapsed: float = 0.0

    @property
    def record_total(self) -> int:
        return sum(self.records.values())

    @property
    def subject_total(self) -> int:
        return sum(self.subjects.values())


class _Generator:
    """Draws subjects and records from one seeded random stream, in a fixed order."""

    def __init__(
        self,
        *,
        rng: Random,
        items: dict[str, CatalogItem],
        calendar: WorkCalendar,
        departments: dict[str, Provider],
        protector: IdProtector,
        today: dt.date,
        report_workdays: int,
    ) -> None:
        self.rng = rng
        self.items = items
        self.calendar = calendar
        self.departments = departments
        self.protector = protector
        self.today = today
        self.report_workdays = report_workdays
        self.counters: Counter[tuple[str, int]] = Counter()
        self.codes: set[str] = {provider.uscc for provider in departments.values()}
        self.names: set[str] = set()
        self.id_numbers: set[str] = set()
        self.uncovered = [code for code in items if code != "DJXX"]
        self.summary_states: Counter[str] = Counter()
        self.kept: list[Demo] = []  # the first subjects of each sort, for the sample files
        self._cases = self._index_cases()
        self._fitting: dict[tuple[str, str, frozenset[str]], list[Any]] = {}
        self._mix = {
            sort: (
                [code for code in mix if code in items],
                [w for c, w in mix.items() if c in items],
            )
            for sort, mix in MIX.items()
        }

    # ------------------------------------------------------------ helpers

    def pick(self, choices: tuple[Any, ...] | list[Any]) -> Any:
        return choices[self.rng.randrange(len(choices))]

    def weighted(self, table: dict[str, float] | tuple[tuple[str, int], ...]) -> str:
        pairs = list(table.items()) if isinstance(table, dict) else list(table)
        return self.rng.choices([key for key, _ in pairs], [weight for _, weight in pairs])[0]

    def day_between(self, first: dt.date, last: dt.date) -> dt.date:
        if last <= first:
            return first
        return first + dt.timedelta(days=self.rng.randrange((last - first).days + 1))

    def decision_day(self, first: dt.date) -> dt.date:
        """A deciding date after `first`, more of them in recent years, never after yesterday."""
        first, last = max(first, FIRST_DAY), self.today - dt.timedelta(days=1)
        years = [year for year in YEAR_WEIGHTS if first.year <= year <= last.year]
        if not years:
            return self.day_between(first, last)
        year = self.rng.choices(years, [YEAR_WEIGHTS[y] for y in years])[0]
        return self.day_between(max(first, dt.date(year, 1, 1)), min(last, dt.date(year, 12, 31)))

    def doc_no(self, dept: str, word: str, year: int) -> str:
        """The next document number of a department's series for a year: 周市监罚〔2025〕12号."""
        prefix = DEPARTMENTS_BY_KEY[dept].prefix + word
        self.counters[(prefix, year)] += 1
        return f"{prefix}〔{year}〕{self.counters[(prefix, year)]}号"

    def case_no(self, year: int, word: str = "执") -> str:
        """A court case number: （2025）鲁0306执123号."""
        self.counters[(f"court{word}", year)] += 1
        return f"（{year}）鲁0306{word}{self.counters[(f'court{word}', year)]}号"

    def fill(self, template: str, decided: dt.date, demo: Demo | None = None) -> str:
        """A template's placeholders filled from the word lists (and a few computed values)."""
        return re.sub(
            r"\{(\w+)\}", lambda match: self.slot(match.group(1), decided, demo), template
        )

    def slot(self, name: str, decided: dt.date, demo: Demo | None) -> str:
        rng = self.rng
        if name in WORDS:
            return self.pick(WORDS[name])
        if name == "founded" and demo is not None:
            return cn_date(demo.founded)
        if name == "day":
            return cn_date(decided - dt.timedelta(days=rng.randint(5, 60)))
        if name == "year":
            return str(decided.year - 1)
        if name == "value":
            return str(rng.randrange(2, 400) * 50)
        if name == "gain":
            return str(rng.randrange(10, 500) * 10)
        if name == "n":
            return str(rng.randint(2, 30))
        if name == "conc":
            return f"{rng.uniform(20, 160):.1f}"
        if name.startswith("d") and name[1:].isdigit():
            return "".join(str(rng.randrange(10)) for _ in range(int(name[1:])))
        if name == "yyyymmdd":
            return decided.strftime("%Y%m%d")
        if name == "salary":
            return str(self.rng.randrange(25, 150) * 100)
        if name == "taxsum":
            return str(self.rng.randrange(5, 3000))
        raise KeyError(name)

    # ------------------------------------------------------------ subjects

    def person_name(self, male: bool | None = None) -> str:
        male = self.rng.random() < 0.55 if male is None else male
        return self.pick(SURNAMES) + self.pick(GIVEN_MALE if male else GIVEN_FEMALE)

    def brand(self) -> str:
        return self.pick(BRAND_HEADS) + self.pick(BRAND_TAILS)

    def address(self) -> str:
        place = self.pick(PLACES)
        if place in TOWNS:
            return f"山东省淄博市周村区{place}{self.pick(VILLAGES)}村{self.rng.randint(1, 300)}号"
        return f"山东省淄博市周村区{place}{self.pick(ROADS)}{self.rng.randint(1, 399)}号"

    def unique_name(self, make: Callable[[], str]) -> str | None:
        """A name no other demo subject has; None when a small family of names is used up."""
        for _ in range(50):
            name = make()
            if name not in self.names:
                self.names.add(name)
                return name
        return None

    def new_uscc(self, prefix: str, body: Callable[[], str]) -> str:
        while True:
            code = make_uscc(prefix + AREA, body())
            if code not in self.codes:
                self.codes.add(code)
                return code

    def alnum(self, length: int) -> str:
        return "".join(self.pick(ALNUM) for _ in range(length))

    def digits(self, length: int) -> str:
        return "".join(str(self.rng.randrange(10)) for _ in range(length))

    def modern_body(self) -> str:
        """Organisation codes since 2015 (MA…); older registrations kept their numeric codes."""
        return "MA" + self.pick("3456") + self.alnum(5)

    def subject(self, sort: str | None = None) -> Demo:
        sort = sort or self.weighted(SUBJECT_MIX)
        maker = {
            "company": self.company,
            "shop": self.shop,
            "public": self.public_body,
            "social": self.social_body,
            "person": self.person,
        }[sort]
        return maker() or self.company()

    def company(self) -> Demo:
        industry, tags = self.pick(INDUSTRIES)
        form = self.weighted(COMPANY_FORMS)
        name = self.unique_name(
            lambda: form.format(
                brand=self.brand(), industry=industry, short=self.pick(SHORT_PLACES)
            )
        )
        if name is None:
            raise RuntimeError("ran out of demo company names")  # not below millions of subjects
        founded = self.day_between(dt.date(1992, 1, 1), dt.date(2025, 12, 31))
        old = founded.year < 2015
        body = (
            (lambda: self.pick(("16", "26", "73", "75", "67")) + self.digits(6))
            if old
            else self.modern_body
        )
        return Demo(
            "company",
            SubjectKind.ORG,
            name,
            frozenset({"business", "company", *tags.split()}),
            founded,
            uscc=self.new_uscc("91", body),
            legal_rep=self.person_name(),
            address=self.address(),
        )

    def shop(self) -> Demo | None:
        shop, tags = self.pick(SHOPS)
        operator = self.person_name()

        def make() -> str:
            style = self.rng.random()
            if style < 0.3:
                head = operator
            elif style < 0.5:
                head = self.pick(SURNAMES) + "记"
            elif style < 0.6:
                head = "老" + self.pick(SURNAMES)
            else:
                head = self.brand()
            return f"周村区{head}{shop}"

        name = self.unique_name(make)
        if name is None:
            return None
        return Demo(
            "shop",
            SubjectKind.INDIVIDUAL,
            name,
            frozenset({"business", "shop", *tags.split()}),
            self.day_between(dt.date(2005, 1, 1), dt.date(2025, 12, 31)),
            uscc=self.new_uscc("92", self.modern_body),
            legal_rep=operator,
            address=self.address(),
        )

    def public_body(self) -> Demo | None:
        name = self.unique_name(
            lambda: self.pick(PUBLIC_BODIES).format(place=self.pick(PLACES).removesuffix("街道"))
        )
        if name is None:
            return None
        return Demo(
            "public",
            SubjectKind.ORG,
            name,
            frozenset({"public"}),
            self.day_between(dt.date(1980, 1, 1), dt.date(2015, 12, 31)),
            uscc=self.new_uscc("12", lambda: "49" + self.digits(6)),
            legal_rep=self.person_name(),
            address=self.address(),
        )

    def social_body(self) -> Demo | None:
        template, prefix = self.pick(SOCIAL_BODIES)
        name = self.unique_name(
            lambda: template.format(
                trade=self.pick(TRADES), place=self.pick(SHORT_PLACES), brand=self.brand()
            )
        )
        if name is None:
            return None
        return Demo(
            "social",
            SubjectKind.ORG,
            name,
            frozenset({"social"}),
            self.day_between(dt.date(2000, 1, 1), dt.date(2025, 6, 30)),
            uscc=self.new_uscc(prefix, lambda: "MJ" + self.alnum(6)),
            legal_rep=self.person_name(),
            address=self.address(),
        )

    def person(self) -> Demo:
        """An adult: born by 2000, so 18 or more on every date from 2019 on (seed 二（一）3).

        Born from 1983 on: python-stdnum knows area code 370306 only from 1983, when
        周村区 got it, and refuses the number of anyone born earlier.
        """
        male = self.rng.random() < 0.55
        while True:
            born = self.day_between(dt.date(1983, 1, 1), dt.date(2000, 12, 31))
            number = id_number(born, self.rng.randrange(1, 99), male, self.rng)
            if number not in self.id_numbers:
                self.id_numbers.add(number)
                break
        return Demo(
            "person",
            SubjectKind.PERSON,
            self.person_name(male),
            frozenset({"person"}),
            born,
            id_number=number,
            address=self.address(),
        )

    def subject_row(self, demo: Demo, created: dt.datetime) -> dict[str, Any]:
        who = identity(demo.kind, self.protector, uscc=demo.uscc, id_number=demo.id_number)
        return {
            "key": who.key,
            "kind": demo.kind,
            "name": demo.name,
            "uscc": who.uscc,
            "id_hash": who.id_hash,
            "id_number": who.id_number,
            "id_masked": who.id_masked,
            "legal_rep": demo.legal_rep,
            "created_at": created,
            "updated_at": created,
        }

    # ------------------------------------------------------------ records

    def _index_cases(self) -> dict[str, list[Any]]:
        index: dict[str, list[Any]] = {"XZCF": list(PENALTIES), "XZXK": list(LICENCES)}
        for case in OTHERS:
            index.setdefault(case.code, []).append(case)
        return index

    def cases_for(self, code: str, demo: Demo) -> list[Any]:
        key = (code, demo.sort, demo.tags)
        if key not in self._fitting:
            self._fitting[key] = self._find_cases(code, demo)
        return self._fitting[key]

    def _find_cases(self, code: str, demo: Demo) -> list[Any]:
        if code not in self.items:
            return []
        letter = {"person": "p", "shop": "i"}.get(demo.sort, "o")
        found = []
        for case in self._cases.get(code, ()):
            if letter not in case.who:
                continue
            need = case.need.split()
            if need and not demo.tags.intersection(need):
                continue
            if not need and letter != "p" and "business" not in demo.tags and code == "XZCF":
                continue  # generic business violations are not for schools and associations
            found.append(case)
        return found

    def records(self, demo: Demo) -> list[dict[str, Any]]:
        """The subject's records: registration first, then a draw from its mix."""
        low, high = RECORDS_PER[demo.sort]
        count = self.rng.randint(low, high)
        rows = []
        if demo.sort != "person" and "DJXX" in self.items:
            rows.append(self.registration(demo))
            count -= 1
        for _ in range(max(count, 1)):
            rows.append(self.record(self.next_code(demo), demo))
        return rows

    def next_code(self, demo: Demo) -> str:
        """Every catalog item appears early (the first subjects that qualify), then by weight."""
        for code in self.uncovered:
            if code not in demo.seen and self.cases_for(code, demo):
                self.uncovered.remove(code)
                return code
        codes, weights = self._mix[demo.sort]
        return self.rng.choices(codes, weights)[0]

    def record(self, code: str, demo: Demo) -> dict[str, Any]:
        demo.seen.add(code)
        cases = self.cases_for(code, demo)
        for fallback in ("XZJC", "ZYFW", "XZCF"):  # something every subject may have
            if cases:
                break
            code, cases = fallback, self.cases_for(fallback, demo)
        case = self.rng.choices(cases, [case.weight for case in cases])[0]
        if code == "XZCF":
            return self.penalty(case, demo)
        if code == "XZXK":
            return self.licence(case, demo)
        return self.other(case, demo)

    def base(self, code: str, dept: str, decided: dt.date) -> dict[str, Any]:
        """The columns every record has, with the report delay drawn and counted in working days."""
        provider = self.departments[dept]
        if self.rng.random() < LATE_SHARE:
            delay = self.rng.randint(12, 60)
        else:
            delay = self.rng.randint(0, 8)
        received = min(decided + dt.timedelta(days=delay), self.today)
        count = self.calendar.count(decided, received)
        item = self.items[code]
        created = dt.datetime.combine(received, dt.time(8, 30)) + dt.timedelta(
            minutes=self.rng.randrange(540)
        )
        return {
            "kind": item.kind,
            "item_code": code,
            "provider_id": provider.id,
            "submission_id": None,
            "authority": provider.name,
            "authority_uscc": provider.uscc,
            "decided_on": decided,
            "received_on": received,
            "valid_from": None,
            "valid_to": None,
            "severity": None,
            "severity_inferred": False,
            "disclosure_end": None,
            "repairable_from": None,
            "simple_procedure": False,
            "status": RecordStatus.ACTIVE.value,
            "status_reason": None,
            "status_on": None,
            "objection_label": None,
            "removed_on": None,
            "removed_doc": None,
            "consent_ref": None,
            "repaired_on": None,
            "repaired_by": None,
            "repair_doc": None,
            "report_workdays": count.days,
            "late": count.days > self.report_workdays,
            "late_provisional": count.provisional,
            "created_at": created,
            "updated_at": created,
        }

    def subject_fields(self, demo: Demo) -> dict[str, Any]:
        """`fields` keeps the row's standard fields that no column holds: not the subject's
        identity, document number, dates, authority, provider, status, grade, procedure,
        consent or removal, and never an ID number."""
        return {"法定代表人": demo.legal_rep} if demo.sort != "person" and demo.legal_rep else {}

    def registration(self, demo: Demo) -> dict[str, Any]:
        """登记注册基本信息: by market supervision, the staffing office or civil affairs."""
        dept = {"public": "staffing", "social": "civil"}.get(demo.sort, "market")
        changed = self.decision_day(demo.founded + dt.timedelta(days=1))
        decided = demo.founded if demo.founded >= FIRST_DAY else changed
        word = {"public": "事登", "social": "社登"}.get(demo.sort, "登")
        row = self.base("DJXX", dept, decided)
        capital = self.pick((10, 50, 100, 200, 300, 500, 1000, 2000, 5000))
        kind_text = {
            "company": "有限责任公司（自然人投资或控股）",
            "shop": "个体工商户",
            "public": "事业单位",
            "social": "社会组织",
        }[demo.sort]
        content = f"成立日期：{cn_date(demo.founded)}；类型：{kind_text}；住所：{demo.address}" + (
            f"；注册资本：{capital}万元人民币" if demo.sort == "company" else ""
        )
        fields = {
            "成立日期": demo.founded.isoformat(),
            "类型": kind_text,
            "住所": demo.address,
            **self.subject_fields(demo),
        }
        if demo.sort == "company":
            fields["注册资本(万元)"] = str(capital)
        if decided != demo.founded:
            fields["核准日期"] = decided.isoformat()
        row.update(
            doc_no=self.doc_no(dept, word, decided.year),
            title="登记注册基本信息",
            content=content,
            fields=fields,
        )
        return row

    def penalty(self, case: PenaltyCase, demo: Demo) -> dict[str, Any]:
        rng = self.rng
        item = self.items["XZCF"]
        decided = self.decision_day(demo.founded + dt.timedelta(days=200))
        kinds = self.pick(case.kinds)
        fine = self.fine(case, demo) if "罚款" in kinds else 0
        gain = rng.randrange(20, 500) * 10 if any("没收" in kind for kind in kinds) else 0
        simple = self.simple_procedure(kinds, fine, demo, item) and rng.random() < SIMPLE_SHARE
        given = self.given_grade(case, kinds, fine) if rng.random() < GIVEN_GRADE_SHARE else None
        if case.graded:
            given = case.graded
        graded = grade(item, given, ";".join(kinds))
        provider_end = None
        if not simple and rng.random() < 0.2:
            provider_end = decided + dt.timedelta(days=rng.choice((90, 180, 365, 730)))
        shown = window(item, graded.severity, decided, provider_end)
        row = self.base("XZCF", case.dept, decided)
        content = penalty_content(kinds, fine, gain, case.licence, rng)
        fields: dict[str, Any] = {
            "违法行为类型": case.behaviour,
            "违法事实": self.fill(case.fact, decided, demo),
            "处罚依据": case.basis,
            "处罚类别": ";".join(kinds),
            "处罚内容": content,
            **self.subject_fields(demo),
        }
        if fine:
            fields["罚款金额(万元)"] = wan(fine)
        if gain:
            fields["没收违法所得、没收非法财物的金额(万元)"] = wan(gain)
        if case.licence and any(kind.startswith(("暂扣", "吊销")) for kind in kinds):
            fields["暂扣或吊销证照名称及编号"] = (
                f"{case.licence}（{licence_number(case.licence, demo, rng)}）"
            )
        if provider_end:
            fields["公示截止期"] = provider_end.isoformat()
        word = "简罚" if simple else "罚"
        if case.dept == "police":
            word = "（治）行罚决字"
        row.update(
            doc_no=self.doc_no(case.dept, word, decided.year),
            title=case.behaviour,
            content=content,
            severity=graded.severity,
            severity_inferred=graded.inferred,
            disclosure_end=shown.end,
            repairable_from=shown.repairable_from,
            simple_procedure=simple,
            fields=fields,
        )
        if simple:
            self.summary_states["simple_procedure"] += 1
        self.penalty_state(row, case.dept)
        return row

    def fine(self, case: PenaltyCase, demo: Demo) -> int:
        low, high = case.fine
        amount = self.rng.randint(low, high)
        if demo.sort == "shop" and "o" in case.who:
            amount = max(low // 2, amount // 2)
        step = 1000 if amount >= 10000 else 100 if amount >= 1000 else 50
        return max(step, round(amount / step) * step)

    def simple_procedure(
        self, kinds: tuple[str, ...], fine: int, demo: Demo, item: CatalogItem
    ) -> bool:
        """行政处罚法 art. 51: a warning, or a small fine, decided on the spot (limits: catalog data)."""
        if not set(kinds) <= {"警告", "罚款"}:
            return False
        limit_key = "simple_procedure_fine_limit_" + ("person" if demo.sort == "person" else "org")
        limit = float(item.extra.get(limit_key, 0)) * 10000
        return fine <= limit

    def given_grade(self, case: PenaltyCase, kinds: tuple[str, ...], fine: int) -> str:
        """The department's own grade, by its sector's standard (which may differ from the rule)."""
        if any(kind in SERIOUS_KINDS for kind in kinds) or fine >= 100000:
            return Severity.SERIOUS.value
        if set(kinds) <= {"警告", "通报批评"} or (fine and fine < 1000):
            return Severity.MINOR.value
        return Severity.GENERAL.value

    def penalty_state(self, row: dict[str, Any], dept: str) -> None:
        """Withdrawn, repaired, under objection, or as it was decided."""
        rng = self.rng
        decided: dt.date = row["decided_on"]
        if not row["simple_procedure"] and rng.random() < WITHDRAWN_SHARE:
            status_on = min(decided + dt.timedelta(days=rng.randint(20, 200)), self.today)
            state, reason = self.pick(WITHDRAWAL_REASONS)
            row.update(status=RecordStatus.INVALID.value, status_reason=reason, status_on=status_on)
            row["fields"]["当前状态"] = state  # 变更 · 撤销 · 无效, which the status column merges
            row["updated_at"] = dt.datetime.combine(status_on, dt.time(10))
            self.summary_states["withdrawn"] += 1
            return
        if self.repair(row, dept):
            return
        self.objection(row)

    def repair(self, row: dict[str, Any], dept: str) -> bool:
        """An adopted credit repair: archived, never shown or used (seed 二（三）3)."""
        start: dt.date | None = row["repairable_from"]
        end = row["disclosure_end"] or self.today
        if not start or start + dt.timedelta(days=10) > min(end, self.today):
            return False
        if self.rng.random() >= REPAIRED_SHARE:
            return False
        repaired = self.day_between(start, min(end, self.today))
        via = self.departments[dept].name
        row.update(
            status=RecordStatus.ARCHIVED.value,
            status_reason="信用修复",
            status_on=repaired,
            repaired_on=repaired,
            repaired_by=via,
            repair_doc=self.doc_no(dept, "信修", repaired.year),
            updated_at=dt.datetime.combine(repaired, dt.time(15)),
        )
        self.summary_states["repaired"] += 1
        return True

    def objection(self, row: dict[str, Any]) -> None:
        """Labelled at once when a subject objects (seed 二（三）5), while still on show."""
        end = row["disclosure_end"]
        if end is not None and end < self.today:
            self.summary_states["expired"] += row["kind"] == RecordKind.PENALTY
            return
        if self.rng.random() < OBJECTION_SHARE:
            label = "异议处理中" if self.rng.random() < 0.75 else "存在异议"
            row["objection_label"] = label
            self.summary_states["objection" if label == "异议处理中" else "disputed"] += 1

    def licence(self, case: LicenceCase, demo: Demo) -> dict[str, Any]:
        decided = self.decision_day(demo.founded + dt.timedelta(days=30))
        row = self.base("XZXK", case.dept, decided)
        valid_to = (
            NO_END if not case.years else add_years(decided, case.years) - dt.timedelta(days=1)
        )
        content = self.fill(case.content, decided)
        fields: dict[str, Any] = {
            "行政许可决定文书名称": case.title,
            "许可类别": case.category,
            "许可内容": content,
            **self.subject_fields(demo),
        }
        if case.certificate:
            fields["许可证书名称"] = case.certificate
        if case.number:
            fields["许可编号"] = self.fill(
                case.number.replace("{year}", str(decided.year)), decided
            )
        row.update(
            doc_no=self.doc_no(case.dept, case.doc, decided.year),
            title=case.title,
            content=content,
            valid_from=decided,
            valid_to=valid_to,
            fields=fields,
        )
        self.objection(row)
        return row

    def other(self, case: OtherCase, demo: Demo) -> dict[str, Any]:
        rng = self.rng
        item = self.items[case.code]
        if case.code == "ANSR":
            year = self.rng.randint(min(max(2019, demo.founded.year + 1), 2025), 2025)
            decided = self.day_between(dt.date(year + 1, 4, 10), dt.date(year + 1, 4, 30))
            decided = min(decided, self.today - dt.timedelta(days=1))
        else:
            decided = self.decision_day(demo.founded + dt.timedelta(days=100))
        row = self.base(case.code, case.dept, decided)
        title = self.fill(case.title, decided)
        content = self.fill(case.content, decided)
        doc = (
            self.case_no(decided.year)
            if case.dept == "court"
            else self.doc_no(case.dept, case.doc, decided.year)
        )
        fields = self.subject_fields(demo)
        valid_to = None
        if case.code == "ANSR":
            valid_to = add_years(decided, 1) - dt.timedelta(days=1)
        if case.code == "SXBZXR":
            fields.update(
                执行依据文号=self.case_no(decided.year - 1, "民初"),
                作出执行依据单位=self.departments["court"].name,
                被执行人的履行情况=self.pick(("全部未履行", "全部未履行", "部分未履行")),
                失信被执行人行为具体情形=self.pick(WORDS["dishonesty"]),
            )
        row.update(doc_no=doc, title=title, content=content, valid_to=valid_to, fields=fields)
        if item.restricted:
            # seed 二（一）3: collected only with the person's or organisation's written consent
            row["consent_ref"] = f"周信同意〔{decided.year}〕第{rng.randrange(1, 9999):04d}号"
            self.summary_states["restricted"] += 1
        if item.dishonest:
            self.dishonest_window(row, item, case, decided)
        elif item.deletable and rng.random() < DELETED_SHARE:
            deleted = min(decided + dt.timedelta(days=rng.randint(30, 400)), self.today)
            row.update(
                status=RecordStatus.DELETED.value,
                status_reason="信息主体书面申请删除",
                status_on=deleted,
                updated_at=dt.datetime.combine(deleted, dt.time(11)),
            )
            self.summary_states["deleted"] += 1
        else:
            row["disclosure_end"] = valid_to
            self.objection(row)
        return row

    def dishonest_window(
        self, row: dict[str, Any], item: CatalogItem, case: OtherCase, decided: dt.date
    ) -> None:
        """A list entry: graded, its window set, sometimes taken off the list (移出)."""
        graded = grade(item, None)
        shown = window(item, graded.severity, decided, row["valid_to"])
        row.update(
            severity=graded.severity,
            severity_inferred=graded.inferred,
            disclosure_end=shown.end,
            repairable_from=shown.repairable_from,
        )
        if self.rng.random() < REMOVED_SHARE.get(case.code, 0):
            removed = decided + dt.timedelta(days=self.rng.randint(30, 900))
            if removed < self.today:
                removed_doc = (
                    row["doc_no"].removesuffix("号") + "之一号"
                    if case.dept == "court"
                    else self.doc_no(case.dept, "移出", removed.year)
                )
                row.update(removed_on=removed, removed_doc=removed_doc)
                self.summary_states["removed"] += 1
                return
        self.objection(row)


DEPARTMENTS_BY_KEY = {department.key: department for department in DEPARTMENTS}


def cn_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


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


def licence_number(licence: str, demo: Demo, rng: Random) -> str:
    """The suspended or revoked licence's number: never a person's ID number, which a
    driving licence repeats, so a 驾驶证 is named by its 档案编号."""
    if licence == "营业执照" and demo.uscc:
        return f"统一社会信用代码{demo.uscc}"
    if "驾驶证" in licence:
        return f"档案编号3703{rng.randrange(10**8):08d}"
    return f"编号370306{rng.randrange(10**6):06d}"


def id_number(born: dt.date, station: int, male: bool, rng: Random) -> str:
    """A valid 居民身份证号码 of the district (GB 11643): area, birth date, serial, check digit."""
    serial = f"{station:02d}{rng.randrange(1 if male else 0, 10, 2)}"
    body = f"{AREA}{born:%Y%m%d}{serial}"
    return body + ric.calc_check_digit(body + "0")


def fingerprint(row: dict[str, Any]) -> str:
    """What the row says, hashed: a later report of the same content changes nothing."""
    facts = [row[key] for key in FINGERPRINTED]
    text = json.dumps([facts, row["fields"]], ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


FINGERPRINTED = (
    "kind", "item_code", "doc_no", "authority", "title", "content", "decided_on", "valid_from",
    "valid_to", "severity", "simple_procedure", "status", "status_on", "removed_on", "consent_ref",
)  # fmt: skip


# --------------------------------------------------------------------------- loading


def load_demo(
    session: Session,
    *,
    scale: int = 2000,
    protector: IdProtector,
    today: dt.date = TODAY,
    instance_path: Path | str,
    progress: Progress | None = None,
    actor: str = "demo",
    report_workdays: int = 7,
    seed: int = SEED,
) -> DemoSummary:
    """Load `scale` subjects (≈ 10 records each) and write the sample provider files.

    Refuses a database without the schema or one that already holds subjects:
    a demo mixed into real data would be indistinguishable from it.
    """
    started = time.perf_counter()
    say = progress or (lambda _message: None)
    if scale < 1:
        raise DemoError("--scale must be at least 1")
    check_empty(session)
    items = current_items(session)
    summary = DemoSummary(scale=scale, seed=seed, today=today)
    departments = register_departments(session, actor)
    summary.providers = len(departments)
    say(f"{len(departments)} provider departments registered")
    generator = _Generator(
        rng=Random(seed),
        items=items,
        calendar=WorkCalendar.load(session),
        departments=departments,
        protector=protector,
        today=today,
        report_workdays=report_workdays,
    )
    shown = 0
    done = 0
    for batch in batches(scale, SUBJECT_BATCH):
        insert_batch(session, generator, batch, summary)
        done += batch
        percent = done * 100 // scale
        if percent // 10 > shown // 10:  # every tenth of the way
            shown = percent
            say(
                f"[{time.perf_counter() - started:6.1f}s] {percent:3d}%  {done:,} subjects, "
                f"{summary.record_total:,} records"
            )
    summary.states.update(generator.summary_states)
    market = departments["market"]
    summary.market_name, summary.market_uscc = market.name, market.uscc
    write_samples(Path(instance_path) / SAMPLES, generator, market, summary)
    summary.elapsed = time.perf_counter() - started
    audit.log(
        session,
        actor,
        "demo.load",
        "demo",
        seed,
        scale=scale,
        today=today.isoformat(),
        providers=summary.providers,
        subjects=dict(sorted(summary.subjects.items())),
        records=dict(sorted(summary.records.items())),
    )
    session.flush()
    return summary


def check_empty(session: Session) -> None:
    if not inspect(session.connection()).has_table(Subject.__tablename__):
        raise DemoError("The database has no schema yet: run `xinyong init-db` first.")
    found = session.scalar(select(func.count()).select_from(Subject))
    if found:
        raise DemoError(
            f"The database already holds {found:,} subjects; the demo loads only into an "
            "empty database. Point XINYONG_DATABASE_URL at a new one and run "
            "`xinyong init-db` first."
        )


def current_items(session: Session) -> dict[str, CatalogItem]:
    try:
        return dict(catalog.current(session).items)
    except catalog.CatalogError as error:
        raise DemoError(f"{error}.") from None


def register_departments(session: Session, actor: str) -> dict[str, Provider]:
    """The district's provider departments; one already registered (by name or code) is reused."""
    registered = {}
    for department in DEPARTMENTS:
        code = department_uscc(department)
        existing = session.scalar(select(Provider).where(Provider.name == department.name))
        existing = existing or session.scalar(select(Provider).where(Provider.uscc == code))
        registered[department.key] = existing or providers.add(
            session, department.name, code, actor=actor
        )
    return registered


def batches(total: int, size: int) -> Iterator[int]:
    while total > 0:
        yield min(size, total)
        total -= size


def insert_batch(session: Session, generator: _Generator, size: int, summary: DemoSummary) -> None:
    """Generate `size` subjects with their records and insert them, subjects first for their ids."""
    made = []
    for _ in range(size):
        demo = generator.subject()
        rows = generator.records(demo)
        created = min(row["created_at"] for row in rows)
        made.append((demo, generator.subject_row(demo, created), rows))
        if sum(1 for kept in generator.kept if kept.sort == demo.sort) < KEPT_PER_SORT:
            generator.kept.append(demo)
    # Core inserts of the tables: one executemany per batch, no ORM bookkeeping per row
    subjects = Subject.__table__
    ids = session.execute(
        insert(subjects).returning(subjects.c.id, sort_by_parameter_order=True),
        [subject for _, subject, _ in made],
    ).scalars()
    records = []
    for subject_id, (demo, _, rows) in zip(ids, made, strict=True):
        summary.subjects[demo.kind] += 1
        for row in rows:
            row["subject_id"] = subject_id
            row["fingerprint"] = fingerprint(row)
            summary.records[row["item_code"]] += 1
            summary.states["late"] += row["late"]
            records.append(row)
    for start in range(0, len(records), ROW_BATCH):
        session.execute(insert(Record.__table__), records[start : start + ROW_BATCH])


# --------------------------------------------------------------------------- sample files

PENALTY_HEADERS = (
    "行政相对人名称",
    "行政相对人类别",
    "行政相对人代码_1(统一社会信用代码)",
    "法定代表人",
    "证件类型",
    "证件号码",
    "行政处罚决定书文号",
    "违法行为类型",
    "违法事实",
    "处罚依据",
    "处罚类别",
    "处罚内容",
    "罚款金额(万元)",
    "没收违法所得、没收非法财物的金额(万元)",
    "暂扣或吊销证照名称及编号",
    "处罚决定日期",
    "处罚有效期",
    "公示截止期",
    "失信严重程度",
    "程序类型",
    "当前状态",
    "处罚机关",
    "处罚机关统一社会信用代码",
    "数据来源单位",
    "数据来源单位统一社会信用代码",
    "备注",
)
LICENSE_HEADERS = (
    "行政相对人名称",
    "行政相对人类别",
    "行政相对人代码_1(统一社会信用代码)",
    "法定代表人",
    "证件类型",
    "证件号码",
    "行政许可决定文书名称",
    "行政许可决定文书号",
    "许可类别",
    "许可证书名称",
    "许可编号",
    "许可内容",
    "许可决定日期",
    "有效期自",
    "有效期至",
    "许可机关",
    "许可机关统一社会信用代码",
    "当前状态",
    "数据来源单位",
    "数据来源单位统一社会信用代码",
    "备注",
)
KEPT_PER_SORT = 5
SUBJECT_LABELS = {"org": "法人及非法人组织", "individual": "个体工商户", "person": "自然人"}


def write_samples(
    folder: Path, generator: _Generator, market: Provider, summary: DemoSummary
) -> None:
    """Sample files of the market supervision bureau, as its system would export them.

    The penalty file mixes good rows with a few that intake must reject (a bad
    check character, a missing value, a minor, an impossible date), so the
    feedback file has something to say. Document numbers continue the demo's
    own series, so nothing clashes with the records already loaded.
    """
    folder.mkdir(parents=True, exist_ok=True)
    penalties, bad = sample_penalties(generator, market)
    write_csv(folder / PENALTY_SAMPLE, PENALTY_HEADERS, penalties, "gb18030")
    licences = sample_licences(generator, market)
    write_csv(folder / LICENSE_SAMPLE, LICENSE_HEADERS, licences, "utf-8-sig")
    summary.samples = [folder / PENALTY_SAMPLE, folder / LICENSE_SAMPLE]
    summary.sample_rows = {
        PENALTY_SAMPLE: (len(penalties) - bad, bad),
        LICENSE_SAMPLE: (len(licences), 0),
    }


def write_csv(
    path: Path, headers: tuple[str, ...], rows: list[dict[str, str]], encoding: str
) -> None:
    """CSV as Excel on a Chinese Windows writes it: CRLF, every column in every row."""
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=headers, lineterminator="\r\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({header: row.get(header, "") for header in headers})


def known_subjects(generator: _Generator) -> list[Demo]:
    """Subjects already in the demo database: a new report about them updates their file."""
    return [demo for demo in generator.kept if demo.sort in ("company", "shop", "person")]


def fresh_subjects(generator: _Generator) -> Iterator[Demo]:
    """New subjects, never in the database, companies, shops and persons in turn."""
    while True:
        for sort in ("company", "shop", "company", "person"):
            yield generator.subject(sort)


def subject_columns(demo: Demo) -> dict[str, str]:
    row = {"行政相对人名称": demo.name, "行政相对人类别": SUBJECT_LABELS[demo.kind]}
    if demo.uscc:
        row["行政相对人代码_1(统一社会信用代码)"] = demo.uscc
        row["法定代表人"] = demo.legal_rep or ""
    else:
        row["证件类型"] = "身份证"
        row["证件号码"] = demo.id_number or ""
    return row


def market_cases(generator: _Generator, code: str, demo: Demo) -> list[Any]:
    return [case for case in generator.cases_for(code, demo) if case.dept == "market"]


def sample_penalties(generator: _Generator, market: Provider) -> tuple[list[dict[str, str]], int]:
    """Twenty penalty rows of the last days, the last four wrong on purpose."""
    today = generator.today
    fresh = fresh_subjects(generator)
    good = known_subjects(generator)[:13]
    good += [next(fresh) for _ in range(16 - len(good))]
    rows = []
    for number, demo in enumerate(good):
        cases = market_cases(generator, "XZCF", demo)
        decided = today - dt.timedelta(days=2 + number % 7)
        rows.append(sample_penalty(generator, market, demo, cases[number % len(cases)], decided))
    rows[1]["失信严重程度"] = "一般"
    rows[3]["公示截止期"] = add_years(dt.date.fromisoformat(rows[3]["处罚决定日期"]), 1).isoformat()
    bad = [next(demo for demo in fresh if demo.uscc) for _ in range(3)] + [minor(generator)]
    for number, demo in enumerate(bad):
        cases = market_cases(generator, "XZCF", demo)
        decided = today - dt.timedelta(days=3 + number)
        rows.append(sample_penalty(generator, market, demo, cases[0], decided))
    code = rows[-4]["行政相对人代码_1(统一社会信用代码)"]
    rows[-4]["行政相对人代码_1(统一社会信用代码)"] = code[:-1] + ("1" if code[-1] != "1" else "2")
    rows[-4]["备注"] = "统一社会信用代码校验位错误（示例）"
    rows[-3]["违法事实"] = ""
    rows[-3]["备注"] = "缺少违法事实（示例）"
    rows[-2]["处罚决定日期"] = f"{today.year}-02-30"
    rows[-2]["备注"] = "处罚决定日期无效（示例）"
    rows[-1]["备注"] = "当事人未满18周岁（示例）"
    return rows, len(bad)


def minor(generator: _Generator) -> Demo:
    """A sixteen-year-old: intake must refuse the row (seed 二（一）3)."""
    born = generator.day_between(
        dt.date(generator.today.year - 16, 1, 1), dt.date(generator.today.year - 16, 10, 31)
    )
    return Demo(
        "person",
        SubjectKind.PERSON,
        generator.person_name(male=True),
        frozenset({"person"}),
        born,
        id_number=id_number(born, generator.rng.randrange(1, 99), True, generator.rng),
    )


def sample_penalty(
    generator: _Generator, market: Provider, demo: Demo, case: PenaltyCase, decided: dt.date
) -> dict[str, str]:
    rng = generator.rng
    kinds = case.kinds[0]
    fine = generator.fine(case, demo) if "罚款" in kinds else 0
    gain = rng.randrange(20, 500) * 10 if any("没收" in kind for kind in kinds) else 0
    simple = generator.simple_procedure(kinds, fine, demo, generator.items["XZCF"])
    row = subject_columns(demo)
    row.update(
        {
            "行政处罚决定书文号": generator.doc_no(
                "market", "简罚" if simple else "罚", decided.year
            ),
            "违法行为类型": case.behaviour,
            "违法事实": generator.fill(case.fact, decided, demo),
            "处罚依据": case.basis,
            "处罚类别": ";".join(kinds),
            "处罚内容": penalty_content(kinds, fine, gain, case.licence, rng),
            "罚款金额(万元)": wan(fine) if fine else "",
            "没收违法所得、没收非法财物的金额(万元)": wan(gain) if gain else "",
            "处罚决定日期": decided.isoformat(),
            "程序类型": "简易程序" if simple else "普通程序",
            "当前状态": "有效",
            "处罚机关": market.name,
            "处罚机关统一社会信用代码": market.uscc,
            "数据来源单位": market.name,
            "数据来源单位统一社会信用代码": market.uscc,
        }
    )
    if case.licence:
        row["暂扣或吊销证照名称及编号"] = (
            f"{case.licence}（{licence_number(case.licence, demo, rng)}）"
        )
    return row


def sample_licences(generator: _Generator, market: Provider) -> list[dict[str, str]]:
    """A dozen good licences of the market supervision bureau, for known and new subjects."""
    today = generator.today
    rows: list[dict[str, str]] = []
    candidates = [*known_subjects(generator)]
    fresh = fresh_subjects(generator)
    for tries in range(500):
        if len(rows) == 12:
            break
        demo = candidates[tries] if tries < len(candidates) else next(fresh)
        cases = market_cases(generator, "XZXK", demo)
        if not cases:
            continue
        case = cases[len(rows) % len(cases)]
        decided = today - dt.timedelta(days=1 + len(rows) % 6)
        valid_to = (
            NO_END if not case.years else add_years(decided, case.years) - dt.timedelta(days=1)
        )
        row = subject_columns(demo)
        row.update(
            {
                "行政许可决定文书名称": case.title,
                "行政许可决定文书号": generator.doc_no("market", case.doc, decided.year),
                "许可类别": case.category,
                "许可证书名称": case.certificate,
                "许可编号": generator.fill(
                    case.number.replace("{year}", str(decided.year)), decided
                ),
                "许可内容": generator.fill(case.content, decided),
                "许可决定日期": decided.isoformat(),
                "有效期自": decided.isoformat(),
                "有效期至": valid_to.isoformat(),
                "许可机关": market.name,
                "许可机关统一社会信用代码": market.uscc,
                "当前状态": "有效",
                "数据来源单位": market.name,
                "数据来源单位统一社会信用代码": market.uscc,
            }
        )
        rows.append(row)
    return rows
