"""The demo data: the units, groups and problems of the real evaluation report
(/work/shared/reference/evaluation-report.zh.txt), as tables that :mod:`rectify.demo` loads.

Dates are day offsets from the day the demo is loaded (negative = in the past), so the
demo always shows a live mix of overdue, due-soon and closed items.
"""

from __future__ import annotations

from typing import NamedTuple

CAMPAIGN_TITLE = "“转变作风，依法行政”检查评议"
CAMPAIGN_CODE = "ZG"        # + two-digit year of the campaign, e.g. ZG24
CAMPAIGN_START = -90        # the committee fed back the findings 90 days ago
CAMPAIGN_DEADLINE = 60      # default rectification deadline, days from the load date
ORG_CREATED = -160          # units, groups and accounts predate the campaign's self-check

# (stage, first day, last day) of the campaign's four stages, the report's order: the units
# check themselves, deputies and enterprises evaluate them, the five groups inspect them,
# then the findings are fed back (CAMPAIGN_START) and rectified until the deadline.
STAGE_DAYS: tuple[tuple[str, int, int], ...] = (
    ("self_check", -150, -131),
    ("evaluation", -130, -111),
    ("inspection", -110, -91),
    ("rectification", CAMPAIGN_START, CAMPAIGN_DEADLINE),
)

# (code, name, English name, kind). The first 29 are the units the report names;
# the other 15 complete its "44 government departments and public institutions".
UNITS: tuple[tuple[str, str, str, str], ...] = (
    ("wsj", "市卫生局", "Municipal Health Bureau", "department"),
    ("gdzx", "市广播电视中心", "Municipal Radio and Television Centre", "institution"),
    ("czj", "市财政局", "Municipal Finance Bureau", "department"),
    ("jxj", "市经济和信息化局", "Municipal Economy and Information Technology Bureau",
     "department"),
    ("jyj", "市教育局", "Municipal Education Bureau", "department"),
    ("rsj", "市人力资源和社会保障局", "Municipal Human Resources and Social Security Bureau",
     "department"),
    ("ajj", "市安全生产监督管理局", "Municipal Work Safety Administration", "department"),
    ("syjj", "市食品药品监督管理局", "Municipal Food and Drug Administration", "department"),
    ("mzj", "市民政局", "Municipal Civil Affairs Bureau", "department"),
    ("lyj", "市林业局", "Municipal Forestry Bureau", "department"),
    ("gxs", "市供销合作社联合社", "Municipal Federation of Supply and Marketing Cooperatives",
     "institution"),
    ("fgj", "市发展和改革局", "Municipal Development and Reform Bureau", "department"),
    ("xmj", "市畜牧局", "Municipal Animal Husbandry Bureau", "department"),
    ("ghj", "市规划局", "Municipal Planning Bureau", "department"),
    ("hbj", "市环境保护局", "Municipal Environmental Protection Bureau", "department"),
    ("gaj", "市公安局", "Municipal Public Security Bureau", "department"),
    ("zjj", "市住房和城乡建设局", "Municipal Housing and Urban-Rural Development Bureau",
     "department"),
    ("nyj", "市农业局", "Municipal Agriculture Bureau", "department"),
    ("cgj", "市城市管理局", "Municipal Urban Management Bureau", "department"),
    ("jsj", "市人口和计划生育局", "Municipal Population and Family Planning Bureau", "department"),
    ("fwzx", "市行政服务中心", "Municipal Administrative Service Centre", "institution"),
    ("njj", "市农业机械管理局", "Municipal Agricultural Machinery Administration", "department"),
    ("swj", "市商务局", "Municipal Commerce Bureau", "department"),
    ("tdb", "市土地经营开发管理办公室", "Municipal Land Operation and Development Office",
     "institution"),
    ("sjj", "市审计局", "Municipal Audit Bureau", "department"),
    ("gtj", "市国土资源局", "Municipal Land and Resources Bureau", "department"),
    ("jtj", "市交通运输局", "Municipal Transport Bureau", "department"),
    ("slj", "市水利局", "Municipal Water Resources Bureau", "department"),
    ("jj", "市公安局交通警察大队", "Traffic Police Brigade of the Municipal Public Security Bureau",
     "department"),
    ("sfj", "市司法局", "Municipal Justice Bureau", "department"),
    ("tjj", "市统计局", "Municipal Statistics Bureau", "department"),
    ("whj", "市文化局", "Municipal Culture Bureau", "department"),
    ("kjj", "市科学技术局", "Municipal Science and Technology Bureau", "department"),
    ("gsj", "市工商行政管理局", "Municipal Administration for Industry and Commerce", "department"),
    ("wjj", "市物价局", "Municipal Price Bureau", "department"),
    ("lvj", "市旅游局", "Municipal Tourism Bureau", "department"),
    ("tyj", "市体育局", "Municipal Sports Bureau", "department"),
    ("rfb", "市人民防空办公室", "Municipal Civil Air Defence Office", "department"),
    ("lsj", "市粮食局", "Municipal Grain Bureau", "department"),
    ("xfj", "市信访局", "Municipal Letters and Calls Bureau", "department"),
    ("szj", "市市政公用事业局", "Municipal Public Utilities Bureau", "department"),
    ("jgj", "市机关事务管理局", "Municipal Government Offices Administration", "department"),
    ("gjjzx", "市住房公积金管理中心", "Municipal Housing Provident Fund Management Centre",
     "institution"),
    ("jkzx", "市疾病预防控制中心", "Municipal Centre for Disease Control and Prevention",
     "institution"),
)

# The official order (排序号) of the units is their order above. Short names (简称) as
# documents write them; aliases (别名) as problem lists type them (the report itself writes
# "市公安局交警" for the traffic police brigade).
SHORT_NAMES: dict[str, str] = {
    "gdzx": "市广电中心", "jxj": "市经信局", "rsj": "市人社局", "ajj": "市安监局",
    "syjj": "市食药监局", "gxs": "市供销社", "fgj": "市发改局", "hbj": "市环保局",
    "zjj": "市住建局", "cgj": "市城管局", "jsj": "市人口计生局",
    "njj": "市农机局", "tdb": "市土地办", "gtj": "市国土局", "jtj": "市交通局",
    "jj": "市交警大队", "kjj": "市科技局", "gsj": "市工商局", "rfb": "市人防办",
    "szj": "市市政局", "jgj": "市机关事务局", "gjjzx": "市公积金中心", "jkzx": "市疾控中心",
}
ALIASES: dict[str, tuple[str, ...]] = {
    "jj": ("市公安局交警", "交警大队"),
    "cgj": ("城管局", "市城管执法局"),
    "syjj": ("市食药局",),
    "jtj": ("市交通运输管理局",),
}

