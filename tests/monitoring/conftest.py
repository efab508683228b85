"""A tiny hand-built county (659901) whose every figure can be worked out on paper:

- township 659901001 (街道): communities C1 (659901001001) and C2 (659901001002);
- township 659901201 (乡): villages V1 (659901201201) and V2 (659901201202), no urban community,
  and an industrial park P (659901201401, kind `other`).
"""

from datetime import date
from decimal import Decimal

import pytest

from shequ.facilities.models import Facility, FacilityServedUnit, FacilityType, OrgCheck, OrgModel
from shequ.monitoring.catalogue import plan_14_load
from shequ.monitoring.models import IndicatorTarget, PlanVersion
from shequ.regions.codes import Level, kind_of
from shequ.regions.models import Region
from shequ.workforce.models import Attendance, Course, Employer, Mode, Qualification, Topic, TrainingSession, Worker

COUNTY, STREET, RURAL = "659901", "659901001", "659901201"
C1, C2, V1, V2, PARK = "659901001001", "659901001002", "659901201201", "659901201202", "659901201401"
ON = date(2025, 6, 30)


def _region(code, name, level, parent=None, **figures):
    return Region.objects.create(code=code, name=name, level=level, kind=kind_of(code), parent=parent, **figures)


@pytest.fixture
def county(db):
    top = _region(COUNTY, "小县", Level.COUNTY)
    street = _region(STREET, "城关街道", Level.TOWNSHIP, top)
    rural = _region(RURAL, "乡", Level.TOWNSHIP, top)
    units = {
        C1: _region(C1, "一社区", Level.VILLAGE, street, households=1000, urban_resident_population=4000),
        C2: _region(C2, "二社区", Level.VILLAGE, street, households=500, urban_resident_population=2000),
        V1: _region(V1, "一村", Level.VILLAGE, rural, households=300, urban_resident_population=0),
        V2: _region(V2, "二村", Level.VILLAGE, rural, households=200, urban_resident_population=0),
        PARK: _region(PARK, "园区", Level.VILLAGE, rural, households=50),
    }
    return {"county": top, "street": street, "rural": rural, **units}


@pytest.fixture
def plan(db):
    """The 十四五 plan version (loaded by the migration) moved onto the tiny county."""
    plan_14_load()
    plan = PlanVersion.objects.get(code="jimsar-14")
    plan.region_code = COUNTY
    plan.save()
    return plan


def targets(plan) -> dict:
    return {row.indicator: (row.target, row.comparison) for row in IndicatorTarget.objects.filter(plan=plan)}


@pytest.fixture
def facility(county):
    def make(unit_code, *, type_code="ZH-DQ", building=300, activity=200, commercial=0, terminals=0, serves=()):
        facility = Facility(
            unit=Region.objects.get(code=unit_code),
            type=FacilityType.objects.get(code=type_code),
            name=f"{unit_code}-{type_code}",
            building_area=Decimal(building),
            activity_area=Decimal(activity),
            commercial_area=Decimal(commercial),
            self_service_terminals=terminals,
        )
        facility.save()
        for code, share in [(unit_code, None), *serves]:
            FacilityServedUnit(facility=facility, unit=Region.objects.get(code=code), share=share).save()
        return facility

    return make


@pytest.fixture
def worker(county):
    def make(unit_code, *, employer=Employer.COMMUNITY, qualified=False, trained_in=None):
        worker = Worker(
            unit=Region.objects.get(code=unit_code),
            name="工作者",
            employer=employer,
            post="other" if employer == Employer.COMMUNITY else "",
            service_start=date(2020, 1, 1) if employer == Employer.COMMUNITY else None,
            qualification=Qualification.objects.order_by("pk").first() if qualified else None,
        )
        worker.save()
        if trained_in:
            course = Course.objects.create(title="培训", mode=Mode.OFFLINE, topic=Topic.POLICY)
            session = TrainingSession.objects.create(
                course=course, region=county["county"], held_on=date(trained_in, 3, 1), hours=Decimal("4")
            )
            Attendance(session=session, worker=worker, hours=Decimal("4")).save()
        return worker

    return make


@pytest.fixture
def org_check(county):
    def make(unit_code, *, complete: bool):
        for model in OrgModel.objects.all():
            OrgCheck(unit=Region.objects.get(code=unit_code), model=model, checked_on=ON, complete=complete).save()

    return make
