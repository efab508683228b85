from datetime import date
from decimal import Decimal

import pytest

from shequ.regions.models import Region
from shequ.workforce.models import Course, Education, Employer, Mode, Qualification, Topic, TrainingSession, Worker


@pytest.fixture
def make_worker(regions):
    def make(
        unit_code: str, *, name="工作者", post="other", start=date(2020, 1, 1), education="", qualification="", **extra
    ):
        worker = Worker(
            unit=Region.objects.get(code=unit_code),
            name=name,
            employer=extra.pop("employer", Employer.COMMUNITY),
            post=post,
            service_start=start,
            education=Education.objects.get(code=education) if education else None,
            qualification=Qualification.objects.get(code=qualification) if qualification else None,
            **extra,
        )
        worker.save()
        return worker

    return make


@pytest.fixture
def make_session(regions):
    def make(*, held_on: date, title="民族宗教政策法规专题", competencies=(), region_code="652327"):
        course = Course.objects.create(title=title, mode=Mode.OFFLINE, topic=Topic.ETHNIC_RELIGIOUS)
        course.competencies.set(competencies)
        return TrainingSession.objects.create(
            course=course, region=Region.objects.get(code=region_code), held_on=held_on, hours=Decimal("4")
        )

    return make
