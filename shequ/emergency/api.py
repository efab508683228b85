"""The emergency API: warnings (a draft, its steps, a worker's acknowledgement, the counts by unit
and grid), supplies with their movements, and the scoped registries, keyset-paged."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from shequ.core.api import ErrorSerializer
from shequ.emergency.models import (
    Audience,
    Drill,
    FireStation,
    Force,
    Kind,
    Level,
    MovementKind,
    Plan,
    Shelter,
    Supply,
    SupplyMovement,
    Warning,
)
from shequ.emergency.selectors import record_list, supply_list, warning_ack_counts, warning_detail, warning_list
from shequ.emergency.services import supply_create, supply_move, warning_acknowledge, warning_create, warning_transition
from shequ.emergency.workflow import WarningStatus
from shequ.regions.models import Region


class TallySerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    acknowledged = serializers.IntegerField()
    pending = serializers.IntegerField()


class UnitTallySerializer(TallySerializer):
    grids = TallySerializer(many=True)


class WarningSerializer(serializers.ModelSerializer):
    regions = serializers.SerializerMethodField()

    class Meta:
        model = Warning
        fields = [
            "id",
            "status",
            "level",
            "kind",
            "audience",
            "title",
            "body",
            "title_ug",
            "body_ug",
            "regions",
            "created_at",
            "issued_at",
            "lifted_at",
        ]

    def get_regions(self, warning) -> list[str]:
        return [target.code for target in warning.targets.all()]


class WarningDetailSerializer(WarningSerializer):
    """A warning with its acknowledgement within the reader's scope."""

    acknowledged = serializers.SerializerMethodField()
    pending = serializers.SerializerMethodField()
    by_unit = serializers.SerializerMethodField()

    class Meta(WarningSerializer.Meta):
        fields = [*WarningSerializer.Meta.fields, "acknowledged", "pending", "by_unit"]

    def _counts(self, warning):
        if not hasattr(self, "_cached_counts"):
            self._cached_counts = warning_ack_counts(warning=warning, user=self.context["request"].user)
        return self._cached_counts

    def get_acknowledged(self, warning) -> int:
        return self._counts(warning).acknowledged

    def get_pending(self, warning) -> int:
        return self._counts(warning).pending

    @extend_schema_field(UnitTallySerializer(many=True))
    def get_by_unit(self, warning) -> list[dict]:
        return UnitTallySerializer(self._counts(warning).by_unit, many=True).data


class WarningCreateSerializer(serializers.Serializer):
    level = serializers.ChoiceField(choices=Level.choices)
    kind = serializers.ChoiceField(choices=Kind.choices)
    regions = serializers.ListField(child=serializers.CharField(max_length=15), min_length=1, max_length=200)
    audience = serializers.ChoiceField(choices=Audience.choices, default=Audience.EVERYONE)
    title = serializers.CharField(max_length=120)
    body = serializers.CharField(max_length=2000)
    title_ug = serializers.CharField(max_length=200)
    body_ug = serializers.CharField(max_length=2000)


class WarningTransitionSerializer(serializers.Serializer):
    to = serializers.ChoiceField(choices=WarningStatus.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=1000)


class AcknowledgeSerializer(serializers.Serializer):
    acknowledged = serializers.BooleanField(help_text="always true")
    first_time = serializers.BooleanField()


class WarningViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Warnings addressed within the user's area, and the issued ones targeting a region above it;
    the counts are of the workers within the user's scope."""

    def get_serializer_class(self):
        return WarningDetailSerializer if self.action != "list" else WarningSerializer

    def get_queryset(self):
        return warning_list(user=self.request.user)

    @extend_schema(
        request=WarningCreateSerializer,
        responses={
            201: WarningDetailSerializer,
            400: OpenApiResponse(ErrorSerializer),
            403: OpenApiResponse(ErrorSerializer),
        },
    )
    def create(self, request, *args, **kwargs):
        """Draft a warning for regions (codes) of the issuer's scope, in Chinese and Uyghur."""
        payload = WarningCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        values = dict(payload.validated_data)
        codes = values.pop("regions")
        regions = list(Region.objects.filter(code__in=codes))
        if len(regions) != len(set(codes)):
            raise ValidationError({"regions": [_("没有这个区划代码")]})
        warning = warning_create(acting_user=request.user, regions=regions, **values)
        body = self.get_serializer(warning_detail(user=request.user, pk=warning.pk)).data
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=WarningTransitionSerializer,
        responses={
            200: WarningDetailSerializer,
            409: OpenApiResponse(ErrorSerializer, description="emergency.transition_forbidden"),
        },
    )
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        """Issue (`issued`) or lift (`lifted`) the warning; a step the table forbids is a 409."""
        warning = self.get_object()
        payload = WarningTransitionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        warning_transition(warning=warning, acting_user=request.user, **payload.validated_data)
        return Response(self.get_serializer(warning_detail(user=request.user, pk=warning.pk)).data)

    @extend_schema(
        request=None,
        responses={
            200: AcknowledgeSerializer,
            404: OpenApiResponse(ErrorSerializer, description="emergency.not_addressed"),
            409: OpenApiResponse(ErrorSerializer, description="emergency.not_issued"),
        },
    )
    @action(detail=True, methods=["post"])
    def acknowledge(self, request, pk=None):
        """A grid or village worker of the targets confirms receipt; again is harmless."""
        first = warning_acknowledge(warning=self.get_object(), acting_user=request.user)
        return Response({"acknowledged": True, "first_time": first})


