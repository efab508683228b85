"""/api/v1/purchase-projects/: government-purchased services within the user's scope, with their
milestones and evaluations, in keyset pages."""

import django_filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, viewsets

from shequ.purchases.models import MONEY, Evaluation, Milestone, PurchaseProject
from shequ.purchases.selectors import project_details, project_list


def _money(**extra) -> serializers.DecimalField:
    return serializers.DecimalField(
        max_digits=MONEY["max_digits"], decimal_places=MONEY["decimal_places"], coerce_to_string=False, **extra
    )


class MilestoneSerializer(serializers.ModelSerializer):
    amount = _money(allow_null=True)

    class Meta:
        model = Milestone
        fields = ["id", "title", "due_on", "amount", "done_on"]
        read_only_fields = fields


class EvaluationSerializer(serializers.ModelSerializer):
    scores = serializers.DictField(child=serializers.IntegerField(), help_text="criterion code → score")

    class Meta:
        model = Evaluation
        fields = ["id", "evaluated_on", "scores", "total", "grade", "credit_points"]
        read_only_fields = fields


class PurchaseProjectSerializer(serializers.ModelSerializer):
    provider = serializers.IntegerField(source="provider_id", help_text="id of the provider (service hall)")
    provider_name = serializers.CharField(source="provider.name")
    region = serializers.CharField(source="scope_code", help_text="code of the region served")
    budget = _money()
    milestones = MilestoneSerializer(many=True)
    evaluations = EvaluationSerializer(many=True)

    class Meta:
        model = PurchaseProject
        fields = [
            "id",
            "name",
            "provider",
            "provider_name",
            "budget",
            "starts_on",
            "ends_on",
            "region",
            "target_group",
            "milestones",
            "evaluations",
        ]
        read_only_fields = fields


class ProjectFilter(django_filters.FilterSet):
    within = django_filters.CharFilter(field_name="scope_code", lookup_expr="within", label="region code prefix")
    provider = django_filters.NumberFilter(field_name="provider_id", label="provider id")

    class Meta:
        model = PurchaseProject
        fields = ["within", "provider"]


@extend_schema_view(
    list=extend_schema(summary="Government-purchased service projects within the user's scope"),
    retrieve=extend_schema(summary="One project with its milestones and evaluations"),
)
class PurchaseProjectViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = PurchaseProjectSerializer
    filterset_class = ProjectFilter
    queryset = PurchaseProject.objects.none()  # for the schema; get_queryset scopes every request

    def get_queryset(self):
        return project_details(project_list(user=self.request.user))


def register_api(router) -> None:
    router.register("purchase-projects", PurchaseProjectViewSet, basename="purchase-project")
