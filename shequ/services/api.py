from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.pagination import PageNumberPagination
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from shequ.core.api import ErrorSerializer
from shequ.residents.models import Person
from shequ.residents.selectors import own_person
from shequ.services.caching import CACHE_SECONDS, catalogue_version
from shequ.services.chain import chain_levels
from shequ.services.family import NotAuthorised, applicable_persons
from shequ.services.materials import material_uploads_of
from shequ.services.models import Application, ApplicationEvent, ServiceItem
from shequ.services.selectors import application_list, service_catalogue
from shequ.services.services import MAX_MATERIALS, application_submit, application_transition
from shequ.services.workflow import Level, Move, Status


class MaterialUploadSerializer(serializers.Serializer):
    field = serializers.CharField(help_text="the multipart field of this material's files, e.g. material_0")
    name = serializers.CharField()
    from_registry = serializers.BooleanField(help_text="held by the registry: not to be uploaded")


class ServiceItemSerializer(serializers.ModelSerializer):
    name = serializers.SerializerMethodField()
    materials = serializers.SerializerMethodField()
    material_uploads = serializers.SerializerMethodField()

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
            "material_uploads",
            "eligibility",
            "deferral_allowed",
            "fee",
            "bookable",
        ]

    def get_name(self, item) -> str:
        return item.localized("name")

    def get_materials(self, item) -> list[str]:
        return item.localized_materials

    @extend_schema_field(MaterialUploadSerializer(many=True))
    def get_material_uploads(self, item) -> list[dict]:
        return [
            {"field": requirement.field, "name": requirement.label, "from_registry": bool(requirement.from_registry)}
            for requirement in item.material_requirements
        ]


# Lean rendering: the application serializers below declare their fields for validation-free
# reading and for the OpenAPI schema, but render each row as a plain dict. DRF's generic path builds
# the serializer's fields (a deep copy of every declared and model-derived field, per list and per
# nested history) and walks them per row: most of an API list's time. These module-level fields
# render dates and times exactly as the declared ones do (ISO 8601, in the current time zone).
_DATETIME = serializers.DateTimeField()
_DATE = serializers.DateField()


def _datetime(value) -> str | None:
    return _DATETIME.to_representation(value) if value else None


def _date(value) -> str | None:
    return _DATE.to_representation(value) if value else None


class ApplicationEventSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.username")

    class Meta:
        model = ApplicationEvent
        fields = ["from_status", "to_status", "move", "level", "actor", "at", "note", "data"]

    def to_representation(self, event) -> dict:
        return _event(event)


def _event(event: ApplicationEvent) -> dict:
    return {
        "from_status": str(event.from_status),
        "to_status": str(event.to_status),
        "move": str(event.move),
        "level": str(event.level),
        "actor": str(event.actor.username),
        "at": _datetime(event.at),
        "note": str(event.note),
        "data": event.data,
    }


class ApplicationSerializer(serializers.ModelSerializer):
    service = serializers.CharField(source="service.code")
    applicant = serializers.IntegerField(source="applicant_id")
    region = serializers.CharField(source="region.code")
    history = ApplicationEventSerializer(many=True)
    chain = serializers.SerializerMethodField(help_text="the levels the application climbs, lowest first")

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
            "level",
            "chain",
            "submitted_at",
            "due_date",
            "warn_date",
            "calendar_missing",
            "supplement_materials",
            "completed_at",
            "escalated_at",
            "eligibility",
            "eligibility_override",
            "materials_deferred",
            "materials_due_on",
            "data",
            "history",
        ]

    def get_chain(self, application) -> list[str]:
        return chain_levels(application)

    def to_representation(self, application) -> dict:
        return {
            "id": application.id,
            "number": str(application.number),
            "service": str(application.service.code),
            "applicant": application.applicant_id,
            "region": str(application.region.code),
            "channel": str(application.channel),
            "status": str(application.status),
            "level": str(application.level),
            "chain": chain_levels(application),
            "submitted_at": _datetime(application.submitted_at),
            "due_date": _date(application.due_date),
            "warn_date": _date(application.warn_date),
            "calendar_missing": application.calendar_missing,
            "supplement_materials": application.supplement_materials,
            "completed_at": _datetime(application.completed_at),
            "escalated_at": _datetime(application.escalated_at),
            "eligibility": application.eligibility,
            "eligibility_override": str(application.eligibility_override),
            "materials_deferred": application.materials_deferred,
            "materials_due_on": _date(application.materials_due_on),
            "data": application.data,
            "history": [_event(event) for event in application.history.all()],
        }


