"""The service catalogue the seed plan names (tasks 3, 4 and 7), as the county publishes it: 政务服务
事项 moved down to village and township stations, and 便民服务 booked from providers."""

from django.db import transaction

from shequ.accounts.models import Department
from shequ.services.models import Channel, HandledAt, ItemKind, ServiceItem

ID_CARD = ("居民身份证", "كىملىك")
HOUSEHOLD_BOOK = ("户口簿", "نوپۇس دەپتىرى")
BANK_CARD = ("本人社会保障卡或银行卡", "ئىجتىمائىي كاپالەت كارتىسى ياكى بانكا كارتىسى")
PHOTO = ("近期一寸免冠照片", "يېقىنقى بىر دىيۈملۈك رەسىم")
FREE = ("免费", "ھەقسىز")

CATALOGUE = [
    {
        "code": "MZ-GLJT",
        "name": ("高龄津贴", "ياشانغانلار تولۇقلىمىسى"),
        "kind": ItemKind.GOVERNMENT,
        "department": Department.CIVIL_AFFAIRS,
        "handled_at": HandledAt.VILLAGE,
        "promised_days": 10,
        "statutory_days": 20,
        "materials": [ID_CARD, HOUSEHOLD_BOOK, BANK_CARD],
        "conditions": ("本县户籍、年满80周岁的老年人。", "نوپۇسى ناھىيىمىزدە بولغان، 80 ياشقا توشقان ياشانغانلار."),
        "process": (
            "村（社区）受理 → 乡镇审核 → 县民政局审批 → 按月发放。",
            "كەنت (مەھەللە) قوبۇل قىلىش → يېزا-بازار تەكشۈرۈش → ناھىيەلىك پۇقرالار ئىشلىرى ئىدارىسى تەستىقلاش → ھەر "
            "ئايدا تارقىتىش.",
        ),
    },
    {
        "code": "MZ-YLBT",
        "name": ("养老服务补贴", "ياشانغانلارنى بېقىش مۇلازىمىتى تولۇقلىمىسى"),
        "kind": ItemKind.GOVERNMENT,
        "department": Department.CIVIL_AFFAIRS,
        "handled_at": HandledAt.TOWNSHIP,
        "promised_days": 15,
        "statutory_days": 20,
        "materials": [ID_CARD, HOUSEHOLD_BOOK, ("失能等级评估结果", "ئىقتىدارسىزلىق دەرىجىسىنى باھالاش نەتىجىسى")],
        "conditions": (
            "经济困难的失能、高龄、独居老年人。",
            "ئىقتىسادىي قىيىنچىلىقى بار، ئۆزىنى ئۆزى باقالمايدىغان، يېشى چوڭ ياكى يالغۇز تۇرىدىغان ياشانغانلار.",
        ),
        "process": (
            "村（社区）初审 → 乡镇审核 → 县民政局审批。",
            "كەنت (مەھەللە) دەسلەپكى تەكشۈرۈش → يېزا-بازار تەكشۈرۈش → ناھىيەلىك پۇقرالار ئىشلىرى ئىدارىسى تەستىقلاش.",
        ),
    },
    {
        "code": "MZ-DBSQ",
        "name": ("最低生活保障申请", "ئەڭ تۆۋەن تۇرمۇش كاپالىتى ئىلتىماسى"),
        "kind": ItemKind.GOVERNMENT,
        "department": Department.CIVIL_AFFAIRS,
        "handled_at": HandledAt.TOWNSHIP,
        "promised_days": 30,
        "statutory_days": 30,
        "materials": [
            ID_CARD,
            HOUSEHOLD_BOOK,
            ("家庭经济状况核对授权书", "ئائىلە ئىقتىسادىي ئەھۋالىنى تەكشۈرۈش ھوقۇق بېرىش خېتى"),
        ],
        "conditions": (
            "共同生活的家庭成员人均收入低于当地低保标准，且家庭财产符合规定。",
            "بىللە تۇرمۇش كەچۈرىدىغان ئائىلە ئەزالىرىنىڭ كىشى بېشىغا توغرا كېلىدىغان كىرىمى شۇ جايدىكى ئەڭ تۆۋەن "
            "تۇرمۇش كاپالىتى ئۆلچىمىدىن تۆۋەن بولۇش، ھەمدە ئائىلە مال-مۈلكى بەلگىلىمىگە ئۇيغۇن بولۇش.",
        ),
        "process": (
            "申请 → 乡镇受理 → 家庭经济状况调查 → 民主评议 → 公示 → 县民政局审批。",
            "ئىلتىماس قىلىش → يېزا-بازار قوبۇل قىلىش → ئائىلە ئىقتىسادىي ئەھۋالىنى تەكشۈرۈپ ئېنىقلاش → دېموكراتىك "
            "باھالاش → ئاشكارىلاش → ناھىيەلىك پۇقرالار ئىشلىرى ئىدارىسى تەستىقلاش.",
        ),
    },
    {
        "code": "MZ-LSJZ",
        "name": ("临时救助", "ۋاقىتلىق ياردەم"),
        "kind": ItemKind.GOVERNMENT,
        "department": Department.CIVIL_AFFAIRS,
        "handled_at": HandledAt.TOWNSHIP,
        "promised_days": 10,
        "statutory_days": 15,
        "materials": [ID_CARD, ("困难情况说明及证明材料", "قىيىنچىلىق ئەھۋالى ۋە ئىسپات ماتېرىيالى")],
        "conditions": (
            "因急难事件或支出型困难导致基本生活暂时出现严重困难的家庭或个人。",
            "تۇيۇقسىز جىددىي ئىش يۈز بېرىش ياكى زور چىقىم سەۋەبىدىن ئاساسىي تۇرمۇشىدا ۋاقىتلىق ئېغىر قىيىنچىلىق "
            "كۆرۈلگەن ئائىلە ياكى شەخسلەر.",
        ),
        "process": (
            "申请 → 乡镇受理审核（急难型可先行救助）→ 审批发放。",
            "ئىلتىماس قىلىش → يېزا-بازار قوبۇل قىلىش ۋە تەكشۈرۈش (جىددىي ئەھۋالدا ئالدى بىلەن ياردەم بېرىشكە بولىدۇ) "
            "→ تەستىقلاش ۋە تارقىتىش.",
        ),
    },
    {
        "code": "CL-LXBT",
        "name": ("残疾人两项补贴", "مېيىپلارنىڭ ئىككى خىل تولۇقلىمىسى"),
        "kind": ItemKind.GOVERNMENT,
        "department": Department.DISABLED_FEDERATION,
        "handled_at": HandledAt.TOWNSHIP,
        "promised_days": 20,
        "statutory_days": 30,
        "materials": [ID_CARD, ("第二代残疾人证", "ئىككىنچى ئەۋلاد مېيىپلار گۇۋاھنامىسى"), BANK_CARD],
        "conditions": (
            "困难残疾人生活补贴：低保家庭中的残疾人；重度残疾人护理补贴：残疾等级为一、二级的残疾人。",
            "قىيىنچىلىقى بار مېيىپلارنىڭ تۇرمۇش تولۇقلىمىسى: ئەڭ تۆۋەن تۇرمۇش كاپالىتىگە ئېرىشكەن ئائىلىلەردىكى "
            "مېيىپلار؛ ئېغىر مېيىپلارنىڭ پەرۋىش تولۇقلىمىسى: مېيىپلىق دەرىجىسى بىرىنچى ياكى ئىككىنچى دەرىجىلىك "
            "مېيىپلار.",
        ),
        "process": (
            "村（社区）受理 → 乡镇初审 → 县残联、民政局审核 → 发放。",
            "كەنت (مەھەللە) قوبۇل قىلىش → يېزا-بازار دەسلەپكى تەكشۈرۈش → ناھىيەلىك مېيىپلار بىرلەشمىسى بىلەن پۇقرالار "
            "ئىشلىرى ئىدارىسى تەكشۈرۈش → تارقىتىش.",
        ),
    },
    {
        "code": "GA-HJZM",
        "name": ("户籍类证明", "نوپۇسقا دائىر ئىسپات"),
        "kind": ItemKind.GOVERNMENT,
        "department": Department.PUBLIC_SECURITY,
        "handled_at": HandledAt.VILLAGE,
        "channel": Channel.WINDOW,
        "promised_days": 1,
        "statutory_days": 3,
        "materials": [ID_CARD, HOUSEHOLD_BOOK],
        "conditions": (
            "本县户籍居民，因办事需要开具户籍信息证明。",
            "نوپۇسى ناھىيىمىزدە بولۇپ، ئىش بېجىرىش ئۈچۈن نوپۇس ئۇچۇرى ئىسپاتى ئېچىشقا توغرا كەلگەن ئاھالىلەر.",
        ),
        "process": ("窗口核验身份 → 开具证明。", "كۆزنەكتە سالاھىيەتنى تەكشۈرۈپ دەلىللەش → ئىسپات ئېچىپ بېرىش."),
    },
    {
        "code": "RS-JYSY",
        "name": ("就业失业登记", "ئىشقا ئورۇنلىشىش ۋە ئىشسىزلىق تىزىملىتىش"),
        "kind": ItemKind.GOVERNMENT,
        "department": Department.HUMAN_RESOURCES,
        "handled_at": HandledAt.VILLAGE,
        "promised_days": 1,
        "statutory_days": 5,
        "materials": [ID_CARD],
        "conditions": (
            "法定劳动年龄内、有劳动能力和就业要求的城乡劳动者。",
            "قانۇندا بەلگىلەنگەن ئەمگەك يېشىدىكى، ئەمگەك قىلىش ئىقتىدارى ۋە ئىشقا ئورۇنلىشىش تەلىپى بار شەھەر-يېزا "
            "ئەمگەكچىلىرى.",
        ),
        "process": (
            "提交申请 → 村（社区）或乡镇核实 → 登记。",
            "ئىلتىماس سۇنۇش → كەنت (مەھەللە) ياكى يېزا-بازار ئېنىقلاپ دەلىللەش → تىزىملاش.",
        ),
    },
    {
        "code": "TY-YDZ",
        "name": ("退役军人优待证申领", "ئىستېپادىكى ھەربىيلەرنىڭ ئېتىبار گۇۋاھنامىسى"),
        "kind": ItemKind.GOVERNMENT,
        "department": Department.VETERANS,
        "handled_at": HandledAt.TOWNSHIP,
        "promised_days": 10,
        "statutory_days": 20,
        "materials": [ID_CARD, ("退役证件", "ئىستېپا گۇۋاھنامىسى"), PHOTO],
        "conditions": (
            "户籍在本县的退役军人和其他优抚对象。",
            "نوپۇسى ناھىيىمىزدە بولغان ئىستېپادىكى ھەربىيلەر ۋە باشقا ئېتىبار بېرىش-ھال سوراش ئوبيېكتلىرى.",
        ),
        "process": (
            "乡镇退役军人服务站受理 → 县退役军人事务局审核 → 制证发放。",
            "يېزا-بازار ئىستېپادىكى ھەربىيلەر مۇلازىمەت پونكىتى قوبۇل قىلىش → ناھىيەلىك ئىستېپادىكى ھەربىيلەر ئىشلىرى "
            "ئىدارىسى تەكشۈرۈش → گۇۋاھنامە ياساپ تارقىتىش.",
        ),
    },
    {
        "code": "YB-CBDJ",
        "name": ("城乡居民医保参保登记", "شەھەر-يېزا ئاھالىلىرىنىڭ داۋالاش سۇغۇرتىسىغا تىزىملىتىش"),
        "kind": ItemKind.GOVERNMENT,
        "department": Department.MEDICAL_INSURANCE,
        "handled_at": HandledAt.VILLAGE,
        "promised_days": 1,
        "statutory_days": 5,
        "materials": [ID_CARD, HOUSEHOLD_BOOK],
        "conditions": (
            "未参加职工医保的城乡居民。",
            "ئىشچى-خىزمەتچىلەر داۋالاش سۇغۇرتىسىغا قاتناشمىغان شەھەر-يېزا ئاھالىلىرى.",
        ),
        "process": (
            "提交信息 → 核验 → 登记参保。",
            "ئۇچۇر سۇنۇش → تەكشۈرۈپ دەلىللەش → تىزىملاپ سۇغۇرتىغا قاتناشتۇرۇش.",
        ),
    },
]

