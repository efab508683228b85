"""The safety checklist of crowded places, as data: loaded (and brought up to date by code) from
this table; the county administrator may add items in the admin."""

from shequ.grids.models import ChecklistItem, PlaceKind

K = PlaceKind
# code, text, Uyghur, the kinds of place it applies to (empty: all)
CHECKLIST = [
    ("01", "安全出口、疏散通道畅通", "بىخەتەرلىك چىقىش ئېغىزى ۋە تارقىلىش يولى راۋان", []),
    ("02", "灭火器材齐全有效", "ئوت ئۆچۈرگۈچ ئەسلىھەلىرى تولۇق ۋە ئۈنۈملۈك", []),
    ("03", "应急照明和疏散指示完好", "جىددىي يورۇتۇش ۋە تارقىلىش بەلگىلىرى جايىدا", []),
    ("04", "电气线路无私拉乱接", "ئېلېكتر لىنىيەسى ئىختىيارىي ئۇلانمىغان", []),
    ("05", "燃气设施安全", "تەبىئىي گاز ئەسلىھەلىرى بىخەتەر", [K.MARKET, K.SCHOOL, K.SHOP]),
    ("06", "人员容量不超限", "ئادەم سىغىمى ھەددىدىن ئاشمىغان", [K.HALL, K.MARKET, K.SHOP]),
    ("07", "安保人员在岗", "ئامانلىق خادىملىرى خىزمەت ئورنىدا", [K.SCHOOL, K.CLINIC]),
]


def checklist_load() -> int:
    """Create or update the items of the table; returns how many were created."""
    created = 0
    for order, (code, text, uyghur, kinds) in enumerate(CHECKLIST, start=1):
        _, new = ChecklistItem.objects.update_or_create(
            code=code,
            defaults={
                "text": text,
                "translations": {"ug": uyghur},
                "kinds": [str(kind) for kind in kinds],
                "order": order,
            },
        )
        created += new
    return created
