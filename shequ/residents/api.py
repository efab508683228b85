from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import Throttled, ValidationError
from rest_framework.response import Response

from shequ.regions.models import Region
from shequ.residents.choices import CareTag
from shequ.residents.selectors import household_list
from shequ.residents.services import REVEALABLE_FIELDS, IdNumberSearchLimited, person_find, person_reveal


class PersonSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    gender = serializers.CharField()
    # Age and birth year, never the birth date: it is the middle of the ID number masked below.
    birth_year = serializers.IntegerField()
    age = serializers.IntegerField()
    ethnicity = serializers.CharField()
    relation = serializers.CharField()
    region = serializers.CharField(source="region.code")
    grid = serializers.CharField(source="grid.code", allow_null=True, default=None)
    household = serializers.IntegerField(source="household_id")
    id_number = serializers.CharField(source="id_number_masked", help_text="masked: first 6 and last 4")
    phone = serializers.CharField(source="phone_masked", help_text="masked: 138****1234")
    tags = serializers.ListField(child=serializers.ChoiceField(choices=CareTag.choices), source="tag_codes")


class HouseholdSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    address = serializers.CharField()
    region = serializers.CharField(source="region.code")
    grid = serializers.CharField(source="grid.code", allow_null=True, default=None)
    member_count = serializers.IntegerField()


class RevealSerializer(serializers.Serializer):
    field = serializers.ChoiceField(choices=sorted(REVEALABLE_FIELDS))
    reason = serializers.CharField(min_length=2, max_length=500)


def _region_filter(request):
    """The region a `region` parameter names, within the user's scope. A code that names none is a
    400, never silently the whole scope: a script exporting one grid must not get everyone."""
    code = request.query_params.get("region")
    if not code:
        return None
    region = Region.objects.for_user(request.user).filter(code=code).first()
    if region is None:
        raise ValidationError({"region": [_("没有找到该区划，或不在您的管辖范围内")]})
    return region


@extend_schema(
    parameters=[
        OpenApiParameter(
            "q",
            description="name, pinyin initials (zs), the last digits of the ID number, or a whole ID number "
            "(audited, limited per user and hour: 429 beyond SHEQU_ID_SEARCH_PER_HOUR)",
        ),
        OpenApiParameter("tag", enum=CareTag.values),
        OpenApiParameter("region", description="code of a unit or grid within scope"),
    ]
)
class ResidentViewSet(viewsets.ReadOnlyModelViewSet):
    """Residents within the user's scope; another unit's resident is a 404. Personal data is masked."""

    serializer_class = PersonSerializer

    def get_queryset(self):
        params = self.request.query_params
        try:
            return person_find(
                acting_user=self.request.user,
                query=params.get("q", ""),
                tag=params.get("tag", ""),
                region=_region_filter(self.request),
            )
        except IdNumberSearchLimited as limited:
            raise Throttled(detail=limited.message) from limited

    @extend_schema(
        request=RevealSerializer,
        responses=inline_serializer(
            "RevealedValue", {"field": serializers.CharField(), "value": serializers.CharField()}
        ),
    )
    @action(detail=True, methods=["post"])
    def reveal(self, request, pk=None):
        """Return one unmasked value (ID number, birth date or phone). The reason is required and audited."""
        person = self.get_object()
        payload = RevealSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        value = person_reveal(
            person=person,
            field_name=payload.validated_data["field"],
            reason=payload.validated_data["reason"],
            acting_user=request.user,
        )
        return Response({"field": payload.validated_data["field"], "value": value})


@extend_schema(parameters=[OpenApiParameter("q"), OpenApiParameter("region")])
class HouseholdViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = HouseholdSerializer

    def get_queryset(self):
        return household_list(
            user=self.request.user, query=self.request.query_params.get("q", ""), region=_region_filter(self.request)
        )
