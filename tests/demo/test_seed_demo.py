import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from shequ.accounts.models import SignUp, User
from shequ.benefits.models import Benefit, BenefitRate
from shequ.participation.models import Question
from shequ.participation.selectors import policy_search
from shequ.plantasks.models import EnteredScore, MajorMatter, ProgressReport, ResponsibilityListVersion
from shequ.regions.models import Region
from shequ.residents.id_numbers import id_number_parse
from shequ.residents.models import Person
from shequ.specialcare.groups import Group
from shequ.specialcare.models import CareRecord


@pytest.mark.slow
@pytest.mark.django_db
def test_demo_county_loads_once_with_working_accounts(settings):
    settings.DEBUG = True
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo")
    persons = Person.objects.count()
    call_command("seed_demo")
    assert Person.objects.count() == persons and 2000 <= persons <= 6000

    units = Region.objects.filter(level="village")
    total = sum(unit.resident_population for unit in units)
    urban = sum(unit.urban_resident_population for unit in units)
    assert 120_000 <= total <= 160_000 and 0.4 <= urban / total <= 0.6
    assert all(unit.resident_population_on for unit in units)

    for person in Person.objects.order_by("?")[:200]:
        assert id_number_parse(person.id_number, expected_gender=person.gender).birth_date == person.birth_date

    expected = {
        "admin": None,
        "county_mz": "652327",
        "township_jms": "652327100",
        "worker_wenhualu": "652327100003",
        "worker_xindi": "652327205209",
        "grid_wenhualu": "652327100003001",
        "resident_demo": "652327100003",
        "resident_demo2": "652327100003",
        "care_wenhualu": "652327100003",
    }
    for username, region in expected.items():
        user = User.objects.get(username=username)
        assert region is None or user.region.code == region
        response = Client().post("/accounts/login/", {"username": username, "password": settings.DEMO_PASSWORD})
        assert response.status_code == 302, username
    assert User.objects.get(username="admin").is_superuser
    # The admin is for administrators: no demo worker or staff account is `is_staff`.
    assert set(User.objects.filter(is_staff=True).values_list("username", flat=True)) == {"admin"}
    assert User.objects.get(username="resident_demo").person.region.code == "652327100003"
    assert "演示数据" in Client().get("/").content.decode()
    # Residents who signed up on the portal: three verified, two waiting for their unit's worker.
    statuses = sorted(SignUp.objects.values_list("status", flat=True))
    assert statuses == ["pending", "pending", "verified", "verified", "verified"]
    assert (
        Client().post("/accounts/login/", {"username": "19900000001", "password": settings.DEMO_PASSWORD}).status_code
        == 302
    )
    # Benefits in payment, one suspended after a recorded death; the demo amounts say they are demo.
    assert Benefit.objects.filter(status="active").count() >= 2
    assert Benefit.objects.get(status="suspended").person.died_on is not None
    assert BenefitRate.objects.filter(is_demo=False).count() == 0
    # Two adults of one household have accounts (the household vote's second voter).
    first, second = (User.objects.get(username=name).person for name in ("resident_demo", "resident_demo2"))
    assert first.household_id == second.household_id and second.age >= 18
    # Community life: a searchable policy library, the notices on resident_demo's portal, questions.
    assert policy_search(query="低保") and policy_search(query="dibao")
    resident = Client()
    resident.force_login(first.account)
    assert "冬季取暖安全提示" in resident.get("/").content.decode()
    assert set(Question.objects.values_list("status", flat=True)) == {"asked", "answered"}
    # Special-group care: care_wenhualu's duty covers every group of 文化路社区, one visit overdue;
    # the unit's other worker sees none of it.
    care = CareRecord.objects.for_user(User.objects.get(username="care_wenhualu"))
    assert set(care.values_list("group", flat=True)) == set(Group.values)
    assert care.filter(next_visit_due__lt=timezone.localdate()).count() == 1
    assert not CareRecord.objects.for_user(User.objects.get(username="worker_wenhualu")).exists()
    assert CareRecord.objects.exclude(scope_code__startswith="652327100003").count() == 1
    # The task matrix: 2026 reports in every state, overdue periods, a major matter being handled,
    # a responsibility list in two versions, and the 2025 scoring sheet with reviewers' scores.
    assert set(ProgressReport.objects.filter(item__year=2026).values_list("status", flat=True)) == {
        "draft",
        "submitted",
        "accepted",
        "returned",
    }
    assert not ProgressReport.objects.filter(item__township__code="652327205").exists()  # 新地乡: overdue
    assert MajorMatter.objects.get().status == "handling"
    assert ResponsibilityListVersion.objects.filter(responsibility_list__region__code="652327100").count() == 2
    assert EnteredScore.objects.filter(year=2025).count() == 4
    assert (
        Client().post("/accounts/login/", {"username": "county_zzb", "password": settings.DEMO_PASSWORD}).status_code
        == 302
    )


@pytest.mark.django_db
def test_demo_accounts_are_refused_in_production_without_force(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--force"):
        call_command("seed_demo")
    assert not User.objects.exists()
