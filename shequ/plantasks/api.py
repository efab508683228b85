"""/api/v1/plan-tasks/ (the matrix), /api/v1/plan-work-items/, /api/v1/progress-reports/ (with the
review steps), /api/v1/major-matters/ and /api/v1/plan-scores/. Lists only what `for_user` allows,
in keyset pages; a step the workflow does not have is a 409 `plantasks.transition_forbidden`."""

from decimal import Decimal, InvalidOperation

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from shequ.core.api import ErrorSerializer
from shequ.plantasks.models import MajorMatter, PlanTask, ProgressReport, TaskDepartment, WorkItem
from shequ.plantasks.selectors import (
    major_matter_list,
    progress_report_list,
    score_sheet,
    task_list,
    work_item_list,
)
from shequ.plantasks.services import (
    MatterData,
    ReportData,
    major_matter_report,
    progress_report_save,
    progress_report_transition,
)
from shequ.plantasks.workflow import ReportStatus


class TaskDepartmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = TaskDepartment
        fields = ["department", "as_written", "note"]
        read_only_fields = fields


class PlanTaskSerializer(serializers.ModelSerializer):
    departments = TaskDepartmentSerializer(many=True, read_only=True)

    class Meta:
        model = PlanTask
        fields = [
            "id",
            "code",
            "kind",
            "number",
            "section",
            "title",
            "bracket",
            "townships",
            "note",
            "lead",
            "departments",
        ]
        read_only_fields = fields


@extend_schema_view(
    list=extend_schema(summary="The plan's key tasks and safeguards with their departments as the plan names them"),
    retrieve=extend_schema(summary="One task of the matrix"),
)
class PlanTaskViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = PlanTaskSerializer
    queryset = PlanTask.objects.none()

    def get_queryset(self):
        if not self.request.user.has_perm("plantasks.view_matrix"):
            raise PermissionDenied
        return task_list().order_by("position", "id")


class WorkItemSerializer(serializers.ModelSerializer):
    task = serializers.SlugRelatedField(slug_field="code", read_only=True)
    township = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)

    class Meta:
        model = WorkItem
        fields = ["id", "task", "year", "department", "township", "title", "target", "due_on"]
        read_only_fields = fields


@extend_schema_view(
    list=extend_schema(
        summary="Yearly work items within the user's scope (a department: its own; a township: its own)",
        parameters=[OpenApiParameter("year", int, description="only the items of this year")],
    ),
    retrieve=extend_schema(summary="One work item; outside the user's scope it is a 404"),
)
class WorkItemViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = WorkItemSerializer
    queryset = WorkItem.objects.none()

    def get_queryset(self):
        year = self.request.query_params.get("year", "")
        return work_item_list(user=self.request.user, year=int(year) if year.isdigit() else None).order_by("id")


class ProgressReportSerializer(serializers.ModelSerializer):
    township = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)

    class Meta:
        model = ProgressReport
        fields = [
            "id",
            "item",
            "department",
            "township",
            "period",
            "period_index",
            "due_on",
            "status",
            "text",
            "percent_done",
            "figures",
            "first_submitted_at",
            "submitted_at",
            "reviewed_at",
            "review_note",
        ]
        read_only_fields = fields


class ProgressReportWriteSerializer(serializers.Serializer):
    item = serializers.PrimaryKeyRelatedField(queryset=WorkItem.objects.none(), help_text="id of the work item")
    period_index = serializers.IntegerField(min_value=1, max_value=4, help_text="quarter 1–4 or half 1–2")
    text = serializers.CharField(max_length=4000)
    percent_done = serializers.IntegerField(min_value=0, max_value=100, required=False, allow_null=True)
    figures = serializers.ListField(
        child=serializers.ListField(child=serializers.CharField(max_length=40), min_length=3, max_length=3),
        required=False,
        max_length=10,
        help_text="[[label, number, unit], …]",
    )
    submit = serializers.BooleanField(default=False, help_text="hand it to 县民政局 for review")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")  # absent when the schema is generated
        if request is not None:
            self.fields["item"].queryset = WorkItem.objects.for_user(request.user)

    def validate_figures(self, figures):
        try:
            return [(label, Decimal(number), unit) for label, number, unit in figures]
        except InvalidOperation:
            raise serializers.ValidationError(_("数值须为数字")) from None


class ReviewNoteSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, max_length=1000)


def _step_schema(summary: str):
    return extend_schema(
        summary=summary,
        request=ReviewNoteSerializer,
        responses={
            200: ProgressReportSerializer,
            400: OpenApiResponse(ErrorSerializer, description="a reason is required"),
            403: OpenApiResponse(ErrorSerializer),
            409: OpenApiResponse(ErrorSerializer, description="plantasks.transition_forbidden"),
        },
    )


