"""The incident API: the category catalogue, filing a case, the scoped list (keyset pages, one
queue with `?queue=`), a case with its history, and its steps (a forbidden step is a 409)."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from shequ.accounts.models import Department
from shequ.core.api import ErrorSerializer
from shequ.incidents.models import Category, Incident, IncidentEvent, Source
from shequ.incidents.selectors import (
    QUEUES,
    category_leaves,
    category_list,
    incident_detail,
    incident_list,
    incident_queue,
)
from shequ.incidents.services import MAX_FILES, incident_report, incident_transition
from shequ.incidents.workflow import Move, Status
from shequ.regions.models import Region


class TimeLimitSerializer(serializers.Serializer):
    value = serializers.IntegerField()
    unit = serializers.ChoiceField(choices=["hours", "workdays"])


class CategorySerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="local_name")
    parent = serializers.CharField(source="parent.code", allow_null=True, default=None)
    time_limit = serializers.SerializerMethodField()

    class Meta:
        model = Category
        fields = ["code", "name", "parent", "department", "time_limit", "police"]

    @extend_schema_field(TimeLimitSerializer(allow_null=True))
    def get_time_limit(self, category) -> dict | None:
        if category.parent_id is None:
            return None  # a top-level group: its leaves carry the limits
        return {"value": category.time_limit, "unit": category.time_limit_unit}


class IncidentEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = IncidentEvent
        fields = ["from_status", "to_status", "move", "at", "note"]


class IncidentSerializer(serializers.ModelSerializer):
    category = serializers.CharField(source="category.code")
    region = serializers.CharField(source="region.code")
    grid = serializers.CharField(source="grid.code", allow_null=True, default=None)
    assigned_unit = serializers.CharField(source="assigned_unit.code", allow_null=True, default=None)
    history = IncidentEventSerializer(many=True, read_only=True)

    class Meta:
        model = Incident
        fields = [
            "id",
            "status",
            "category",
            "region",
            "grid",
            "description",
            "source",
            "location",
            "latitude",
            "longitude",
            "reported_at",
            "due_at",
            "assigned_department",
            "assigned_unit",
            "police",
            "escalation_level",
            "closed_at",
            "history",
        ]


class IncidentCreateSerializer(serializers.Serializer):
    category = serializers.SlugRelatedField(slug_field="code", queryset=category_leaves())
    description = serializers.CharField(max_length=2000)
    region = serializers.CharField(required=False, allow_blank=True, default="", help_text="a unit or grid code")
    location = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    latitude = serializers.DecimalField(
        max_digits=9,
        decimal_places=6,
        required=False,
        allow_null=True,
        default=None,
        min_value=-90,
        max_value=90,
        help_text="GCJ-02, the county's convention (as 高德 or 腾讯 maps give it); with longitude",
    )
    longitude = serializers.DecimalField(
        max_digits=9,
        decimal_places=6,
        required=False,
        allow_null=True,
        default=None,
        min_value=-180,
        max_value=180,
        help_text="GCJ-02; with latitude",
    )
    source = serializers.ChoiceField(choices=Source.choices, required=False, allow_null=True, default=None)
    photos = serializers.ListField(child=serializers.FileField(), required=False, default=list, max_length=MAX_FILES)


class IncidentTransitionSerializer(serializers.Serializer):
    to = serializers.ChoiceField(choices=Status.choices + Move.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="")
    department = serializers.ChoiceField(choices=Department.choices, required=False, allow_blank=True, default="")
    unit = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="dispatch: a unit or township code"
    )
    until = serializers.DateTimeField(required=False, allow_null=True, default=None, help_text="extension_requested")
    photos = serializers.ListField(child=serializers.FileField(), required=False, default=list, max_length=MAX_FILES)


class CategoryViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The incident categories, both levels (anyone signed in may read them)."""

    serializer_class = CategorySerializer
    pagination_class = None

    def get_queryset(self):
        return category_list()


class IncidentViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Incidents within the user's scope; a resident's household's own reports."""

    serializer_class = IncidentSerializer
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(
        parameters=[
            OpenApiParameter("queue", enum=list(QUEUES), description="one queue of the dispatch board, by due time")
        ]
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def get_queryset(self):
        if self.action == "list" and "queue" in self.request.query_params:
            queue = self.request.query_params["queue"]
            if queue not in QUEUES:
                raise ValidationError({"queue": [_("队列应为 %(queues)s 之一") % {"queues": "、".join(QUEUES)}]})
            rows = incident_queue(user=self.request.user, queue=queue)
        else:
            rows = incident_list(user=self.request.user)
        return rows.prefetch_related("history")

    @extend_schema(
        request=IncidentCreateSerializer,
        responses={
            201: IncidentSerializer,
            400: OpenApiResponse(ErrorSerializer),
            403: OpenApiResponse(ErrorSerializer),
        },
    )
    def create(self, request, *args, **kwargs):
        """File a case: a resident where they live (or at `region`), staff at a `region` of their scope."""
        payload = IncidentCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        values = payload.validated_data
        region = None
        if values["region"]:
            region = Region.objects.filter(code=values["region"]).first()
            if region is None:
                raise ValidationError({"region": [_("没有这个区划代码")]})
        incident = incident_report(
            category=values["category"],
            description=values["description"],
            acting_user=request.user,
            region=region,
            location=values["location"],
            latitude=values["latitude"],
            longitude=values["longitude"],
            source=values["source"],
            files=values["photos"],
        )
        incident = incident_detail(user=request.user, pk=incident.pk)
        return Response(self.get_serializer(incident).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=IncidentTransitionSerializer,
        responses={
            200: IncidentSerializer,
            409: OpenApiResponse(ErrorSerializer, description="incidents.transition_forbidden"),
        },
    )
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        """Take one step of the workflow; a step the table forbids, or one the user may not take, is a 409."""
        incident = self.get_object()
        payload = IncidentTransitionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        values = payload.validated_data
        unit = get_object_or_404(Region, code=values["unit"]) if values["unit"] else None
        incident_transition(
            incident=incident,
            acting_user=request.user,
            to=values["to"],
            note=values["note"],
            department=values["department"] or None,
            unit=unit,
            until=values["until"],
            files=values["photos"],
        )
        return Response(self.get_serializer(incident_detail(user=request.user, pk=incident.pk)).data)


def register_api(router) -> None:
    router.register("incident-categories", CategoryViewSet, basename="incident-category")
    router.register("incidents", IncidentViewSet, basename="incident")
