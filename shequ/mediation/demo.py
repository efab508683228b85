"""Demo people's mediation and legal services: advisers for every unit of the county but one (the
page flags it), consultations, publicity activities this year and last, and a few mediation cases in
文化路社区 in every state, one handed over from a dispute incident. Written once: skipped when any
case exists."""

import random
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from shequ.accounts.models import Role, User
from shequ.incidents.models import Incident
from shequ.mediation.catalogue import catalogues_load
from shequ.mediation.models import (
    DisputeType,
    LegalAdviser,
    LegalConsultation,
    MediationCase,
    PublicityActivity,
    PublicityKind,
)
from shequ.mediation.services import (
    PartyData,
    mediation_case_create,
    mediation_case_from_incident,
    mediation_case_transition,
    mediation_session_record,
)
from shequ.mediation.workflow import Status
from shequ.regions.codes import Level
from shequ.regions.models import Region

WENHUALU = "652327100003"
# The unit left without an adviser, so that the advisers page has one to flag.
WITHOUT_ADVISER = "652327205209"
FIRMS = ["新疆天山律师事务所", "昌吉正衡律师事务所", "吉木萨尔县法律援助中心"]
SURNAMES = "王李张刘陈杨马赵周吴"
# (dispute type, summary, the steps after 受理 with their notes)
CASES = [
    ("neighbour", "楼上住户装修噪音影响邻居休息", []),
    ("property", "小区停车位分配引发业主与物业矛盾", [(Status.MEDIATING, "")]),
    ("family", "赡养老人费用分担纠纷", [(Status.MEDIATING, ""), (Status.AGREED, "三兄弟按月分担赡养费")]),
    (
        "labour",
        "装修工人工钱结算纠纷",
        [(Status.MEDIATING, ""), (Status.AGREED, "雇主分两次付清"), (Status.FULFILLED, "已按协议付清")],
    ),
    ("land", "承包地边界纠纷", [(Status.MEDIATING, ""), (Status.FAILED, "双方分歧较大，引导通过诉讼解决")]),
    ("other", "借款纠纷", [(Status.TERMINATED, "申请人撤回调解申请")]),
]


def mediation_seed(*, county: str, seed: int) -> dict:
    catalogues_load()
    if MediationCase.objects.exists():
        return {"mediation_cases": 0, "legal_advisers": 0, "publicity_activities": 0}
    actor = User.objects.filter(role=Role.COUNTY_ADMIN, is_active=True).order_by("id").first()
    if actor is None:
        return {"mediation_cases": 0, "legal_advisers": 0, "publicity_activities": 0}
    rng = random.Random(seed)
    today = timezone.localdate()
    units = list(Region.objects.filter(code__startswith=county, level=Level.VILLAGE).order_by("code"))
    with transaction.atomic():
        advisers = _advisers_seed(units, rng, today)
        consultations = _consultations_seed(advisers, actor, rng, today)
        activities = _publicity_seed(units, actor, rng, today)
        cases = _cases_seed(actor, rng, today)
    return {
        "mediation_cases": cases,
        "legal_advisers": len(advisers),
        "legal_consultations": consultations,
        "publicity_activities": activities,
    }


def _advisers_seed(units: list[Region], rng: random.Random, today: date) -> list[LegalAdviser]:
    rows = [
        LegalAdviser(
            unit=unit,
            scope_code=unit.code,
            name=f"{rng.choice(SURNAMES)}律师",
            law_firm=rng.choice(FIRMS),
            phone=f"0994-{rng.randint(6000000, 6999999)}",
            term_start=date(today.year, 1, 1),
            term_end=date(today.year + 1, 12, 31),
        )
        for unit in units
        if unit.code != WITHOUT_ADVISER
    ]
    return LegalAdviser.objects.bulk_create(rows)


def _consultations_seed(advisers: list[LegalAdviser], actor: User, rng: random.Random, today: date) -> int:
    questions = [
        ("租房押金不退怎么办", "保留租赁合同和转账记录，先协商，不成可申请人民调解或起诉"),
        ("老人遗嘱如何订立才有效", "可自书、代书或公证，代书需两名无利害关系的见证人"),
        ("工伤如何申请认定", "事故发生之日起一年内向人社部门申请工伤认定"),
    ]
    rows = []
    for adviser in advisers[:20]:
        question, advice = rng.choice(questions)
        rows.append(
            LegalConsultation(
                unit_id=adviser.unit_id,
                scope_code=adviser.scope_code,
                adviser=adviser,
                asked_on=max(today - timedelta(days=rng.randint(1, 60)), adviser.term_start),
                question=question,
                advice=advice,
                recorded_by=actor,
            )
        )
    return len(LegalConsultation.objects.bulk_create(rows))


def _publicity_seed(units: list[Region], actor: User, rng: random.Random, today: date) -> int:
    kinds = list(PublicityKind.objects.filter(active=True))
    titles = {"law": "宪法宣传进社区", "anti_cult": "崇尚科学 反对邪教", "anti_drug": "珍爱生命 远离毒品"}
    rows = []
    for unit in units[::3]:
        for year in (today.year - 1, today.year):
            kind = rng.choice(kinds)
            held_on = min(date(year, rng.randint(1, 12), rng.randint(1, 28)), today)
            rows.append(
                PublicityActivity(
                    unit=unit,
                    scope_code=unit.code,
                    kind=kind,
                    title=titles.get(kind.code, kind.name),
                    held_on=held_on,
                    place=f"{unit.short_name}党群服务中心",
                    audience="辖区居民",
                    attendance=rng.randint(20, 150),
                    recorded_by=actor,
                )
            )
    return len(PublicityActivity.objects.bulk_create(rows))


def _cases_seed(actor: User, rng: random.Random, today: date) -> int:
    unit = Region.objects.filter(code=WENHUALU).first()
    if unit is None:
        return 0
    types = {entry.code: entry for entry in DisputeType.objects.all()}
    count = 0
    for number, (type_code, summary, steps) in enumerate(CASES):
        accepted_on = today - timedelta(days=30 - number * 4)
        case = mediation_case_create(
            unit=unit,
            dispute_type=types[type_code],
            summary=summary,
            mediator_name="文化路社区人民调解委员会 王调解员",
            parties=[
                PartyData(
                    role="applicant", name=f"{rng.choice(SURNAMES)}建国", phone=f"138{rng.randint(10000000, 99999999)}"
                ),
                PartyData(role="respondent", name=f"{rng.choice(SURNAMES)}秀英", phone=""),
            ],
            accepted_on=accepted_on,
            acting_user=actor,
        )
        for to, note in steps:
            if to == Status.MEDIATING:
                case = mediation_case_transition(case=case, to=to, acting_user=actor)
                mediation_session_record(
                    case=case,
                    held_on=accepted_on + timedelta(days=1),
                    place="社区调解室",
                    notes="双方陈述意见",
                    acting_user=actor,
                )
            else:
                case = mediation_case_transition(case=case, to=to, note=note, acting_user=actor)
        count += 1
    incident = (
        Incident.objects.filter(category__parent__code="01", mediation_case__isnull=True)
        .select_related("category__parent", "region")
        .order_by("id")
        .first()
    )
    if incident is not None:
        mediation_case_from_incident(
            incident=incident, dispute_type=types["neighbour"], mediator_name="人民调解委员会 调解员", acting_user=actor
        )
        count += 1
    return count
