"""/api/v1/community-workers/ (the contract the plan monitoring relies on). Lists only what
`for_user` allows, in keyset pages; grades come from the configured scheme read once per request."""

import django_filters
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, viewsets

from shequ.regions.codes import Level, is_code
from shequ.workforce.grading import GradeScheme
from shequ.workforce.models import Post, Worker
from shequ.workforce.selectors import worker_list


class CommunityWorkerSerializer(serializers.ModelSerializer):
    unit = serializers.CharField(source="scope_code", help_text="code of the village-level unit")
    post = serializers.ChoiceField(choices=Post.choices, help_text="principal (正职), deputy (副职) or other (其他)")
    education = serializers.CharField(
        source="education.code", allow_null=True, default=None, help_text="education code"
    )
    grade = serializers.SerializerMethodField(help_text="三岗十八级 grade computed today from the configured sequence")
    social_work_qualification = serializers.CharField(
        source="qualification.code", allow_null=True, default=None, help_text="qualification code, null without one"
    )
    trained_this_year = serializers.BooleanField(help_text="attended at least one training session this year")

    class Meta:
        model = Worker
        fields = [
            "id",
            "unit",
            "post",
            "education",
            "service_start",
            "grade",
            "social_work_qualification",
            "trained_this_year",
        ]
        read_only_fields = fields

    def get_grade(self, worker: Worker) -> int | None:
        return self.context["scheme"].grade(worker, on=self.context["today"])


def _unit_code(value: str) -> None:
    if not is_code(value, Level.VILLAGE):
        raise ValidationError(_("应为 %(digits)d 位数字") % {"digits": 12})


class CommunityWorkerFilter(django_filters.FilterSet):
    unit = django_filters.CharFilter(
        field_name="scope_code", label="village-level unit code (12 digits)", validators=[_unit_code]
    )
    within = django_filters.CharFilter(field_name="scope_code", lookup_expr="within", label="region code prefix")
    post = django_filters.ChoiceFilter(choices=Post.choices, label="post")
    trained_this_year = django_filters.BooleanFilter(label="trained this year or not")

    class Meta:
        model = Worker
        fields = ["unit", "within", "post", "trained_this_year"]


@extend_schema_view(
    list=extend_schema(summary="Community workers within the user's scope, by unit, post or training"),
    retrieve=extend_schema(summary="One community worker; outside the user's scope it is a 404"),
)
class CommunityWorkerViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = CommunityWorkerSerializer
    filterset_class = CommunityWorkerFilter
    queryset = Worker.objects.none()  # for the schema; get_queryset scopes every request

    def get_queryset(self):
        return worker_list(user=self.request.user)

    def get_serializer_context(self):
        return super().get_serializer_context() | {"scheme": GradeScheme.load(), "today": timezone.localdate()}


def register_api(router) -> None:
    router.register("community-workers", CommunityWorkerViewSet, basename="community-worker")