class SupplySerializer(serializers.ModelSerializer):
    region = serializers.CharField(source="region.code")
    is_low = serializers.BooleanField(read_only=True)

    class Meta:
        model = Supply
        fields = ["id", "region", "name", "measure", "quantity", "minimum", "is_low", "location", "expires_on"]


class SupplyCreateSerializer(serializers.Serializer):
    region = serializers.CharField(max_length=12)
    name = serializers.CharField(max_length=60)
    measure = serializers.CharField(max_length=10)
    quantity = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=0)
    minimum = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=0)
    location = serializers.CharField(max_length=100)
    expires_on = serializers.DateField(required=False, allow_null=True, default=None)


class MovementSerializer(serializers.ModelSerializer):
    class Meta:
        model = SupplyMovement
        fields = ["id", "kind", "quantity", "balance", "note", "at"]


class MovementCreateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=MovementKind.choices)
    quantity = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=0)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)


class SupplyViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Reserve supplies within the user's scope."""

    serializer_class = SupplySerializer

    def get_queryset(self):
        return supply_list(user=self.request.user)

    @extend_schema(
        request=SupplyCreateSerializer, responses={201: SupplySerializer, 400: OpenApiResponse(ErrorSerializer)}
    )
    def create(self, request, *args, **kwargs):
        payload = SupplyCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        values = dict(payload.validated_data)
        region = Region.objects.filter(code=values.pop("region")).first()
        if region is None:
            raise ValidationError({"region": [_("没有这个区划代码")]})
        supply = supply_create(acting_user=request.user, region=region, **values)
        return Response(self.get_serializer(supply).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=MovementCreateSerializer, responses={201: MovementSerializer, 400: OpenApiResponse(ErrorSerializer)}
    )
    @action(detail=True, methods=["post"])
    def movements(self, request, pk=None):
        """Issue or restock; an issue beyond the stock is a 400."""
        payload = MovementCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        movement = supply_move(supply=self.get_object(), acting_user=request.user, **payload.validated_data)
        return Response(MovementSerializer(movement).data, status=status.HTTP_201_CREATED)


def _registry_viewset(model, fields: list[str], doc: str):
    serializer = type(
        f"{model.__name__}Serializer",
        (serializers.ModelSerializer,),
        {
            "region": serializers.CharField(source="region.code"),
            "Meta": type("Meta", (), {"model": model, "fields": ["id", "region", *fields]}),
        },
    )

    class RegistryViewSet(viewsets.ReadOnlyModelViewSet):
        serializer_class = serializer

        def get_queryset(self):
            return record_list(model=model, user=self.request.user)

    RegistryViewSet.__doc__ = doc
    RegistryViewSet.__name__ = f"{model.__name__}ViewSet"
    return RegistryViewSet


ShelterViewSet = _registry_viewset(
    Shelter, ["name", "address", "capacity", "facilities"], "Shelters (避难场所) in scope."
)
FireStationViewSet = _registry_viewset(
    FireStation, ["name", "address", "equipment", "staff", "phone"], "Micro fire stations (微型消防站) in scope."
)
DrillViewSet = _registry_viewset(Drill, ["held_on", "scenario", "participants", "notes"], "Drills (应急演练) in scope.")
ForceViewSet = _registry_viewset(
    Force, ["name", "skills", "leader", "phone", "members", "active"], "Social emergency forces in scope."
)
PlanViewSet = _registry_viewset(Plan, ["title", "version", "effective_on"], "Emergency plans (versions) in scope.")


def register_api(router) -> None:
    router.register("warnings", WarningViewSet, basename="warning")
    router.register("emergency-supplies", SupplyViewSet, basename="emergency-supply")
    router.register("shelters", ShelterViewSet, basename="shelter")
    router.register("fire-stations", FireStationViewSet, basename="fire-station")
    router.register("drills", DrillViewSet, basename="drill")
    router.register("emergency-forces", ForceViewSet, basename="emergency-force")
    router.register("emergency-plans", PlanViewSet, basename="emergency-plan")
