"""Names, places and words of Zhoucun: what subjects are called and record texts are made of."""

from __future__ import annotations

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
# fmt: on