# The committee running the demo: the report names it only as 市人大常委会, not its city.
ORGANISATION: dict[str, str] = {
    "full_name": "市人民代表大会常务委员会", "short_name": "市人大常委会",
    "name_en": "Standing Committee of the Municipal People's Congress", "city": "",
    "sender_name": "市人大常委会", "doc_prefix": "市人大常函",
}
# (code, name, English name, kind, parent code): the units below the 44, parents first.
# "各镇街区对辖区内站所…同步检查评议": the towns and subdistricts (镇街区) evaluated the
# stations (站所) in their area alongside the committee, so a town follows its stations'
# items; and 市交通运输局 answers through 公路管理处、客运办、出租办、运管所, its sub-units.
# Their items roll up to the unit above them.
SUB_UNITS: tuple[tuple[str, str, str, str, str | None], ...] = (
    ("dcjd", "东城街道", "Dongcheng Subdistrict", "town", None),
    ("dcpcs", "东城派出所", "Dongcheng Police Station", "station", "dcjd"),
    ("dcgts", "东城国土所", "Dongcheng Land and Resources Station", "station", "dcjd"),
    ("dcgss", "东城工商所", "Dongcheng Industry and Commerce Station", "station", "dcjd"),
    ("ngz", "南关镇", "Nanguan Town", "town", None),
    ("ngpcs", "南关派出所", "Nanguan Police Station", "station", "ngz"),
    ("nggts", "南关国土所", "Nanguan Land and Resources Station", "station", "ngz"),
    ("nggds", "南关供电所", "Nanguan Power Supply Station", "station", "ngz"),
    ("hkz", "河口镇", "Hekou Town", "town", None),
    ("hkpcs", "河口派出所", "Hekou Police Station", "station", "hkz"),
    ("hkgts", "河口国土所", "Hekou Land and Resources Station", "station", "hkz"),
    ("hklyz", "河口林业站", "Hekou Forestry Station", "station", "hkz"),
    ("glc", "市交通运输局公路管理处", "Highway Administration of the Municipal Transport Bureau",
     "institution", "jtj"),
    ("kyb", "市交通运输局客运办", "Passenger Transport Office of the Municipal Transport Bureau",
     "institution", "jtj"),
    ("czb", "市交通运输局出租办", "Taxi Office of the Municipal Transport Bureau",
     "institution", "jtj"),
    ("ygs", "市交通运输局运管所", "Transport Management Station of the Municipal Transport Bureau",
     "institution", "jtj"),
)

# (name, leader, unit codes): the report's five inspection groups, covering all 44 units.
GROUPS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("第一检查组", "王振华", ("fgj", "czj", "jxj", "swj", "sjj", "tjj", "wjj", "gsj", "lsj")),
    ("第二检查组", "李淑芬", ("zjj", "ghj", "cgj", "gtj", "tdb", "hbj", "szj", "gjjzx", "rfb")),
    ("第三检查组", "赵立明", ("nyj", "lyj", "xmj", "slj", "njj", "gxs", "jtj", "lvj", "kjj")),
    ("第四检查组", "孙建国", ("gaj", "jj", "sfj", "mzj", "xfj", "ajj", "syjj", "jgj", "fwzx")),
    ("第五检查组", "周秀英", ("wsj", "jyj", "rsj", "jsj", "gdzx", "whj", "tyj", "jkzx")),
)

# (username, display name) of the committee staff in each group, in GROUPS order.
GROUP_MEMBERS: tuple[tuple[tuple[str, str], ...], ...] = (
    (("zhangwei", "张伟"), ("liuyang", "刘洋")),
    (("chenjing", "陈静"), ("yangfan", "杨帆")),
    (("huangmin", "黄敏"), ("zhouqiang", "周强")),
    (("wulei", "吴磊"), ("xuli", "徐丽")),
    (("sunhao", "孙浩"), ("maxin", "马欣")),
)

# (code, name, English name): the four headings of the report's list of problems.
CATEGORIES: tuple[tuple[str, str, str], ...] = (
    ("conduct", "作风建设", "Work style"),
    ("service", "服务质量", "Service quality"),
    ("law", "依法行政", "Law-based administration"),
    ("overall", "大局意识", "Sense of the overall picture"),
)

# (username, role, display name) of the staff accounts; every unit also gets
# a liaison account "dept-<unit code>" named "<unit name>联络员".
STAFF: tuple[tuple[str, str, str], ...] = (
    ("admin", "admin", "系统管理员"),
    ("committee", "committee", "人大常委会工作人员"),
    ("leader", "leader", "常委会领导"),
)
DEPARTMENT_PREFIX = "dept-"
LIAISON_SUFFIX = "联络员"


class DemoItem(NamedTuple):
    """One rectification item and its history.

    ``story`` is a tuple of steps ``(day, verb[, text[, arg]])`` played in order:
    sign / submit / measure / progress / evidence / extend by the lead unit's liaison
    (``arg`` of a work step names a co-operating unit that logs it instead; ``arg`` of
    ``extend`` is the requested due date), return / close (the text is the verification
    opinion) / reopen (``arg`` is the new due date) / comment / approve / decline / chase
    (催办) / rate (deputies' ratings: ``arg`` is the three counts) / recheck (回头看:
    ``arg`` is its date) by the committee, instruct (批示) by the leader, check: a plugin
    check record of the item's ``check_type`` (its values in place of the text; see
    ``Day`` and ``Month`` for dates), logged by the lead unit's liaison or the unit
    ``arg`` names, and withdraw: that unit's latest check record withdrawn, the text
    saying why. Dates in ``arg`` are days from the load date.
    """

    unit: str
    category: str
    source: str
    priority: str
    leader: str
    person: str
    problem: str
    requirement: str
    co: tuple[str, ...] = ()
    due: int | None = None          # None: the campaign's default deadline
    due_working_days: int | None = None  # instead of ``due``: N 个工作日 from ``raised``
    raised: int = CAMPAIGN_START
    story: tuple[tuple, ...] = ()
    check_type: str | None = None


class Day(NamedTuple):
    """A date in a check record: ``offset`` days from the load date."""

    offset: int


class Month(NamedTuple):
    """A month in a check record (its first day): ``offset`` months from the load month."""

    offset: int


def market_inspection(day: int, market: str, mode: str = "education", complaints: int = 0):
    return (day, "check", {"date": Day(day), "market": market, "enforcement_mode": mode,
                           "violent_complaints": complaints})


def river_patrol(day: int, section: str, mining_found: bool = False, seized: int = 0,
                 evidence: str = "", by: str | None = None):
    return (day, "check", {"date": Day(day), "river_section": section,
                           "illegal_mining_found": mining_found, "equipment_seized": seized,
                           "evidence": evidence or None}, by)