# What each item checks at submission, kept apart from the published entries above (the guide's
# texts): its conditions against the registry (services.eligibility), which materials the registry
# holds so that nobody is asked for them (services.materials), and whether a window may accept it
# while materials follow (容缺受理).
ID_FROM_REGISTRY = {ID_CARD[0]: "id_card"}
ID_AND_BOOK_FROM_REGISTRY = {ID_CARD[0]: "id_card", HOUSEHOLD_BOOK[0]: "household_book"}
ITEM_RULES = {
    "MZ-GLJT": {
        "eligibility": {"min_age": 80, "county_hukou": True, "not_receiving": True},
        "registry_materials": ID_AND_BOOK_FROM_REGISTRY,
        "deferral_allowed": True,
    },
    "MZ-YLBT": {
        "eligibility": {"min_age": 60, "county_hukou": True, "not_receiving": True},
        "registry_materials": ID_AND_BOOK_FROM_REGISTRY,
        "deferral_allowed": True,
    },
    "MZ-DBSQ": {
        "eligibility": {"county_hukou": True, "not_receiving": True},
        "registry_materials": ID_AND_BOOK_FROM_REGISTRY,
    },
    "MZ-LSJZ": {"registry_materials": ID_FROM_REGISTRY, "deferral_allowed": True},
    "CL-LXBT": {
        "eligibility": {"care_tag": "disabled", "county_hukou": True, "not_receiving": True},
        "registry_materials": ID_FROM_REGISTRY,
        "deferral_allowed": True,
    },
    "GA-HJZM": {"eligibility": {"county_hukou": True}, "registry_materials": ID_AND_BOOK_FROM_REGISTRY},
    "RS-JYSY": {"eligibility": {"min_age": 16}, "registry_materials": ID_FROM_REGISTRY},
    "TY-YDZ": {
        "eligibility": {"care_tag": "veteran", "county_hukou": True, "not_receiving": True},
        "registry_materials": ID_FROM_REGISTRY,
    },
    "YB-CBDJ": {"registry_materials": ID_AND_BOOK_FROM_REGISTRY},
}