class ApplicationCreateSerializer(serializers.Serializer):
    """Each required material is uploaded (multipart) in its own field, `material_0`, `material_1` …,
    as the item's `material_uploads` lists them; materials the registry holds are not uploaded. A
    submission missing one is refused (400 `services.materials_missing`, `missing` lists them) unless a
    worker at the window gives `materials_due_on` for an item that allows it (容缺受理). A failed
    condition of the item is 400 `services.not_eligible` (`reasons`), which only a worker may override
    with `eligibility_override`; an open application of the same item for the same person is 409
    `services.duplicate` (`existing`: id, number, url)."""

    service = serializers.SlugRelatedField(slug_field="code", queryset=ServiceItem.objects.filter(active=True))
    applicant = serializers.IntegerField(
        required=False,
        help_text="person id; required when a worker files for a resident; a resident may name a household "
        "member or a person who authorised them (default: themself)",
    )
    data = serializers.JSONField(required=False, default=dict)
    files = serializers.ListField(
        child=serializers.FileField(), required=False, default=list, help_text="other attachments"
    )
    material_0 = serializers.ListField(
        child=serializers.FileField(),
        required=False,
        help_text="the files of the item's first material; material_1, material_2 … likewise",
    )
    materials_due_on = serializers.DateField(
        required=False, allow_null=True, default=None, help_text="容缺受理 (window only): the promised date"
    )
    eligibility_override = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="window only: why a failed condition is overridden"
    )


class TransitionSerializer(serializers.Serializer):
    # A status, or a move along the item's chain of levels (forwarded: up one, returned: down one).
    to = serializers.ChoiceField(choices=Status.choices + Move.choices)
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

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "level",
                enum=Level.values,
                description="only applications at this level of their chain (a township: what its villages forwarded)",
            )
        ]
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def get_queryset(self):
        # The answer names the applicant by id only: no person rows (the pages' prefetch) are read;
        # each history entry comes with its actor in one query.
        applications = (
            application_list(user=self.request.user)
            .prefetch_related(None)
            .prefetch_related(Prefetch("history", queryset=ApplicationEvent.objects.select_related("actor")))
        )
        if self.action == "list" and "level" in self.request.query_params:
            level = self.request.query_params["level"]
            if level not in Level.values:
                raise ValidationError({"level": [_("层级应为 %(levels)s 之一") % {"levels": "、".join(Level.values)}]})
            applications = applications.filter(level=level)
        return applications

    @extend_schema(
        request=ApplicationCreateSerializer,
        responses={
            201: ApplicationSerializer,
            400: OpenApiResponse(
                ErrorSerializer, description="services.materials_missing (missing), services.not_eligible (reasons)"
            ),
            409: OpenApiResponse(ErrorSerializer, description="services.duplicate (existing: id, number, url)"),
            403: OpenApiResponse(
                ErrorSerializer,
                description="`services.not_authorised`: a resident applied for someone who is neither in their "
                "household nor has authorised them (the same answer whether that person exists or not)",
            ),
        },
    )
    def create(self, request, *args, **kwargs):
        """A resident applies for themself, a household member, or someone who authorised them
        (`applicant`, default: themself); a worker files for a resident of their area."""
        payload = ApplicationCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        values = payload.validated_data
        own, linked = own_person(request.user), getattr(request.user, "person", None)
        applicant_id = values.get("applicant") or (linked.pk if linked else None)
        if applicant_id is None:
            raise ValidationError({"applicant": [_("请指定申请人")]})
        if own is not None:
            applicant = applicable_persons(user=request.user).filter(pk=applicant_id).first()
            if applicant is None:
                raise NotAuthorised
        else:
            applicant = get_object_or_404(Person.objects.for_user(request.user), pk=applicant_id)
        application = application_submit(
            service=values["service"],
            applicant=applicant,
            acting_user=request.user,
            data=values["data"],
            files=values["files"],
            materials=material_uploads_of(request.FILES),
            materials_due_on=values["materials_due_on"],
            eligibility_override=values["eligibility_override"],
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
