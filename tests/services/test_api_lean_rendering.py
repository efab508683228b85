"""The applications API renders each row as a plain dict (shequ/services/api.py) instead of walking
DRF's fields: the answer must be exactly what the declared fields render, for applications in every
kind of state (with and without dates, history with moves and notes, a time in another zone)."""

from rest_framework import serializers

from shequ.services.api import ApplicationEventSerializer, ApplicationSerializer
from shequ.services.catalogue import catalogue_load
from shequ.services.models import Application, ServiceItem
from tests.factories import FINISHED, ApplicationFactory


def declared_rendering(serializer_class, instance) -> dict:
    """What DRF's generic ModelSerializer path renders from the serializer's declared fields."""
    return serializers.ModelSerializer.to_representation(serializer_class(), instance)


def test_lean_rows_equal_the_declared_fields_rendering(users, residents, settings):
    catalogue_load()
    service = ServiceItem.objects.filter(active=True).order_by("code").first()
    worker = users["worker_wenhualu"]
    ApplicationFactory(service=service, applicant=residents["zhangsan"], worker=worker, steps=FINISHED)
    ApplicationFactory(service=service, applicant=residents["wife"], acting_user=worker)
    Application.objects.filter(applicant=residents["wife"]).update(
        data={"理由": "测试", "n": [1, 2]}, eligibility_override="条件特批", calendar_missing=2027
    )
    applications = list(Application.objects.select_related("service", "region").prefetch_related("history__actor"))
    assert len(applications) == 2
    for time_zone in ("Asia/Shanghai", "UTC"):
        settings.TIME_ZONE = time_zone
        for application in applications:
            lean = ApplicationSerializer(application).data
            declared = declared_rendering(ApplicationSerializer, application)
            declared["history"] = [declared_rendering(ApplicationEventSerializer, e) for e in application.history.all()]
            assert lean == declared
            assert list(lean) == list(declared)  # same keys in the same order