# The approval chain of each item handled at more than one level, read from its 办理流程, with the
# working days of each level adding up to the promised days; an item not named here is handled in
# one place (at the window, or where its guide says).
CHAINS = {
    # 村（社区）受理 → 乡镇审核 → 县民政局审批 (10 days)
    "MZ-GLJT": [("village", 3), ("township", 3), ("county", 4)],
    # 村（社区）初审 → 乡镇审核 → 县民政局审批 (15 days)
    "MZ-YLBT": [("village", 5), ("township", 5), ("county", 5)],
    # 乡镇受理、家庭经济状况调查、民主评议、公示 → 县民政局审批 (30 days)
    "MZ-DBSQ": [("township", 20), ("county", 10)],
    # 村（社区）受理 → 乡镇初审 → 县残联审核 (20 days)
    "CL-LXBT": [("village", 5), ("township", 5), ("county", 10)],
    # 乡镇退役军人服务站受理 → 县退役军人事务局审核 (10 days)
    "TY-YDZ": [("township", 4), ("county", 6)],
}


def chain_entry(code: str) -> list[dict]:
    """The item's chain as ServiceItem.chain stores it."""
    return [{"level": level, "days": days} for level, days in CHAINS.get(code, [])]


CONVENIENCE = [
    (
        "BM-SMWX",
        ("上门维修", "ئۆيگە كېلىپ رېمونت قىلىش"),
        Department.HOUSING,
        (
            "水电、门窗、管道等小型维修，材料费按实收取。",
            "سۇ-توك، ئىشىك-دېرىزە، تۇرۇبا قاتارلىقلارنى كىچىك تىپتىكى رېمونت قىلىش، ماتېرىيال ھەققى ئەمەلىي "
            "ئىشلىتىلگىنى بويىچە ئېلىنىدۇ.",
        ),
    ),
    (
        "BM-JZFW",
        ("家政服务", "ئائىلە مۇلازىمىتى"),
        Department.COMMERCE,
        (
            "保洁、做饭、照护等家政服务，按服务机构公示价格收费。",
            "تازىلىق، تاماق ئېتىش، قاراش-پەرۋىش قىلىش قاتارلىق ئائىلە مۇلازىمىتى، مۇلازىمەت ئورگىنى ئاشكارىلىغان باھا "
            "بويىچە ھەق ئېلىنىدۇ.",
        ),
    ),
    (
        "BM-ZC",
        ("助餐服务", "تاماق مۇلازىمىتى"),
        Department.CIVIL_AFFAIRS,
        (
            "为老年人提供社区食堂就餐或送餐上门。",
            "ياشانغانلارنى مەھەللە ئاشخانىسىدا تاماق بىلەن تەمىنلەش ياكى تاماقنى ئۆيىگە ئاپىرىپ بېرىش.",
        ),
    ),
    (
        "BM-ZY",
        ("助浴服务", "يۇيۇنۇش مۇلازىمىتى"),
        Department.CIVIL_AFFAIRS,
        (
            "为失能、半失能老年人提供上门或到站助浴。",
            "ئۆزىنى ئۆزى باقالمايدىغان ياكى قىسمەن باقالمايدىغان ياشانغانلارنىڭ ئۆيىگە بېرىپ ياكى پونكىتتا يۇيۇنۇشىغا "
            "ياردەملىشىش.",
        ),
    ),
    (
        "BM-SMTJ",
        ("上门体检", "ئۆيگە كېلىپ سالامەتلىك تەكشۈرۈش"),
        Department.HEALTH,
        (
            "家庭医生签约服务对象的上门健康检查。",
            "ئائىلە دوختۇرى مۇلازىمىتىگە توختام تۈزگەنلەرنىڭ ئۆيىگە بېرىپ سالامەتلىكىنى تەكشۈرۈش.",
        ),
    ),
    (
        "BM-TYZX",
        ("托育咨询", "بالا تەربىيىلەش مەسلىھەتى"),
        Department.HEALTH,
        (
            "3岁以下婴幼儿照护和早期发展咨询。",
            "3 ياشتىن تۆۋەن بوۋاق ۋە كىچىك بالىلارنى پەرۋىش قىلىش ھەمدە ئۇلارنىڭ دەسلەپكى يېتىلىشى توغرىسىدا مەسلىھەت.",
        ),
    ),
    (
        "BM-XLZX",
        ("心理咨询", "پىسخىك مەسلىھەت"),
        Department.HEALTH,
        (
            "社会工作室和专业机构提供的心理疏导。",
            "ئىجتىمائىي خىزمەت ئىشخانىسى ۋە كەسپىي ئورگانلار تەمىنلەيدىغان پىسخىك يېتەكلەش.",
        ),
    ),
]

