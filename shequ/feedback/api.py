"""The 好差评 API: residents rate finished services; staff follow 差评 through rectification and read
the statistics. Lists are scoped like every page; the rater's identity is never part of a rating."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from shequ.core.api import ErrorSerializer
from shequ.core.dates import REPORT_PERIOD
from shequ.feedback.models import Rectification
from shequ.feedback.selectors import GROUPINGS, rating_list, rating_statistics, rating_totals, rectification_list
from shequ.feedback.services import rating_create, rectification_transition
from shequ.feedback.workflow import Status

LEVEL_HELP = "5 非常满意, 4 满意, 3 基本满意, 2 不满意, 1 非常不满意; 1 and 2 are 差评 and open a rectification"


class RatingCreateSerializer(serializers.Serializer):
    target_type = serializers.CharField(max_length=32, help_text="the kind of finished work: application, booking, …")
    target_id = serializers.IntegerField(min_value=1)
    level = serializers.IntegerField(min_value=1, max_value=5, help_text=LEVEL_HELP)
    efficiency = serializers.IntegerField(min_value=1, max_value=5, required=False, allow_null=True)
    attitude = serializers.IntegerField(min_value=1, max_value=5, required=False, allow_null=True)
    convenience = serializers.IntegerField(min_value=1, max_value=5, required=False, allow_null=True)
    comment = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


def _rectification_id(rating) -> int | None:
    rectification = getattr(rating, "rectification", None)
    return rectification.pk if rectification is not None else None


class RatingCreatedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    target_type = serializers.CharField()
    target_id = serializers.IntegerField()
    level = serializers.IntegerField(help_text=LEVEL_HELP)
    is_bad = serializers.BooleanField()
    rectification = serializers.SerializerMethodField()

    @extend_schema_field(serializers.IntegerField(allow_null=True, help_text="the rectification a 差评 opened"))
    def get_rectification(self, rating) -> int | None:
        return _rectification_id(rating)


class RatingSerializer(RatingCreatedSerializer):
    level_label = serializers.CharField(source="get_level_display")
    is_default = serializers.BooleanField(help_text="not rated in time: counted as the default level (满意)")
    efficiency = serializers.IntegerField(allow_null=True)
    attitude = serializers.IntegerField(allow_null=True)
    convenience = serializers.IntegerField(allow_null=True)
    comment = serializers.CharField()
    service = serializers.IntegerField(source="service_id", allow_null=True)
    department = serializers.CharField()
    region = serializers.CharField(source="region.code")
    worker = serializers.IntegerField(source="worker_id", allow_null=True)
    provider_id = serializers.IntegerField(allow_null=True)
    provider_label = serializers.CharField()
    finished_at = serializers.DateTimeField(allow_null=True)
    created_at = serializers.DateTimeField()
    excluded = serializers.BooleanField()
    excluded_reason = serializers.CharField()


class RectificationEventSerializer(serializers.Serializer):
    from_status = serializers.CharField()
    to_status = serializers.ChoiceField(choices=Status.choices)
    actor = serializers.CharField(source="actor.username", allow_null=True, default=None)
    at = serializers.DateTimeField()
    note = serializers.CharField()


class RectificationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    rating = RatingSerializer()
    status = serializers.ChoiceField(choices=Status.choices)
    status_label = serializers.CharField(source="get_status_display")
    opened_on = serializers.DateField()
    return_visit_due = serializers.DateField(allow_null=True)
    rectify_due = serializers.DateField(allow_null=True)
    confirm_due = serializers.DateField(
        allow_null=True, help_text="after this day a handler may record the resident's answer given by phone"
    )
    calendar_missing = serializers.IntegerField(
        allow_null=True, help_text="the year whose holiday schedule is missing, when a due date is unknown"
    )
    verified = serializers.BooleanField(allow_null=True, help_text="whether the return visit confirmed the complaint")
    visit_note = serializers.CharField()
    rectify_note = serializers.CharField()
    feedback_note = serializers.CharField(help_text="the resident's answer (回访意见), or the phone record")
    confirmed_by_phone = serializers.BooleanField()
    dispute_note = serializers.CharField()
    disputes = serializers.IntegerField()
    appeal_reason = serializers.CharField()
    review_note = serializers.CharField()
    visited_at = serializers.DateTimeField(allow_null=True)
    rectified_at = serializers.DateTimeField(allow_null=True)
    closed_at = serializers.DateTimeField(allow_null=True)
    appealed_at = serializers.DateTimeField(allow_null=True)
    reviewed_at = serializers.DateTimeField(allow_null=True)
    history = RectificationEventSerializer(many=True)


class RectificationTransitionSerializer(serializers.Serializer):
    to = serializers.ChoiceField(choices=Status.choices)
    note = serializers.CharField(max_length=settings.NOTE_MAX_CHARS, required=False, allow_blank=True, default="")
    verified = serializers.BooleanField(
        required=False, allow_null=True, default=None, help_text="required on the return visit (to visited)"
    )
    files = serializers.ListField(
        child=serializers.FileField(),
        required=False,
        default=list,
        help_text="evidence (PDF, JPEG or PNG), at least one when rectifying (multipart/form-data)",
    )


class StatisticsQuerySerializer(serializers.Serializer):
    by = serializers.ChoiceField(choices=sorted(GROUPINGS), default="service", help_text="the grouping")
    since = serializers.DateField(required=False, allow_null=True, default=None, validators=[REPORT_PERIOD])
    until = serializers.DateField(required=False, allow_null=True, default=None, validators=[REPORT_PERIOD])


class StatisticsRowSerializer(serializers.Serializer):
    key = serializers.CharField(
        allow_null=True, help_text="service item id, department code, worker id or region id; null: none recorded"
    )
    label = serializers.CharField()
    total = serializers.IntegerField()
    level_5 = serializers.IntegerField(help_text="非常满意")
    level_4 = serializers.IntegerField(help_text="满意")
    level_3 = serializers.IntegerField(help_text="基本满意")
    level_2 = serializers.IntegerField(help_text="不满意")
    level_1 = serializers.IntegerField(help_text="非常不满意")
    good = serializers.IntegerField(help_text="levels 3–5")
    bad = serializers.IntegerField(help_text="levels 1–2 (差评)")
    visited = serializers.IntegerField(help_text="差评 with a return visit")
    rectified = serializers.IntegerField(help_text="差评 rectified (已整改 or 已反馈)")
    good_rate = serializers.FloatField(allow_null=True, help_text="好评率 good / total")
    bad_rate = serializers.FloatField(allow_null=True, help_text="差评率 bad / total")
    visit_rate = serializers.FloatField(allow_null=True, help_text="回访率 visited / bad")
    rectify_rate = serializers.FloatField(allow_null=True, help_text="整改率 rectified / bad")


class StatisticsTotalsSerializer(StatisticsRowSerializer):
    key = None
    label = None


class StatisticsSerializer(serializers.Serializer):
    by = serializers.ChoiceField(choices=sorted(GROUPINGS))
    results = StatisticsRowSerializer(many=True)
    totals = StatisticsTotalsSerializer()


@extend_schema(
    parameters=[
        OpenApiParameter("target_type", description="only ratings of this kind"),
        OpenApiParameter("target_id", OpenApiTypes.INT, description="only the rating of this object"),
    ]
)
class RatingViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Ratings within the user's scope (a resident: their household's)."""

    serializer_class = RatingSerializer

    def get_queryset(self):
        ratings = rating_list(user=self.request.user)
        params = self.request.query_params
        if params.get("target_type"):
            ratings = ratings.filter(target_type=params["target_type"])
        # ASCII digits only: str.isdigit() also passes "²", which int() cannot read.
        if params.get("target_id", "").isascii() and params.get("target_id", "").isdigit():
            ratings = ratings.filter(target_id=int(params["target_id"]))
        return ratings

    @extend_schema(
        request=RatingCreateSerializer,
        responses={
            201: RatingCreatedSerializer,
            400: OpenApiResponse(description="invalid values, or the service is not finished yet"),
            404: OpenApiResponse(ErrorSerializer, description="no such target among the resident's own"),
            409: OpenApiResponse(ErrorSerializer, description="already rated: each service is rated once"),
        },
    )
    def create(self, request):
        """The resident rates a finished service of their household, once. Staff cannot rate for them."""
        payload = RatingCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        try:
            rating = rating_create(acting_user=request.user, **payload.validated_data)
        except PermissionDenied as denied:  # another household's service does not exist for them
            raise NotFound from denied
        return Response(RatingCreatedSerializer(rating).data, status=status.HTTP_201_CREATED)


