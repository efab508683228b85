"""/api/v1/mediation-cases/, /api/v1/legal-advisers/, /api/v1/legal-consultations/ and
/api/v1/publicity-activities/: scoped lists in keyset pages, one record, filing; a case's steps
(a forbidden one is a 409 `mediation.transition_forbidden`). Parties' names and phones are masked."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from shequ.accounts.models import User
from shequ.core.api import ErrorSerializer
from shequ.mediation.models import (
    DisputeType,
    LegalAdviser,
    LegalConsultation,
    MediationCase,
    MediationEvent,
    MediationParty,
    MediationSession,
    PartyRole,
    PublicityActivity,
    PublicityKind,
)
from shequ.mediation.selectors import (
    adviser_list,
    consultation_list,
    dispute_types,
    mediation_case_detail,
    mediation_case_list,
    publicity_kinds,
    publicity_list,
)
from shequ.mediation.services import (
    MAX_PHOTOS,
    PartyData,
    legal_adviser_save,
    legal_consultation_record,
    mediation_case_create,
    mediation_case_transition,
    publicity_activity_record,
)
from shequ.mediation.workflow import Status
from shequ.regions.codes import Level
from shequ.regions.models import Region
from shequ.residents.models import Person


def _unit(code: str) -> Region:
    unit = Region.objects.filter(code=code, level=Level.VILLAGE).first()
    if unit is None:
        raise ValidationError({"unit": [_("没有这个村（社区）代码")]})
    return unit


class PartySerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="masked_name", help_text="masked: the first character and *")
    phone = serializers.CharField(source="masked_phone", help_text="masked: 138****1234")

    class Meta:
        model = MediationParty
        fields = ["id", "role", "name", "phone"]


class SessionSerializer(serializers.ModelSerializer):
    class Meta:
        model = MediationSession
        fields = ["held_on", "place", "notes"]


class HistorySerializer(serializers.ModelSerializer):
    class Meta:
        model = MediationEvent
        fields = ["from_status", "to_status", "at", "note"]


class MediationCaseSerializer(serializers.ModelSerializer):
    unit = serializers.CharField(source="unit.code")
    dispute_type = serializers.CharField(source="dispute_type.code")
    incident = serializers.IntegerField(source="incident_id", allow_null=True)
    has_agreement = serializers.SerializerMethodField()
    parties = PartySerializer(many=True, read_only=True)
    sessions = SessionSerializer(many=True, read_only=True)
    history = HistorySerializer(many=True, read_only=True)

    class Meta:
        model = MediationCase
        fields = [
            "id",
            "status",
            "unit",
            "dispute_type",
            "summary",
            "mediator_name",
            "incident",
            "accepted_on",
            "outcome_note",
            "fulfilment",
            "has_agreement",
            "closed_at",
            "parties",
            "sessions",
            "history",
        ]

    def get_has_agreement(self, case) -> bool:
        return bool(case.agreement_file)


class PartyInputSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=PartyRole.choices)
    name = serializers.CharField(max_length=40)
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")


class MediationCaseCreateSerializer(serializers.Serializer):
    unit = serializers.CharField(help_text="village-level unit code (12 digits)")
    dispute_type = serializers.SlugRelatedField(slug_field="code", queryset=DisputeType.objects.filter(active=True))
    summary = serializers.CharField(max_length=2000)
    mediator_name = serializers.CharField(max_length=40)
    mediator = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True),
        required=False,
        allow_null=True,
        default=None,
        help_text="the mediator's account (id), one of the unit's mediators",
    )
    accepted_on = serializers.DateField(required=False, allow_null=True, default=None)
    parties = PartyInputSerializer(many=True, required=False, default=list, max_length=10)


class MediationTransitionSerializer(serializers.Serializer):
    to = serializers.ChoiceField(choices=Status.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="")
    agreement = serializers.FileField(required=False, allow_null=True, default=None, help_text="to agreed: PDF/JPG/PNG")


class MediationCaseViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """People's mediation cases within the user's scope (county departments: the justice bureau only)."""

    serializer_class = MediationCaseSerializer
    queryset = MediationCase.objects.none()
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):
        status_filter = self.request.query_params.get("status", "")
        if status_filter and status_filter not in Status.values:
            raise ValidationError({"status": [_("没有这个状态")]})
        return mediation_case_list(user=self.request.user, status=status_filter).prefetch_related("sessions", "history")

    @extend_schema(
        request=MediationCaseCreateSerializer,
        responses={
            201: MediationCaseSerializer,
            400: OpenApiResponse(ErrorSerializer),
            403: OpenApiResponse(ErrorSerializer),
        },
    )
    def create(self, request, *args, **kwargs):
        payload = MediationCaseCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        values = payload.validated_data
        case = mediation_case_create(
            unit=_unit(values["unit"]),
            dispute_type=values["dispute_type"],
            summary=values["summary"],
            mediator_name=values["mediator_name"],
            mediator=values["mediator"],
            accepted_on=values["accepted_on"],
            parties=[PartyData(**party) for party in values["parties"]],
            acting_user=request.user,
        )
        return Response(
            self.get_serializer(mediation_case_detail(user=request.user, pk=case.pk)).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(
        request=MediationTransitionSerializer,
        responses={
            200: MediationCaseSerializer,
            409: OpenApiResponse(ErrorSerializer, description="mediation.transition_forbidden"),
        },
    )
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        """Take one step of the workflow; a step the table forbids, or one the user may not take, is a 409."""
        case = self.get_object()
        payload = MediationTransitionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        mediation_case_transition(case=case, acting_user=request.user, **payload.validated_data)
        return Response(self.get_serializer(mediation_case_detail(user=request.user, pk=case.pk)).data)


class CatalogueSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField(source="local_name")


class DisputeTypeViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The dispute types (as data)."""

    serializer_class = CatalogueSerializer
    pagination_class = None
    queryset = DisputeType.objects.none()

    def get_queryset(self):
        return dispute_types()


