"""/api/v1/bookings/ and /api/v1/slots/. Both list only what `for_user` allows; anything else is a 404
(or, when named in a request body, "does not exist"). A full slot is a 409."""

import django_filters
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from shequ.bookings.models import Booking, BookingStatus, Slot
from shequ.bookings.selectors import booking_list, day_bounds, slot_list
from shequ.bookings.services import (
    booking_cancel,
    booking_complete,
    booking_create,
    booking_mark_no_show,
)
from shequ.core.api import ErrorSerializer
from shequ.core.dates import REPORT_PERIOD
from shequ.residents.models import Person
from shequ.residents.selectors import own_person


class BookingSerializer(serializers.ModelSerializer):
    status = serializers.ChoiceField(choices=BookingStatus.choices, read_only=True)
    service = serializers.CharField(source="slot.service.code", read_only=True, help_text="service item code")
    starts_at = serializers.DateTimeField(source="slot.starts_at", read_only=True)

    class Meta:
        model = Booking
        fields = ["id", "slot", "person", "status", "created_at", "service", "starts_at"]
        read_only_fields = fields


class BookingCreateSerializer(serializers.Serializer):
    slot = serializers.PrimaryKeyRelatedField(queryset=Slot.objects.none())
    person = serializers.PrimaryKeyRelatedField(
        queryset=Person.objects.none(),
        required=False,
        help_text="the resident booked for; residents may leave it out to book for themselves",
    )
    note = serializers.CharField(required=False, allow_blank=True, max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["slot"].queryset = Slot.objects.for_user(request.user).select_related(
                "service", "provider", "region"
            )
            self.fields["person"].queryset = Person.objects.for_user(request.user)


class CancelSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=200)


class SlotSerializer(serializers.ModelSerializer):
    service = serializers.CharField(source="service.code", read_only=True)
    service_name = serializers.SerializerMethodField()
    provider = serializers.CharField(source="provider.name", read_only=True)
    region = serializers.CharField(source="region.code", read_only=True)
    remaining = serializers.IntegerField(read_only=True)

    class Meta:
        model = Slot
        fields = [
            "id",
            "service",
            "service_name",
            "provider",
            "region",
            "starts_at",
            "ends_at",
            "place",
            "capacity",
            "booked_count",
            "remaining",
        ]
        read_only_fields = fields

    def get_service_name(self, slot: Slot) -> str:
        return str(slot.service.localized("name"))


class SlotFilter(django_filters.FilterSet):
    service = django_filters.CharFilter(field_name="service__code", label="service item code")
    date = django_filters.DateFilter(
        method="on_day", label="day the slot starts (YYYY-MM-DD, county time)", validators=[REPORT_PERIOD]
    )

    class Meta:
        model = Slot
        fields = ["service", "date"]

    def on_day(self, queryset, name, value):
        start, end = day_bounds(value)
        return queryset.filter(starts_at__gte=start, starts_at__lt=end)


@extend_schema_view(
    list=extend_schema(summary="Bookings within the user's scope (a resident: their household's)"),
    retrieve=extend_schema(summary="One booking; outside the user's scope it is a 404"),
)
class BookingViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = BookingSerializer
    queryset = Booking.objects.none()  # for the schema; get_queryset scopes every request

    def get_queryset(self):
        return booking_list(user=self.request.user).order_by("-created_at", "-id")

    @extend_schema(
        summary="Book a place in a slot",
        request=BookingCreateSerializer,
        responses={
            201: BookingSerializer,
            400: OpenApiResponse(description="invalid: past slot, already booked, another unit's slot"),
            403: OpenApiResponse(description="not allowed to book for this person"),
            409: OpenApiResponse(ErrorSerializer, description="the slot is full"),
        },
    )
    def create(self, request):
        payload = BookingCreateSerializer(data=request.data, context={"request": request})
        payload.is_valid(raise_exception=True)
        person = payload.validated_data.get("person")
        if person is None:
            person = own_person(request.user)
            if person is None:
                raise ValidationError({"person": [_("请选择要预约的居民")]})
        booking = booking_create(
            slot=payload.validated_data["slot"],
            person=person,
            acting_user=request.user,
            note=payload.validated_data.get("note", ""),
        )
        return Response(BookingSerializer(booking).data, status=status.HTTP_201_CREATED)

    def _transition(self, request, service, **extra):
        booking = self.get_object()
        booking = service(booking=booking, acting_user=request.user, **extra)
        return Response(BookingSerializer(booking).data)

    @extend_schema(
        summary="Cancel a booking before its slot starts; the place is freed",
        request=CancelSerializer,
        responses={200: BookingSerializer, 400: OpenApiResponse(ErrorSerializer)},
    )
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        payload = CancelSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        return self._transition(request, booking_cancel, reason=payload.validated_data.get("reason", ""))

    @extend_schema(
        summary="Record that the service was given (worker or provider, after the slot started)",
        request=None,
        responses={200: BookingSerializer, 400: OpenApiResponse(ErrorSerializer)},
    )
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        return self._transition(request, booking_complete)

    @extend_schema(
        summary="Record that the resident did not come (worker or provider, after the slot started)",
        request=None,
        responses={200: BookingSerializer, 400: OpenApiResponse(ErrorSerializer)},
    )
    @action(detail=True, methods=["post"], url_path="no-show")
    def no_show(self, request, pk=None):
        return self._transition(request, booking_mark_no_show)


@extend_schema_view(
    list=extend_schema(summary="Slots within the user's scope (a resident: their unit's)"),
    retrieve=extend_schema(summary="One slot with its remaining places"),
)
class SlotViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = SlotSerializer
    filterset_class = SlotFilter
    queryset = Slot.objects.none()  # for the schema; get_queryset scopes every request

    def get_queryset(self):
        return slot_list(user=self.request.user)


def register_api(router) -> None:
    """Register this app's viewsets on the /api/v1/ router."""
    router.register("bookings", BookingViewSet, basename="booking")
    router.register("slots", SlotViewSet, basename="slot")