CONVENIENCE_PROCESS = (
    "预约时段 → 服务人员上门或到站服务 → 评价。",
    "مۇلازىمەت ۋاقتىنى ئالدىن بېكىتىش → مۇلازىمەتچى ئۆيگە كېلىپ ياكى پونكىتتا مۇلازىمەت قىلىش → باھا بېرىش.",
)
CONVENIENCE_FEE = ("按服务机构公示价格", "مۇلازىمەت ئورگىنى ئاشكارىلىغان باھا بويىچە")


def _entry(item: dict) -> dict:
    name, name_ug = item["name"]
    materials = item.get("materials", [])
    conditions, conditions_ug = item.get("conditions", ("", ""))
    process, process_ug = item.get("process", ("", ""))
    fee, fee_ug = item.get("fee", FREE)
    return {
        "name": name,
        "kind": item["kind"],
        "department": item["department"],
        "handled_at": item["handled_at"],
        "channel": item.get("channel", Channel.BOTH),
        "promised_days": item["promised_days"],
        "statutory_days": item.get("statutory_days"),
        "materials": [zh for zh, _ in materials],
        "conditions": conditions,
        "process": process,
        "bookable": item.get("bookable", False),
        "fee": fee,
        "translations": {
            "ug": {
                "name": name_ug,
                "materials": [ug for _, ug in materials],
                "conditions": conditions_ug,
                "process": process_ug,
                "fee": fee_ug,
            }
        },
    }


def catalogue_entries() -> list[dict]:
    entries = [
        (item["code"], _entry(item) | ITEM_RULES.get(item["code"], {}) | {"chain": chain_entry(item["code"])})
        for item in CATALOGUE
    ]
    for code, name, department, conditions in CONVENIENCE:
        entries.append(
            (
                code,
                _entry(
                    {
                        "name": name,
                        "kind": ItemKind.CONVENIENCE,
                        "department": department,
                        "handled_at": HandledAt.VILLAGE,
                        "promised_days": 3,
                        "conditions": conditions,
                        "process": CONVENIENCE_PROCESS,
                        "bookable": True,
                        "fee": CONVENIENCE_FEE,
                    }
                ),
            )
        )
    return entries


def catalogue_load() -> int:
    """Create the published items that do not exist yet; never overwrites an edited item."""
    created = 0
    with transaction.atomic():
        for code, values in catalogue_entries():
            _, was_created = ServiceItem.objects.get_or_create(code=code, defaults=values)
            created += was_created
    return created
