"""/api/v1/grids/, grid-members, safety-body-members, crowded-places and inspections (POST records
an inspection; its failed items come back with the incidents they became). Workbench users only;
lists are what `for_user` allows, in keyset pages; another area's row is a 404."""

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from shequ.core.api import ErrorSerializer
from shequ.grids.models import CrowdedPlace, GridMember, Inspection, InspectionResult, SafetyBodyMember
from shequ.grids.selectors import (
    crowded_places,
    grid_list,
    grid_members,
    grid_size_limit,
    inspection_list,
    safety_body_members,
)
from shequ.grids.services import inspection_record
from shequ.regions.models import Region


class WorkbenchUser(permissions.BasePermission):
    def has_permission(self, request, view):
        return request.user.has_perm("grids.view_grid")


class GridSerializer(serializers.ModelSerializer):
    unit = serializers.CharField(source="parent.code")
    kind = serializers.SerializerMethodField()
    subject = serializers.SerializerMethodField()
    households = serializers.IntegerField(source="household_count")
    limit = serializers.SerializerMethodField()
    over_size = serializers.SerializerMethodField()

    class Meta:
        model = Region
        fields = ["code", "name", "unit", "kind", "subject", "households", "limit", "over_size"]

    def get_kind(self, grid) -> str:
        profile = getattr(grid, "grid_profile", None)
        return profile.kind if profile else "comprehensive"

    def get_subject(self, grid) -> str:
        profile = getattr(grid, "grid_profile", None)
        return profile.subject if profile else ""

    def get_limit(self, grid) -> int:
        return grid_size_limit(unit_kind=grid.parent.kind)

    def get_over_size(self, grid) -> bool:
        return grid.household_count > self.get_limit(grid)


class GridMemberSerializer(serializers.ModelSerializer):
    grid = serializers.CharField(source="grid.code")
    phone = serializers.CharField(source="phone_masked", help_text="masked")
    has_account = serializers.SerializerMethodField()

    class Meta:
        model = GridMember
        fields = ["id", "grid", "role", "name", "phone", "building", "has_account", "starts_on", "ends_on"]

    def get_has_account(self, member) -> bool:
        return member.user_id is not None


class SafetyBodyMemberSerializer(serializers.ModelSerializer):
    unit = serializers.CharField(source="body.unit.code")
    kind = serializers.CharField(source="body.kind")
    phone = serializers.CharField(source="phone_masked", help_text="masked")
    has_account = serializers.SerializerMethodField()

    class Meta:
        model = SafetyBodyMember
        fields = ["id", "unit", "kind", "name", "post", "phone", "has_account", "starts_on", "ends_on"]

    def get_has_account(self, member) -> bool:
        return member.user_id is not None


class CrowdedPlaceSerializer(serializers.ModelSerializer):
    grid = serializers.CharField(source="grid.code")

    class Meta:
        model = CrowdedPlace
        fields = ["id", "grid", "name", "kind", "address", "interval_days", "next_due_on"]


class InspectionResultSerializer(serializers.ModelSerializer):
    item = serializers.CharField(source="item.code")
    incident = serializers.IntegerField(source="incident_id", allow_null=True)

    class Meta:
        model = InspectionResult
        fields = ["item", "passed", "note", "incident"]


class InspectionSerializer(serializers.ModelSerializer):
    results = InspectionResultSerializer(many=True, read_only=True)

    class Meta:
        model = Inspection
        fields = ["id", "place", "inspected_on", "passed", "note", "results"]


class ResultInputSerializer(serializers.Serializer):
    item = serializers.CharField(max_length=8, help_text="checklist item code")
    passed = serializers.BooleanField()
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)


class InspectionCreateSerializer(serializers.Serializer):
    place = serializers.IntegerField(help_text="id of the crowded place")
    inspected_on = serializers.DateField(required=False, allow_null=True, default=None)
    note = serializers.CharField(required=False, allow_blank=True, default="")
    results = ResultInputSerializer(many=True, help_text="every checklist item of the place, once")


