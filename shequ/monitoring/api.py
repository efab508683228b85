"""/api/v1/indicators/ (logged in, scoped) and /api/v1/open/indicators/ (open data: no login,
aggregated regions only, no short units, figures from fewer than 10 people suppressed,
rate-limited, cacheable with an ETag)."""

import hashlib
import json
from datetime import date

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from shequ.monitoring.engine import Figure
from shequ.monitoring.indicators import BY_CODE
from shequ.monitoring.presentation import api_number
from shequ.monitoring.selectors import (
    OPEN_CACHE_SECONDS,
    NotFound,
    Report,
    indicator_report,
    open_figures_version,
    region_for,
)
from shequ.regions.codes import Level, is_code
from shequ.regions.models import Region

# The open data names no figure computed from fewer people than this.
MIN_PEOPLE = 10
OPEN_MAX_AGE = 300


class QuerySerializer(serializers.Serializer):
    region = serializers.CharField(help_text="region code (county 6, township 9 or village-level unit 12 digits)")
    plan = serializers.SlugField(required=False, default="", help_text="plan version code; default: the current one")
    as_of = serializers.DateField(required=False, default=None, help_text="YYYY-MM-DD; a past date reads a snapshot")

    def validate_region(self, value: str) -> str:
        if not is_code(value, Level.COUNTY, Level.TOWNSHIP, Level.VILLAGE):
            raise serializers.ValidationError(_("应为 6、9 或 12 位区划代码"))
        return value


class IndicatorSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    value = serializers.FloatField(allow_null=True, help_text="null: missing inputs or not applicable (denominator 0)")
    target = serializers.FloatField(allow_null=True)
    comparison = serializers.CharField(help_text="gte (≥) or gt (>); empty without a target")
    unit = serializers.CharField()
    met = serializers.BooleanField(allow_null=True)
    numerator = serializers.FloatField(allow_null=True)
    denominator = serializers.FloatField(allow_null=True)
    as_of = serializers.DateField()
    missing = serializers.ListField(child=serializers.CharField(), help_text="codes of the inputs that are missing")
    short_units = serializers.ListField(child=serializers.CharField(), help_text="codes of the units below target")
    frozen = serializers.BooleanField(help_text="from the frozen year-end evaluation")


class OpenIndicatorSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    value = serializers.FloatField(allow_null=True)
    target = serializers.FloatField(allow_null=True)
    comparison = serializers.CharField()
    unit = serializers.CharField()
    met = serializers.BooleanField(allow_null=True)
    numerator = serializers.FloatField(allow_null=True)
    denominator = serializers.FloatField(allow_null=True)
    as_of = serializers.DateField()
    missing = serializers.ListField(child=serializers.CharField())
    frozen = serializers.BooleanField()
    suppressed = serializers.BooleanField(
        help_text=f"computed from fewer than {MIN_PEOPLE} people: value, numerator and denominator withheld"
    )


def indicator_rows(report: Report) -> list[dict]:
    return [_row(figure, report) for figure in report.rows()]


def _row(figure: Figure, report: Report) -> dict:
    indicator = BY_CODE[figure.code]
    return {
        "code": figure.code,
        "name": str(indicator.name),
        "value": api_number(figure.value),
        "target": api_number(figure.target),
        "comparison": figure.comparison,
        "unit": str(indicator.unit),
        "met": figure.met,
        "numerator": api_number(figure.numerator),
        "denominator": api_number(figure.denominator),
        "as_of": report.as_of.isoformat(),
        "missing": list(figure.missing),
        "short_units": list(figure.short_units),
        "frozen": report.frozen,
    }


def _people(figure: Figure) -> float | None:
    """How many people a figure is computed from (the workers or professionals counted)."""
    if figure.code == "worker_training_coverage":
        return figure.denominator
    return figure.numerator


def open_rows(report: Report) -> list[dict]:
    rows = []
    for figure in report.rows():
        row = _row(figure, report)
        del row["short_units"]
        people = _people(figure) if BY_CODE[figure.code].people else None
        row["suppressed"] = people is not None and people < MIN_PEOPLE
        if row["suppressed"]:
            row.update(value=None, numerator=None, denominator=None, met=None)
        rows.append(row)
    return rows


def _query(request) -> dict:
    query = QuerySerializer(data=request.query_params)
    query.is_valid(raise_exception=True)
    return query.validated_data


PARAMETERS = [
    OpenApiParameter("region", str, required=True, description="region code"),
    OpenApiParameter("plan", str, description="plan version code (default: the plan covering the date)"),
    OpenApiParameter("as_of", date, description="YYYY-MM-DD; before today: the snapshot of that date"),
]


class IndicatorView(APIView):
    @extend_schema(
        summary="The plan indicators of a region within the user's scope",
        parameters=PARAMETERS,
        responses=IndicatorSerializer(many=True),
    )
    def get(self, request):
        query = _query(request)
        region = region_for(user=request.user, code=query["region"])
        report = indicator_report(region=region, plan_code=query["plan"], as_of=query["as_of"])
        return Response(indicator_rows(report))


class OpenDataThrottle(AnonRateThrottle):
    scope = "open_indicators"

    def get_rate(self) -> str:
        return settings.OPEN_DATA_RATE


class OpenIndicatorView(APIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [OpenDataThrottle]

    @extend_schema(
        summary="Open data: the plan indicators of the county or a township (no login)",
        parameters=PARAMETERS[:2],
        responses=OpenIndicatorSerializer(many=True),
    )
    def get(self, request):
        query = _query(request)
        region = Region.objects.filter(code=query["region"], level__in=[Level.COUNTY, Level.TOWNSHIP]).first()
        if region is None:
            raise NotFound(_("开放数据只提供县和乡镇的汇总指标"), api_code="monitoring.open_region")
        parts = [str(open_figures_version()), region.code, query["plan"], str(timezone.localdate()), get_language()]
        key = "monitoring:open:" + ":".join(part or "" for part in parts)
        rows = cache.get(key)
        if rows is None:
            rows = open_rows(indicator_report(region=region, plan_code=query["plan"], units=False))
            cache.set(key, rows, OPEN_CACHE_SECONDS)
        etag = '"' + hashlib.sha256(json.dumps(rows, sort_keys=True).encode()).hexdigest()[:32] + '"'
        headers = {"ETag": etag, "Cache-Control": f"public, max-age={OPEN_MAX_AGE}"}
        if etag in request.headers.get("If-None-Match", ""):
            return Response(status=304, headers=headers)
        return Response(rows, headers=headers)