@extend_schema_view(
    list=extend_schema(
        summary="Progress reports within the user's scope",
        parameters=[OpenApiParameter("status", str, enum=ReportStatus.values)],
    ),
    retrieve=extend_schema(summary="One progress report; outside the user's scope it is a 404"),
)
class ProgressReportViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = ProgressReportSerializer
    queryset = ProgressReport.objects.none()

    def get_queryset(self):
        wanted = self.request.query_params.get("status", "")
        rows = progress_report_list(user=self.request.user, status=wanted if wanted in ReportStatus.values else "")
        return rows.order_by("id")

    @extend_schema(
        summary="Write (or correct, while a draft or returned) the report of one period; `submit` hands it in",
        request=ProgressReportWriteSerializer,
        responses={
            201: ProgressReportSerializer,
            400: OpenApiResponse(ErrorSerializer),
            403: OpenApiResponse(ErrorSerializer, description="not the item's department or township"),
            409: OpenApiResponse(ErrorSerializer, description="the period's report is already submitted"),
        },
    )
    def create(self, request):
        payload = ProgressReportWriteSerializer(data=request.data, context={"request": request})
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        report = progress_report_save(
            item=data["item"],
            period_index=data["period_index"],
            data=ReportData(data["text"], data.get("percent_done"), data.get("figures", [])),
            submit=data["submit"],
            acting_user=request.user,
        )
        return Response(ProgressReportSerializer(report).data, status=status.HTTP_201_CREATED)

    def _step(self, request, to: str) -> Response:
        payload = ReviewNoteSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        report = progress_report_transition(
            report=self.get_object(), to=to, acting_user=request.user, note=payload.validated_data.get("note", "")
        )
        return Response(ProgressReportSerializer(report).data)

    @_step_schema("Submit a draft or returned report (its department or township)")
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self._step(request, ReportStatus.SUBMITTED)

    @_step_schema("Accept a submitted report (县民政局)")
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        return self._step(request, ReportStatus.ACCEPTED)

    @_step_schema("Return a submitted report with a reason (县民政局)")
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request, pk=None):
        return self._step(request, ReportStatus.RETURNED)


class MajorMatterSerializer(serializers.ModelSerializer):
    township = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)

    class Meta:
        model = MajorMatter
        fields = [
            "id",
            "department",
            "township",
            "title",
            "description",
            "occurred_on",
            "status",
            "handling",
            "reported_at",
        ]
        read_only_fields = fields


class MajorMatterWriteSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=100)
    description = serializers.CharField(max_length=4000)
    occurred_on = serializers.DateField()


@extend_schema_view(
    list=extend_schema(summary="Major matters reported upward, within the user's scope (县民政局: all)"),
    retrieve=extend_schema(summary="One major matter; outside the user's scope it is a 404"),
)
class MajorMatterViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = MajorMatterSerializer
    queryset = MajorMatter.objects.none()

    def get_queryset(self):
        return major_matter_list(user=self.request.user).order_by("-id")

    @extend_schema(
        summary="Report a major matter upward (county department or township staff)",
        request=MajorMatterWriteSerializer,
        responses={
            201: MajorMatterSerializer,
            400: OpenApiResponse(ErrorSerializer),
            403: OpenApiResponse(ErrorSerializer),
        },
    )
    def create(self, request):
        payload = MajorMatterWriteSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        matter = major_matter_report(data=MatterData(**payload.validated_data), acting_user=request.user)
        return Response(MajorMatterSerializer(matter).data, status=status.HTTP_201_CREATED)


class ScoreCellSerializer(serializers.Serializer):
    criterion = serializers.CharField(source="criterion.code")
    points = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    detail = serializers.CharField()
    reason = serializers.CharField()
    applies = serializers.BooleanField()


class ScoreRowSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="a department code or a township code")
    label = serializers.CharField()
    cells = ScoreCellSerializer(many=True)
    total = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    complete = serializers.BooleanField()
    rank = serializers.IntegerField(allow_null=True)


class ScoreSheetSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    departments = ScoreRowSerializer(many=True)
    townships = ScoreRowSerializer(many=True)
    indicators_note = serializers.CharField()


class ScoreSheetView(APIView):
    @extend_schema(
        summary="The scoring sheet of a year: 民政局 and the county see every party, a party its own row",
        parameters=[OpenApiParameter("year", int, required=False, description="default: last year")],
        responses={200: ScoreSheetSerializer, 403: OpenApiResponse(ErrorSerializer)},
    )
    def get(self, request):
        if not request.user.has_perm("plantasks.view_scores"):
            raise PermissionDenied
        year = request.query_params.get("year", "")
        year = int(year) if year.isdigit() and 2000 <= int(year) <= 2100 else timezone.localdate().year - 1
        return Response(ScoreSheetSerializer(score_sheet(user=request.user, year=year)).data)


def register_api(router) -> None:
    router.register("plan-tasks", PlanTaskViewSet, basename="plan-task")
    router.register("plan-work-items", WorkItemViewSet, basename="plan-work-item")
    router.register("progress-reports", ProgressReportViewSet, basename="progress-report")
    router.register("major-matters", MajorMatterViewSet, basename="major-matter")
