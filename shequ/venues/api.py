"""/api/v1/rooms/ and /api/v1/venue-bookings/ (the contract other parts rely on). Lists only what
`for_user` allows, in keyset pages; an overlap with a confirmed booking is a 409 `venues.overlap`."""

import django_filters
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from shequ.core.api import ErrorSerializer
from shequ.facilities.api import _code_filter
from shequ.regions.codes import Level
from shequ.venues.models import Room, VenueBooking
from shequ.venues.selectors import booking_list, room_list
from shequ.venues.services import BookingRequest, venue_booking_create, venue_booking_transition
from shequ.venues.workflow import Status


class RoomSerializer(serializers.ModelSerializer):
    facility = serializers.IntegerField(source="facility_id", help_text="id of the facility it belongs to")

    class Meta:
        model = Room
        fields = ["id", "facility", "name", "capacity", "needs_approval", "bookable"]
        read_only_fields = fields


class RoomFilter(django_filters.FilterSet):
    unit = django_filters.CharFilter(
        field_name="scope_code",
        label="village-level unit code (12 digits)",
        validators=[_code_filter(Level.VILLAGE, 12)],
    )
    facility = django_filters.NumberFilter(field_name="facility_id", label="facility id")

    class Meta:
        model = Room
        fields = ["unit", "facility"]


@extend_schema_view(
    list=extend_schema(summary="Bookable rooms within the user's scope (a resident: their unit's)"),
    retrieve=extend_schema(summary="One room; outside the user's scope it is a 404"),
)
class RoomViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = RoomSerializer
    filterset_class = RoomFilter
    queryset = Room.objects.none()  # for the schema; get_queryset scopes every request

    def get_queryset(self):
        return room_list(user=self.request.user)


class VenueBookingSerializer(serializers.ModelSerializer):
    room = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = VenueBooking
        fields = ["id", "room", "start", "end", "status", "purpose", "attendees", "organisation", "created_at"]
        read_only_fields = fields


class VenueBookingCreateSerializer(serializers.Serializer):
    room = serializers.PrimaryKeyRelatedField(queryset=Room.objects.none(), help_text="id of the room")
    start = serializers.DateTimeField(help_text="ISO 8601 datetime")
    end = serializers.DateTimeField(help_text="ISO 8601 datetime, after start")
    purpose = serializers.CharField(required=False, allow_blank=True, max_length=200)
    attendees = serializers.IntegerField(required=False, min_value=1, default=1)
    organisation = serializers.CharField(
        required=False, allow_blank=True, max_length=100, help_text="the organisation booking, if not a person"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only rooms the user may see: another unit's room is "does not exist", not a 403.
        request = self.context.get("request")  # absent when the schema is generated
        if request is not None:
            self.fields["room"].queryset = Room.objects.for_user(request.user).select_related("facility")


class NoteSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, max_length=500)


def _transition_schema(summary: str):
    return extend_schema(
        summary=summary,
        request=NoteSerializer,
        responses={
            200: VenueBookingSerializer,
            403: OpenApiResponse(ErrorSerializer),
            409: OpenApiResponse(ErrorSerializer, description="the step is not allowed, or the time is taken"),
        },
    )


@extend_schema_view(
    list=extend_schema(summary="Room bookings within the user's scope (a resident: their own)"),
    retrieve=extend_schema(summary="One room booking; outside the user's scope it is a 404"),
)
class VenueBookingViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = VenueBookingSerializer
    queryset = VenueBooking.objects.none()  # for the schema; get_queryset scopes every request

    def get_queryset(self):
        return booking_list(user=self.request.user)

    @extend_schema(
        summary="Book a room for a time range (confirmed at once unless the room needs approval)",
        request=VenueBookingCreateSerializer,
        responses={
            201: VenueBookingSerializer,
            400: OpenApiResponse(ErrorSerializer, description="invalid range, closed, too many attendees"),
            403: OpenApiResponse(ErrorSerializer, description="not allowed to book this room"),
            409: OpenApiResponse(ErrorSerializer, description="venues.overlap: a confirmed booking holds the time"),
        },
    )
    def create(self, request):
        payload = VenueBookingCreateSerializer(data=request.data, context={"request": request})
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        booking = venue_booking_create(
            room=data["room"],
            request=BookingRequest(
                start=data["start"],
                end=data["end"],
                purpose=data.get("purpose", ""),
                attendees=data.get("attendees", 1),
                organisation=data.get("organisation", ""),
            ),
            acting_user=request.user,
        )
        return Response(VenueBookingSerializer(booking).data, status=status.HTTP_201_CREATED)

    def _step(self, request, to: str) -> Response:
        payload = NoteSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        booking = venue_booking_transition(
            booking=self.get_object(), to=to, acting_user=request.user, note=payload.validated_data.get("note", "")
        )
        return Response(VenueBookingSerializer(booking).data)

    @_transition_schema("Approve a pending booking (staff of the room's unit)")
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._step(request, Status.CONFIRMED)

    @_transition_schema("Reject a pending booking with a reason (staff of the room's unit)")
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        return self._step(request, Status.REJECTED)

    @_transition_schema("Cancel a booking before it ends (the booker or staff)")
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        return self._step(request, Status.CANCELLED)


def register_api(router) -> None:
    """Register this app's viewsets on the /api/v1/ router."""
    router.register("rooms", RoomViewSet, basename="room")
    router.register("venue-bookings", VenueBookingViewSet, basename="venue-booking")
