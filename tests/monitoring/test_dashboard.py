"""The overview's tiles, charts and service figures, the 大屏, the forms for targets and baselines,
and the open data's cache."""

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client

from shequ.core.events import DomainEvent
from shequ.incidents.catalogue import categories_load
from shequ.monitoring import api
from shequ.monitoring.catalogue import plan_14_load
from shequ.monitoring.models import Baseline, IndicatorTarget, PlanVersion, SnapshotKind
from shequ.monitoring.services import snapshot_freeze, snapshot_take
from tests.factories import FINISHED, ApplicationFactory, IncidentFactory, RatingFactory

COUNTY_PAGE = "/work/monitoring/652327/?plan=jimsar-14"


@pytest.fixture
def plan14(regions):
    plan_14_load()
    return PlanVersion.objects.get(code="jimsar-14")


@pytest.fixture
def plan15(regions):
    return PlanVersion.objects.create(
        code="jimsar-15", name="十五五", issuer="县政府", region_code="652327", first_year=2026, last_year=2030
    )


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["zh-hans", "ug"])
def test_the_overview_has_tiles_with_a_trend_line_and_chart_data_beside_its_tables(plan14, users, login, language):
    snapshot_take(plan=plan14, on=date(2023, 12, 31), kind=SnapshotKind.YEAR_END)
    snapshot_take(plan=plan14, on=date(2024, 12, 31), kind=SnapshotKind.YEAR_END)
    client = login(users["county_mz"])
    client.cookies["django_language"] = language
    page = client.get(COUNTY_PAGE).content.decode()
    assert page.count('<li class="tile') == 10
    assert '<svg class="sparkline"' in page
    assert 'id="monitoring-charts" type="application/json"' in page
    assert 'data-chart="ranked"' in page and 'data-chart="trend"' in page
    assert "vendor/echarts/echarts.common.min.js" in page
    # The same figures as tables, for a page without JavaScript.
    assert "<table" in page and "652327100/" in page


@pytest.mark.django_db
def test_the_overview_counts_applications_ratings_and_incidents_and_names_what_does_not_exist_yet(
    plan14, users, login, residents
):
    categories_load()
    worker = users["worker_wenhualu"]
    ApplicationFactory(applicant=residents["zhangsan"], acting_user=worker)
    finished = ApplicationFactory(applicant=residents["zhangsan"], acting_user=worker, worker=worker, steps=FINISHED)
    RatingFactory(target=finished, level=1, acting_user=users["resident"])
    IncidentFactory(acting_user=users["resident"])
    client = login(users["county_mz"])
    services = client.get(COUNTY_PAGE).context["services"]
    assert services["applications"]["open"] == 1
    assert services["applications"]["completed"] == 1 and services["applications"]["on_time"] == 1
    assert (services["ratings"]["total"], services["ratings"]["bad"]) == (1, 1)
    assert services["incidents"]["open"] == 1 and services["incidents"]["overdue"] == 0
    page = client.get(COUNTY_PAGE).content.decode()
    assert page.count("尚未上线") == 2  # warnings and volunteers: not a false 0
    # A township sees its own only: 新地乡 has none of these.
    assert client.get("/work/monitoring/652327205/?plan=jimsar-14").context["services"]["applications"]["open"] == 0


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["zh-hans", "ug"])
def test_the_wall_screen_refreshes_itself_in_place(plan14, users, login, language):
    client = login(users["county_mz"])
    client.cookies["django_language"] = language
    response = client.get("/work/monitoring/652327/screen/?plan=jimsar-14")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'hx-trigger="every 300s"' in page
    assert page.count('<li class="tile') == 10
    assert ('dir="rtl"' in page) == (language == "ug")


