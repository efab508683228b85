"""The incident categories (two levels) as data: each leaf names its responsible department, where
it is handled by default and its time limit, in clock hours (safety cases run round the clock) or in
working days. Loaded by `categories_load()`; the county may edit them afterwards in the admin."""

from django.db import transaction

from shequ.accounts.models import Department
from shequ.incidents.models import Category, HandledAt, LimitUnit

D = Department
U, T, C = HandledAt.UNIT, HandledAt.TOWNSHIP, HandledAt.DEPARTMENT
H, W = LimitUnit.HOURS, LimitUnit.WORKDAYS

# (code, name, Uyghur name, [(code, name, Uyghur name, department, handled at, limit, unit, police)])
CATEGORIES = [
    (
        "01",
        "矛盾纠纷",
        "زىددىيەت-ماجىرا",
        [
            ("0101", "邻里纠纷", "قوشنىلار ماجىراسى", D.JUSTICE, U, 5, W, False),
            ("0102", "家庭婚姻纠纷", "ئائىلە-نىكاھ ماجىراسى", D.JUSTICE, U, 5, W, False),
            ("0103", "劳资纠纷", "ئىش ھەققى ماجىراسى", D.HUMAN_RESOURCES, C, 10, W, False),
        ],
    ),
    (
        "02",
        "安全隐患",
        "بىخەتەرلىك يوشۇرۇن خەۋپى",
        [
            ("0201", "房屋安全隐患", "ئۆي بىخەتەرلىك خەۋپى", D.HOUSING, C, 24, H, False),
            ("0202", "燃气安全隐患", "تەبىئىي گاز بىخەتەرلىك خەۋپى", D.EMERGENCY, C, 4, H, False),
            ("0203", "人员密集场所隐患", "ئادەم زىچ سورۇن خەۋپى", D.EMERGENCY, T, 24, H, False),
        ],
    ),
    (
        "03",
        "环境卫生",
        "مۇھىت تازىلىقى",
        [
            ("0301", "垃圾清运", "ئەخلەت توشۇش", D.HOUSING, U, 2, W, False),
            ("0302", "污水排放", "پاسكىنا سۇ قويۇپ بېرىش", D.HOUSING, C, 3, W, False),
        ],
    ),
    (
        "04",
        "设施损坏",
        "ئەسلىھە بۇزۇلۇشى",
        [
            ("0401", "路灯损坏", "كوچا چىرىغى بۇزۇلۇشى", D.HOUSING, U, 3, W, False),
            ("0402", "道路井盖损坏", "يول ۋە قۇدۇق قاپقىقى بۇزۇلۇشى", D.HOUSING, C, 24, H, False),
            ("0403", "供水供暖故障", "سۇ ۋە ئىسسىقلىق بىلەن تەمىنلەش چاتاقلىقى", D.HOUSING, C, 24, H, False),
        ],
    ),
    (
        "05",
        "治安",
        "جەمئىيەت ئامانلىقى",
        [
            ("0501", "治安问题", "ئامانلىق مەسىلىسى", D.PUBLIC_SECURITY, U, 24, H, True),
            ("0502", "可疑人员情况", "گۇمانلىق ئادەم ئەھۋالى", D.PUBLIC_SECURITY, U, 4, H, True),
        ],
    ),
    (
        "06",
        "消防",
        "ئوت ئۆچۈرۈش",
        [
            ("0601", "消防通道堵塞", "ئوت ئۆچۈرۈش يولى توسۇلۇشى", D.EMERGENCY, U, 24, H, False),
            ("0602", "消防设施缺损", "ئوت ئۆچۈرۈش ئەسلىھەسى كەمتۈك", D.EMERGENCY, C, 3, W, False),
        ],
    ),
    (
        "07",
        "民生诉求",
        "خەلق تۇرمۇشى تەلىپى",
        [
            ("0701", "社会救助诉求", "ئىجتىمائىي قۇتقۇزۇش تەلىپى", D.CIVIL_AFFAIRS, U, 5, W, False),
            ("0702", "养老服务诉求", "ياشانغانلار مۇلازىمىتى تەلىپى", D.CIVIL_AFFAIRS, U, 5, W, False),
        ],
    ),
    (
        "99",
        "其他",
        "باشقا",
        [
            ("9901", "其他事项", "باشقا ئىشلار", D.CIVIL_AFFAIRS, U, 5, W, False),
        ],
    ),
]


def categories_load() -> int:
    """Create the categories that do not exist yet (by code); returns how many were created.
    Existing ones are left as the county edited them."""
    created = 0
    with transaction.atomic():
        for order, (code, name, name_ug, children) in enumerate(CATEGORIES):
            parent, made = Category.objects.get_or_create(
                code=code, defaults={"name": name, "translations": {"ug": {"name": name_ug}}, "order": order}
            )
            created += made
            for child_order, (child, child_name, child_ug, department, at, limit, unit, police) in enumerate(children):
                _, made = Category.objects.get_or_create(
                    code=child,
                    defaults={
                        "parent": parent,
                        "name": child_name,
                        "translations": {"ug": {"name": child_ug}},
                        "department": department,
                        "handled_at": at,
                        "time_limit": limit,
                        "time_limit_unit": unit,
                        "police": police,
                        "order": child_order,
                    },
                )
                created += made
    return created
