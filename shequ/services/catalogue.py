"""The service catalogue the seed plan names (tasks 3, 4 and 7), as the county publishes it: 政务服务
事项 moved down to village and township stations, and 便民服务 booked from providers."""

from django.db import transaction

from shequ.accounts.models import Department
from shequ.services.models import Channel, HandledAt, ItemKind, ServiceItem

ID_CARD = ("居民身份证", "كىملىك")
HOUSEHOLD_BOOK = ("户口簿", "نوپۇس دەپتىرى")
BANK_CARD = ("本人社会保障卡或银行卡", "ئىجتىمائىي كاپالەت كارتىسى ياكى بانكا كارتىسى")
PHOTO = ("近期一寸免冠照片", "يېقىنقى بىر دىيۈملۈك رەسىم")

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
        "conditions": "本县户籍、年满80周岁的老年人。",
        "process": "村（社区）受理 → 乡镇审核 → 县民政局审批 → 按月发放。",
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
        "conditions": "经济困难的失能、高龄、独居老年人。",
        "process": "村（社区）初审 → 乡镇审核 → 县民政局审批。",
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
        "conditions": "共同生活的家庭成员人均收入低于当地低保标准，且家庭财产符合规定。",
        "process": "申请 → 乡镇受理 → 家庭经济状况调查 → 民主评议 → 公示 → 县民政局审批。",
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
        "conditions": "因急难事件或支出型困难导致基本生活暂时出现严重困难的家庭或个人。",
        "process": "申请 → 乡镇受理审核（急难型可先行救助）→ 审批发放。",
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
        "conditions": "困难残疾人生活补贴：低保家庭中的残疾人；重度残疾人护理补贴：残疾等级为一、二级的残疾人。",
        "process": "村（社区）受理 → 乡镇初审 → 县残联、民政局审核 → 发放。",
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
        "conditions": "本县户籍居民，因办事需要开具户籍信息证明。",
        "process": "窗口核验身份 → 开具证明。",
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
        "conditions": "法定劳动年龄内、有劳动能力和就业要求的城乡劳动者。",
        "process": "提交申请 → 村（社区）或乡镇核实 → 登记。",
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
        "conditions": "户籍在本县的退役军人和其他优抚对象。",
        "process": "乡镇退役军人服务站受理 → 县退役军人事务局审核 → 制证发放。",
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
        "conditions": "未参加职工医保的城乡居民。",
        "process": "提交信息 → 核验 → 登记参保。",
    },
]

CONVENIENCE = [
    (
        "BM-SMWX",
        ("上门维修", "ئۆيگە كېلىپ رېمونت قىلىش"),
        Department.HOUSING,
        "水电、门窗、管道等小型维修，材料费按实收取。",
    ),
    (
        "BM-JZFW",
        ("家政服务", "ئائىلە مۇلازىمىتى"),
        Department.COMMERCE,
        "保洁、做饭、照护等家政服务，按服务机构公示价格收费。",
    ),
    ("BM-ZC", ("助餐服务", "تاماق مۇلازىمىتى"), Department.CIVIL_AFFAIRS, "为老年人提供社区食堂就餐或送餐上门。"),
    ("BM-ZY", ("助浴服务", "يۇيۇنۇش مۇلازىمىتى"), Department.CIVIL_AFFAIRS, "为失能、半失能老年人提供上门或到站助浴。"),
    (
        "BM-SMTJ",
        ("上门体检", "ئۆيگە كېلىپ سالامەتلىك تەكشۈرۈش"),
        Department.HEALTH,
        "家庭医生签约服务对象的上门健康检查。",
    ),
    ("BM-TYZX", ("托育咨询", "بالا تەربىيىلەش مەسلىھەتى"), Department.HEALTH, "3岁以下婴幼儿照护和早期发展咨询。"),
    ("BM-XLZX", ("心理咨询", "پىسخىك مەسلىھەت"), Department.HEALTH, "社会工作室和专业机构提供的心理疏导。"),
]


def _entry(item: dict) -> dict:
    name, name_ug = item["name"]
    materials = item.get("materials", [])
    return {
        "name": name,
        "kind": item["kind"],
        "department": item["department"],
        "handled_at": item["handled_at"],
        "channel": item.get("channel", Channel.BOTH),
        "promised_days": item["promised_days"],
        "statutory_days": item.get("statutory_days"),
        "materials": [zh for zh, _ in materials],
        "conditions": item.get("conditions", ""),
        "process": item.get("process", ""),
        "bookable": item.get("bookable", False),
        "fee": item.get("fee", "免费"),
        "translations": {"ug": {"name": name_ug, "materials": [ug for _, ug in materials]}},
    }


def catalogue_entries() -> list[dict]:
    entries = [(item["code"], _entry(item)) for item in CATALOGUE]
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
                        "process": "预约时段 → 服务人员上门或到站服务 → 评价。",
                        "bookable": True,
                        "fee": "按服务机构公示价格",
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
