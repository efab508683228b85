"""The community-life API: the policy library with its ranked search, notices for their readers
(and publishers, with reach), and questions (asked by residents, answered by their desk)."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from shequ.accounts.models import Department
from shequ.core.api import ErrorSerializer
from shequ.participation.models import Notice, Policy, PolicyKind, Question
from shequ.participation.selectors import (
    notice_reach,
    notices_for_reader,
    notices_published,
    policies_browse,
    policy_search,
    questions_for_desk,
    questions_of_asker,
)
from shequ.participation.services import notice_read, question_answer, question_ask, question_rate
from shequ.participation.workflow import QuestionStatus

SEARCH_LIMIT = 20


class PolicySerializer(serializers.Serializer):
    id = serializers.IntegerField(source="policy.pk")
    kind = serializers.ChoiceField(source="policy.kind", choices=PolicyKind.choices)
    title = serializers.CharField(source="policy.title")
    title_ug = serializers.CharField(source="policy.title_ug")
    department = serializers.CharField(source="policy.department")
    document_number = serializers.CharField(source="policy.document_number")
    issued_on = serializers.DateField(source="policy.issued_on", allow_null=True)
    snippet = serializers.CharField(
        help_text="HTML: the text around the first match, escaped, each match in <mark>…</mark> (the only markup)"
    )


class PolicyDetailSerializer(serializers.ModelSerializer):
    class Meta:
        model = Policy
        fields = ["id", "kind", "title", "body", "title_ug", "body_ug", "department", "document_number", "issued_on"]


class _Row:
    """A policy listed without a query: no match to mark, the snippet is the text's beginning."""

    def __init__(self, policy):
        self.policy, self.snippet = policy, ""


@extend_schema(
    parameters=[
        OpenApiParameter("q", str, description="search text: Chinese words, pinyin, initials, digits, Uyghur"),
        OpenApiParameter("kind", enum=PolicyKind.values),
    ]
)
class PolicyViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """`?q=` gives the best 20 matches, ranked (title matches first), each with a highlighted
    snippet, in one page; without it the library is listed by keyset pages, newest first."""

    serializer_class = PolicySerializer

    def get_queryset(self):
        return policies_browse(kind=self.request.query_params.get("kind", ""))

    def list(self, request):
        query = request.query_params.get("q", "").strip()
        if not query:
            page = self.paginate_queryset(self.get_queryset())
            return self.get_paginated_response(self.get_serializer([_Row(policy) for policy in page], many=True).data)
        hits = policy_search(query=query[:100], limit=SEARCH_LIMIT)
        return Response({"next": None, "previous": None, "results": self.get_serializer(hits, many=True).data})

    @extend_schema(responses=PolicyDetailSerializer)
    def retrieve(self, request, pk=None):
        return Response(PolicyDetailSerializer(get_object_or_404(self.get_queryset(), pk=pk)).data)


class NoticeSerializer(serializers.ModelSerializer):
    region = serializers.CharField(source="region.code")
    is_read = serializers.BooleanField(read_only=True, default=None, allow_null=True)

    class Meta:
        model = Notice
        fields = [
            "id",
            "title",
            "body",
            "title_ug",
            "body_ug",
            "region",
            "audience",
            "pinned",
            "urgent",
            "published_at",
            "expires_at",
            "is_read",
        ]


class ReachSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    addressed = serializers.IntegerField()
    read = serializers.IntegerField()
    percent = serializers.IntegerField()


@extend_schema(parameters=[OpenApiParameter("published", bool, description="true: the notices of my region (staff)")])
class NoticeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The current notices addressed to me (pinned first); staff add `?published=true` for the
    notices addressed within their region. Reading one through `read` records the receipt."""

    serializer_class = NoticeSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator
            return Notice.objects.none()
        if self.request.query_params.get("published") == "true":
            return notices_published(user=self.request.user)
        return notices_for_reader(user=self.request.user).select_related("region")

    @extend_schema(request=None, responses={200: NoticeSerializer, 404: ErrorSerializer})
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        notice = get_object_or_404(notices_for_reader(user=request.user), pk=pk)
        notice_read(notice=notice, acting_user=request.user)
        notice.is_read = True
        return Response(NoticeSerializer(notice).data)

    @extend_schema(responses=ReachSerializer(many=True))
    @action(detail=True, methods=["get"])
    def reach(self, request, pk=None):
        notice = get_object_or_404(Notice.objects.for_user(request.user), pk=pk)
        return Response(ReachSerializer(notice_reach(notice=notice), many=True).data)


class QuestionSerializer(serializers.ModelSerializer):
    is_overdue = serializers.BooleanField(read_only=True)

    class Meta:
        model = Question
        fields = [
            "id",
            "text",
            "department",
            "policy",
            "public",
            "status",
            "asked_at",
            "due_at",
            "is_overdue",
            "answer",
            "answered_at",
            "score",
        ]


class QuestionAskSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=2000)
    department = serializers.ChoiceField(choices=Department.choices, required=False, allow_blank=True, default="")
    policy = serializers.PrimaryKeyRelatedField(queryset=Policy.objects.filter(published=True), required=False)
    public = serializers.BooleanField(default=False, help_text="the answer may be published (the asker never is)")


class AnswerSerializer(serializers.Serializer):
    answer = serializers.CharField(max_length=4000)
    public = serializers.BooleanField(required=False, help_text="false keeps a public question's answer private")


class RateSerializer(serializers.Serializer):
    score = serializers.IntegerField(min_value=1, max_value=5)
    note = serializers.CharField(required=False, allow_blank=True, max_length=500)


@extend_schema(parameters=[OpenApiParameter("status", enum=QuestionStatus.values)])
class QuestionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """A resident's own questions; a worker's desk (the questions in their scope)."""

    serializer_class = QuestionSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator
            return Question.objects.none()
        user = self.request.user
        if user.is_superuser or user.is_staff_role:
            return questions_for_desk(user=user, status=self.request.query_params.get("status", ""))
        return questions_of_asker(user=user)

    @extend_schema(request=QuestionAskSerializer, responses={201: QuestionSerializer, 400: ErrorSerializer})
    def create(self, request):
        form = QuestionAskSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        question = question_ask(acting_user=request.user, **form.validated_data)
        return Response(QuestionSerializer(question).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=AnswerSerializer,
        responses={200: QuestionSerializer, 409: OpenApiResponse(ErrorSerializer, description="already answered")},
    )
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        body = AnswerSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        question = question_answer(question=self.get_object(), acting_user=request.user, **body.validated_data)
        return Response(QuestionSerializer(question).data)

    @extend_schema(
        request=RateSerializer,
        responses={200: QuestionSerializer, 409: OpenApiResponse(ErrorSerializer, description="not answered yet")},
    )
    @action(detail=True, methods=["post"])
    def rate(self, request, pk=None):
        body = RateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        question = question_rate(question=self.get_object(), acting_user=request.user, **body.validated_data)
        return Response(QuestionSerializer(question).data)


def register_api(router) -> None:
    router.register("policies", PolicyViewSet, basename="policy")
    router.register("notices", NoticeViewSet, basename="notice")
    router.register("questions", QuestionViewSet, basename="question")