@extend_schema(parameters=[OpenApiParameter("status", enum=Status.values)])
class RectificationViewSet(viewsets.ReadOnlyModelViewSet):
    """The rectification of 差评 within the user's scope, with their history."""

    serializer_class = RectificationSerializer

    def get_queryset(self):
        # Rectification notes are the staff's working record; residents follow their case on the
        # rating page, which shows what is meant for them.
        if not self.request.user.has_perm("feedback.view_rectification"):
            return Rectification.objects.none()
        status_filter = self.request.query_params.get("status", "")
        return rectification_list(
            user=self.request.user, status=status_filter if status_filter in Status.values else ""
        ).prefetch_related("history__actor")

    @extend_schema(
        request=RectificationTransitionSerializer,
        responses={
            200: RectificationSerializer,
            400: OpenApiResponse(description="a required note, verdict, evidence or file is missing or refused"),
            403: OpenApiResponse(ErrorSerializer, description="the user may not take this step"),
            409: OpenApiResponse(ErrorSerializer, description="the workflow table forbids this step now"),
        },
    )
    @action(detail=True, methods=["post"], parser_classes=[JSONParser, MultiPartParser, FormParser])
    def transition(self, request, pk=None):
        """Take one step: visited (回访核实, with `verified`), rectified (整改, with written evidence and
        at least one file; asks the resident to confirm), appealed (申诉), for a reviewer excluded
        (剔除) or back to visited (驳回). The resident's answer (closed or disputed) is theirs on the
        rating page; after `confirm_due` a handler may record it here as given by phone. The rated
        worker never takes a step of their own 差评."""
        rectification = self.get_object()
        payload = RectificationTransitionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        rectification = rectification_transition(
            rectification=rectification, acting_user=request.user, **payload.validated_data
        )
        return Response(RectificationSerializer(self.get_queryset().get(pk=rectification.pk)).data)


class RatingStatisticsViewSet(viewsets.ViewSet):
    """好差评 statistics within the user's scope; ratings excluded on appeal are not counted."""

    @extend_schema(
        parameters=[StatisticsQuerySerializer],
        responses={200: StatisticsSerializer, 403: OpenApiResponse(ErrorSerializer)},
    )
    def list(self, request):
        if not request.user.has_perm("feedback.view_rating_statistics"):
            raise PermissionDenied(_("只有工作人员可以查看好差评统计"))
        query = StatisticsQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        by, since, until = (query.validated_data[name] for name in ("by", "since", "until"))
        return Response(
            StatisticsSerializer(
                {
                    "by": by,
                    "results": rating_statistics(user=request.user, group_by=by, since=since, until=until),
                    "totals": rating_totals(user=request.user, since=since, until=until),
                }
            ).data
        )


def register_api(router) -> None:
    """Register this app's viewsets on the /api/v1/ router."""
    router.register("ratings", RatingViewSet, basename="rating")
    router.register("rectifications", RectificationViewSet, basename="rectification")
    router.register("rating-statistics", RatingStatisticsViewSet, basename="rating-statistics")