class GridViewSet(viewsets.ReadOnlyModelViewSet):
    """The grids within the user's scope with their kind and households (over size: above the
    planned size plus SHEQU_GRID_SIZE_TOLERANCE %)."""

    serializer_class = GridSerializer
    permission_classes = [permissions.IsAuthenticated, WorkbenchUser]
    lookup_field = "code"
    queryset = Region.objects.none()

    def get_queryset(self):
        return grid_list(user=self.request.user)


CURRENT = OpenApiParameter("current", str, enum=["0", "1"], description="0: past posts too (default 1: serving today)")


@extend_schema_view(list=extend_schema(parameters=[OpenApiParameter("grid", str, description="a grid code"), CURRENT]))
class GridMemberViewSet(viewsets.ReadOnlyModelViewSet):
    """Grid rosters (phones masked); `?grid=` a grid code, `?current=0` for past posts too."""

    serializer_class = GridMemberSerializer
    permission_classes = [permissions.IsAuthenticated, WorkbenchUser]
    queryset = GridMember.objects.none()

    def get_queryset(self):
        rows = grid_members(user=self.request.user, current=self.request.query_params.get("current") != "0")
        if grid := self.request.query_params.get("grid"):
            rows = rows.filter(grid__code=grid)
        return rows.order_by("scope_code", "id")


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("unit", str, description="a village-level unit code"),
            OpenApiParameter("kind", str, enum=["police_room", "security", "mediation", "public_health"]),
            CURRENT,
        ]
    )
)
class SafetyBodyMemberViewSet(viewsets.ReadOnlyModelViewSet):
    """Members of the units' safety bodies (phones masked); `?unit=` a unit code, `?kind=`."""

    serializer_class = SafetyBodyMemberSerializer
    permission_classes = [permissions.IsAuthenticated, WorkbenchUser]
    queryset = SafetyBodyMember.objects.none()

    def get_queryset(self):
        rows = safety_body_members(user=self.request.user, current=self.request.query_params.get("current") != "0")
        if unit := self.request.query_params.get("unit"):
            rows = rows.filter(scope_code=unit)
        if kind := self.request.query_params.get("kind"):
            rows = rows.filter(body__kind=kind)
        return rows.order_by("scope_code", "id")


class CrowdedPlaceViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = CrowdedPlaceSerializer
    permission_classes = [permissions.IsAuthenticated, WorkbenchUser]
    queryset = CrowdedPlace.objects.none()

    def get_queryset(self):
        return crowded_places(user=self.request.user).order_by("scope_code", "name", "id")


class InspectionViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = InspectionSerializer
    permission_classes = [permissions.IsAuthenticated, WorkbenchUser]
    queryset = Inspection.objects.none()

    def get_queryset(self):
        return inspection_list(user=self.request.user).order_by("-inspected_on", "-id")

    @extend_schema(
        request=InspectionCreateSerializer,
        responses={
            201: InspectionSerializer,
            400: OpenApiResponse(ErrorSerializer),
            403: OpenApiResponse(ErrorSerializer),
            404: OpenApiResponse(ErrorSerializer),
        },
    )
    def create(self, request, *args, **kwargs):
        """Record an inspection; each failed item is reported as a 安全隐患 incident."""
        payload = InspectionCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        values = payload.validated_data
        place = crowded_places(user=request.user).filter(pk=values["place"]).first()
        if place is None:
            raise NotFound
        inspection = inspection_record(
            place=place,
            results={row["item"]: (row["passed"], row["note"]) for row in values["results"]},
            inspected_on=values["inspected_on"],
            note=values["note"],
            acting_user=request.user,
        )
        inspection = self.get_queryset().get(pk=inspection.pk)
        return Response(self.get_serializer(inspection).data, status=status.HTTP_201_CREATED)


def register_api(router) -> None:
    router.register("grids", GridViewSet, basename="grid")
    router.register("grid-members", GridMemberViewSet, basename="grid-member")
    router.register("safety-body-members", SafetyBodyMemberViewSet, basename="safety-body-member")
    router.register("crowded-places", CrowdedPlaceViewSet, basename="crowded-place")
    router.register("inspections", InspectionViewSet, basename="inspection")
