"""A department sees and reports its own items, a township its own, 民政局 all; the same through the
API, the pages, major matters and responsibility lists."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from shequ.plantasks.models import MajorMatter, ProgressReport, WorkItem
from shequ.plantasks.selectors import list_versions, own_items
from shequ.plantasks.services import (
    MatterData,
    ReportData,
    major_matter_report,
    progress_report_save,
    responsibility_version_add,
)
from tests.factories import png_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def items(make_item):
    return {
        "zzb": make_item(department="zzb"),
        "mzj": make_item(department="mzj"),
        "jms": make_item(township="652327100"),
        "xd": make_item(township="652327205"),
    }


def _seen(model, user):
    return set(model.objects.for_user(user).values_list("pk", flat=True))


def test_each_party_sees_its_own_and_civil_affairs_all(items, plan_users):
    pk = {key: item.pk for key, item in items.items()}
    assert _seen(WorkItem, plan_users["county_zzb"]) == {pk["zzb"]}
    assert _seen(WorkItem, plan_users["township_jms"]) == {pk["jms"]}
    assert _seen(WorkItem, plan_users["county_mz"]) == set(pk.values())
    assert _seen(WorkItem, plan_users["county_admin"]) == set(pk.values())
    assert _seen(WorkItem, plan_users["county_jy"]) == set()
    assert _seen(WorkItem, plan_users["worker_wenhualu"]) == set()
    assert [item.pk for item in own_items(user=plan_users["county_mz"], year=2026)] == [pk["mzj"]]


def test_a_township_reports_its_own_item_only(items, plan_users):
    progress_report_save(
        item=items["jms"], period_index=1, data=ReportData("进展"), acting_user=plan_users["township_jms"]
    )
    with pytest.raises(PermissionDenied):
        progress_report_save(
            item=items["xd"], period_index=1, data=ReportData("进展"), acting_user=plan_users["township_jms"]
        )
    assert _seen(ProgressReport, plan_users["township_xd"]) == set()


def test_the_api_lists_only_the_users_rows(items, plan_users, client):
    client.force_login(plan_users["township_jms"])
    rows = client.get("/api/v1/plan-work-items/?year=2026").json()["results"]
    assert [row["id"] for row in rows] == [items["jms"].pk] and rows[0]["township"] == "652327100"
    assert client.get(f"/api/v1/plan-work-items/{items['xd'].pk}/").status_code == 404
    assert len(client.get("/api/v1/plan-tasks/").json()["results"]) == 15


def test_another_partys_item_page_is_not_found(items, plan_users, login):
    assert login(plan_users["county_zzb"]).get(f"/work/plan-tasks/items/{items['mzj'].pk}/").status_code == 404
    assert login(plan_users["county_mz"]).get(f"/work/plan-tasks/items/{items['zzb'].pk}/").status_code == 200


def test_major_matters_go_up_to_civil_affairs(plan_users):
    matter = major_matter_report(
        data=MatterData("社区服务中心火灾隐患", "消防通道堵塞，已责令整改", date(2026, 3, 1)),
        acting_user=plan_users["township_jms"],
    )
    assert matter.township.code == "652327100" and matter.scope_code == "652327100"
    assert _seen(MajorMatter, plan_users["county_mz"]) == {matter.pk}
    assert _seen(MajorMatter, plan_users["township_xd"]) == set()
    assert _seen(MajorMatter, plan_users["county_jy"]) == set()
    with pytest.raises(PermissionDenied):
        major_matter_report(data=MatterData("x", "y", date(2026, 3, 1)), acting_user=plan_users["worker_wenhualu"])


def test_responsibility_list_versions_supersede_each_other(plan_users, regions):
    def upload(name):
        return SimpleUploadedFile(name, png_bytes(), content_type="image/png")

    unit = regions["652327100003"]
    first = responsibility_version_add(
        region=unit,
        upload=upload("2024版.png"),
        effective_on=date(2024, 1, 1),
        note="",
        acting_user=plan_users["township_jms"],
    )
    second = responsibility_version_add(
        region=unit,
        upload=upload("2026版.png"),
        effective_on=date(2026, 1, 1),
        note="",
        acting_user=plan_users["worker_wenhualu"],
    )
    rows = list_versions(listing=first.responsibility_list, today=date(2026, 6, 1))
    assert [(row.version.pk, row.superseded_on, row.current) for row in rows] == [
        (first.pk, date(2026, 1, 1), False),
        (second.pk, None, True),
    ]
    with pytest.raises(PermissionDenied):
        responsibility_version_add(
            region=unit,
            upload=upload("x.png"),
            effective_on=date(2027, 1, 1),
            note="",
            acting_user=plan_users["township_xd"],
        )
