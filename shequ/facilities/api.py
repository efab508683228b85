"""/api/v1/facilities/ (the contract the plan monitoring relies on) and the region detail with the
community figures. Lists only what `for_user` allows, in keyset pages."""

import django_filters
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, viewsets

from shequ.facilities.models import AREA, MIN_DAILY_HOURS, Facility
from shequ.facilities.selectors import facility_list
from shequ.regions.api import RegionSerializer
from shequ.regions.api import RegionViewSet as BaseRegionViewSet
from shequ.regions.codes import Level, is_code


def _area(**extra) -> serializers.DecimalField:
    return serializers.DecimalField(
        max_digits=AREA["max_digits"], decimal_places=AREA["decimal_places"], coerce_to_string=False, **extra
    )


class FacilitySerializer(serializers.ModelSerializer):
    unit = serializers.CharField(source="scope_code", help_text="code of the village-level unit it belongs to")
    type = serializers.CharField(source="type.code", help_text="facility type code")
    building_area = _area(help_text="total building area, m²")
    activity_area = _area(help_text="resident-activity area, m²")
    commercial_area = _area(help_text="commercial area, m²")
    newly_built_community = serializers.SerializerMethodField(
        help_text="whether its unit is a community newly built in the plan period (2021–2025)"
    )
    min_daily_open_hours = serializers.DecimalField(
        max_digits=4,
        decimal_places=2,
        coerce_to_string=False,
        allow_null=True,
        help_text=(
            f"fewest hours open on a working day (Mon–Fri); under {MIN_DAILY_HOURS} is flagged; null: no hours recorded"
        ),
    )
    serves = serializers.SerializerMethodField(
        help_text="codes of the units it serves, its own included; areas are shared among them (see the README)"
    )

    class Meta:
        model = Facility
        fields = [
            "id",
            "unit",
            "type",
            "name",
            "building_area",
            "activity_area",
            "commercial_area",
            "newly_built_community",
            "self_service_terminals",
            "min_daily_open_hours",
            "serves",
        ]
        read_only_fields = fields

    def get_newly_built_community(self, facility: Facility) -> bool:
        profile = getattr(facility.unit, "community_profile", None)
        return profile is not None and profile.newly_built_year is not None

    def get_serves(self, facility: Facility) -> list[str]:
        return sorted(served.unit_code for served in facility.served.all())


def _code_filter(level: str, digits: int):
    def check(value: str) -> None:
        if not is_code(value, level):
            raise ValidationError(_("应为 %(digits)d 位数字") % {"digits": digits})

    return check


class FacilityFilter(django_filters.FilterSet):
    unit = django_filters.CharFilter(
        field_name="scope_code",
        label="village-level unit code (12 digits)",
        validators=[_code_filter(Level.VILLAGE, 12)],
    )
    within = django_filters.CharFilter(field_name="scope_code", lookup_expr="within", label="region code prefix")
    serves = django_filters.CharFilter(
        field_name="served__unit_code",
        label="facilities serving this unit (12 digits), shared ones included",
        validators=[_code_filter(Level.VILLAGE, 12)],
    )
    type = django_filters.CharFilter(field_name="type__code", label="facility type code")
    short_hours = django_filters.BooleanFilter(method="filter_short_hours", label="open under 8 hours on a working day")

    class Meta:
        model = Facility
        fields = ["unit", "within", "serves", "type", "short_hours"]

    def filter_short_hours(self, queryset, name, value):
        if value is None:
            return queryset
        if value:
            return queryset.filter(min_daily_open_hours__lt=MIN_DAILY_HOURS)
        return queryset.exclude(min_daily_open_hours__lt=MIN_DAILY_HOURS)


@extend_schema_view(
    list=extend_schema(summary="Facilities within the user's scope, by unit, type or short opening hours"),
    retrieve=extend_schema(summary="One facility; outside the user's scope it is a 404"),
)
class FacilityViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = FacilitySerializer
    filterset_class = FacilityFilter
    queryset = Facility.objects.none()  # for the schema; get_queryset scopes every request

    def get_queryset(self):
        return (
            facility_list(user=self.request.user).select_related("unit__community_profile").prefetch_related("served")
        )


class RegionProfileSerializer(RegionSerializer):
    total_building_area = serializers.SerializerMethodField(
        help_text="社区总建筑面积 in m² (village-level units; null when not recorded)"
    )
    newly_built_year = serializers.SerializerMethodField(
        help_text="year a community newly built in the plan period (2021–2025) was built; null when not new"
    )

    class Meta(RegionSerializer.Meta):
        fields = [*RegionSerializer.Meta.fields, "total_building_area", "newly_built_year"]

    def _profile(self, region):
        return getattr(region, "community_profile", None) if region.level == Level.VILLAGE else None

    def get_total_building_area(self, region) -> float | None:
        profile = self._profile(region)
        return float(profile.total_building_area) if profile and profile.total_building_area is not None else None

    def get_newly_built_year(self, region) -> int | None:
        profile = self._profile(region)
        return profile.newly_built_year if profile else None


class RegionViewSet(BaseRegionViewSet):
    """Administrative regions the user may see; a village-level unit with its community figures."""

    serializer_class = RegionProfileSerializer

    def get_queryset(self):
        return super().get_queryset().select_related("community_profile")


def register_api(router) -> None:
    """Register this app's viewsets on the /api/v1/ router (the regions route included: it adds the
    community figures to the regions app's own)."""
    router.register("facilities", FacilityViewSet, basename="facility")