ITEMS: tuple[DemoItem, ...] = (
    # --- 二(二) service quality: the three units the report names --------------------
    DemoItem(
        "cgj", "service", "questionnaire", "high", "副局长 刘志强", "市容秩序科 王海燕",
        problem="对马路市场特别是早市的管理不到位，没有经常性的管理，只有突击性检查，"
                "早市占道经营、堵塞交通问题反复出现。",
        requirement="建立早市、马路市场常态化管理机制，划定经营区域和时段，"
                    "实行网格化分片包干、每日巡查，群众反映问题24小时内处置。",
        due=5, check_type="market_inspection",
        story=(
            (-87, "sign"),
            (-85, "measure", "制定《早市和马路市场常态化管理办法》，划定12处早市经营区域和时段，"
                             "执法中队分片包干。"),
            (-60, "progress", "12处早市全部落实专人每日巡查，累计清理占道经营摊点310处。"),
            market_inspection(-54, "东关早市"),
            market_inspection(-47, "人民路马路市场"),
            market_inspection(-40, "东关早市"),
            (-35, "evidence", "上报早市巡查台账（第1—8周）及网格责任人名单。"),
            market_inspection(-32, "西城早市"),
            (-30, "submit"),
            (-27, "return", "巡查台账缺少群众满意度回访，东关早市仍有占道投诉，"
                            "请补充整改后再申请销号。"),
            market_inspection(-26, "东关早市"),
            market_inspection(-21, "东关早市"),
            (-20, "progress", "对东关早市增设临时疏导岗，组织群众满意度回访200户，满意率91%。"),
            market_inspection(-19, "人民路马路市场"),
            market_inspection(-14, "东关早市", "warning"),
            market_inspection(-12, "西城早市"),
            market_inspection(-7, "东关早市"),
            (-6, "evidence", "补充第9—12周巡查台账和满意度回访记录。"),
            market_inspection(-5, "人民路马路市场"),
            market_inspection(-2, "东关早市"),
        ),
    ),
    DemoItem(
        "cgj", "conduct", "questionnaire", "high", "局长 陈光明", "执法大队 孙伟",
        problem="部分执法人员不是靠宣传和说服教育执法，而是靠抢秤、抢商品来管理，"
                "执法变得像抢掠一般，严重影响自身形象。",
        requirement="坚持教育和宣传“两手抓”，杜绝野蛮执法；执法全过程记录，"
                    "暂扣物品一律开具清单、限期返还，开展执法队伍作风专项整顿。",
        story=(
            (-88, "sign"),
            (-86, "measure", "开展为期两个月的执法队伍作风专项整顿，全员签订文明执法承诺书。"),
            (-60, "instruct", "城市管理执法要坚持教育为先、文明执法，坚决杜绝抢秤抢商品等野蛮行为，"
                              "请市城市管理局主要负责同志亲自抓，整改情况书面报常委会。"),
            (-55, "measure", "为一线执法队员配备执法记录仪46台，暂扣物品一律开具清单并限期返还。"),
            (-30, "progress", "整顿期间未再接到暴力执法投诉，对2名违规队员给予诫勉谈话。"),
            market_inspection(-26, "南关夜市", "seizure"),
            market_inspection(-20, "南关夜市"),
            market_inspection(-15, "火车站马路市场", "seizure", complaints=1),
            (-12, "evidence", "上报专项整顿总结、执法记录仪使用台账及暂扣物品返还清单。"),
            market_inspection(-8, "南关夜市", "warning"),
            market_inspection(-3, "火车站马路市场"),
        ),
        check_type="market_inspection",
    ),
    DemoItem(
        "zjj", "service", "questionnaire", "normal", "副局长 张卫东", "物业管理科 赵丽",
        problem="对业主的举报信件只是简单地转给物业公司，而不去督促办理，监督力度不够，"
                "致使业主反映的问题不能解决，甚至诱发业主与物业部门的矛盾。",
        requirement="建立物业投诉转办、督办、回访闭环制度，转办件限期办结并回复业主，"
                    "对整改不力的物业企业记入信用档案。",
        story=(
            (-88, "sign"),
            (-86, "measure", "出台《物业服务投诉督办办法》，转办件7个工作日内办结并书面回复业主。"),
            (-70, "progress", "建立投诉台账，对积压的56件举报逐件督办，已办结49件。"),
            (-55, "evidence", "上报投诉督办台账及物业企业信用扣分通报。"),
            (-50, "submit"),
            (-45, "close", "台账完整，抽查回访业主满意，同意销号。"),
            (-14, "reopen", "回头看发现城南两个小区业主举报转办后仍无人回复，"
                            "督办制度未落实到位。", 45),
            (-10, "measure", "对两个小区物业企业约谈并限期整改，督办件实行科长包案。"),
        ),
    ),
    # --- 二(三) law-based administration: traffic, transport, water ------------------
    DemoItem(
        "gaj", "law", "questionnaire", "high", "副局长 马国庆", "法制科 韩冰",
        problem="在有关路段不设置限速标志也不提示限速，偷放监视车速仪器，"
                "损害依法行政形象，引起群众强烈不满。",
        requirement="全面排查固定和流动测速点位，每处测速点必须设置并公布限速标志，"
                    "测速点位向社会公告，未设标志路段的测速数据不得作为处罚依据。",
        co=("jj",), due=-10,
        story=(
            (-88, "sign"),
            (-85, "measure", "成立测速执法规范化工作组，全面排查全市固定和流动测速点位。"),
            (-50, "progress", "已排查测速点37处，其中12处未设置限速标志，已暂停使用。"),
            (-40, "extend", "限速标志牌制作安装须经政府采购程序，预计需35天。", 25),
            (-38, "approve", "同意延期，请按新期限完成标志安装并公告测速点位。"),
            (-20, "evidence", "已在8处路段安装限速标志，并在日报和网站公告测速点位。", "jj"),
            (-19, "check", {"location": "胶州路与人民路交叉口", "speed_limit": 60,
                            "sign_posted": True, "sign_evidence": "标志牌照片、验收单",
                            "published": True}),
            (-19, "check", {"location": "滨河大道胶河桥北", "speed_limit": 50,
                            "sign_posted": True, "sign_evidence": "标志牌照片",
                            "published": True}),
            (-18, "check", {"location": "北环路城北立交", "speed_limit": 70,
                            "sign_posted": False, "sign_evidence": None, "published": False}),
        ),
        check_type="speed_camera_sites",
    ),
    DemoItem(
        "jj", "law", "questionnaire", "high", "大队长 高鹏", "秩序中队 李强",
        problem="交警执法不公，违法不究，很多假牌车、黑车在路上横冲直闯，执法人员不予查处甚至纵容，"
                "影响交通秩序，极易导致车祸发生。",
        requirement="开展假牌车、黑车专项整治，查处情况每月公布；对纵容违法的执法人员严肃追责。",
        co=("jtj", "gaj"), due=-2,
        story=(
            (-86, "sign"),
            (-84, "measure", "联合交通运输局出租办开展假牌车、黑车专项整治，设立举报电话。"),
            (-60, "progress", "查处假牌车23辆、非法营运车辆41辆，对1名民警立案调查。"),
            (-55, "progress", "出租办配合开展联合执法4次，暂扣非法营运车辆17辆。", "jtj"),
            (-30, "instruct", "假牌车、黑车问题群众反映强烈，要常态化整治，"
                              "每月向社会公布查处情况。"),
            (-5, "check", {"month": Month(-3), "vehicles_checked": 1260, "fake_plates_seized": 9,
                           "unlicensed_taxis_seized": 14, "complaints": 11}),
            (-5, "check", {"month": Month(-2), "vehicles_checked": 1480, "fake_plates_seized": 6,
                           "unlicensed_taxis_seized": 11, "complaints": 7}),
            (-5, "check", {"month": Month(-1), "vehicles_checked": 1530, "fake_plates_seized": 4,
                           "unlicensed_taxis_seized": 8, "complaints": 3}),
            (-4, "extend", "专项整治需持续至年底，请求延期以完成三个月的常态化查处记录。", 30),
        ),
        check_type="plate_enforcement_monthly",
    ),
    DemoItem(
        "jtj", "law", "enterprise_evaluation", "high", "副局长 胡晓军", "运管所 周涛",
        problem="乱罚乱查外地车辆现象严重，既影响形象，又影响经济发展。",
        requirement="清理路查路检项目，规范对外地车辆的检查和处罚，罚没情况按月分析，"
                    "开通外地车主投诉快速处理渠道。",
        co=("jj",),
        story=(
            (-87, "sign"),
            (-85, "measure", "取消3处固定检查点，非现场执法优先，处罚一律当场出具法定票据。"),
            (-50, "progress", "外地车辆罚没案件同比下降64%，投诉3件均已办结。"),
            (-22, "evidence", "上报罚没案件月度分析报告及投诉办理台账。"),
            (-20, "submit"),
        ),
    ),
    DemoItem(
        "slj", "law", "questionnaire", "high", "局长 徐国强", "水政监察大队 杨帆",
        problem="执法不严，胶河内挖沙现象屡禁不止，河道治理不到位，与“国家水利风景区”很不相称。",
        requirement="会同国土、公安开展胶河非法采砂专项整治，划定禁采区并设立界桩，"
                    "建立河段巡查制度，连续巡查无违法采砂方可申请销号。",
        co=("gtj", "gaj"), due=-12,
        story=(
            (-88, "sign"),
            (-85, "measure", "划定胶河禁采区18公里，设立界桩和警示牌，实行河段巡查责任制。"),
            (-70, "measure", "对胶河沿岸非法采砂点开展联合执法，查扣采砂设备。", "gtj"),
            (-45, "instruct", "胶河采砂问题屡禁不止，水利局要会同国土、公安联合执法，建立长效机制，"
                              "决不能边整边犯。"),
            river_patrol(-42, "胶河禁采区上段"),
            (-40, "progress", "拆除非法采砂设备9台，立案查处5起。"),
            river_patrol(-37, "胶河禁采区中段", True, 3, "查扣抽砂泵3台"),
            river_patrol(-31, "胶河禁采区下段"),
            river_patrol(-25, "胶河禁采区上段"),
            river_patrol(-20, "胶河禁采区中段"),
            river_patrol(-15, "胶河禁采区下段", True, 2, "夜间发现偷采2处，已移交公安"),
            (-15, "progress", "夜间巡查仍发现2处偷采，已移交公安机关。"),
            river_patrol(-10, "胶河禁采区上段"),
            river_patrol(-8, "胶河禁采区下段", True, 1, "发现采砂船1艘", by="gaj"),
            (-7, "withdraw", "核实为邻市河段，不在本市禁采区，记录有误，予以撤回。", "gaj"),
            river_patrol(-6, "胶河禁采区中段"),
            (-5, "chase", "已逾期，请水利局加快整改并报送巡查记录。"),
        ),
        check_type="river_patrol",
    ),
    DemoItem(
        "slj", "service", "deputy_evaluation", "normal", "副局长 林涛", "河道管理科 吴静",
        problem="胶河河道治理不到位，堤岸破损、垃圾堆放，与“国家水利风景区”很不相称。",
        requirement="制定胶河河道综合治理方案，落实河长制，完成堤岸修复和河道保洁。",
        story=(
            (-84, "sign"),
            (-80, "measure", "编制胶河河道综合治理方案，落实市、镇两级河长。"),
            river_patrol(-45, "胶河城区段"),
            (-40, "progress", "完成堤岸修复2.3公里，清理河道垃圾800余吨。"),
            river_patrol(-40, "胶河城区段"),
            river_patrol(-35, "胶河城郊段"),
            river_patrol(-30, "胶河城区段"),
            river_patrol(-25, "胶河城郊段"),
            river_patrol(-20, "胶河城区段"),
            river_patrol(-15, "胶河城郊段"),
            river_patrol(-10, "胶河城区段"),
            river_patrol(-4, "胶河城郊段"),
        ),
        check_type="river_patrol",
    ),
    # --- 二(一) work style: the questionnaire's complaints -------------------------
    DemoItem(
        "hbj", "law", "enterprise_evaluation", "normal", "副局长 郑海", "监察支队 王磊",
        problem="依法行政意识不强，对排污企业只罚款不督促整改，以罚代纠。",
        requirement="对近两年处罚的排污企业逐一回访复查，落实“处罚与整改并重”，"
                    "整改不到位的依法按日连续处罚。",
        due=-20,
        story=(
            (-86, "sign"),
            (-84, "measure", "对近两年处罚的63家排污企业建立整改跟踪台账，逐一复查。"),
            (-50, "evidence", "上报63家企业复查记录，已完成整改58家，其余5家依法按日计罚。"),
            (-45, "submit"),
            (-40, "close", "复查记录完整，同意销号。"),
            (-38, "rate", "", (18, 4, 1)),
            (-10, "recheck", "", -2),
        ),
    ),
    DemoItem(
        "ajj", "law", "case_file_review", "normal", "副局长 宋刚", "执法监察大队 冯晓",
        problem="执法案卷评查发现，部分安全检查只开罚单、不下整改指令，以罚代纠，违法不究。",
        requirement="规范“检查—处罚—整改—复查”执法程序，罚款案件必须附整改复查记录。",
        due=-3,
        story=(
            (-85, "sign"),
            (-83, "measure", "修订安全生产执法程序规定，罚款案件一律附整改复查记录。"),
            (-40, "progress", "对上半年126件处罚案卷逐件补做复查。"),
            (-9, "evidence", "上报案卷自查报告和复查记录汇编。"),
            (-8, "submit"),
            (-1, "comment", "已收到销号申请，第四检查组将于本周到现场核查案卷。"),
        ),
    ),
    DemoItem(
        "gsj", "conduct", "town_evaluation", "high", "副局长 何志远", "监察室 刘芳",
        problem="有的执法人员服务意识差，不给好处不办事，给了好处乱办事，吃拿卡要，"
                "发现违法问题不按法律法规处理而是索要好处。",
        requirement="开展“吃拿卡要”专项整治，公开举报电话，查实的一律严肃处理并通报。",
        due=-35,
        story=(
            (-80, "sign"),
            (-78, "measure", "开展“吃拿卡要”专项整治，向个体工商户发放监督卡1200张。"),
            (-50, "progress", "收到举报6件，查实2件，给予党纪处分1人、调离执法岗位1人。"),
            (-20, "instruct", "对吃拿卡要问题要零容忍，查处结果向评议代表反馈。"),
            (-6, "extend", "举报线索仍在核查，请求延期一个月完成查处和通报。", 25),
            (-3, "decline", "已严重逾期，请先通报已查实问题的处理结果，不同意延期。"),
        ),
    ),
    DemoItem(
        "xmj", "conduct", "town_evaluation", "normal", "副局长 曹文", "动物卫生监督所 贾明",
        problem="镇街反映，部分动物检疫人员在生猪屠宰检疫中收取好处费，不收就拖延出证。",
        requirement="检疫出证一律按规定时限办理，检疫收费公示，查处违规收费人员。",
        due=-30,
        story=(
            (-88, "sign"),
            (-85, "measure", "在各屠宰场公示检疫流程、时限和收费标准，设立意见箱。"),
            (-60, "evidence", "上报公示照片和屠宰企业评议表，退还违规收取费用3笔。"),
            (-58, "submit"),
            (-52, "close", "经镇街回访核实，同意销号。"),
        ),
    ),
    DemoItem(
        "nyj", "conduct", "deputy_evaluation", "normal", "副局长 彭立", "农业执法大队 谭飞",
        problem="部门利益至上，与民争利，强制农户购买指定的种子、农药，强制服务。",
        requirement="清理所属单位经营服务项目，禁止指定购买，农资经营与执法监管彻底分开。",
        co=("wjj",), due=6,
        story=(
            (-85, "sign"),
            (-82, "measure", "清理所属单位经营服务项目7项，撤销指定购买规定2项。"),
            (-30, "progress", "所属农技推广站农资门市部已停业，人员划归执法监管。"),
        ),
    ),
    DemoItem(
        "ghj", "law", "enterprise_evaluation", "normal", "副局长 邓宇", "审批科 范丽",
        problem="建设项目审批中指定中介机构，收取“技术咨询费”，乱收费，强制服务。",
        requirement="取消指定中介，清退违规收费，收费项目和标准在服务中心窗口公示。",
        co=("wjj", "fwzx"),
        story=(
            (-86, "sign"),
            (-84, "measure", "取消指定中介规定，中介机构由企业自主选择。"),
            (-40, "evidence", "清退违规收费12.6万元，收费项目和标准已在服务中心窗口公示。"),
            (-16, "submit"),
        ),
    ),
    DemoItem(
        "jyj", "conduct", "deputy_evaluation", "normal", "副局长 石磊", "办公室 邹敏",
        problem="向学校摊派订阅报刊资料、组织有偿培训，乱摊派，加重学校和家长负担。",
        requirement="全面清理向学校摊派事项，明令禁止摊派订阅和有偿培训，建立举报渠道。",
        due=-25,
        story=(
            (-88, "sign"),
            (-86, "measure", "下发禁止向学校摊派的通知，清理报刊征订目录。"),
            (-45, "evidence", "上报清理情况报告。"),
            (-42, "submit"),
            (-38, "return", "未见对已摊派费用的清退情况，请补充。"),
            (-36, "extend", "清退涉及12所学校，需逐校核对票据。", 30),
            (-33, "evidence", "补充清退学校已缴费用情况表，共清退8.2万元。"),
            (-30, "submit"),
            (-25, "close", "补充材料齐全，清退票据逐校核对无误，同意销号。"),
        ),
    ),
    # --- 二(四) overall picture: "门难进、脸难看、事难办" ----------------------------------
    DemoItem(
        "fwzx", "service", "enterprise_evaluation", "normal", "副主任 易红", "综合科 梁晨",
        problem="部分进驻窗口工作人员态度生硬，门难进、脸难看、事难办，一次告知不到位，企业多次跑腿。",
        requirement="落实首问负责、一次告知和限时办结制度，窗口服务实行满意度评价。",
        due=-15,
        story=(
            (-88, "sign"),
            (-85, "measure", "所有窗口安装服务评价器，推行一次告知单。"),
            (-50, "evidence", "上报三个月窗口满意度统计，满意率98.6%。"),
            (-25, "submit"),
            (-21, "close", "满意度数据真实，同意销号。"),
            (-20, "rate", "", (21, 2, 0)),
        ),
    ),
    DemoItem(
        "rsj", "service", "questionnaire", "normal", "副局长 罗晓", "社保中心 叶青",
        problem="社保经办窗口门难进、脸难看、事难办，群众办理退休审批往返多次。",
        requirement="精简退休审批材料，推行预约办理和延时服务，办理时限压缩一半。",
        due=3,
        story=(
            (-84, "sign"),
            (-80, "measure", "退休审批材料由11项精简为6项，开通预约和周六延时服务。"),
            (-35, "progress", "平均办理时限由20个工作日压缩至8个工作日。"),
            (-2, "progress", "完成窗口人员服务规范培训，预约办理率达到60%。"),
        ),
    ),
    DemoItem(
        "gjjzx", "service", "questionnaire", "low", "副主任 袁军", "归集科 蒋琳",
        problem="公积金提取手续繁琐，窗口解释不耐心，群众反映事难办。",
        requirement="公布提取材料清单，实行一窗受理、当场办结。",
        due=-35,
        story=(
            (-86, "sign"),
            (-80, "measure", "公布提取材料清单，实行一窗受理。"),
            (-60, "evidence", "上报当场办结率统计（96%）。"),
            (-58, "submit"),
            (-55, "close", "同意销号。"),
        ),
    ),
    DemoItem(
        "gtj", "service", "enterprise_evaluation", "normal", "副局长 黄斌", "利用科 孟雪",
        problem="用地审批环节多、时间长，企业反映门难进、事难办，有的材料一次告知不全。",
        requirement="梳理用地审批流程，实行一次告知、并联审批，公布办理时限。",
        raised=-12,
    ),
    DemoItem(
        "xfj", "overall", "symposium", "normal", "副局长 夏明", "督查科 许诺",
        problem="工作标准低，怕难、怕麻烦、怕担责任，份内的事往外推、往后拖，信访事项层层转办无人负责。",
        requirement="建立信访事项首办责任制和督查督办制度，转办事项跟踪到结。",
        story=(
            (-83, "sign"),
            (-80, "measure", "建立首办责任制，交办事项实行台账管理、跟踪到结。"),
            (-25, "progress", "督办重复信访事项14件，已化解9件。"),
        ),
    ),
    # --- 二(四) shirking on joint matters: items with co-operating units --------------
    DemoItem(
        "ghj", "overall", "symposium", "high", "局长 郭东", "监察大队 方远",
        problem="违法建设查处中规划、城管、住建相互推诿扯皮，对联合办理事项讲条件、打折扣，拖着不办。",
        requirement="建立违法建设联合查处机制，明确规划认定、城管拆除、住建停水停电的职责和时限。",
        co=("cgj", "zjj"), due=-20,
        story=(
            (-85, "sign"),
            (-80, "measure", "起草违法建设联合查处办法，报市政府审定。"),
            (-50, "progress", "联合拆除违法建设16处、4200平方米。", "cgj"),
            (-25, "chase", "联合查处办法尚未出台，请规划局牵头加快进度。"),
        ),
    ),
    DemoItem(
        "xmj", "overall", "town_evaluation", "normal", "局长 蔡伟", "畜牧科 田野",
        problem="畜禽养殖污染治理中畜牧、环保部门互相推诿，养殖户反映问题无人受理。",
        requirement="明确畜牧、环保职责分工，建立联合巡查和投诉首接负责制度。",
        co=("hbj",),
        story=(
            (-84, "sign"),
            (-82, "measure", "与环保局签订畜禽养殖污染联合监管协议，明确职责分工。"),
            (-40, "progress", "联合巡查养殖场86家，整改粪污直排问题11处。", "hbj"),
            (-13, "evidence", "上报联合巡查记录和投诉受理台账。"),
            (-11, "submit"),
        ),
    ),
    DemoItem(
        "fgj", "overall", "enterprise_evaluation", "high", "副局长 杜鹏", "投资科 沈洁",
        problem="重点项目审批涉及多个部门，联合办理讲条件、打折扣，推诿扯皮，企业反映审批慢。",
        requirement="牵头建立重点项目联审联办机制，一个项目一名服务专员，审批时限向社会承诺。",
        co=("gtj", "ghj", "hbj", "fwzx"), due=-15,
        story=(
            (-30, "chase", "已逾期未签收，请于3日内签收并报送整改方案。"),
        ),
    ),
    DemoItem(
        "szj", "overall", "deputy_evaluation", "normal", "副局长 钟华", "工程科 曾凯",
        problem="道路开挖、窨井盖管理中市政、住建、供水供气单位互相推诿，路面破损长期无人修复。",
        requirement="建立道路挖掘统一审批和修复责任制，破损路面限期修复。",
        co=("zjj",), raised=-20,
    ),
    # --- 二(三) procedure and the Administrative Licensing Law ----------------------
    DemoItem(
        "sfj", "law", "case_file_review", "normal", "副局长 谢宁", "法制科 韦佳",
        problem="执法案卷评查发现，个别单位执法程序不规范，没有严格按《行政许可法》要求办事，文书不规范。",
        requirement="牵头组织行政执法案卷集中评查，统一执法文书格式，问题案卷限期整改。",
        co=("cgj", "jtj", "hbj"), due=4,
        story=(
            (-86, "sign"),
            (-84, "measure", "制定案卷评查标准，抽调人员组成评查组。"),
            (-45, "progress", "评查案卷420卷，发现问题案卷57卷，已反馈相关单位。"),
            (-20, "progress", "城管、交通、环保三局完成问题案卷整改。", "jtj"),
        ),
    ),
    DemoItem(
        "wsj", "law", "case_file_review", "normal", "副局长 潘越", "卫生监督所 魏东",
        problem="卫生行政许可超过法定时限办结，未一次性告知补正材料。",
        requirement="严格按《行政许可法》规定时限办理，推行一次性告知。",
        due=-28,
        story=(
            (-88, "sign"),
            (-86, "measure", "修订卫生许可办事指南，推行一次性告知。"),
            (-55, "evidence", "上报许可办理时限统计，超时办结为零。"),
            (-50, "submit"),
            (-47, "close", "同意销号。"),
        ),
    ),
    DemoItem(
        "wsj", "conduct", "deputy_evaluation", "normal", "局长 戴文", "医政科 崔玉",
        problem="部分医疗机构医德医风问题仍然突出，群众反映收受“红包”、开大处方。",
        requirement="深化“作风建设年”活动，签订拒收红包承诺书，开展处方点评。",
        due=-5,
        story=(
            (-87, "sign"),
            (-85, "measure", "全市医务人员签订拒收红包承诺书，每月开展处方点评。"),
            (-40, "evidence", "上报处方点评通报和患者满意度调查。"),
            (-38, "submit"),
            (-33, "close", "同意销号，请继续做好常态化监督。"),
            (-30, "rate", "", (15, 5, 3)),
            (-5, "recheck", "", 20),
        ),
    ),
    DemoItem(
        "jxj", "law", "self_check", "low", "副局长 严冬", "法规科 廖静",
        problem="自查发现，成品油经营审批中个别中层干部自由裁量权过大，存在权力部门化倾向。",
        requirement="细化审批裁量基准，实行集体审议和审批结果公示。",
        due=-40,
        story=(
            (-88, "sign"),
            (-85, "measure", "制定成品油经营审批裁量基准，实行集体审议。"),
            (-65, "evidence", "上报裁量基准文件和审批结果公示截图。"),
            (-62, "submit"),
            (-60, "close", "同意销号。"),
        ),
    ),
    DemoItem(
        "gaj", "conduct", "town_evaluation", "normal", "副局长 韩军", "户政科 邵静",
        problem="个别派出所户籍窗口民警特权思想严重，态度粗暴，伤害群众感情。",
        requirement="户籍窗口推行文明用语和服务评价，对态度粗暴的民警调离窗口岗位。",
        due=-30,
        story=(
            (-87, "sign"),
            (-84, "measure", "全市户籍窗口安装服务评价器，开展文明服务培训。"),
            (-50, "evidence", "上报服务评价统计和培训记录。"),
            (-48, "submit"),
            (-44, "close", "同意销号。"),
        ),
    ),
    DemoItem(
        "tyj", "service", "self_check", "low", "副局长 龚丽", "场馆办 毛宁",
        problem="自查发现，体育场馆收费项目和标准公示不全。",
        requirement="场馆收费项目、标准和依据在入口和网站公示。",
        due=-45,
        story=(
            (-88, "sign"),
            (-87, "evidence", "上报场馆收费公示照片和网站截图。"),
            (-80, "submit"),
            (-76, "close", "同意销号。"),
        ),
    ),
    DemoItem(
        "gdzx", "service", "questionnaire", "low", "副主任 江涛", "网络公司 史磊",
        problem="有线电视上门服务不及时，个别维修人员额外收取材料费。",
        requirement="落实“监督卡”反馈制度，维修24小时内上门，收费明码标价。",
        due=-20,
        story=(
            (-86, "sign"),
            (-84, "measure", "重申监督卡制度，维修收费一律明码标价、开具票据。"),
            (-40, "evidence", "上报监督卡回访统计，及时上门率97%。"),
            (-36, "submit"),
            (-32, "close", "同意销号。"),
        ),
    ),
    DemoItem(
        "czj", "service", "enterprise_evaluation", "normal", "副局长 陆明", "经建科 白雪",
        problem="涉企扶持资金拨付环节多、时间长，企业反映资金到位慢。",
        requirement="简化拨付流程，扶持资金自文件下达之日起15个工作日内拨付到位。",
        due=-10,
        story=(
            (-85, "sign"),
            (-82, "measure", "涉企资金拨付实行国库直接支付，审核环节由5个减为3个。"),
            (-30, "evidence", "上报拨付时限统计，平均11个工作日。"),
            (-25, "submit"),
            (-18, "close", "同意销号。"),
        ),
    ),
    # --- towns' evaluation of stations and other findings ----------------------------
    DemoItem(
        "lyj", "conduct", "town_evaluation", "normal", "副局长 常青", "林政科 乔峰",
        problem="镇街评议反映，个别林业站执法人员在林木采伐审批中吃拿卡要。",
        requirement="采伐审批全程公开，林业站实行执法责任制和首问责任制，查处违纪人员。",
        story=(
            (-84, "sign"),
            (-80, "measure", "采伐审批事项进驻镇便民服务中心，公开办理流程。"),
            (-18, "evidence", "上报林业站执法责任制落实情况和镇街回访意见。"),
            (-15, "submit"),
        ),
    ),
    DemoItem(
        "syjj", "law", "town_evaluation", "normal", "副局长 倪红", "稽查科 秦岭",
        problem="镇街反映，对农村食品小作坊监管存在盲区，违法不究。",
        requirement="建立食品小作坊监管档案，镇街站所联合巡查，违法行为依法查处。",
        story=(
            (-82, "sign"),
            (-80, "measure", "建立食品小作坊监管档案，会同镇街开展拉网式排查。"),
            (-35, "progress", "建档小作坊212家，取缔无证作坊9家。"),
        ),
    ),
    DemoItem(
        "lvj", "service", "questionnaire", "low", "副局长 汤伟", "市场科 殷悦",
        problem="旅游市场投诉处理慢，游客投诉推来推去。",
        requirement="旅游投诉实行首接负责制，一般投诉5个工作日内办结。",
        story=(
            (-80, "sign"),
            (-78, "measure", "公布旅游投诉电话，实行首接负责制。"),
        ),
    ),
    DemoItem(
        "wjj", "law", "deputy_evaluation", "normal", "副局长 柳青", "收费科 阎凯",
        problem="涉企收费和行政事业性收费信息公开不及时，未按《政府信息公开条例》规定公示。",
        requirement="全面公开收费目录清单，收费依据和标准调整后10个工作日内公开。",
        due=6, raised=-25,
    ),
    DemoItem(
        "tdb", "overall", "deputy_evaluation", "low", "副主任 孔亮", "出让科 章敏",
        problem="代表反映，土地出让后配套手续办理中与相关部门衔接不畅，企业来回跑。",
        requirement="与国土、规划部门建立出让后手续衔接机制，实行一次告知。",
        co=("gtj", "ghj"), raised=-5,
    ),
    # --- the towns' evaluation of their stations (站所), and 市交通运输局's sub-units --------
    DemoItem(
        "ngpcs", "service", "town_evaluation", "normal", "所长 孙立", "户籍室 王娟",
        problem="南关镇评议反映，派出所办理户口迁移要求群众多次往返，一次告知不到位。",
        requirement="户籍业务实行一次告知和限时办结，公开办事流程和材料清单。",
        story=(
            (-80, "sign"),
            (-76, "measure", "制定户籍业务一次告知清单，在户籍窗口和镇便民服务中心公示。"),
            (-40, "progress", "推行户籍业务预约办理，群众平均往返次数由3次降为1次。"),
        ),
    ),
    DemoItem(
        "nggts", "law", "town_evaluation", "high", "所长 赵刚", "地籍组 钱明",
        problem="农村宅基地审批把关不严，未批先建现象时有发生。",
        requirement="严格宅基地审批程序，对未批先建逐宗登记、依法处理。",
        due=-8,
        story=(
            (-78, "sign"),
            (-70, "measure", "对全镇宅基地审批情况开展自查，登记未批先建23宗。"),
        ),
    ),
    DemoItem(
        "nggds", "service", "town_evaluation", "normal", "所长 冯涛", "营销班 陈静",
        problem="农网改造后电费收缴不透明，群众对电价构成有疑问。",
        requirement="电费电价公开上墙，每月公示抄表和收费情况。",
        story=(
            (-85, "sign"),
            (-80, "measure", "各村电费电价公开上墙，每月张榜公示抄表和收费情况。"),
            (-40, "evidence", "上报各村电价公示照片和群众回访记录。"),
            (-35, "submit"),
            (-28, "close", "经镇人大回访核实，同意销号。"),
        ),
    ),
    DemoItem(
        "dcgss", "law", "town_evaluation", "normal", "所长 贺斌", "市场组 郑丽",
        problem="马路市场占道经营反复出现，工商所与城管执法配合不够。",
        requirement="与市城市管理局建立联合执法机制，马路市场疏堵结合。",
        co=("cgj",),
        story=(
            (-80, "sign"),
            (-75, "measure", "与城管中队建立联合执法机制，每周联合巡查两次。"),
            (-20, "submit"),
            (-15, "return", "佐证材料不全，请补充联合执法记录和市场秩序前后对比照片。"),
        ),
    ),
    DemoItem(
        "dcpcs", "conduct", "town_evaluation", "low", "所长 钟伟", "综合室 白雪",
        problem="窗口工作人员服务态度生硬，群众反映“门难进、脸难看”。",
        requirement="开展窗口服务规范教育，推行文明用语和服务评价。",
        raised=-6,
    ),
    DemoItem(
        "hkgts", "law", "town_evaluation", "high", "所长 严峰", "执法组 吕强",
        problem="对胶河沿岸违法占地巡查不到位，发现后制止不及时。",
        requirement="建立胶河沿岸动态巡查制度，违法占地发现一起、制止一起、查处一起。",
        due=-3,
    ),
    DemoItem(
        "hklyz", "service", "town_evaluation", "normal", "站长 林峰", "林政组 苏红",
        problem="林木采伐审批条件和时限公示不到位，群众不清楚如何办理。",
        requirement="采伐审批条件、材料和时限在镇便民服务中心公开，实行一次告知。",
        story=(
            (-70, "sign"),
            (-60, "measure", "采伐审批事项进驻镇便民服务中心，公开办理条件和时限。"),
        ),
    ),
    DemoItem(
        "hkz", "overall", "self_check", "normal", "副镇长 马超", "党政办 宋佳",
        problem="镇街对辖区站所的日常监督不够，评议发现的问题跟踪不及时。",
        requirement="建立站所问题整改台账，镇人大定期听取站所整改情况汇报。",
        co=("hkpcs", "hkgts", "hklyz"),
        story=(
            (-80, "sign"),
            (-75, "measure", "建立辖区站所整改台账，每月调度一次，镇人大每季度听取汇报。"),
        ),
    ),
    DemoItem(
        "czb", "service", "questionnaire", "normal", "主任 刘洋", "投诉科 方芳",
        problem="出租车拒载、绕道投诉处理慢，投诉电话经常无人接听。",
        requirement="投诉电话专人值守，一般投诉3个工作日内办结并回复。",
        story=(
            (-84, "sign"),
            (-80, "measure", "投诉电话实行专人值守，建立投诉办理台账。"),
            (-30, "evidence", "上报投诉办理台账，办结率100%，平均办理2.1个工作日。"),
            (-26, "submit"),
        ),
    ),
    DemoItem(
        "glc", "service", "deputy_evaluation", "normal", "处长 唐军", "养护科 魏东",
        problem="国省道部分路段坑槽修补不及时，养护作业占道无警示标志。",
        requirement="坑槽发现后48小时内修补，养护作业按规范设置警示标志。",
        due=5,
        story=(
            (-82, "sign"),
            (-70, "progress", "完成坑槽修补1.2万平方米，养护作业一律设置警示标志。"),
        ),
    ),
    DemoItem(
        "kyb", "service", "town_evaluation", "normal", "主任 石磊", "线路科 崔颖",
        problem="镇街反映，农村客运班线发车不准时，部分线路擅自停运。",
        requirement="公布农村客运班线时刻表，对擅自停运的经营者依法处理。",
        story=(
            (-78, "sign"),
            (-74, "measure", "公布全市农村客运班线时刻表，设立停运举报电话。"),
        ),
    ),
    DemoItem(
        "ygs", "service", "enterprise_evaluation", "low", "所长 邓辉", "审批科 龚丽",
        problem="企业反映，驾培、维修行业审批手续繁琐，来回跑腿多。",
        requirement="精简驾培、维修行业审批材料，实行一窗受理、限时办结。",
        story=(
            (-83, "sign"),
            (-79, "measure", "审批材料由14项精简为8项，进驻市行政服务中心一窗受理。"),
            (-33, "evidence", "上报审批事项清单和办结时限统计。"),
            (-31, "submit"),
            (-24, "close", "同意销号。"),
        ),
    ),
    # --- 立行立改: deadlines in working days on the holiday calendar (调休 included) ------
    DemoItem(
        "rsj", "service", "symposium", "high", "副局长 罗晓", "就业服务中心 孔媛",
        problem="座谈会反映，失业保险金申领要求重复提交已有证明材料。",
        requirement="立行立改：取消重复提交的证明材料，15个工作日内完成。",
        due_working_days=15, raised=-12,
        story=((-11, "sign"),
               (-6, "measure", "梳理申领材料清单，取消可通过系统核验的证明3项。")),
    ),
    DemoItem(
        "mzj", "conduct", "questionnaire", "normal", "副局长 许文", "社会救助科 邢敏",
        problem="问卷反映，低保申请受理后长时间不告知办理进度。",
        requirement="立行立改：建立受理回执和进度告知制度，10个工作日内完成。",
        due_working_days=10, raised=-30,
        story=((-29, "sign"),),
    ),
)


