"""The dispute types of people's mediation and the kinds of publicity activity, as data (the county
may add to them in the admin afterwards). Loaded by `catalogues_load()`; idempotent."""

from django.db import transaction

from shequ.mediation.models import DisputeType, PublicityKind

# (code, name, Uyghur name)
DISPUTE_TYPES = [
    ("neighbour", "邻里纠纷", "قوشنىلار ماجىراسى"),
    ("family", "婚姻家庭纠纷", "نىكاھ-ئائىلە ماجىراسى"),
    ("land", "土地承包纠纷", "يەر ھۆددىگەرلىك ماجىراسى"),
    ("labour", "劳务纠纷", "ئەمگەك ماجىراسى"),
    ("property", "物业纠纷", "مۈلۈك باشقۇرۇش ماجىراسى"),
    ("damages", "损害赔偿纠纷", "زىيان تۆلەش ماجىراسى"),
    ("other", "其他纠纷", "باشقا ماجىرالار"),
]

PUBLICITY_KINDS = [
    ("law", "普法宣传", "قانۇن تەشۋىقاتى"),
    ("anti_cult", "反邪教宣传", "ئەسەبىي دىنغا قارشى تەشۋىقات"),
    ("anti_drug", "禁毒宣传", "زەھەرلىك چېكىملىككە قارشى تەشۋىقات"),
    ("anti_fraud", "反诈骗宣传", "ئالدامچىلىققا قارشى تەشۋىقات"),
    ("safety", "安全生产宣传", "بىخەتەر ئىشلەپچىقىرىش تەشۋىقاتى"),
    ("other", "其他宣传", "باشقا تەشۋىقات"),
]


def catalogues_load() -> dict[str, int]:
    """Create the entries that do not exist yet; an entry the county edited is left as it is."""
    created = {"dispute_types": 0, "publicity_kinds": 0}
    with transaction.atomic():
        for key, model, rows in (
            ("dispute_types", DisputeType, DISPUTE_TYPES),
            ("publicity_kinds", PublicityKind, PUBLICITY_KINDS),
        ):
            for order, (code, name, name_ug) in enumerate(rows):
                _row, made = model.objects.get_or_create(
                    code=code, defaults={"name": name, "translations": {"ug": {"name": name_ug}}, "order": order}
                )
                created[key] += made
    return created
