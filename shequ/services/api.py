from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.pagination import PageNumberPagination
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from shequ.residents.models import Person
from shequ.services.caching import CACHE_SECONDS, catalogue_version
from shequ.services.models import Application, ApplicationEvent, ServiceItem
from shequ.services.selectors import application_list, service_catalogue
from shequ.services.services import MAX_MATERIALS, application_submit, application_transition
from shequ.services.workflow import Status


class ServiceItemSerializer(serializers.ModelSerializer):
    name = serializers.SerializerMethodField()
    materials = serializers.SerializerMethodField()

    class Meta:
        model = ServiceItem
        fields = [
            "code",
            "name",
            "kind",
            "department",
            "handled_at",
            "channel",
            "promised_days",
            "statutory_days",
            "materials",
            "fee",
            "bookable",
        ]

    def get_name(self, item) -> str:
        return item.localized("name")

    def get_materials(self, item) -> list[str]:
        return item.localized_materials


class ApplicationEventSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.username")

    class Meta:
        model = ApplicationEvent
        fields = ["from_status", "to_status", "actor", "at", "note", "data"]


class ApplicationSerializer(serializers.ModelSerializer):
    service = serializers.CharField(source="service.code")
    applicant = serializers.IntegerField(source="applicant_id")
    region = serializers.CharField(source="region.code")
    history = ApplicationEventSerializer(many=True)

    class Meta:
        model = Application
        fields = [
            "id",
            "number",
            "service",
            "applicant",
            "region",
            "channel",
            "status",
            "submitted_at",
            "due_date",
            "warn_date",
            "calendar_missing",
            "supplement_materials",
            "completed_at",
            "escalated_at",
            "data",
            "history",
        ]


class ApplicationCreateSerializer(serializers.Serializer):
    service = serializers.SlugRelatedField(slug_field="code", queryset=ServiceItem.objects.filter(active=True))
    applicant = serializers.IntegerField(
        required=False, help_text="person id; required when a worker files for a resident"
    )
    data = serializers.JSONField(required=False, default=dict)
    files = serializers.ListField(child=serializers.FileField(), required=False, default=list)


class TransitionSerializer(serializers.Serializer):
    to = serializers.ChoiceField(choices=Status.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="")
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    legal_basis = serializers.CharField(required=False, allow_blank=True, default="")
    materials = serializers.ListField(
        child=serializers.CharField(max_length=500), required=False, default=list, max_length=MAX_MATERIALS
    )


class ServiceItemViewSet(viewsets.ReadOnlyModelViewSet):
    """The public service catalogue (anyone may read it)."""

    serializer_class = ServiceItemSerializer
    permission_classes = [AllowAny]
    # A catalogue of dozens of items: numbered pages cost one small COUNT.
    pagination_class = PageNumberPagination
    lookup_field = "code"

    def get_queryset(self):
        return service_catalogue(query=self.request.query_params.get("q", ""))

    def list(self, request, *args, **kwargs):
        """The whole catalogue (no search, no page) is the same for everybody in one language: cached."""
        if request.query_params:
            return super().list(request, *args, **kwargs)
        # The absolute address: the answer's page links name the host and scheme it was asked on.
        key = f"services.api.catalogue:{catalogue_version()}:{get_language()}:{request.build_absolute_uri()}"
        data = cache.get(key)
        if data is None:
            data = super().list(request, *args, **kwargs).data
            cache.set(key, data, CACHE_SECONDS)
        return Response(data)


class ApplicationViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Applications within the user's scope: a resident's household, a worker's area."""

    serializer_class = ApplicationSerializer
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):
        # The answer names the applicant by id only: no person rows (the pages' prefetch) are read;
        # each history entry comes with its actor in one query.
        return (
            application_list(user=self.request.user)
            .prefetch_related(None)
            .prefetch_related(Prefetch("history", queryset=ApplicationEvent.objects.select_related("actor")))
        )

    @extend_schema(request=ApplicationCreateSerializer, responses={201: ApplicationSerializer})
    def create(self, request, *args, **kwargs):
        payload = ApplicationCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        values = payload.validated_data
        own = getattr(request.user, "person", None)
        applicant_id = values.get("applicant") or (own.pk if own else None)
        if applicant_id is None:
            raise ValidationError({"applicant": [_("请指定申请人")]})
        applicant = get_object_or_404(Person.objects.for_user(request.user), pk=applicant_id)
        application = application_submit(
            service=values["service"],
            applicant=applicant,
            acting_user=request.user,
            data=values["data"],
            files=values["files"],
        )
        return Response(self.get_serializer(application).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=TransitionSerializer, responses={200: ApplicationSerializer})
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        """Move the application along the workflow; a step the table forbids is a 409."""
        application = self.get_object()
        payload = TransitionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        application = application_transition(
            application=application, acting_user=request.user, **payload.validated_data
        )
        return Response(self.get_serializer(application).data)


def register_api(router) -> None:
    router.register("services", ServiceItemViewSet, basename="service")
    router.register("applications", ApplicationViewSet, basename="application")