class PublicityKindViewSet(DisputeTypeViewSet):
    """The kinds of publicity activity (as data)."""

    queryset = PublicityKind.objects.none()

    def get_queryset(self):
        return publicity_kinds()


class LegalAdviserSerializer(serializers.ModelSerializer):
    unit = serializers.CharField(help_text="village-level unit code (12 digits)", write_only=True)
    unit_code = serializers.CharField(source="unit.code", read_only=True)

    class Meta:
        model = LegalAdviser
        fields = ["id", "unit", "unit_code", "name", "law_firm", "phone", "term_start", "term_end"]


class LegalAdviserViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """The units' legal advisers (一村（社区）一法律顾问) within the user's scope."""

    serializer_class = LegalAdviserSerializer
    queryset = LegalAdviser.objects.none()

    def get_queryset(self):
        return adviser_list(user=self.request.user)

    def perform_create(self, serializer):
        values = dict(serializer.validated_data)
        serializer.instance = legal_adviser_save(
            unit=_unit(values.pop("unit")), acting_user=self.request.user, **values
        )


class LegalConsultationSerializer(serializers.ModelSerializer):
    unit = serializers.CharField(help_text="village-level unit code (12 digits)", write_only=True)
    unit_code = serializers.CharField(source="unit.code", read_only=True)
    adviser = serializers.PrimaryKeyRelatedField(read_only=True)
    asker = serializers.PrimaryKeyRelatedField(
        queryset=Person.objects.none(), required=False, allow_null=True, help_text="a resident of the unit (id)"
    )

    class Meta:
        model = LegalConsultation
        fields = ["id", "unit", "unit_code", "adviser", "asked_on", "asker", "question", "advice", "follow_up"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["asker"].queryset = Person.objects.for_user(request.user)


class LegalConsultationViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Consultations with the units' legal advisers within the user's scope."""

    serializer_class = LegalConsultationSerializer
    queryset = LegalConsultation.objects.none()

    def get_queryset(self):
        return consultation_list(user=self.request.user)

    def perform_create(self, serializer):
        values = dict(serializer.validated_data)
        serializer.instance = legal_consultation_record(
            unit=_unit(values.pop("unit")), acting_user=self.request.user, **values
        )


class PublicityActivitySerializer(serializers.ModelSerializer):
    unit = serializers.CharField(help_text="organiser: village-level unit code (12 digits)", write_only=True)
    unit_code = serializers.CharField(source="unit.code", read_only=True)
    kind = serializers.SlugRelatedField(slug_field="code", queryset=PublicityKind.objects.filter(active=True))
    photos = serializers.ListField(
        child=serializers.FileField(), required=False, default=list, max_length=MAX_PHOTOS, write_only=True
    )
    photo_count = serializers.IntegerField(source="photos.count", read_only=True)

    class Meta:
        model = PublicityActivity
        fields = [
            "id",
            "unit",
            "unit_code",
            "kind",
            "title",
            "held_on",
            "place",
            "audience",
            "attendance",
            "photos",
            "photo_count",
        ]


class PublicityActivityViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Legal-education and publicity activities within the user's scope."""

    serializer_class = PublicityActivitySerializer
    queryset = PublicityActivity.objects.none()
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):
        return publicity_list(user=self.request.user)

    def perform_create(self, serializer):
        values = dict(serializer.validated_data)
        serializer.instance = publicity_activity_record(
            unit=_unit(values.pop("unit")), acting_user=self.request.user, **values
        )


def register_api(router) -> None:
    router.register("mediation-cases", MediationCaseViewSet, basename="mediation-case")
    router.register("dispute-types", DisputeTypeViewSet, basename="dispute-type")
    router.register("legal-advisers", LegalAdviserViewSet, basename="legal-adviser")
    router.register("legal-consultations", LegalConsultationViewSet, basename="legal-consultation")
    router.register("publicity-kinds", PublicityKindViewSet, basename="publicity-kind")
    router.register("publicity-activities", PublicityActivityViewSet, basename="publicity-activity")
