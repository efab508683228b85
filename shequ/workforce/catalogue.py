"""The lists and tables the workforce registry is configured with, shipped as defaults.

Loaded by a data migration (and idempotently by `catalogue_load`) and edited in the admin afterwards,
so another county can use its own sequence and pay. The grade sequence is the one the issue states
(三岗十八级: 正职 7–18, 副职 4–15, 其他 1–12; a grade per full 3 years; education as extra years;
social-work qualifications as extra grades). The salary table, the staffing standards, the
competency items and the review departments are defaults the county confirms (README).
"""

from decimal import Decimal

from django.utils.translation import gettext_noop

# post, start grade, max grade, years per grade
POST_GRADES = [("principal", 7, 18, 3), ("deputy", 4, 15, 3), ("other", 1, 12, 3)]
# code, name, extra years of service
EDUCATIONS = [
    ("secondary", gettext_noop("高中（中专）及以下"), 0),
    ("college", gettext_noop("大专"), 0),
    ("bachelor", gettext_noop("本科"), 3),
    ("master", gettext_noop("硕士研究生"), 5),
    ("doctor", gettext_noop("博士研究生"), 7),
]
# code, name, extra grades
QUALIFICATIONS = [
    ("assistant", gettext_noop("助理社会工作师"), 1),
    ("social_worker", gettext_noop("社会工作师"), 2),
    ("senior", gettext_noop("高级社会工作师"), 3),
]
# grade → monthly pay (yuan): a default of 3,000 for grade 1 and 150 a grade.
SALARY = [(grade, Decimal(3000 + 150 * (grade - 1))) for grade in range(1, 19)]
# unit kind (regions.Kind), basis, one worker per, minimum — the plan's target of 25 workers per
# 10,000 urban residents is one per 400 residents.
STAFFING = [("community", "residents", 400, 5), ("village", "households", 150, 3)]
# code, name, the accounts' department (accounts.Department) whose staff confirm its line; "" for a
# department with no accounts on the platform (the county administrator enters its paper reply).
REVIEW_DEPARTMENTS = [
    ("organisation", gettext_noop("县委组织部"), "zzb"),
    ("discipline", gettext_noop("县纪委监委"), ""),
    ("political_legal", gettext_noop("县委政法委"), ""),
    ("united_front", gettext_noop("县委统战部"), ""),
    ("police", gettext_noop("县公安局"), "gaj"),
    ("procuratorate", gettext_noop("县人民检察院"), ""),
    ("court", gettext_noop("县人民法院"), ""),
    ("civil_affairs", gettext_noop("县民政局"), "mzj"),
    ("petitions", gettext_noop("县信访局"), ""),
]
COMPETENCIES = [
    ("party_building", gettext_noop("党建引领与群众工作")),
    ("ethnic_religious", gettext_noop("民族宗教政策法规")),
    ("policy_services", gettext_noop("政策法规与政务服务")),
    ("social_work", gettext_noop("社会工作专业方法")),
    ("digital", gettext_noop("信息化应用")),
    ("emergency", gettext_noop("安全与应急处置")),
    ("mediation", gettext_noop("矛盾纠纷调解")),
]


def catalogue_load(apps=None) -> int:
    """Create the rows that are missing; rows already there (perhaps edited) stay."""
    from django.apps import apps as installed

    apps = apps or installed

    def model(name):
        return apps.get_model("workforce", name)

    created = 0
    for post, start, top, years in POST_GRADES:
        created += model("PostGrade").objects.get_or_create(
            post=post, defaults={"start_grade": start, "max_grade": top, "years_per_grade": years}
        )[1]
    for order, (code, name, years) in enumerate(EDUCATIONS):
        created += model("Education").objects.get_or_create(
            code=code, defaults={"name": name, "order": order, "extra_years": years}
        )[1]
    for order, (code, name, grades) in enumerate(QUALIFICATIONS):
        created += model("Qualification").objects.get_or_create(
            code=code, defaults={"name": name, "order": order, "extra_grades": grades}
        )[1]
    for grade, pay in SALARY:
        created += model("SalaryStep").objects.get_or_create(grade=grade, defaults={"monthly_pay": pay})[1]
    for kind, basis, per, minimum in STAFFING:
        created += model("StaffingStandard").objects.get_or_create(
            unit_kind=kind, defaults={"basis": basis, "per": per, "minimum": minimum}
        )[1]
    departments = model("ReviewDepartment")
    # Migration 0002 loads the rows before 0003 adds the departments' accounts (and sets them).
    with_accounts = any(field.name == "account_department" for field in departments._meta.get_fields())
    for order, (code, label, department) in enumerate(REVIEW_DEPARTMENTS):
        defaults = {"name": label, "order": order} | ({"account_department": department} if with_accounts else {})
        created += departments.objects.get_or_create(code=code, defaults=defaults)[1]
    for order, (code, label) in enumerate(COMPETENCIES):
        created += model("CompetencyItem").objects.get_or_create(code=code, defaults={"name": label, "order": order})[1]
    return created
