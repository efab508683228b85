"""The special-care API: the duty holder's records (keyset pages, `?group=`, `?due=`), a record with
its visits, and logging a visit. Without any duty the list is a 403; a record the user's duty does
not cover is a 404, exactly like one that does not exist. Every answer that shows records is audited."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response

from shequ.core.api import ErrorSerializer
from shequ.specialcare.groups import Group
from shequ.specialcare.models import CareRecord, CareVisit, VisitKind
from shequ.specialcare.rules import holds_duty
from shequ.specialcare.selectors import DUE_FILTERS, care_record_list, care_visits_of
from shequ.specialcare.services import care_list_viewed, care_record_viewed, care_visit_record


class CarePersonSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    gender = serializers.CharField()
    # The age, never the birth date: it is the middle of the ID number masked below.
    age = serializers.IntegerField()
    id_number = serializers.CharField(source="id_number_masked", help_text="masked: first 6 and last 4")


class CareVisitSerializer(serializers.ModelSerializer):
    visitor = serializers.CharField(source="visitor.username")

    class Meta:
        model = CareVisit
        fields = ["id", "visited_on", "kind", "visitor", "notes", "recorded_at"]


class CareRecordSerializer(serializers.ModelSerializer):
    person = CarePersonSerializer()
    region = serializers.CharField(source="region.code")
    responsible = serializers.CharField(source="responsible.username")
    guardian_phone = serializers.CharField(source="guardian_phone_masked", help_text="masked: 138****1234")
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = CareRecord
        fields = [
            "id",
            "group",
            "status",
            "person",
            "region",
            "scope_code",
            "started_on",
            "ended_on",
            "responsible",
            "guardian_name",
            "guardian_relation",
            "guardian_phone",
            "rehabilitation_service",
            "supervision_starts_on",
            "supervision_ends_on",
            "last_visited_on",
            "next_visit_due",
            "overdue",
        ]

    def get_overdue(self, record) -> bool:
        return record.is_overdue()


class CareRecordDetailSerializer(CareRecordSerializer):
    visits = serializers.SerializerMethodField()

    class Meta(CareRecordSerializer.Meta):
        fields = [*CareRecordSerializer.Meta.fields, "notes", "visits"]

    @extend_schema_field(CareVisitSerializer(many=True))
    def get_visits(self, record) -> list[dict]:
        return CareVisitSerializer(care_visits_of(record), many=True).data


class CareVisitCreateSerializer(serializers.Serializer):
    visited_on = serializers.DateField()
    kind = serializers.ChoiceField(choices=VisitKind.choices)
    notes = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)


class CareRecordViewSet(viewsets.ReadOnlyModelViewSet):
    """Special-group records the user's duty grants cover."""

    def get_serializer_class(self):
        return CareRecordDetailSerializer if self.action == "retrieve" else CareRecordSerializer

    def get_queryset(self):
        if self.action == "list":
            group = self.request.query_params.get("group", "")
            due = self.request.query_params.get("due", "")
            if group and group not in Group.values:
                raise ValidationError({"group": [_("没有这个特殊群体")]})
            if due and due not in DUE_FILTERS:
                raise ValidationError({"due": [_("应为 %(values)s 之一") % {"values": "、".join(DUE_FILTERS)}]})
            return care_record_list(user=self.request.user, group=group, due=due).order_by("id")
        return care_record_list(user=self.request.user)

    @extend_schema(
        parameters=[
            OpenApiParameter("group", enum=Group.values, description="one special group"),
            OpenApiParameter("due", enum=list(DUE_FILTERS), description="visits overdue or due soon"),
        ],
        responses={200: CareRecordSerializer(many=True), 403: OpenApiResponse(ErrorSerializer)},
    )
    def list(self, request, *args, **kwargs):
        if not holds_duty(request.user):
            raise PermissionDenied(_("您没有特殊群体关爱职责"))
        page = self.paginate_queryset(self.get_queryset())
        care_list_viewed(
            acting_user=request.user,
            channel="api",
            filters={name: request.query_params.get(name, "") for name in ("group", "due")},
            shown=page,
        )
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(responses={200: CareRecordDetailSerializer, 404: OpenApiResponse(ErrorSerializer)})
    def retrieve(self, request, *args, **kwargs):
        record = self.get_object()
        care_record_viewed(record=record, acting_user=request.user, channel="api")
        return Response(self.get_serializer(record).data)

    @extend_schema(
        request=CareVisitCreateSerializer,
        responses={
            201: CareVisitSerializer,
            400: OpenApiResponse(ErrorSerializer),
            404: OpenApiResponse(ErrorSerializer),
        },
    )
    @action(detail=True, methods=["post"])
    def visits(self, request, pk=None):
        """Log a care visit of the record; the next visit falls due the group's interval after it."""
        record = self.get_object()
        payload = CareVisitCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        visit = care_visit_record(record=record, acting_user=request.user, **payload.validated_data)
        return Response(CareVisitSerializer(visit).data, status=status.HTTP_201_CREATED)


def register_api(router) -> None:
    router.register("special-care", CareRecordViewSet, basename="special-care")
