"""Government-purchased services: a project in the user's scope, its milestones, and an evaluation
whose grade writes the provider's credit line in the same transaction."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from shequ.feedback.models import CreditEntry, CreditKind
from shequ.purchases.models import PurchaseProject, TargetGroup
from shequ.purchases.services import evaluation_record, milestone_add, milestone_complete, purchase_project_create
from tests.factories import ProviderFactory

pytestmark = pytest.mark.django_db
SCORES = {"quantity": 28, "quality": 27, "satisfaction": 18, "funds": 10, "records": 9}  # 92


@pytest.fixture
def project(regions, users):
    provider = ProviderFactory(region=regions["652327100"], name="吉木萨尔镇社工站")
    return purchase_project_create(
        project=PurchaseProject(
            name="文化路社区居家养老服务",
            provider=provider,
            budget=Decimal("200000"),
            starts_on=date(2025, 1, 1),
            ends_on=date(2025, 12, 31),
            region=regions["652327100"],
            target_group=TargetGroup.ELDERLY,
        ),
        acting_user=users["township_jms"],
    )


def test_an_evaluation_grades_the_total_and_feeds_the_providers_credit(project, users):
    evaluation = evaluation_record(
        project=project, scores=SCORES, evaluated_on=date(2025, 12, 20), note="", acting_user=users["township_jms"]
    )
    assert (evaluation.total, evaluation.grade, evaluation.credit_points) == (92, "excellent", 5)
    [entry] = CreditEntry.objects.filter(provider_id=project.provider_id)
    assert (entry.kind, entry.points) == (CreditKind.EVALUATION, 5)


@pytest.mark.parametrize(("quality", "grade", "points"), [(30, "excellent", 5), (13, "good", 2), (0, "pass", 0)])
def test_the_grade_boundaries(project, users, quality, grade, points):
    scores = SCORES | {"quality": quality, "quantity": 30}  # totals 97, 80, 67
    evaluation = evaluation_record(
        project=project, scores=scores, evaluated_on=date(2025, 6, 1), note="", acting_user=users["county_admin"]
    )
    assert (evaluation.grade, evaluation.credit_points) == (grade, points)


def test_a_failing_evaluation_takes_credit_points(project, users):
    scores = {"quantity": 10, "quality": 10, "satisfaction": 10, "funds": 5, "records": 5}
    evaluation = evaluation_record(
        project=project, scores=scores, evaluated_on=date(2025, 6, 1), note="", acting_user=users["county_admin"]
    )
    assert evaluation.grade == "fail"
    assert CreditEntry.objects.get(provider_id=project.provider_id).points == -5


def test_a_score_above_its_maximum_writes_nothing(project, users):
    with pytest.raises(ValidationError) as invalid:
        evaluation_record(
            project=project,
            scores=SCORES | {"funds": 11},
            evaluated_on=date(2025, 6, 1),
            note="",
            acting_user=users["county_admin"],
        )
    assert "funds" in invalid.value.message_dict
    assert not CreditEntry.objects.exists() and not project.evaluations.exists()


def test_staff_outside_the_projects_region_neither_see_nor_change_it(project, users):
    assert not PurchaseProject.objects.for_user(users["township_xd"]).exists()
    assert PurchaseProject.objects.for_user(users["county_jy"]).exists()
    with pytest.raises(PermissionDenied):
        milestone_add(
            project=project, title="中期", due_on=date(2025, 6, 30), amount=None, acting_user=users["township_xd"]
        )
    with pytest.raises(PermissionDenied):  # a village worker reads
        milestone_add(
            project=project, title="中期", due_on=date(2025, 6, 30), amount=None, acting_user=users["worker_wenhualu"]
        )


def test_milestones_are_added_and_completed_once(project, users):
    milestone = milestone_add(
        project=project,
        title="中期支付",
        due_on=date(2025, 6, 30),
        amount=Decimal("80000"),
        acting_user=users["township_jms"],
    )
    milestone_complete(milestone=milestone, done_on=date(2025, 7, 1), acting_user=users["township_jms"])
    with pytest.raises(ValidationError):
        milestone_complete(milestone=milestone, done_on=date(2025, 7, 2), acting_user=users["township_jms"])
    with pytest.raises(ValidationError):
        milestone_add(
            project=project,
            title="超额",
            due_on=date(2025, 7, 1),
            amount=Decimal("300000"),
            acting_user=users["township_jms"],
        )


def test_a_project_needs_a_period_in_order(regions, users):
    with pytest.raises(ValidationError) as invalid:
        purchase_project_create(
            project=PurchaseProject(
                name="x",
                provider=ProviderFactory(region=regions["652327100"]),
                budget=Decimal("1"),
                starts_on=date(2025, 6, 1),
                ends_on=date(2025, 5, 1),
                region=regions["652327100"],
                target_group=TargetGroup.ALL,
            ),
            acting_user=users["county_admin"],
        )
    assert "ends_on" in invalid.value.message_dict


def test_pages_and_api(project, users, login):
    client = login(users["township_jms"])
    assert project.name in client.get("/work/purchases/").content.decode()
    answer = client.post(
        f"/work/purchases/{project.pk}/",
        {"form": "evaluation", "evaluated_on": "2025-12-20", **{key: str(value) for key, value in SCORES.items()}},
    )
    assert answer.status_code == 302
    assert "92" in client.get(f"/work/purchases/{project.pk}/").content.decode()
    body = client.get("/api/v1/purchase-projects/").json()
    assert body["results"][0]["evaluations"][0]["grade"] == "excellent"
    assert login(users["township_xd"]).get(f"/work/purchases/{project.pk}/").status_code == 404
