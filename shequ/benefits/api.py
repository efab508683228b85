from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.exceptions import PermissionDenied, ValidationError

from shequ.benefits.models import Benefit
from shequ.benefits.months import month_parse
from shequ.benefits.selectors import payment_list
from shequ.regions.models import Region


class PaidPersonSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    id_number = serializers.CharField(source="id_number_masked", help_text="masked: first 6 and last 4")


class DisbursementSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="the benefit")
    application = serializers.IntegerField(source="application_id")
    person = PaidPersonSerializer()
    service = serializers.CharField(source="service.code")
    amount = serializers.DecimalField(source="month_amount", max_digits=8, decimal_places=2)
    month = serializers.SerializerMethodField()
    unit = serializers.CharField(source="region.code", help_text="the village-level unit that pays")

    def get_month(self, benefit) -> str:
        return self.context["month_label"]


@extend_schema(
    parameters=[
        OpenApiParameter("month", required=True, description="YYYY-MM"),
        OpenApiParameter("region", description="code of a township, unit or grid within scope"),
    ]
)
class DisbursementViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The monthly payment list (发放名册) within the user's scope, for township and county staff: who
    is paid how much for which month. Personal data is masked (the full list is the audited export)."""

    serializer_class = DisbursementSerializer

    def _month(self):
        try:
            return month_parse(self.request.query_params.get("month", ""))
        except DjangoValidationError as invalid:
            raise ValidationError({"month": invalid.messages}) from invalid

    def _region(self):
        code = self.request.query_params.get("region")
        if not code:
            return None
        region = Region.objects.for_user(self.request.user).filter(code=code).first()
        if region is None:
            raise ValidationError({"region": [_("没有找到该区划，或不在您的管辖范围内")]})
        return region

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator
            return Benefit.objects.none()
        if not self.request.user.has_perm("benefits.view_payment_list"):
            raise PermissionDenied
        month = self._month()
        self.month_label = f"{month:%Y-%m}"
        rows = payment_list(user=self.request.user, month=month, region=self._region())
        return rows.select_related("person", "service", "region")

    def get_serializer_context(self):
        return super().get_serializer_context() | {"month_label": getattr(self, "month_label", "")}


def register_api(router) -> None:
    router.register("disbursements", DisbursementViewSet, basename="disbursement")
