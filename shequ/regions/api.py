import django_filters
from rest_framework import serializers, viewsets

from shequ.regions.models import Region


class RegionSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Region
        fields = [
            "code",
            "name",
            "level",
            "kind",
            "parent",
            "households",
            "households_on",
            "registered_population",
            "registered_population_on",
            "resident_population",
            "resident_population_on",
            "urban_resident_population",
            "urban_resident_population_on",
            "is_demo",
        ]


class RegionFilter(django_filters.FilterSet):
    parent = django_filters.CharFilter(field_name="parent__code", label="parent code")
    within = django_filters.CharFilter(field_name="code", lookup_expr="prefix", label="code prefix")

    class Meta:
        model = Region
        fields = ["parent", "level", "kind", "within"]


class RegionViewSet(viewsets.ReadOnlyModelViewSet):
    """Administrative regions the user may see: their own subtree and the regions above it."""

    serializer_class = RegionSerializer
    filterset_class = RegionFilter
    lookup_field = "code"

    def get_queryset(self):
        return Region.objects.for_user(self.request.user).select_related("parent")