# Units' deliverables (报送材料) ------------------------------------------------------------
# Every unit was asked for its rectification plan (整改方案) soon after the feedback, due
# PLAN_DUE days from the load date; the units named here are the exceptions to "submitted
# on time and accepted". The rectification report (整改情况报告) was asked for yesterday,
# due at the campaign's deadline.
PLAN_REQUESTED = -88
PLAN_DUE = -30
PLAN_EXCEPTIONS: dict[str, str] = {
    "gaj": "awaiting",       # submitted on time, not reviewed yet
    "slj": "awaiting_late",  # submitted after the due date, not reviewed yet
    "jtj": "awaiting_late",
    "zjj": "returned",       # returned with RETURN_REASON, not submitted again
    "xfj": "missing",        # never submitted: missing and late
    "lsj": "missing",
}
PLAN_RETURN_REASON = "整改措施不够具体，缺少责任人和完成时限，请逐条细化后重新报送。"
REPORT_REQUESTED = -1

# The evaluation (评议) of the campaign: the report's four rater groups with the usual
# weights, a scoring sheet of four indicators adding up to 100, and a questionnaire asking
# which units show each problem type the report tallies.
EVALUATION_TITLE = "“转变作风，依法行政”民主评议"
EVALUATION_DESIGNED = -135   # designed during the self-check, days from the load date
RATER_GROUPS: tuple[tuple[str, int], ...] = (
    ("市级以上人大代表", 40),
    ("镇党委政府与街区党工委办事处", 20),
    ("大中型企业负责人", 20),
    ("被评议单位主要负责同志", 20),
)
INDICATORS: tuple[tuple[str, int], ...] = (
    ("依法行政", 30), ("服务质量", 30), ("作风建设", 20), ("廉政", 20))
# (kind, question, options)
QUESTIONS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("single", "您对被评议单位“转变作风，依法行政”工作的总体评价", ("满意", "基本满意", "不满意")),
    ("units", "存在以罚代纠、只罚不纠问题的单位有", ()),
    ("units", "存在吃拿卡要、故意刁难问题的单位有", ()),
    ("units", "存在乱收费、乱罚款、乱摊派问题的单位有", ()),
    ("units", "存在门难进、脸难看、事难办问题的单位有", ()),
    ("units", "存在份内的事往外推、推诿扯皮问题的单位有", ()),
    ("text", "您对被评议单位的意见和建议", ()),
)
