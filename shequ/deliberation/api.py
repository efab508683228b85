"""The deliberation API: the meetings a user may attend, their motions, and online votes (the
first vote of a household counts; another member's is a 409 `participation.household_voted`)."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from shequ.core.api import ErrorSerializer
from shequ.deliberation.models import CHOICES, Basis, Meeting, Motion, Resolution
from shequ.deliberation.selectors import meetings_for_user
from shequ.deliberation.services import vote_cast
from shequ.residents.models import Household


class MotionSerializer(serializers.ModelSerializer):
    open = serializers.BooleanField(source="is_open")
    basis = serializers.ChoiceField(choices=Basis.choices)
    choices = serializers.ListField(child=serializers.CharField(), help_text="the choice codes a vote may carry")

    class Meta:
        model = Motion
        fields = ["id", "title", "text", "basis", "open", "choices", "quorum_percent", "majority", "closed_at"]


class ResolutionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Resolution
        fields = ["id", "text", "responsible", "due_on", "status", "follow_up"]


class MeetingSerializer(serializers.ModelSerializer):
    unit = serializers.CharField(source="unit.code")

    class Meta:
        model = Meeting
        fields = ["id", "unit", "kind", "title", "place", "starts_at"]


class MeetingDetailSerializer(MeetingSerializer):
    motions = MotionSerializer(many=True)
    resolutions = ResolutionSerializer(many=True)

    class Meta(MeetingSerializer.Meta):
        fields = [*MeetingSerializer.Meta.fields, "agenda", "minutes", "motions", "resolutions"]


class VoteSerializer(serializers.Serializer):
    motion = serializers.IntegerField()
    choice = serializers.ChoiceField(choices=list(CHOICES))
    household = serializers.IntegerField(
        required=False, help_text="vote for another household whose proxy (委托) is recorded for this meeting"
    )


class VoteResultSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    motion = serializers.IntegerField(source="motion_id")
    choice = serializers.CharField()
    channel = serializers.CharField()
    cast_at = serializers.DateTimeField()


class MeetingViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Meetings the user may attend (a resident: their unit's; staff: their region's), newest first."""

    serializer_class = MeetingSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator
            return Meeting.objects.none()
        meetings = meetings_for_user(user=self.request.user)
        if self.action == "retrieve":
            return meetings.prefetch_related("motions", "resolutions")
        return meetings

    def get_serializer_class(self):
        return MeetingDetailSerializer if self.action == "retrieve" else MeetingSerializer

    @extend_schema(
        request=VoteSerializer,
        responses={
            201: VoteResultSerializer,
            409: OpenApiResponse(
                ErrorSerializer,
                description="participation.household_voted (another member voted: who and when), "
                "participation.motion_not_open, participation.no_proxy, participation.not_entitled",
            ),
        },
    )
    @action(detail=True, methods=["post"])
    def votes(self, request, pk=None):
        meeting = self.get_object()
        body = VoteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        motion = get_object_or_404(meeting.motions, pk=body.validated_data["motion"])
        household = None
        if "household" in body.validated_data:
            household = get_object_or_404(
                Household.objects.filter(region_id=meeting.unit_id), pk=body.validated_data["household"]
            )
        vote = vote_cast(
            acting_user=request.user, motion=motion, choice=body.validated_data["choice"], for_household=household
        )
        return Response(VoteResultSerializer(vote).data, status=status.HTTP_201_CREATED)


def register_api(router) -> None:
    router.register("meetings", MeetingViewSet, basename="meeting")