@pytest.mark.django_db
def test_the_civil_affairs_bureau_sets_a_target_of_the_next_plan_audited(plan15, users, login):
    client = login(users["county_mz"])
    form = {"form": "target", "target-indicator": "workers_per_10k_urban", "target-target": "28"}
    response = client.post("/work/monitoring/plans/jimsar-15/", form | {"target-comparison": "gt"})
    assert response.status_code == 302
    target = IndicatorTarget.objects.get(plan=plan15, indicator="workers_per_10k_urban")
    assert (target.target, target.comparison, target.is_example) == (Decimal("28"), "gt", False)
    assert DomainEvent.objects.filter(verb="indicator_target.saved", actor=users["county_mz"]).exists()


@pytest.mark.django_db
def test_a_bad_target_comes_back_with_what_was_typed(plan15, users, login):
    form = {"form": "target", "target-indicator": "day_care_coverage", "target-target": "-5", "target-note": "县定"}
    response = login(users["county_mz"]).post("/work/monitoring/plans/jimsar-15/", form | {"target-comparison": "gte"})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'value="-5"' in page and 'value="县定"' in page
    assert not IndicatorTarget.objects.filter(plan=plan15).exists()


@pytest.mark.django_db
def test_a_baseline_needs_its_source_and_keeps_the_input(plan14, users, login):
    client = login(users["county_admin"])
    form = {"form": "baseline", "baseline-indicator": "facility_coverage", "baseline-value": "62.5"}
    form |= {"baseline-as_of": "2020-12-31", "baseline-source": "  "}
    refused = client.post("/work/monitoring/plans/jimsar-14/", form)
    assert refused.status_code == 400
    assert "请填写基期值的来源" in refused.content.decode() and 'value="62.5"' in refused.content.decode()
    saved = client.post("/work/monitoring/plans/jimsar-14/", form | {"baseline-source": "2020年统计公报"})
    assert saved.status_code == 302
    baseline = Baseline.objects.get(plan=plan14, indicator="facility_coverage")
    assert (baseline.value, baseline.source, baseline.region_code) == (Decimal("62.5"), "2020年统计公报", "652327")


@pytest.mark.django_db
def test_only_the_administrator_and_civil_affairs_edit_and_a_frozen_plan_keeps_its_targets(plan14, users, login):
    form = {"form": "target", "target-indicator": "facility_coverage", "target-target": "90"}
    form |= {"target-comparison": "gte"}
    assert login(users["county_jy"]).post("/work/monitoring/plans/jimsar-14/", form).status_code == 403
    assert login(users["township_jms"]).get("/work/monitoring/plans/jimsar-14/").status_code == 404
    final = snapshot_take(plan=plan14, on=date(2025, 12, 31), kind=SnapshotKind.YEAR_END)
    snapshot_freeze(snapshot=final, acting_user=users["county_admin"])
    refused = login(users["county_admin"]).post("/work/monitoring/plans/jimsar-14/", form)
    assert refused.status_code == 400
    assert "目标不能再改" in refused.content.decode()
    assert IndicatorTarget.objects.get(plan=plan14, indicator="facility_coverage").target == Decimal("100")


@pytest.mark.django_db
def test_the_open_data_is_computed_once_per_region_and_day_until_a_snapshot(
    plan14, monkeypatch, django_capture_on_commit_callbacks
):
    computed = []
    real = api.indicator_report

    def counting(**kwargs):
        computed.append(kwargs["region"].code)
        return real(**kwargs)

    monkeypatch.setattr(api, "indicator_report", counting)
    first = Client().get("/api/v1/open/indicators/?region=652327")
    again = Client().get("/api/v1/open/indicators/?region=652327", HTTP_IF_NONE_MATCH=first["ETag"])
    assert (first.status_code, again.status_code, computed) == (200, 304, ["652327"])
    Client().get("/api/v1/open/indicators/?region=652327100")
    assert computed == ["652327", "652327100"]
    with django_capture_on_commit_callbacks(execute=True):
        snapshot_take(plan=plan14, on=date(2025, 6, 30))
    assert Client().get("/api/v1/open/indicators/?region=652327").json() == first.json()
    assert computed == ["652327", "652327100", "652327"]
